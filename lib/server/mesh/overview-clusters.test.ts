/**
 * Overview, batched health and detail metrics over the multi-cluster demo's two clusters
 * (lib/demo/multicluster/test-clusters.ts), each with its own Prometheus (`<name>.json` `prometheusUrl`, the demo's
 * `--prometheus per-cluster`): each cluster's cards carry its cluster and the health its own Prometheus gives,
 * scoped by `destination_cluster`; the sparklines add the parts of one rate two servers hold; a Prometheus or an API
 * down gives a partial answer naming the cluster.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as overviewGET } from '@/app/api/overview/route';
import { GET as overviewMetricsGET } from '@/app/api/overview/metrics/route';
import { GET as healthGET } from '@/app/api/health/namespaces/route';
import { GET as workloadMetricsGET } from '@/app/api/namespaces/[namespace]/workloads/[workload]/metrics/route';
import { pageRequest, params, route } from '@/lib/auth/test-helpers';
import type { NamespacesHealth, OverviewMetrics, OverviewResponse } from '@/lib/contracts/mesh';
import type { TestMultiCluster } from '@/lib/demo/multicluster/test-clusters';
import { leaveClusterEnv, readWhileStopped, startDemoClusters } from '@/lib/server/clusters/test-helpers';
import { sumByNamespaceAndCluster } from './overview-clusters';

const overview = route(overviewGET);
const overviewMetrics = route(overviewMetricsGET);
const health = route(healthGET);
const workloadMetrics = route(workloadMetricsGET);

interface FakeProm {
  server: Server;
  url: string;
  queries: string[];
  down: boolean;
}

/**
 * A Prometheus answering the health queries' inbound part with one row for `workload` (status `code`, `rps`), and
 * range queries with one bookinfo series into `west` at `rangeRps`.
 */
async function fakeProm(workload: string, code: string, rps: number, rangeRps: number): Promise<FakeProm> {
  const fake = { queries: [] as string[], down: false } as FakeProm;
  fake.server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const q = u.searchParams.get('query') ?? '';
    fake.queries.push(q);
    if (fake.down) {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('no healthy upstream');
      return;
    }
    let data: unknown = { resultType: 'vector', result: [] };
    if (u.pathname.endsWith('/query_range')) {
      const start = Number(u.searchParams.get('start'));
      const metric = { destination_service_namespace: 'bookinfo', destination_cluster: 'west' };
      data = { resultType: 'matrix', result: [{ metric, values: [[start, String(rangeRps)]] }] };
    } else if (/destination_workload_namespace=~"/.test(q) && q.includes('istio_requests_total')) {
      const metric = {
        destination_workload_namespace: 'bookinfo',
        destination_workload: workload,
        destination_canonical_service: workload.replace(/-v\d$/, ''),
        request_protocol: 'http',
        response_code: code,
      };
      data = { resultType: 'vector', result: [{ metric, value: [0, String(rps)] }] };
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data }));
  });
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

let mesh: TestMultiCluster;
let promEast: FakeProm;
let promWest: FakeProm;

beforeAll(async () => {
  [promEast, promWest] = await Promise.all([
    // east's Prometheus: reviews-v1 healthy; it also holds productpage's (source-reported) calls into west: 2/s
    fakeProm('reviews-v1', '200', 10, 2),
    // west's Prometheus: reviews-v3 failing; the calls into west its own proxies reported: 1/s
    fakeProm('reviews-v3', '500', 5, 1),
  ]);
  mesh = await startDemoClusters(
    { PROMETHEUS_URL: promEast.url },
    { east: { prometheusUrl: promEast.url }, west: { prometheusUrl: promWest.url } },
  );
});

afterAll(async () => {
  leaveClusterEnv();
  await mesh.stop();
  for (const p of [promEast, promWest]) await new Promise<void>((r) => p.server.close(() => r()));
});

const readOverview = async (q = '') =>
  (await (await overview(pageRequest(`/api/overview?namespaces=bookinfo${q}`))).json()) as OverviewResponse;
const card = (o: OverviewResponse, cluster: string) => o.namespaces.find((n) => n.cluster === cluster)!;

describe('overview and health per cluster, each from its own Prometheus', () => {
  it('gives one bookinfo card per cluster with the health its own Prometheus holds', async () => {
    const o = await readOverview();
    expect(o.clusters).toEqual(['east', 'west']);
    expect(o.namespaces.map((n) => `${n.cluster}/${n.name}`)).toEqual(['east/bookinfo', 'west/bookinfo']);
    expect(o.errors).toEqual({});
    expect(card(o, 'west').unhealthy).toContainEqual({ kind: 'workloads', name: 'reviews-v3', status: 'Failure' });
    expect(card(o, 'east').unhealthy.map((u) => u.name)).not.toContain('reviews-v1');
    expect(card(o, 'east').health!.workloads.Failure).toBe(0);
    expect(card(o, 'west').health!.workloads.Failure).toBe(1);
    // each cluster's health asked its own Prometheus for its own objects only
    expect(promWest.queries.some((q) => q.includes('destination_cluster="west"'))).toBe(true);
    expect(promWest.queries.some((q) => q.includes('destination_cluster="east"'))).toBe(false);
    expect(promEast.queries.some((q) => q.includes('destination_cluster="east"'))).toBe(true);
    // each primary's istiod, with its cluster
    expect(o.components.filter((c) => c.role === 'control-plane').map((c) => c.cluster)).toEqual(['east', 'west']);
  });

  it('answers batched health per cluster, and one cluster with clusterName', async () => {
    const all = (await (
      await health(pageRequest('/api/health/namespaces?namespaces=bookinfo'))
    ).json()) as NamespacesHealth;
    expect(Object.keys(all.clusters!)).toEqual(['east', 'west']);
    expect(all.clusters!.west!.bookinfo!.workloads['reviews-v3']!.status).toBe('Failure');
    expect(all.namespaces.bookinfo!.workloads['reviews-v3']).toBeUndefined(); // the home cluster's (east)
    const west = (await (
      await health(pageRequest('/api/health/namespaces?namespaces=bookinfo&clusterName=west'))
    ).json()) as NamespacesHealth;
    expect(west.namespaces.bookinfo!.workloads['reviews-v3']!.status).toBe('Failure');
    const bad = await health(pageRequest('/api/health/namespaces?clusterName=nowhere'));
    expect(bad.status).toBe(400);
  });

  it("adds the parts of west's inbound rate the two Prometheus servers hold (2/s + 1/s)", async () => {
    const m = (await (
      await overviewMetrics(pageRequest('/api/overview/metrics?namespaces=bookinfo&duration=600'))
    ).json()) as OverviewMetrics;
    expect(m.clusters!.west!.bookinfo!.requestsPerSecond.map(([, v]) => v)).toEqual([3]);
    expect(m.clusters!.east!.bookinfo!.requestsPerSecond).toEqual([]);
    expect(m.namespaces.bookinfo!.requestsPerSecond.map(([, v]) => v)).toEqual([3]);
  });

  it("reads a detail page's metrics from the cluster's own Prometheus, scoped to its series", async () => {
    const before = promWest.queries.length;
    const res = await workloadMetrics(
      pageRequest('/api/namespaces/bookinfo/workloads/reviews-v3/metrics?cluster=west&filters[]=request_count'),
      params({ namespace: 'bookinfo', workload: 'reviews-v3' }),
    );
    expect(res.status).toBe(200);
    const asked = promWest.queries.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('destination_cluster="west"');
    expect(asked[0]).toContain('destination_workload="reviews-v3"');
  });

  it("gives partial cards naming west while west's Prometheus, then its API, is down", async () => {
    promWest.down = true;
    try {
      const o = await readOverview();
      expect(o.errors.prometheus?.message).toMatch(/^Cluster \[west\]: /);
      expect(card(o, 'west').health!.workloads.Failure).toBe(0); // pod health only
      expect(card(o, 'east').health).not.toBeNull();
      // sparklines: east's Prometheus alone still answers (its 2/s part)
      const m = (await (
        await overviewMetrics(pageRequest('/api/overview/metrics?namespaces=bookinfo&duration=600'))
      ).json()) as OverviewMetrics;
      expect(m.clusters!.west!.bookinfo!.requestsPerSecond.map(([, v]) => v)).toEqual([2]);
    } finally {
      promWest.down = false;
    }
    // west's inventory is cached for a few seconds: read again until a fresh read names west
    const o = await readWhileStopped(mesh.clusters[1]!, readOverview, (answer) => Boolean(answer.errors.k8s));
    expect(o.errors.k8s!.message).toMatch(/^Namespace cards are missing: Cluster \[west\]: /);
    expect(o.namespaces.map((n) => n.cluster)).toEqual(['east']);
  }, 20_000);
});

describe('sumByNamespaceAndCluster', () => {
  it('adds series of one namespace and cluster at equal times and keeps only the asked clusters', () => {
    const s = (cluster: string, values: [number, number][]) => ({
      metric: { destination_service_namespace: 'bookinfo', destination_cluster: cluster },
      values: values.map(([timeSec, value]) => ({ timeSec, value })),
    });
    const out = sumByNamespaceAndCluster(
      [
        s('west', [
          [10, 1],
          [20, 2],
        ]),
        s('west', [
          [20, 3],
          [30, NaN],
        ]),
        s('north', [[10, 9]]),
      ],
      new Set(['west', 'east']),
    );
    expect([...out.keys()]).toEqual(['west']);
    expect(out.get('west')!.get('bookinfo')).toEqual([
      [10, 1],
      [20, 5],
    ]);
  });
});
