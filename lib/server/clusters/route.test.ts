/**
 * The graph and status routes over two demo Kubernetes APIs named by a CLUSTERS_DIR (issue 18): the multi-cluster
 * graph JSON, the clusterName 400, a third cluster whose API is down (partial graph, warning naming it), a cluster
 * added at run time, and /api/status listing every cluster with its reachability.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as graphGET } from '@/app/api/namespaces/graph/route';
import { GET as statusGET } from '@/app/api/status/route';
import { GET as workloadsGET } from '@/app/api/workloads/route';
import { GET as workloadGET } from '@/app/api/namespaces/[namespace]/workloads/[workload]/route';
import type { ListResponse } from '@/lib/contracts/mesh';
import { GET as istioListGET } from '@/app/api/istio/route';
import { POST as createPOST } from '@/app/api/namespaces/[namespace]/istio/[kind]/route';
import { DELETE as objectDELETE, GET as objectGET } from '@/app/api/namespaces/[namespace]/istio/[kind]/[name]/route';
import type { IstioConfigList } from '@/lib/contracts/istio-config';
import { pageRequest, params, route } from '@/lib/auth/test-helpers';
import type { KubeObject } from '@/lib/demo/store/object-store';
import { resourceByKind } from '@/lib/demo/store/resources';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import type { KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import type { StatusReport } from '@/lib/contracts/status';
import { getClusterRegistry } from './index';
import { enterClusterEnv, leaveClusterEnv } from './test-helpers';
import { clusterRequestRow } from '@/lib/graph/testdata/cluster-rows';
import { object } from '@/lib/istio/testdata/objects';

const graph = route(graphGET);
const status = route(statusGET);

let east: TestCluster;
let west: TestCluster;
let prom: Server;
let dir: string;

/** One `istio_requests_total` row on the wire (source- and destination-reported alike). */
function row(srcCluster: string, srcWl: string, dstCluster: string, dstWl: string, value: number) {
  const sample = clusterRequestRow([srcCluster, srcWl], [dstCluster, dstWl, dstWl.replace(/-v\d$/, '')], value);
  return { metric: sample.metric, value: ['0', String(value)] };
}

/** A VirtualService of west routing to a host and subset west does not have (Istio IST0101). */
const RATINGS_VS = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'ratings', namespace: 'bookinfo' },
  spec: { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings', subset: 'v9' } }] }] },
};

const ROWS = [
  row('east', 'productpage-v1', 'east', 'reviews-v1', 6),
  row('east', 'productpage-v1', 'west', 'reviews-v3', 3),
  row('west', 'reviews-v3', 'west', 'ratings-v1', 3),
];

/** A demo API with namespace bookinfo (created long ago) and a Deployment per name in `workloads`. */
async function namespaceCluster(workloads: string[], config: KubeObject[] = []): Promise<TestCluster> {
  const c = await startTestCluster({ seed: false });
  const metadata = { name: 'bookinfo', creationTimestamp: '2020-01-01T00:00:00Z' };
  c.store.create(resourceByKind('v1', 'Namespace')!, { apiVersion: 'v1', kind: 'Namespace', metadata });
  for (const o of config) c.store.create(resourceByKind('networking.istio.io/v1', 'VirtualService')!, o);
  for (const name of workloads) {
    const labels = { app: name.replace(/-v\d$/, ''), version: name.slice(-2) };
    c.store.create(resourceByKind('apps/v1', 'Deployment')!, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'bookinfo', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app' }] } },
      },
    });
  }
  return c;
}

beforeAll(async () => {
  [east, west] = await Promise.all([
    namespaceCluster(['productpage-v1', 'reviews-v1']),
    namespaceCluster(['reviews-v3', 'ratings-v1'], [RATINGS_VS]),
  ]);
  prom = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    // the graph's requests queries (incoming and outgoing of bookinfo); nothing else has data
    // (Kiali's per-namespace form, or the batched one: namespace=~"…|bookinfo|…")
    const result = q.includes('istio_requests_total') && /namespace=~?"([^"]*\|)?bookinfo[|"]/.test(q) ? ROWS : [];
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  await new Promise<void>((r) => prom.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(path.join(tmpdir(), 'meshscope-clusters-'));
  copyFileSync(east.kubeconfig, path.join(dir, 'east.kubeconfig'));
  copyFileSync(west.kubeconfig, path.join(dir, 'west.yaml'));
  // a cluster whose API is down: a kubeconfig pointing at a port nothing listens on
  const down = await startTestCluster({ seed: false });
  copyFileSync(down.kubeconfig, path.join(dir, 'south.kubeconfig'));
  await down.stop();
  enterClusterEnv({
    KUBECONFIG: undefined,
    CLUSTERS_DIR: dir,
    CLUSTER_NAME: 'east',
    PROMETHEUS_URL: `http://127.0.0.1:${(prom.address() as AddressInfo).port}`,
    JAEGER_URL: '',
  });
});

afterAll(async () => {
  leaveClusterEnv();
  await new Promise<void>((r) => prom.close(() => r()));
  await Promise.all([east.stop(), west.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const label = (d: NodeDataJson) => (d.isBox ? `box:${d.cluster}` : `${d.cluster}/${d.workload}`);

describe('multi-cluster graph route', () => {
  it('answers Kiali multi-cluster graph JSON: nodes by cluster, cluster boxes, the cross-cluster edge', async () => {
    const res = await graph(pageRequest('/api/namespaces/graph?namespaces=bookinfo&boxBy=cluster'), params());
    expect(res.status).toBe(200);
    const body = (await res.json()) as KialiGraphJson;
    const byId = new Map(body.elements.nodes.map((n) => [n.data.id, n.data]));
    expect(body.elements.nodes.map((n) => label(n.data))).toEqual([
      'box:east',
      'box:west',
      'east/productpage-v1',
      'east/reviews-v1',
      'west/ratings-v1',
      'west/reviews-v3',
    ]);
    const edges = body.elements.edges.map(
      (e) => `${label(byId.get(e.data.source)!)} -> ${label(byId.get(e.data.target)!)} ${e.data.traffic.rates?.http}`,
    );
    expect(edges.sort()).toEqual([
      'east/productpage-v1 -> east/reviews-v1 6.00',
      'east/productpage-v1 -> west/reviews-v3 3.00',
      'west/reviews-v3 -> west/ratings-v1 3.00',
    ]);
    // south's API is down: a partial graph with a warning naming it
    expect(body.warnings).toEqual([
      expect.objectContaining({
        namespace: '',
        cluster: 'south',
        message: expect.stringMatching(/^Cluster \[south\] is unreachable/),
      }),
    ]);
  });

  it('answers 400 naming clusterName for a cluster it does not know, and filters by a known one', async () => {
    const bad = await graph(pageRequest('/api/namespaces/graph?namespaces=bookinfo&clusterName=north'), params());
    expect(bad.status).toBe(400);
    const err = ((await bad.json()) as { error: { param: string; message: string } }).error;
    expect(err.param).toBe('clusterName');
    expect(err.message).toMatch(/^Invalid clusterName \[north\]: unknown cluster \(known: east, south, west\)/);
    const ok = await graph(pageRequest('/api/namespaces/graph?namespaces=bookinfo&clusterName=east'), params());
    const nodes = ((await ok.json()) as KialiGraphJson).elements.nodes.map((n) => label(n.data));
    expect(nodes).toEqual(['east/productpage-v1', 'east/reviews-v1', 'west/reviews-v3']);
  });

  it('lists every cluster on /api/status with its reachability, and one added at run time', async () => {
    copyFileSync(west.kubeconfig, path.join(dir, 'north.kubeconfig'));
    writeFileSync(path.join(dir, 'north.json'), JSON.stringify({ prometheusUrl: 'http://prom-north:9090' }));
    await getClusterRegistry().refresh();
    const report = (await (await status(pageRequest('/api/status'))).json()) as StatusReport;
    expect(report.clusters.map((c) => [c.name, c.home, c.source, c.reachable, c.prometheusUrl])).toEqual([
      ['east', true, 'home', true, null],
      ['north', false, 'dir', true, 'http://prom-north:9090'],
      ['south', false, 'dir', false, null],
      ['west', false, 'dir', true, null],
    ]);
    expect(report.clusters.find((c) => c.name === 'south')!.error?.code).toBe('unavailable:k8s');
    expect(report.clusters.find((c) => c.name === 'west')!.apiServer).toBe(west.url);
  });
});

describe('multi-cluster lists and details', () => {
  const workloads = route(workloadsGET);
  const workload = route(workloadGET);
  const rows = async (url: string) => (await (await workloads(pageRequest(url))).json()) as ListResponse;

  it('lists the workloads of every cluster, each with its cluster, and names the cluster that failed', async () => {
    const list = await rows('/api/workloads?namespaces=bookinfo&health=false');
    // north (added at run time above) is a second kubeconfig of west's API: its rows come twice, under each name
    expect(list.items.map((w) => `${w.cluster}/${w.name}`)).toEqual([
      'east/productpage-v1',
      'north/ratings-v1',
      'west/ratings-v1',
      'east/reviews-v1',
      'north/reviews-v3',
      'west/reviews-v3',
    ]);
    expect(list.clusters).toEqual(['east', 'north', 'south', 'west']);
    expect(list.errors.k8s?.message).toMatch(/^Rows are missing: Cluster \[south\]: /);
  });

  it('narrows to clusterName, and answers 400 naming it for a cluster it does not know', async () => {
    const west = await rows('/api/workloads?namespaces=bookinfo&health=false&clusterName=west');
    expect(west.items.map((w) => `${w.cluster}/${w.name}`)).toEqual(['west/ratings-v1', 'west/reviews-v3']);
    const bad = await workloads(pageRequest('/api/workloads?clusterName=nowhere'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('clusterName');
  });

  it('reads a detail page from ?cluster=, 404 where the object is not, 400 for an unknown cluster', async () => {
    const ctx = (name: string) => params({ namespace: 'bookinfo', workload: name });
    const inWest = await workload(
      pageRequest('/api/namespaces/bookinfo/workloads/reviews-v3?cluster=west'),
      ctx('reviews-v3'),
    );
    expect(inWest.status).toBe(200);
    expect(((await inWest.json()) as { name: string }).name).toBe('reviews-v3');
    const home = await workload(pageRequest('/api/namespaces/bookinfo/workloads/reviews-v3'), ctx('reviews-v3'));
    expect(home.status).toBe(404);
    const bad = await workload(
      pageRequest('/api/namespaces/bookinfo/workloads/reviews-v3?cluster=x'),
      ctx('reviews-v3'),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('cluster');
  });
});

describe('multi-cluster Istio config', () => {
  const create = route(createPOST);
  const list = route(istioListGET);
  const getObject = route(objectGET);
  const remove = route(objectDELETE);
  const vs = object('VirtualService', 'reviews', {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }],
  });
  const at = { namespace: 'bookinfo', kind: 'virtualservices' };

  /** POST the VirtualService to bookinfo on `cluster`. */
  const createIn = (cluster: string) =>
    create(
      pageRequest(`/api/namespaces/bookinfo/istio/virtualservices?cluster=${cluster}`, {
        method: 'POST',
        body: { object: vs },
      }),
      params(at),
    );

  it('writes to the cluster named by ?cluster=, and answers 400 naming it for an unknown one', async () => {
    const bad = await createIn('nowhere');
    expect(bad.status).toBe(400);
    const err = ((await bad.json()) as { error: { param: string; message: string } }).error;
    expect(err).toMatchObject({ param: 'cluster', message: expect.stringMatching(/^Invalid cluster \[nowhere\]/) });

    const made = await createIn('west');
    expect(made.status).toBe(201);
    const one = { ...at, name: 'reviews' };
    const inWest = await getObject(
      pageRequest('/api/namespaces/bookinfo/istio/virtualservices/reviews?cluster=west'),
      params(one),
    );
    expect(inWest.status).toBe(200);
    const inEast = await getObject(pageRequest('/api/namespaces/bookinfo/istio/virtualservices/reviews'), params(one));
    expect(inEast.status).toBe(404);
  });

  it('lists the objects of each cluster with their cluster, validated against their own cluster', async () => {
    const body = (await (
      await list(pageRequest('/api/istio?namespaces=bookinfo&validate=true'))
    ).json()) as IstioConfigList;
    expect(body.clusters).toEqual(['east', 'north', 'south', 'west']);
    // north is a second kubeconfig of west's API (added above): the object shows under both names
    const ratings = body.items.filter((i) => i.name === 'ratings');
    expect(ratings.map((i) => `${i.cluster}/${i.kind}/${i.name}`)).toEqual([
      'north/VirtualService/ratings',
      'west/VirtualService/ratings',
    ]);
    // west has neither the host nor the subset: Istio's IST0101 (referenced host/subset not found), from west's objects
    expect(ratings[1]!.validation?.findings.map((f) => f.code)).toEqual(['IST0101', 'IST0101']);
    expect(body.clusterErrors?.map((e) => e.cluster)).toEqual(['south']);
    const westOnly = (await (await list(pageRequest('/api/istio?clusterName=west'))).json()) as IstioConfigList;
    expect(new Set(westOnly.items.map((i) => i.cluster))).toEqual(new Set(['west']));
  });

  it('deletes from the chosen cluster', async () => {
    const one = { ...at, name: 'reviews' };
    const res = await remove(
      pageRequest('/api/namespaces/bookinfo/istio/virtualservices/reviews?cluster=west', {
        method: 'DELETE',
        headers: { 'x-meshscope-request': '1' },
      }),
      params(one),
    );
    expect(res.status).toBe(200);
    const gone = await getObject(
      pageRequest('/api/namespaces/bookinfo/istio/virtualservices/reviews?cluster=west'),
      params(one),
    );
    expect(gone.status).toBe(404);
  });
});
