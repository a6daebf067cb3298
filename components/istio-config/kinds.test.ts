import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test, not browser code: it pins the browser's copy to the server list
import { ISTIO_KINDS } from '@/lib/k8s/istio-kinds';
import { KIND_PLURALS } from './kinds';

describe('KIND_PLURALS', () => {
  it('matches the server kinds', () => {
    const sorted = (l: { kind: string; plural: string }[]) => l.map((k) => `${k.kind}:${k.plural}`).sort();
    expect(sorted(KIND_PLURALS)).toEqual(sorted(ISTIO_KINDS));
  });
});
