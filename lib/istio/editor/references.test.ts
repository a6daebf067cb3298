import { describe, expect, it } from 'vitest';
import { findReferences } from './references';
import { bookinfoSnapshot } from './test-snapshot';

const names = (refs: { name: string }[]) => refs.map((r) => r.name);

describe('findReferences', () => {
  const snapshot = bookinfoSnapshot();

  it('a VirtualService references its services, the workloads of the routed subsets and the DestinationRule', () => {
    const vs = {
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] },
    };
    const refs = findReferences(vs, snapshot);
    expect(names(refs.services)).toEqual(['reviews']);
    expect(names(refs.config)).toEqual(['reviews']);
    expect(refs.config[0]?.kind).toBe('DestinationRule');
    // hosts: all reviews workloads; the routed subset v3 adds nothing new
    expect(names(refs.workloads)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
  });

  it('a DestinationRule references the workloads its subsets select', () => {
    const dr = snapshot.istioConfig.find((o) => o.metadata.name === 'ratings')!;
    const refs = findReferences(dr, snapshot);
    expect(names(refs.services)).toEqual(['ratings']);
    expect(names(refs.workloads)).toEqual(['ratings-v1']);
  });

  it('an AuthorizationPolicy references the workloads it selects and the ones its principals run as', () => {
    const ap = {
      kind: 'AuthorizationPolicy',
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: {
        selector: { matchLabels: { app: 'ratings' } },
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'] } }] }],
      },
    };
    expect(names(findReferences(ap, snapshot).workloads)).toEqual([
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
  });

  it('a namespace-wide PeerAuthentication covers every workload of its namespace, none elsewhere', () => {
    const pa = {
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'bookinfo' },
      spec: { mtls: { mode: 'STRICT' } },
    };
    expect(findReferences(pa, snapshot).workloads).toHaveLength(snapshot.workloads.length);
    const elsewhere = { ...pa, metadata: { name: 'default', namespace: 'other' } };
    expect(findReferences(elsewhere, snapshot).workloads).toHaveLength(0);
  });
});
