import { describe, expect, it } from 'vitest';
import type { IstioObject } from '../types';
import { istio } from './test-helpers';
import { checkAcrossPrimaries, type ClusterFinding } from './multi-cluster';

const toV = (subset: string) => ({ http: [{ route: [{ destination: { host: 'reviews', subset } }] }] });
const reviewsVs = (subset: string, name = 'reviews', extra: Record<string, unknown> = {}) =>
  istio('VirtualService', name, { hosts: ['reviews'], ...toV(subset), ...extra });
const summary = (f: ClusterFinding) =>
  `${f.code} ${f.cluster}:${f.kind} ${f.namespace}/${f.name} ${f.path} <- ${f.origin.cluster}:${f.origin.namespace}/${f.origin.name}`;

describe('checkAcrossPrimaries (MS1106: a host routed differently by two primaries)', () => {
  it('warns on both VirtualServices when east and west route reviews differently, naming the other cluster', () => {
    const found = checkAcrossPrimaries([
      { cluster: 'east', istioConfig: [reviewsVs('v3')] },
      { cluster: 'west', istioConfig: [reviewsVs('v1', 'reviews-route')] },
    ]);
    expect(found.map(summary)).toEqual([
      'MS1106 east:VirtualService bookinfo/reviews spec.hosts[0] <- west:bookinfo/reviews-route',
      'MS1106 west:VirtualService bookinfo/reviews-route spec.hosts[0] <- east:bookinfo/reviews',
    ]);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      origin: { cluster: 'west', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews-route' },
    });
    expect(found[0]!.message).toBe(
      'The VirtualService for host reviews.bookinfo.svc.cluster.local differs from the one in cluster west ' +
        "(bookinfo/reviews-route): each primary applies only its own cluster's config, so callers are routed by the " +
        'cluster they run in; apply the same object in every primary',
    );
  });

  it('stays silent for the same object replicated in every primary (key order, name and metadata aside)', () => {
    const east = reviewsVs('v3');
    const replica = {
      ...east,
      metadata: { name: 'reviews', namespace: 'bookinfo', uid: 'other', resourceVersion: '42', labels: { team: 'x' } },
    } as IstioObject;
    const renamedReordered = istio('VirtualService', 'reviews-copy', { ...toV('v3'), hosts: ['reviews'] });
    expect(
      checkAcrossPrimaries([
        { cluster: 'east', istioConfig: [east] },
        { cluster: 'west', istioConfig: [replica] },
        { cluster: 'north', istioConfig: [renamedReordered] },
      ]),
    ).toEqual([]);
  });

  it('leaves alone a host only one cluster configures, other namespaces, gateway-bound routes, and one cluster', () => {
    const ingressOnly = reviewsVs('v1', 'reviews', { gateways: ['bookinfo-gateway'] });
    const otherNs = istio('VirtualService', 'reviews', { hosts: ['reviews'], ...toV('v1') }, 'shop');
    expect(
      checkAcrossPrimaries([
        { cluster: 'east', istioConfig: [reviewsVs('v3')] },
        { cluster: 'west', istioConfig: [ingressOnly, otherNs] },
      ]),
    ).toEqual([]);
    expect(checkAcrossPrimaries([{ cluster: 'east', istioConfig: [reviewsVs('v3'), reviewsVs('v1', 'b')] }])).toEqual(
      [],
    );
    // a route bound to the mesh gateway and an ingress gateway still counts for the mesh
    const both = reviewsVs('v1', 'reviews', { gateways: ['mesh', 'bookinfo-gateway'] });
    expect(
      checkAcrossPrimaries([
        { cluster: 'east', istioConfig: [reviewsVs('v3')] },
        { cluster: 'west', istioConfig: [both] },
      ]).map((f) => f.cluster),
    ).toEqual(['east', 'west']);
  });

  it('compares DestinationRules by host the same way, and only the clusters that differ', () => {
    const dr = (lb: string) =>
      istio('DestinationRule', 'reviews', {
        host: 'reviews',
        trafficPolicy: { loadBalancer: { simple: lb } },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      });
    const found = checkAcrossPrimaries([
      { cluster: 'east', istioConfig: [dr('ROUND_ROBIN')] },
      { cluster: 'west', istioConfig: [dr('ROUND_ROBIN')] },
      { cluster: 'north', istioConfig: [dr('LEAST_REQUEST')] },
    ]);
    expect(found.map(summary)).toEqual([
      'MS1106 east:DestinationRule bookinfo/reviews spec.host <- north:bookinfo/reviews',
      'MS1106 north:DestinationRule bookinfo/reviews spec.host <- east:bookinfo/reviews',
      'MS1106 north:DestinationRule bookinfo/reviews spec.host <- west:bookinfo/reviews',
      'MS1106 west:DestinationRule bookinfo/reviews spec.host <- north:bookinfo/reviews',
    ]);
  });
});
