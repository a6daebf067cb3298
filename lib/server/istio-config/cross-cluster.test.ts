/**
 * The mesh-wide check over the multi-cluster demo's two primaries (lib/demo/multicluster/test-clusters.ts): a
 * VirtualService for reviews that east and west route differently shows MS1106 on both objects in the Istio config
 * list, with `origin` naming the other cluster's; bookinfo's DestinationRules, replicated identically in both
 * primaries as Istio's multi-primary practice wants, stay silent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as istioListGET } from '@/app/api/istio/route';
import { pageRequest, route } from '@/lib/auth/test-helpers';
import type { IstioConfigItem, IstioConfigList } from '@/lib/contracts/istio-config';
import type { TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { leaveClusterEnv, startDemoClusters } from '@/lib/server/clusters/test-helpers';
import { resourceByKind } from '@/lib/demo/store/resources';
import { validationsWithCrossCluster, crossClusterFindings } from './cross-cluster';

const list = route(istioListGET);
let mesh: TestMultiCluster;

const reviewsTo = (subset: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset } }] }] },
});

beforeAll(async () => {
  mesh = await startDemoClusters({}, {}, (m) => {
    const vs = resourceByKind('networking.istio.io/v1', 'VirtualService')!;
    m.clusters[0]!.store.create(vs, reviewsTo('v2'));
    m.clusters[1]!.store.create(vs, reviewsTo('v3'));
  });
});

afterAll(async () => {
  leaveClusterEnv();
  await mesh.stop();
});

const ms1106 = (items: IstioConfigItem[]) =>
  items.flatMap((i) =>
    (i.validation?.findings ?? [])
      .filter((f) => f.code === 'MS1106')
      .map((f) => `${i.cluster}:${i.kind}/${i.name} <- ${f.origin?.cluster}:${f.origin?.kind}/${f.origin?.name}`),
  );

describe('mesh-wide checks in the multi-cluster Istio config list', () => {
  it("shows MS1106 on both primaries' reviews VirtualServices, not on the replicated DestinationRules", async () => {
    const body = (await (
      await list(pageRequest('/api/istio?namespaces=bookinfo&validate=true'))
    ).json()) as IstioConfigList;
    expect(ms1106(body.items)).toEqual([
      'east:VirtualService/reviews <- west:VirtualService/reviews',
      'west:VirtualService/reviews <- east:VirtualService/reviews',
    ]);
    const east = body.items.find((i) => i.cluster === 'east' && i.kind === 'VirtualService' && i.name === 'reviews')!;
    expect(east.validation).toMatchObject({ valid: true, counts: { warning: 1 } });
    expect(east.validation!.findings.find((f) => f.code === 'MS1106')).toMatchObject({
      severity: 'warning',
      path: 'spec.hosts[0]',
      origin: { cluster: 'west', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
    });
    // bookinfo's DestinationRules are in both clusters, identical: the normal multi-primary practice
    const drs = body.items.filter((i) => i.kind === 'DestinationRule');
    expect(new Set(drs.map((i) => i.cluster))).toEqual(new Set(['east', 'west']));
    expect(drs.flatMap((i) => i.validation?.findings ?? []).filter((f) => f.code === 'MS1106')).toEqual([]);
    expect(body.counts.warning).toBeGreaterThanOrEqual(2);
  });

  it('compares with the clusters left out of a clusterName list too', async () => {
    const body = (await (
      await list(pageRequest('/api/istio?clusterName=west&namespaces=bookinfo&validate=true'))
    ).json()) as IstioConfigList;
    expect(ms1106(body.items)).toEqual(['west:VirtualService/reviews <- east:VirtualService/reviews']);
    // without validation there is nothing to compare
    const plain = (await (await list(pageRequest('/api/istio?namespaces=bookinfo'))).json()) as IstioConfigList;
    expect(plain.items.every((i) => i.validation === null)).toBe(true);
  });
});

describe('validationsWithCrossCluster (the overview counts)', () => {
  it("adds a cluster's cross-cluster warnings to its validations, leaving other clusters' maps alone", () => {
    const index = crossClusterFindings([
      { cluster: 'east', istioConfig: [reviewsTo('v2')] as never },
      { cluster: 'west', istioConfig: [reviewsTo('v3')] as never },
    ]);
    const base = new Map([['VirtualService/bookinfo/reviews', { valid: true, errors: 0, warnings: 0, findings: [] }]]);
    const east = validationsWithCrossCluster(base, 'east', index);
    expect(east.get('VirtualService/bookinfo/reviews')).toMatchObject({
      valid: true,
      warnings: 1,
      findings: [{ code: 'MS1106', origin: { cluster: 'west' } }],
    });
    expect(base.get('VirtualService/bookinfo/reviews')!.warnings).toBe(0);
    expect(validationsWithCrossCluster(base, 'north', index)).toBe(base);
  });
});
