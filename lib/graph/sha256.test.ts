import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';
import { edgeHash, nodeHash } from './to-json';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches node:crypto for empty, short, block-boundary, long and non-ASCII input', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'wl_east_bookinfo_détails-v1 ☃']) {
      expect(sha256Hex(s)).toBe(nodeSha(s));
    }
  });

  it('hashes Kiali node ids as kiali.md §2.2 states', () => {
    expect(nodeHash('wl_east_bookinfo_details-v1').startsWith('4905b312')).toBe(true);
  });

  it('hashes edge ids as sha256(srcHash.dstHash.protocol)', () => {
    const a = nodeHash('wl_east_bookinfo_productpage-v1');
    const b = nodeHash('wl_east_bookinfo_details-v1');
    expect(edgeHash(a, b, 'http')).toBe(nodeSha(`${a}.${b}.http`));
  });
});
