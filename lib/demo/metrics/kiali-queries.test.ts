import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/object-store';
import { createTrafficEngine, type TrafficEngine } from '../traffic/engine';
import { apply, bookinfoStore, runTicks, sampleObjects } from '../traffic/test-fixtures';
import { renderMetrics } from './render';

/*
 * Runs the PromQL shapes Kiali issues for a namespace graph (reference/kiali.md §2.3: #0 unserviced, #2 incoming
 * destination-reported, #3 outgoing source-reported) over two scrapes of the demo mesh, with a tiny evaluator for
 * `sum(increase(M{selector}[w])) by (G) > 0`, and checks the graph they produce.
 */

type Labels = Record<string, string>;
type Matcher = [string, '=' | '!=' | '=~', string];

const G =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags'.split(
    ',',
  );

function scrape(text: string, metric: string): Map<string, { labels: Labels; value: number }> {
  const out = new Map<string, { labels: Labels; value: number }>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const body = line.slice(metric.length + 1, line.lastIndexOf('}'));
    const labels: Labels = {};
    for (const m of body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
    out.set(body, { labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) });
  }
  return out;
}

function query(before: string, after: string, metric: string, selector: Matcher[], groupBy: string[]): Labels[] {
  const a = scrape(before, metric);
  const sums = new Map<string, { labels: Labels; value: number }>();
  for (const [key, s] of scrape(after, metric)) {
    const ok = selector.every(([k, op, v]) => {
      const x = s.labels[k] ?? '';
      return op === '=' ? x === v : op === '!=' ? x !== v : new RegExp(`^(?:${v})$`).test(x);
    });
    if (!ok) continue;
    const g: Labels = Object.fromEntries(groupBy.map((k) => [k, s.labels[k] ?? '']));
    const gk = JSON.stringify(g);
    const prev = sums.get(gk) ?? { labels: g, value: 0 };
    prev.value += s.value - (a.get(key)?.value ?? 0);
    sums.set(gk, prev);
  }
  return [...sums.values()].filter((s) => s.value > 0).map((s) => s.labels);
}

/** Kiali's namespace graph queries for istio_requests_total, as edges `src -> dst`. */
function namespaceEdges(
  before: string,
  after: string,
  ns: string,
): { unserviced: string[]; incoming: string[]; outgoing: string[] } {
  const fqdnInNs = `^.+\\.${ns}\\..+$`;
  const edge = (l: Labels): string =>
    `${l.source_workload_namespace}/${l.source_workload} -> ${l.destination_workload === 'unknown' ? `svc:${l.destination_service_name}` : `${l.destination_workload_namespace}/${l.destination_workload}`} ${l.response_code}${l.response_flags === '-' ? '' : ` ${l.response_flags}`}`;
  const edges = (filters: Parameters<typeof query>[3]): string[] =>
    query(before, after, 'istio_requests_total', filters, G).map(edge);
  return {
    unserviced: edges([
      ['reporter', '=', 'source'],
      ['source_workload_namespace', '!=', ns],
      ['destination_workload_namespace', '=', 'unknown'],
      ['destination_workload', '=', 'unknown'],
      ['destination_service', '=~', fqdnInNs],
    ]),
    incoming: edges([
      ['reporter', '=', 'destination'],
      ['destination_workload_namespace', '=', ns],
    ]),
    outgoing: edges([
      ['reporter', '=', 'source'],
      ['source_workload_namespace', '=', ns],
    ]),
  };
}

function twoScrapes(engine: TrafficEngine): [string, string] {
  runTicks(engine, 20);
  const before = renderMetrics(engine);
  runTicks(engine, 60);
  return [before, renderMetrics(engine)];
}

describe('Kiali’s graph PromQL over the demo mesh', () => {
  it('finds every bookinfo edge, the ingress and the unknown source, and bad-telemetry-free labels', () => {
    const engine = createTrafficEngine(bookinfoStore(), { seed: 77 });
    const [before, after] = twoScrapes(engine);
    const { incoming, outgoing } = namespaceEdges(before, after, 'bookinfo');
    expect(incoming).toEqual(
      expect.arrayContaining([
        'istio-system/istio-ingressgateway -> bookinfo/productpage-v1 200',
        'unknown/unknown -> bookinfo/productpage-v1 200',
        'bookinfo/productpage-v1 -> bookinfo/details-v1 200',
        'bookinfo/productpage-v1 -> bookinfo/reviews-v1 200',
        'bookinfo/productpage-v1 -> bookinfo/reviews-v2 200',
        'bookinfo/productpage-v1 -> bookinfo/reviews-v3 200',
        'bookinfo/reviews-v2 -> bookinfo/ratings-v1 200',
        'bookinfo/reviews-v3 -> bookinfo/ratings-v1 200',
      ]),
    );
    expect(outgoing).toEqual(
      expect.arrayContaining([
        'bookinfo/productpage-v1 -> bookinfo/details-v1 200',
        'bookinfo/reviews-v3 -> bookinfo/ratings-v1 200',
      ]),
    );
    expect(outgoing.some((e) => e.startsWith('bookinfo/reviews-v1 -> '))).toBe(false);
    // Kiali's IsBadSourceTelemetry / IsBadDestTelemetry would skip rows with a known namespace and an unknown cluster.
    for (const { labels } of scrape(after, 'istio_requests_total').values()) {
      if (labels.destination_service_namespace !== 'unknown') expect(labels.destination_cluster).toBe('Kubernetes');
      if (labels.source_workload_namespace !== 'unknown') expect(labels.source_cluster).toBe('Kubernetes');
    }
  });

  it('shows fault-injected requests from the gateway as unserviced traffic to the service (query #0)', () => {
    const store = bookinfoStore();
    const [gateway, vs] = sampleObjects('bookinfo/networking/bookinfo-gateway.yaml', 'bookinfo') as [
      KubeObject,
      KubeObject,
    ];
    apply(store, gateway);
    vs.spec.http[0].fault = { abort: { httpStatus: 503, percentage: { value: 100 } } };
    apply(store, vs);
    const engine = createTrafficEngine(store, { seed: 78 });
    const [before, after] = twoScrapes(engine);
    const { unserviced, incoming } = namespaceEdges(before, after, 'bookinfo');
    expect(unserviced).toEqual(['istio-system/istio-ingressgateway -> svc:productpage 503 FI']);
    expect(incoming.some((e) => e.startsWith('istio-system/istio-ingressgateway'))).toBe(false);
  });

  it('builds TCP edges from the reversed byte counters', () => {
    const engine = createTrafficEngine(bookinfoStore(), { seed: 79 });
    const [before, after] = twoScrapes(engine);
    const tcpG = [
      'app',
      ...G.filter((k) => !['request_protocol', 'response_code', 'grpc_response_status'].includes(k)),
    ];
    const sent = query(
      before,
      after,
      'istio_tcp_received_bytes_total',
      [
        ['reporter', '=', 'destination'],
        ['destination_workload_namespace', '=', 'tcp-echo'],
      ],
      tcpG,
    );
    expect(sent.map((l) => `${l.source_workload} -> ${l.destination_workload}`).sort()).toEqual([
      'curl -> tcp-echo-v1',
      'curl -> tcp-echo-v2',
    ]);
  });
});
