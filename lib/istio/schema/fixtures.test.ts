import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { validateIstioSchema } from './index';

const TESTDATA = path.join(__dirname, '..', 'testdata');
const CRD_CASES = path.join(TESTDATA, 'validation-crds');

interface FixtureCase {
  file: string;
  docIndex: number;
  kind: string;
  name: string;
  expectValid: boolean;
  expectedErrorSubstring: string | null;
}

const cases = (JSON.parse(readFileSync(path.join(CRD_CASES, 'cases.json'), 'utf8')) as { cases: FixtureCase[] }).cases;

function documents(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as Record<string, unknown> | null)
    .filter((doc): doc is Record<string, unknown> => doc !== null);
}

const render = (findings: { path: string; message: string }[]): string[] =>
  findings.map((f) => `${f.path}: ${f.message}`);

/**
 * Cases we cannot judge, with the reason. Keep this short: each entry is a known gap, not a pass.
 * - serviceentry-valid#0 (`full`): `addresses: [1.2.3.4, 001:db8::]`. The `yaml` package follows YAML 1.2 and reads
 *   the flow item `001:db8::` as the map `{"001:db8:": null}`; Go's yaml.v2 (kubectl) reads it as a string. The
 *   validator is right to reject a map there; the difference is in the YAML parser, pinned by the test below.
 */
/** Cases whose input reads differently in YAML 1.2 than in Go's yaml.v2; each has a test of its own below. */
const DIVERGENT: Record<string, string> = {
  'serviceentry-valid.yaml#0': 'YAML 1.2 parses the flow scalar `001:db8::` as a map (Go yaml.v2 does not)',
};

describe('Istio CRD validation fixtures (istio/istio pkg/config/validation/testdata/crds)', () => {
  const byFile = new Map<string, Record<string, unknown>[]>();
  const docFor = (c: FixtureCase): Record<string, unknown> => {
    const base = path.basename(c.file);
    if (!byFile.has(base)) byFile.set(base, documents(path.join(CRD_CASES, base)));
    const doc = byFile.get(base)?.[c.docIndex];
    if (!doc) throw new Error(`no document ${c.docIndex} in ${base}`);
    const { _err: _ignored, ...object } = doc;
    return object;
  };

  it('indexes every document of every fixture file', () => {
    const files = readdirSync(CRD_CASES).filter((f) => f.endsWith('.yaml'));
    const total = files.reduce((n, f) => n + documents(path.join(CRD_CASES, f)).length, 0);
    expect(cases).toHaveLength(total);
    expect(cases.filter((c) => !c.expectValid)).toHaveLength(77);
  });

  for (const c of cases) {
    const id = `${path.basename(c.file)}#${c.docIndex}`;
    const title = `${id} ${c.kind}/${c.name} ${c.expectValid ? 'is accepted' : `is rejected with "${c.expectedErrorSubstring}"`}`;
    if (DIVERGENT[id]) continue;
    it(title, () => {
      const object = docFor(c);
      expect((object.metadata as { name?: string }).name).toBe(c.name);
      const findings = render(validateIstioSchema(object));
      if (c.expectValid) expect(findings).toEqual([]);
      else expect(findings.some((line) => line.includes(c.expectedErrorSubstring ?? '\u0000'))).toBe(true);
    });
  }

  it('serviceentry-valid#0 fails only because of the YAML 1.2 flow-scalar reading of 001:db8::', () => {
    const doc = docFor(
      cases.find((c) => c.file.endsWith('serviceentry-valid.yaml') && c.docIndex === 0) as FixtureCase,
    );
    expect((doc.spec as { addresses: unknown[] }).addresses[1]).toEqual({ '001:db8:': null });
    const spec = { ...(doc.spec as object), addresses: ['1.2.3.4', '001:db8::'] };
    expect(validateIstioSchema({ ...doc, spec })).toEqual([]);
  });
});

describe('valid dataset (one object per served version of every kind)', () => {
  const dir = path.join(TESTDATA, 'valid-dataset');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it('covers all 15 kinds', () => {
    expect(files.length).toBeGreaterThanOrEqual(33);
  });

  for (const file of files) {
    it(`accepts ${file}`, () => {
      const docs = documents(path.join(dir, file));
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) expect(render(validateIstioSchema(doc))).toEqual([]);
    });
  }
});
