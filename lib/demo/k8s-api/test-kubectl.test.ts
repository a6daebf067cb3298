import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKubectl, KUBECTL_MISSING, kubectlMinor, requireKubectl, usableKubectl } from './test-kubectl';

const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-test-kubectl-'));
const bin = path.join(dir, 'bin');
const empty = path.join(dir, 'empty');
mkdirSync(bin);
mkdirSync(empty);
/** A stand-in kubectl that reports client version 1.`minor`. */
const fakeKubectl = (file: string, minor: string) =>
  writeFileSync(
    file,
    `#!/bin/sh\necho '{"clientVersion":{"major":"1","minor":"${minor}","gitVersion":"v1.${minor}.0"}}'\n`,
    { mode: 0o755 },
  );
const old = path.join(dir, 'old');
mkdirSync(old);
fakeKubectl(path.join(bin, 'kubectl'), '32');
fakeKubectl(path.join(old, 'kubectl'), '20');
writeFileSync(path.join(empty, 'kubectl'), 'not executable');
chmodSync(path.join(empty, 'kubectl'), 0o644);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding kubectl for the tests', () => {
  it('takes KUBECTL when it is an executable file, else the first kubectl on PATH that is', () => {
    expect(findKubectl({ KUBECTL: path.join(bin, 'kubectl'), PATH: '' })).toBe(path.join(bin, 'kubectl'));
    expect(findKubectl({ KUBECTL: path.join(dir, 'nope'), PATH: bin })).toBeNull();
    expect(findKubectl({ PATH: [empty, bin].join(path.delimiter) })).toBe(path.join(bin, 'kubectl'));
    expect(findKubectl({ PATH: empty })).toBeNull();
    expect(findKubectl({})).toBeNull();
  });

  it('uses only kubectl 1.27 or newer (older ones read OpenAPI v2, which the demo API does not serve)', () => {
    expect(kubectlMinor(path.join(bin, 'kubectl'))).toBe(32);
    expect(kubectlMinor(path.join(empty, 'kubectl'))).toBeNull();
    expect(usableKubectl({ PATH: bin })).toBe(path.join(bin, 'kubectl'));
    expect(usableKubectl({ PATH: old })).toBeNull();
  });

  it('fails a test that needs a missing kubectl with the message saying how to get it, and hands over a found one', () => {
    expect(() => requireKubectl(usableKubectl({ PATH: empty }))).toThrow(KUBECTL_MISSING);
    expect(() => requireKubectl(usableKubectl({ PATH: old }))).toThrow(KUBECTL_MISSING);
    expect(KUBECTL_MISSING).toContain('https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/');
    expect(requireKubectl(usableKubectl({ PATH: bin }))).toBe(path.join(bin, 'kubectl'));
  });
});
