import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { edgeHash, nodeHash } from './to-json';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('node and edge ids', () => {
  it('hashes Kiali node ids as kiali.md §2.2 states', () => {
    expect(nodeHash('wl_east_bookinfo_details-v1').startsWith('4905b312')).toBe(true);
  });

  it('hashes edge ids as sha256(srcHash.dstHash.protocol)', () => {
    const a = nodeHash('wl_east_bookinfo_productpage-v1');
    const b = nodeHash('wl_east_bookinfo_details-v1');
    expect(edgeHash(a, b, 'http')).toBe(nodeSha(`${a}.${b}.http`));
  });
});
