import { describe, expect, it } from 'vitest';
import type { TrafficMap } from '../traffic-map';
import type { IstioObject } from '../types';
import { serviceEntryAppender } from './service-entry';
import { ctx, service, traffic, workload } from './test-helpers';

function se(
  name: string,
  hosts: string[],
  location = 'MESH_EXTERNAL',
  exportTo?: string[],
  namespace = 'bookinfo',
): IstioObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name, namespace },
    spec: { hosts, location, ...(exportTo ? { exportTo } : {}) },
  };
}

function withEntries(...entries: IstioObject[]) {
  const c = ctx();
  c.inventory.istioConfig = entries;
  return ctx({}, c.inventory);
}

describe('serviceEntryAppender', () => {
  it('replaces external hosts by one service entry node, merging traffic and edges', () => {
    const tm: TrafficMap = new Map();
    const details = workload(tm, 'bookinfo', 'details-v1', 'details', 'v1');
    const pp = workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1');
    const a = service(tm, 'unknown', 'a.example.com', 'unknown');
    const b = service(tm, 'unknown', 'b.example.com', 'unknown');
    traffic(details, a, 1, '200', 'http', 'a.example.com');
    traffic(details, b, 2, '200', 'http', 'b.example.com');
    traffic(pp, b, 4, '503', 'http', 'b.example.com');
    serviceEntryAppender.apply(tm, withEntries(se('examples', ['a.example.com', 'b.example.com'])));
    expect(tm.has(a.id)).toBe(false);
    expect(tm.has(b.id)).toBe(false);
    const node = tm.get('svc_Kubernetes_bookinfo_examples')!;
    expect(node.meta.isServiceEntry).toEqual({
      hosts: ['a.example.com', 'b.example.com'],
      location: 'MESH_EXTERNAL',
      namespace: 'bookinfo',
    });
    expect(node.rates).toEqual({ httpIn: 7, httpIn5xx: 4 });
    // details had two edges to the two hosts: now one aggregated edge per protocol
    expect(details.edges).toHaveLength(1);
    expect(details.edges[0]!.dest).toBe(node);
    expect(details.edges[0]!.rates.http).toBe(3);
    expect(details.edges[0]!.responses.get('200')!.hosts).toEqual({ 'a.example.com': 1, 'b.example.com': 2 });
    expect(pp.edges[0]!.dest).toBe(node);
  });

  it('matches MESH_INTERNAL hosts by their first label, and respects exportTo', () => {
    const tm: TrafficMap = new Map();
    const svc = service(tm, 'bookinfo', 'legacy');
    traffic(workload(tm, 'bookinfo', 'details-v1', 'details', 'v1'), svc, 1);
    serviceEntryAppender.apply(
      tm,
      withEntries(se('legacy-se', ['legacy.bookinfo.svc.cluster.local'], 'MESH_INTERNAL')),
    );
    expect(tm.get('svc_Kubernetes_bookinfo_legacy-se')!.meta.isServiceEntry!.location).toBe('MESH_INTERNAL');

    const tm2: TrafficMap = new Map();
    const ext = service(tm2, 'unknown', 'api.example.com', 'unknown');
    traffic(workload(tm2, 'bookinfo', 'details-v1', 'details', 'v1'), ext, 1);
    serviceEntryAppender.apply(
      tm2,
      withEntries(se('hidden', ['api.example.com'], 'MESH_EXTERNAL', ['other'], 'other')),
    );
    expect(tm2.has(ext.id)).toBe(true);
  });

  it('leaves injected service nodes and unmatched hosts alone', () => {
    const tm: TrafficMap = new Map();
    const injected = service(tm, 'bookinfo', 'details');
    injected.meta.isInjected = true;
    traffic(workload(tm, 'bookinfo', 'productpage-v1', 'productpage', 'v1'), injected, 1);
    serviceEntryAppender.apply(tm, withEntries(se('d', ['details.bookinfo.svc.cluster.local'], 'MESH_INTERNAL')));
    expect(tm.has(injected.id)).toBe(true);
    expect(tm.has('svc_Kubernetes_bookinfo_d')).toBe(false);
  });
});
