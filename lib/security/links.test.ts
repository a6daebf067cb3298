import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';

/** Every .tsx source under app/ and components/ (read as text: lib may not import them). */
function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.tsx')
      ? [{ file: path.relative(process.cwd(), full), text: readFileSync(full, 'utf8') }]
      : [];
  });
}

const ROOT = path.join(__dirname, '..', '..');
const files = [...sources(path.join(ROOT, 'app')), ...sources(path.join(ROOT, 'components'))];

describe('external links (S22)', () => {
  it('open new tabs only with rel="noopener noreferrer"', () => {
    const anchors = files.flatMap(({ file, text }) =>
      [...text.matchAll(/<a\b[^>]*target="_blank"[^>]*>/gs)].map((m) => ({ file, tag: m[0] })),
    );
    expect(anchors.length).toBeGreaterThan(0);
    for (const { file, tag } of anchors) expect(tag, file).toMatch(/rel="noopener noreferrer"/);
  });

  it('never inject HTML from data', () => {
    for (const { file, text } of files) expect(text, file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=/);
  });

  it('take external URLs (Jaeger) only from configuration, and only http(s)', () => {
    expect(() => loadConfig({ JAEGER_URL: 'http://jaeger:16686', JAEGER_EXTERNAL_URL: 'javascript:alert(1)' })).toThrow(
      'JAEGER_EXTERNAL_URL',
    );
    expect(() =>
      loadConfig({
        JAEGER_URL: 'http://jaeger:16686',
        JAEGER_EXTERNAL_URL: 'data:text/html,<script>alert(1)</script>',
      }),
    ).toThrow('JAEGER_EXTERNAL_URL');
    expect(
      loadConfig({ JAEGER_URL: 'http://jaeger:16686', JAEGER_EXTERNAL_URL: 'https://jaeger.example.com' }).jaeger
        ?.externalUrl,
    ).toBe('https://jaeger.example.com');
  });
});
