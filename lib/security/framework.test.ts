import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const installed = (pkg: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
const atLeast = (version: string, min: string) => {
  const a = version.split(/[.-]/).map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i]!;
  return true;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

describe('framework CVEs (S17)', () => {
  it('runs a Next.js with the middleware-bypass (CVE-2025-29927) and RSC (CVE-2025-55182/66478, 55183/55184) fixes', () => {
    expect(atLeast(installed('next'), '16.0.10')).toBe(true);
    for (const pkg of ['react', 'react-dom']) expect(atLeast(installed(pkg), '19.2.3'), pkg).toBe(true);
  });

  it('declares no Server Actions (nothing reachable through the RSC action protocol)', () => {
    const files = [
      ...sources(path.join(ROOT, 'app')),
      ...sources(path.join(ROOT, 'components')),
      ...sources(path.join(ROOT, 'lib')),
    ];
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/^\s*['"]use server['"]/m);
  });
});
