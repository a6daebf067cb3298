/**
 * The graph of an ambient namespace from recorded telemetry: the real ztunnel scrape of Istio 1.24 bookinfo in
 * namespace `default` (`lib/demo/testdata/prometheus/istio-1.24-ztunnel-tcp.excerpt.prom`, scraped with the ztunnel
 * pod's `app="ztunnel"` label, as Istio's Prometheus job adds it), and waypoint series with the label set a waypoint
 * emits (`lib/demo/testdata/istio-proxy/server_waypoint_proxy_request_total.yaml.tmpl`), answered by a Prometheus
 * stand-in over those series (`testdata/series-prometheus.ts`). Expectations follow Kiali's rules: the reporter and
 * ztunnel matchers of `ambientTraffic` (`util.GetReporter`/`GetApp`), waypoint nodes from ztunnel rows
 * (`populateTrafficMap`/`hasWaypoint`), the ambient finalizer (`handleWaypoints`), Kiali's node ids (sha256 of
 * `wl_<cluster>_<ns>_<workload>`) and rate strings.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from './build';
import { nodeTrafficQueries } from './queries';
import { graphOptions } from './testdata/fixtures';
import { ambientInventory as inventory, throughWaypoint, waypointRequests, ZTUNNEL } from './testdata/ambient-fixtures';
import { view } from './testdata/graph-view';
import { seriesPrometheus, type Series } from './testdata/series-prometheus';
import { nodeHash } from './to-json';
import type { GraphOptions } from './types';

function options(over: Partial<GraphOptions> = {}): GraphOptions {
  return graphOptions({
    namespaces: ['default'],
    appenders: { all: false, names: ['securityPolicy', 'meshCheck', 'ambient'] },
    ...over,
  });
}

async function graphOf(series: Series[], over: Partial<GraphOptions> = {}, asked: string[] = []) {
  const o = options(over);
  return (await buildGraph(o, inventory(), seriesPrometheus(series, asked))).graph;
}

const rate = (bytes: number) => Math.round((bytes / 600) * 1000) / 1000;

describe('ambient namespace graph from the recorded ztunnel scrape', () => {
  it('has the L4 edges ztunnel reports, each counted once (both ztunnels report it), with Kiali ids and mTLS', async () => {
    const asked: string[] = [];
    const v = view(await graphOf(ZTUNNEL, {}, asked));
    expect(v.nodes.sort()).toEqual(
      [
        'workload:details-v1@default',
        'workload:productpage-v1@default',
        'workload:ratings-v1@default',
        'workload:reviews-v1@default',
        'workload:reviews-v2@default',
        'workload:reviews-v3@default',
        'workload:traffic-gen@default',
      ].sort(),
    );
    expect(v.node('workload:productpage-v1@default')!.id).toBe(nodeHash('wl_Kubernetes_default_productpage-v1'));
    // "sent" is istio_tcp_received_bytes_total (reversed L4 telemetry); the scrape holds it from both reporters
    const gen = v.edges.get('workload:traffic-gen@default -> workload:productpage-v1@default tcp')!;
    expect(gen.traffic.rates).toEqual({ tcp: rate(75621).toFixed(2) });
    expect(gen.isMTLS).toBe('100');
    expect(gen.sourcePrincipal).toBe('spiffe://cluster.local/ns/default/sa/default');
    expect(gen.destPrincipal).toBe('spiffe://cluster.local/ns/default/sa/bookinfo-productpage');
    expect(v.edges.get('workload:productpage-v1@default -> workload:details-v1@default tcp')!.traffic.rates).toEqual({
      tcp: rate(117171).toFixed(2),
    });
    expect(v.edges.size).toBe(7);
    // every ambient workload is flagged, none is out of the mesh
    for (const n of v.byId.values()) {
      expect(n.isAmbient, n.workload).toBe(true);
      expect(n.isOutOfMesh).toBeUndefined();
      expect(n.isWaypoint).toBeUndefined();
    }
    // ambientTraffic=total: reporter waypoint|x, no ztunnel filter (Kiali util.GetReporter / GetApp)
    const tcp = asked.filter((q) => q.includes('istio_tcp_received_bytes_total') && !q.includes(' OR '));
    expect(tcp).toHaveLength(3);
    for (const q of tcp) {
      expect(q).toMatch(/reporter=~"waypoint\|(source|destination)"/);
      expect(q).not.toContain('app!="ztunnel"');
    }
    // ambient namespaces add the source-reported ingress query for requests (#1), not for TCP
    expect(
      asked.filter((q) => q.includes('istio_requests_total{reporter="source",source_workload_namespace!="default"')),
    ).toHaveLength(1);
  });

  it('ambientTraffic=waypoint and none drop ztunnel rows (app!="ztunnel"); ztunnel keeps them without waypoint rows', async () => {
    for (const ambient of ['waypoint', 'none'] as const) {
      const asked: string[] = [];
      const g = await graphOf(ZTUNNEL, { rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient } }, asked);
      expect(g.elements.edges, ambient).toEqual([]);
      expect(asked.filter((q) => q.includes('istio_tcp') && q.includes('app!="ztunnel"')).length).toBeGreaterThan(0);
    }
    const asked: string[] = [];
    const series = [...ZTUNNEL, waypointRequests('reviews-v1', 'v1', '200', 2)];
    const v = view(
      await graphOf(series, { rates: { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'ztunnel' } }, asked),
    );
    expect(v.edges.size).toBe(7);
    expect([...v.edges.keys()].filter((k) => k.endsWith(' http'))).toEqual([]);
    expect(asked.filter((q) => q.includes('waypoint|'))).toEqual([]);
  });
});

describe('a service served by a waypoint', () => {
  const series = () => [
    ...throughWaypoint(),
    waypointRequests('reviews-v1', 'v1', '200', 3),
    waypointRequests('reviews-v2', 'v2', '200', 2),
    waypointRequests('reviews-v2', 'v2', '503', 0.5),
  ];

  it('shows the waypoint node, its L4 edges paired as Kiali does, and the L7 rates the waypoint reports', async () => {
    const v = view(await graphOf(series()));
    const wp = v.node('workload:waypoint@default')!;
    expect(wp).toMatchObject({
      id: nodeHash('wl_Kubernetes_default_waypoint'),
      isWaypoint: true,
      nodeType: 'workload',
    });
    expect(wp.isOutOfMesh).toBeUndefined();
    expect(wp.app).toBeUndefined();
    const to = v.edges.get('workload:productpage-v1@default -> workload:waypoint@default tcp')!;
    expect(to.waypoint).toEqual({ direction: 'to' });
    const from = v.edges.get('workload:waypoint@default -> workload:reviews-v2@default tcp')!;
    expect(from.waypoint).toEqual({ direction: 'from' });
    expect(from.traffic.rates).toEqual({ tcp: rate(41454).toFixed(2) });
    // L7: reporter="waypoint" rows are the only HTTP telemetry of ambient clients
    const http = v.edges.get('workload:productpage-v1@default -> workload:reviews-v2@default http')!;
    expect(http.traffic.rates).toMatchObject({ http: '2.50', http5xx: '0.50', httpPercentErr: '20.0' });
    expect(http.isMTLS).toBe('100');
    expect(v.node('workload:reviews-v2@default')!.traffic).toContainEqual({
      protocol: 'http',
      rates: { httpIn: '2.50', httpIn5xx: '0.50' },
    });
  });

  it('pairs a to-edge with the waypoint’s edge back as fromEdge, which leaves the waypoint’s edges', async () => {
    const back = throughWaypoint().find((s) => s.labels.source_workload === 'waypoint')!;
    const reverse: Series = {
      ...back,
      labels: {
        ...back.labels,
        destination_workload: 'productpage-v1',
        destination_canonical_service: 'productpage',
        destination_canonical_revision: 'v1',
        destination_service: 'productpage.default.svc.cluster.local',
        destination_service_name: 'productpage',
      },
      value: 6000,
    };
    const v = view(await graphOf([...series(), reverse]));
    const to = v.edges.get('workload:productpage-v1@default -> workload:waypoint@default tcp')!;
    expect(to.waypoint?.direction).toBe('to');
    expect(to.waypoint?.fromEdge).toMatchObject({
      traffic: { protocol: 'tcp', rates: { tcp: '10.00' } },
      waypoint: { direction: 'from' },
    });
    expect(v.edges.has('workload:waypoint@default -> workload:productpage-v1@default tcp')).toBe(false);
  });

  it('waypoints=false removes the waypoint and its edges; nodes kept by other edges stay', async () => {
    const noV1Http = series().filter(
      (s) => !(s.name === 'istio_requests_total' && s.labels.destination_workload === 'reviews-v1'),
    );
    const v = view(await graphOf(noV1Http, { showWaypoints: false }));
    expect(v.nodes).not.toContain('workload:waypoint@default');
    expect([...v.edges.keys()].filter((k) => k.includes('waypoint'))).toEqual([]);
    expect(v.edges.has('workload:productpage-v1@default -> workload:reviews-v2@default http')).toBe(true);
    // reviews-v1 had only its L4 edge from the waypoint: orphaned, it leaves the graph too; reviews-v3 calls ratings
    expect(v.nodes).toContain('workload:reviews-v3@default');
    expect(v.nodes).not.toContain('workload:reviews-v1@default');
  });

  it('without the ambient appender waypoints are plain workloads (Kiali builds its waypoint map only for it)', async () => {
    const v = view(await graphOf(series(), { appenders: { all: false, names: ['meshCheck'] } }));
    expect(v.node('workload:waypoint@default')!.isWaypoint).toBeUndefined();
    expect(v.edges.get('workload:productpage-v1@default -> workload:waypoint@default tcp')!.waypoint).toBeUndefined();
  });

  it('an app graph keeps the waypoint a workload node and injects no service node next to it', async () => {
    const v = view(await graphOf(series(), { graphType: 'app', injectServiceNodes: true }));
    expect(v.nodes).toContain('workload:waypoint@default');
    expect(v.edges.has('app:productpage@default -> workload:waypoint@default tcp')).toBe(true);
    expect(v.edges.has('workload:waypoint@default -> app:reviews@default tcp')).toBe(true);
    expect(v.edges.has('app:productpage@default -> service:reviews@default tcp')).toBe(false);
  });

  it('a waypoint node graph reads inbound TCP from the client ztunnel and outbound from the server one', () => {
    const o = options();
    const q = nodeTrafficQueries(o, { namespace: 'default', workload: 'waypoint' }, 600, true, true).filter((d) =>
      d.metric.startsWith('istio_tcp'),
    );
    expect(q.map((d) => /reporter=~?"([^"]+)"/.exec(d.promql)![1])).toEqual([
      'waypoint|source',
      'waypoint|destination',
    ]);
    const plain = nodeTrafficQueries(o, { namespace: 'default', workload: 'reviews-v1' }, 600, true, false).filter(
      (d) => d.metric.startsWith('istio_tcp'),
    );
    expect(plain.map((d) => /reporter=~?"([^"]+)"/.exec(d.promql)![1])).toEqual(['destination', 'source']);
  });
});

describe('mTLS of ambient edges (securityPolicy, Kiali security_policy.go)', () => {
  const series = () => [
    ...throughWaypoint(),
    waypointRequests('reviews-v1', 'v1', '200', 3),
    waypointRequests('reviews-v2', 'v2', '200', 2),
  ];

  for (const graphType of ['app', 'versionedApp'] as const) {
    it(`${graphType} graph: ztunnel legs to and from the waypoint and the waypoint's L7 edges are mTLS`, async () => {
      const v = view(await graphOf(series(), { graphType }));
      // versionedApp nodes are labelled by their workload in the view
      const pp = graphType === 'app' ? 'app:productpage@default' : 'app:productpage-v1@default';
      const wpEdges = [...v.edges].filter(([k]) => k.includes('workload:waypoint@default'));
      expect(wpEdges.length).toBeGreaterThanOrEqual(2);
      for (const [k, e] of wpEdges) expect(e.isMTLS, k).toBe('100');
      // the waypoint-reported requests (reporter="waypoint") carry mutual_tls and the client's principal
      const l7 = [...v.edges].filter(([k]) => k.startsWith(`${pp} -> `) && k.endsWith(' http'));
      expect(l7.length).toBeGreaterThan(0);
      for (const [k, e] of l7) {
        expect(e.isMTLS, k).toBe('100');
        expect(e.sourcePrincipal, k).toBe('spiffe://cluster.local/ns/default/sa/bookinfo-productpage');
      }
      // plain ztunnel L4 edges keep their principals
      const details = [...v.edges].find(([k]) => k.startsWith(`${pp} -> `) && k.includes('details'))![1];
      expect(details).toMatchObject({
        isMTLS: '100',
        destPrincipal: 'spiffe://cluster.local/ns/default/sa/bookinfo-details',
      });
    });
  }

  it('reads ztunnel’s source-reported rows (ztunnel → sidecar): total and ztunnel, not waypoint', async () => {
    const sourceOnly = ZTUNNEL.filter(
      (s) => s.labels.destination_workload !== 'details-v1' || s.labels.reporter === 'source',
    );
    const key = 'workload:productpage-v1@default -> workload:details-v1@default tcp';
    for (const ambient of ['total', 'ztunnel'] as const) {
      const asked: string[] = [];
      const rates = { http: 'requests', grpc: 'requests', tcp: 'sent', ambient } as const;
      const v = view(await graphOf(sourceOnly, { rates }, asked));
      expect(v.edges.get(key)!.isMTLS, ambient).toBe('100');
      const security = asked.filter((q) => q.includes('destination_principal,connection_security_policy'));
      expect(security.filter((q) => q.includes('app="ztunnel",reporter="source"'))).toHaveLength(1);
    }
    const asked: string[] = [];
    const rates = { http: 'requests', grpc: 'requests', tcp: 'sent', ambient: 'waypoint' } as const;
    await graphOf(sourceOnly, { rates }, asked);
    expect(asked.filter((q) => q.includes('app="ztunnel",reporter="source"'))).toEqual([]);
  });

  it('counts a flow both ztunnels report once (PromQL OR keeps one label set): plaintext shares stay right', async () => {
    // traffic-gen → productpage: mTLS rows from both ztunnels, plus as much plaintext seen by the server's ztunnel
    const mtls = ZTUNNEL.filter(
      (s) =>
        s.labels.source_workload === 'traffic-gen' &&
        s.labels.reporter === 'destination' &&
        s.name === 'istio_tcp_sent_bytes_total', // the security query's metric for tcp=sent (Kiali's choice)
    );
    expect(mtls).toHaveLength(1);
    const plain = { ...mtls[0]!, labels: { ...mtls[0]!.labels, connection_security_policy: 'none' } };
    const v = view(await graphOf([...ZTUNNEL, plain]));
    expect(v.edges.get('workload:traffic-gen@default -> workload:productpage-v1@default tcp')!.isMTLS).toBe('50');
  });
});
