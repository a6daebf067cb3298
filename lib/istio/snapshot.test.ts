import { describe, expect, it } from 'vitest';
import { snapshotFromObjects } from './snapshot';
import { object } from './testdata/objects';

describe('snapshotFromObjects', () => {
  const deployment = object('Deployment', 'reviews-v1', {
    template: {
      metadata: { labels: { app: 'reviews', version: 'v1' } },
      spec: { serviceAccountName: 'bookinfo-reviews', containers: [] },
    },
  });

  it('sorts objects into the snapshot lists, flattening Lists and defaulting the namespace', () => {
    const snapshot = snapshotFromObjects([
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } },
          },
          deployment,
        ],
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'reviews' },
        spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }, { name: 'bad' }] },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bookinfo-reviews', namespace: 'bookinfo' } },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: 'batch' } } } } } },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'reviews' },
        spec: { hosts: ['reviews'] },
      },
      { apiVersion: 'apps/v1', kind: 'ConfigMapLike', metadata: { name: 'ignored' } },
    ]);
    expect(snapshot.namespaces).toEqual([{ name: 'bookinfo', labels: { 'istio-injection': 'enabled' } }]);
    expect(snapshot.workloads).toEqual([
      {
        namespace: 'bookinfo',
        name: 'reviews-v1',
        kind: 'Deployment',
        labels: { app: 'reviews', version: 'v1' },
        annotations: {},
        serviceAccount: 'bookinfo-reviews',
      },
      {
        namespace: 'default',
        name: 'nightly',
        kind: 'CronJob',
        labels: { app: 'batch' },
        annotations: {},
        serviceAccount: null,
      },
    ]);
    expect(snapshot.services[0]?.spec?.ports).toEqual([{ name: 'http', port: 9080 }]);
    expect(snapshot.serviceAccounts).toEqual([{ namespace: 'bookinfo', name: 'bookinfo-reviews' }]);
    expect(snapshot.istioConfig.map((o) => o.kind)).toEqual(['VirtualService']);
  });

  it('drops Istio objects the type predicate rejects', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'r' },
      spec: { hosts: 'r' },
    };
    expect(snapshotFromObjects([vs], () => false).istioConfig).toEqual([]);
  });
});
