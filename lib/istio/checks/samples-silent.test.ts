/**
 * Istio's own samples (lib/demo/samples, Istio's `samples/` directory) are valid configuration: the analyzers ported
 * for issue 15's last batch report nothing on them, read as `npm run validate` reads them (one cluster, Istio's
 * default resources added).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultResources } from '../analyze-report';
import { validateSources } from '../validate-files';

const SAMPLES = join(__dirname, '..', '..', 'demo', 'samples');
const CODES = [
  'IST0107',
  'IST0108',
  'IST0125',
  'IST0126',
  'IST0135',
  'IST0136',
  'IST0148',
  'IST0158',
  'IST0163',
  'IST0164',
];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

describe('Istio’s samples stay silent for the annotation, injection, webhook and mesh networks analyzers', () => {
  const files = yamlFiles(SAMPLES);

  it('reads the samples', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [f.slice(SAMPLES.length + 1), f]))('%s', (_name, file) => {
    const run = validateSources([{ name: file, text: readFileSync(file, 'utf8') }], {
      defaults: defaultResources('istio-system'),
      alphaAnnotations: false,
    });
    expect(run.ok).toBe(true);
    if (run.ok) expect(run.findings.filter((f) => CODES.includes(f.code)).map((f) => f.message)).toEqual([]);
  });
});
