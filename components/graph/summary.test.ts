import { describe, expect, it } from 'vitest';
import type { KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import type { MetricsMap } from '@/lib/query/graph';
import fixture from './testdata/bookinfo-versionedApp.json';
import { graphSummary } from '@/lib/graph/summary';
import { edgeSummary, nodeTraffic } from './summary';
import { chartRows, edgeMetricsQuery, hasData, nodeMetricsQuery } from './metrics-model';

const graph = fixture as unknown as KialiGraphJson;
const node = (pred: (d: NodeDataJson) => boolean) => graph.elements.nodes.find((n) => pred(n.data))!.data;
const edge = (s: NodeDataJson, t: NodeDataJson) =>
  graph.elements.edges.find((e) => e.data.source === s.id && e.data.target === t.id)!.data;

const productpageV1 = node((d) => d.workload === 'productpage-v1');
const reviewsSvc = node((d) => d.nodeType === 'service' && d.service === 'reviews');
const reviewsV3 = node((d) => d.workload === 'reviews-v3');
const unknown = node((d) => d.nodeType === 'unknown');
const productpageSvc = node((d) => d.nodeType === 'service' && d.service === 'productpage');
const github = node((d) => !!d.isServiceEntry);

describe('graphSummary', () => {
  const s = graphSummary(graph);

  it('counts apps, services and workloads per namespace, leaving out boxes and the unknown source', () => {
    expect(s.namespaces).toEqual([
      { namespace: 'bookinfo', apps: 4, services: 5, workloads: 6 },
      { namespace: 'istio-system', apps: 1, services: 0, workloads: 1 },
      { namespace: 'tcp-echo', apps: 2, services: 1, workloads: 2 },
    ]);
    expect(s.edges).toBe(graph.elements.edges.length);
  });

  it('sums HTTP rates and errors over the edges, TCP separately, and has no gRPC ratio without gRPC', () => {
    expect(s.http.rate).toBeCloseTo(74.66, 2);
    expect(s.http.errorRate).toBeCloseTo(0.12 + 0.12 + 0.46 + 0.46 + 0.16, 2);
    expect(s.http.errorRatio).toBeCloseTo(s.http.errorRate / s.http.rate, 6);
    expect(s.tcp.rate).toBeCloseTo(4801, 0);
    expect(s.grpc.errorRatio).toBeNull();
  });
});

describe('nodeTraffic', () => {
  it('gives inbound and outbound HTTP rates with the inbound error ratio', () => {
    const [http] = nodeTraffic(reviewsV3);
    expect(http?.protocol).toBe('http');
    expect(http?.inbound.rate).toBeCloseTo(3.38);
    expect(http?.inbound.errorRatio).toBeCloseTo(0.46 / 3.38, 2);
    expect(http?.outbound.rate).toBeCloseTo(2.92);
  });

  it('has no rate (null, not 0) for a direction without traffic', () => {
    expect(nodeTraffic(unknown)[0]?.inbound.rate).toBeNull();
  });
});

describe('edgeSummary', () => {
  it('lists response codes by share with their flags and hosts', () => {
    const s = edgeSummary(edge(productpageV1, reviewsSvc));
    expect(s.protocol).toBe('http');
    expect(s.rate).toBeCloseTo(10.17);
    expect(s.errorRatio).toBeCloseTo(0.46 / 10.17, 3);
    expect(s.responses.map((r) => r.code)).toEqual(['200', '503']);
    expect(s.responses[1]?.flags).toEqual([{ flag: 'UF', percent: 4.5 }]);
    expect(s.responses[1]?.hosts[0]?.host).toBe('reviews.bookinfo.svc.cluster.local');
    expect(s.mtlsPercent).toBe(100);
    expect(s.sourcePrincipal).toContain('bookinfo-productpage');
  });

  it('reports missing security and timing as null', () => {
    const s = edgeSummary(edge(unknown, productpageSvc));
    expect(s.mtlsPercent).toBeNull();
    expect(s.sourcePrincipal).toBeNull();
  });
});

describe('metrics queries', () => {
  it('charts a workload node inbound by destination, a service inbound by source', () => {
    expect(nodeMetricsQuery(reviewsV3)).toEqual({
      target: { namespace: 'bookinfo', kind: 'workloads', name: 'reviews-v3' },
      request: { direction: 'inbound', reporter: 'destination' },
    });
    expect(nodeMetricsQuery(reviewsSvc)?.request.reporter).toBe('source');
    expect(nodeMetricsQuery(unknown)).toBeNull();
  });

  it('narrows an edge to its source with peer labels', () => {
    expect(edgeMetricsQuery(productpageV1, reviewsSvc)).toEqual({
      target: { namespace: 'bookinfo', kind: 'services', name: 'reviews' },
      request: {
        direction: 'inbound',
        reporter: 'source',
        peer: { source_workload: 'productpage-v1', source_workload_namespace: 'bookinfo' },
      },
    });
    expect(edgeMetricsQuery(reviewsSvc, reviewsV3)?.request.peer).toEqual({ destination_service_name: 'reviews' });
  });

  it('uses the source outbound for an edge into a ServiceEntry', () => {
    expect(edgeMetricsQuery(productpageV1, github)).toEqual({
      target: { namespace: 'bookinfo', kind: 'workloads', name: 'productpage-v1' },
      request: { direction: 'outbound', reporter: 'source', peer: { destination_service_name: 'api.github.com' } },
    });
  });
});

describe('chartRows', () => {
  const metrics: MetricsMap = {
    request_count: [
      {
        name: 'request_count',
        labels: { source_workload: 'a' },
        datapoints: [
          [100, 1],
          [115, '2'],
        ],
      },
      {
        name: 'request_count',
        labels: { source_workload: 'b' },
        datapoints: [
          [100, 0.5],
          [115, 'NaN'],
        ],
      },
    ],
    request_error_count: [{ name: 'request_error_count', labels: {}, datapoints: [[115, 0.25]] }],
    request_duration_millis: [
      { name: 'request_duration_millis', labels: {}, stat: '0.95', datapoints: [[100, 40]] },
      { name: 'request_duration_millis', labels: {}, stat: '0.5', datapoints: [[100, 12]] },
    ],
  };

  it('sums series per timestamp, skips NaN, and keeps missing points null', () => {
    expect(chartRows(metrics)).toEqual([
      { t: 100_000, rps: 1.5, errRps: 0, p50: 12, p95: 40, p99: null },
      { t: 115_000, rps: 2, errRps: 0.25, p50: null, p95: null, p99: null },
    ]);
  });

  it('says there is no data for an empty map', () => {
    expect(hasData(chartRows({}))).toBe(false);
    expect(hasData(chartRows(metrics))).toBe(true);
  });
});
