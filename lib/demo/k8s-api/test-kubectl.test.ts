import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findKubectl, isCI, KUBECTL_MISSING, kubectlForTests, kubectlMinor, requireKubectl, usableKubectl } from './test-kubectl';

const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-test-kubectl-'));
const bin = path.join(dir, 'bin');
const empty = path.join(dir, 'empty');
mkdirSync(bin);
mkdirSync(empty);
/** A stand-in kubectl that reports client version 1.`minor`. */
const fakeKubectl = (file: string, minor: string) =>
  writeFileSync(file, `#!/bin/sh\necho '{"clientVersion":{"major":"1","minor":"${minor}","gitVersion":"v1.${minor}.0"}}'\n`, { mode: 0o755 });
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
    expect(kubectlForTests({ CI: 'true', PATH: old })).toEqual({ bin: null, skip: false });
  });

  it('reads CI as CI services set it', () => {
    expect([isCI({ CI: 'true' }), isCI({ CI: '1' }), isCI({ CI: 'TRUE' })]).toEqual([true, true, true]);
    expect([isCI({}), isCI({ CI: '' }), isCI({ CI: 'false' }), isCI({ CI: '0' })]).toEqual([false, false, false, false]);
  });

  it('under CI never skips: a missing kubectl fails the test with the message saying how to get it', () => {
    expect(kubectlForTests({ CI: 'true', PATH: empty })).toEqual({ bin: null, skip: false });
    expect(() => requireKubectl(null)).toThrow(KUBECTL_MISSING);
    expect(KUBECTL_MISSING).toContain('https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/');
  });

  it('outside CI skips when kubectl is missing, warning how to get it; runs when it is there', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(kubectlForTests({ PATH: empty })).toEqual({ bin: null, skip: true });
      expect(warn).toHaveBeenCalledWith(`Skipping the kubectl tests: ${KUBECTL_MISSING}`);
      expect(kubectlForTests({ PATH: bin })).toEqual({ bin: path.join(bin, 'kubectl'), skip: false });
      expect(requireKubectl(path.join(bin, 'kubectl'))).toBe(path.join(bin, 'kubectl'));
    } finally {
      warn.mockRestore();
    }
  });
});
