import { describe, expect, it } from 'vitest';
import { hostMatches, serviceReferences, toFqdn, toReferences, workloadReferences } from './refs';
import { namespaceMtls } from '@/lib/server/mesh/mtls';
import { appListItems, serviceListItems, workloadListItems } from '@/lib/server/mesh/lists';
import { bookinfoInventory, istio } from '@/lib/server/testdata/bookinfo';

const names = (objs: { kind: string; metadata: { name: string } }[]) =>
  objs.map((o) => `${o.kind}/${o.metadata.name}`).sort();

describe('hosts', () => {
  it('qualifies short names relative to the object namespace', () => {
    expect(toFqdn('reviews', 'bookinfo')).toBe('reviews.bookinfo.svc.cluster.local');
    expect(toFqdn('reviews.bookinfo', 'x', new Set(['bookinfo']))).toBe('reviews.bookinfo.svc.cluster.local');
    expect(toFqdn('reviews.bookinfo', 'x')).toBe('reviews.bookinfo');
    expect(toFqdn('reviews.bookinfo.svc', 'x')).toBe('reviews.bookinfo.svc.cluster.local');
    expect(toFqdn('github.com', 'x', new Set(['bookinfo']))).toBe('github.com');
  });
  it('matches wildcards by suffix', () => {
    expect(hostMatches('*.bookinfo.svc.cluster.local', 'ratings.bookinfo.svc.cluster.local')).toBe(true);
    expect(hostMatches('*.default.svc.cluster.local', 'ratings.bookinfo.svc.cluster.local')).toBe(false);
    expect(hostMatches('*', 'anything')).toBe(true);
  });
});

describe('references', () => {
  const inv = bookinfoInventory();
  const find = (ns: string, name: string) => inv.workloads.find((w) => w.namespace === ns && w.name === name)!;

  it('a service is referenced by its DestinationRule and VirtualServices routing to it (not by a `*` host alone)', () => {
    const reviews = inv.services.find((s) => s.name === 'reviews')!;
    expect(names(serviceReferences(inv.istioConfig, reviews))).toEqual([
      'DestinationRule/reviews',
      'VirtualService/reviews',
    ]);
    const pp = inv.services.find((s) => s.name === 'productpage')!;
    expect(names(serviceReferences(inv.istioConfig, pp))).toEqual(['VirtualService/bookinfo']);
    const details = inv.services.find((s) => s.name === 'details')!;
    expect(serviceReferences(inv.istioConfig, details)).toEqual([]);
  });

  it('a workload gets the policies selecting it, namespace-wide policies and mesh-wide ones from the root namespace', () => {
    expect(names(workloadReferences(inv.istioConfig, find('bookinfo', 'ratings-v1'), 'istio-system'))).toEqual([
      'AuthorizationPolicy/ratings-viewer',
      'PeerAuthentication/default',
      'PeerAuthentication/default',
    ]);
    expect(names(workloadReferences(inv.istioConfig, find('bookinfo', 'details-v1'), 'istio-system'))).toEqual([
      'PeerAuthentication/default',
      'PeerAuthentication/default',
    ]);
  });

  it('a gateway workload gets the Gateways selecting it, in any namespace', () => {
    expect(
      names(workloadReferences(inv.istioConfig, find('istio-system', 'istio-ingressgateway'), 'istio-system')),
    ).toContain('Gateway/bookinfo-gateway');
  });

  it('references carry validation, or null when it could not run', () => {
    const dr = inv.istioConfig.filter((o) => o.kind === 'DestinationRule');
    const v = new Map([['DestinationRule/bookinfo/ratings', { valid: false, errors: 1, warnings: 0, findings: [] }]]);
    const refs = toReferences(dr, v);
    expect(refs.map((r) => [r.name, r.validation?.valid])).toEqual([
      ['ratings', false],
      ['reviews', true],
    ]);
    expect(toReferences(dr, null)[0]!.validation).toBeNull();
  });
});

describe('namespaceMtls', () => {
  const inv = bookinfoInventory();
  it('a namespace-wide policy wins over the mesh-wide one', () => {
    expect(namespaceMtls(inv.istioConfig, 'bookinfo', 'istio-system')).toEqual({
      mode: 'STRICT',
      source: 'namespace',
      workloadOverrides: 0,
    });
    expect(namespaceMtls(inv.istioConfig, 'tcp-echo', 'istio-system')).toEqual({
      mode: 'PERMISSIVE',
      source: 'mesh',
      workloadOverrides: 0,
    });
  });
  it('without any policy the mode is UNSET (Istio default); workload policies that differ are counted', () => {
    const config = [
      istio('PeerAuthentication', 'default', 'httpbin', {
        selector: { matchLabels: { app: 'httpbin' } },
        mtls: { mode: 'STRICT' },
      }),
    ];
    expect(namespaceMtls(config, 'default', 'istio-system')).toEqual({
      mode: 'UNSET',
      source: 'default',
      workloadOverrides: 1,
    });
  });
});

describe('list rows', () => {
  const inv = bookinfoInventory();
  const ctx = {
    inventory: inv,
    namespaces: ['bookinfo', 'tcp-echo'],
    health: null,
    validations: null,
    rootNamespace: 'istio-system',
  };

  it('apps group workloads by app label with versions and services', () => {
    const reviews = appListItems(ctx).find((a) => a.name === 'reviews')!;
    expect(reviews.workloads).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(reviews.versions).toEqual(['v1', 'v2', 'v3']);
    expect(reviews.services).toEqual(['reviews']);
    expect(reviews.labels).toEqual({ app: 'reviews' });
    expect(reviews.istioReferences.map((r) => `${r.kind}/${r.name}`)).toContain('VirtualService/reviews');
    expect(appListItems(ctx).map((a) => a.namespace)).not.toContain('istio-system');
  });

  it('workload rows carry sidecar status and replicas; services the sidecar status of their workloads', () => {
    const curl = workloadListItems(ctx).find((w) => w.name === 'curl')!;
    expect(curl.sidecar).toBe('missing');
    expect(curl.app).toBe('curl');
    expect(workloadListItems(ctx).find((w) => w.name === 'reviews-v2')!.sidecar).toBe('present');
    const tcp = serviceListItems(ctx).find((s) => s.name === 'tcp-echo')!;
    expect(tcp.workloads).toEqual(['tcp-echo-v1']);
    expect(tcp.sidecar).toBe('present');
    expect(tcp.ports[0]!.port).toBe(9000);
  });
});
