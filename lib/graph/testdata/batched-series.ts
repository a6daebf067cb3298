/**
 * Test support: the raw series of a four-namespace mesh that exercise every per-namespace query of the graph, for
 * the tests that compare the batched strategy (lib/graph/batched-queries.ts) and the recorded series with Kiali's
 * per-namespace queries (`batched-queries.test.ts`, `batched-appenders.test.ts`), answered by the Prometheus stand-in
 * (`series-prometheus.ts`). The flows cover every traffic selector: cross-namespace HTTP, gRPC and TCP flows reported
 * by both proxies, a sidecar-less client, requests that reached no workload (one host naming two selected
 * namespaces), an ambient namespace's source-only ingress and waypoint rows, and an external host. Every request
 * flow also has the series of the appenders' queries: its duration histogram (`_bucket` with `le`, `_sum`, `_count`,
 * so responseTime has quantiles and averages), its request and response bytes (throughput), and every flow its
 * principals (securityPolicy); one flow within `back` and one plain-text flow give the `!=` selectors and the
 * mTLS share something to tell apart.
 */
import { RECORDED_PREFIX } from '../queries';
import { RECORDING_RULES } from '../recording-rules';
import type { GraphInventory, GraphOptions } from '../types';
import { graphOptions, QUERY_TIME } from './fixtures';
import type { Series } from './series-prometheus';

/** The query time of the graphs over these series (the bookinfo fixtures'). */
export { QUERY_TIME };
const C = 'Kubernetes';

interface Peer {
  ns: string;
  wl: string;
  app: string;
  ver: string;
}
const peer = (ns: string, wl: string, app = wl.replace(/-v\d+$/, ''), ver = 'v1'): Peer => ({ ns, wl, app, ver });
const UNKNOWN: Peer = { ns: 'unknown', wl: 'unknown', app: 'unknown', ver: 'unknown' };

/** One flow's series: every reporter given, Istio's full label set plus the pod labels a scrape adds. */
function flow(
  metric: string,
  reporters: string[],
  src: Peer,
  dst: Peer,
  host: string,
  value: number,
  extra: Record<string, string> = {},
): Series[] {
  const svcNs = host.split('.')[1] ?? 'unknown';
  return reporters.map((reporter, i) => ({
    name: metric,
    value,
    labels: {
      reporter,
      source_cluster: src === UNKNOWN ? 'unknown' : C,
      source_workload_namespace: src.ns,
      source_workload: src.wl,
      source_canonical_service: src.app,
      source_canonical_revision: src.ver,
      destination_cluster: C,
      destination_service_namespace: svcNs,
      destination_service: host,
      destination_service_name: host.split('.')[0]!,
      destination_workload_namespace: dst.ns,
      destination_workload: dst.wl,
      destination_canonical_service: dst.app,
      destination_canonical_revision: dst.ver,
      connection_security_policy: 'mutual_tls',
      source_principal: src === UNKNOWN ? 'unknown' : `spiffe://cluster.local/ns/${src.ns}/sa/${src.app}`,
      destination_principal: `spiffe://cluster.local/ns/${dst.ns}/sa/${dst.app}`,
      instance: `10.0.0.${i + 1}:15020`,
      pod: `${reporter === 'source' ? src.wl : dst.wl}-abc${i}`,
      app: reporter === 'source' ? src.app : dst.app,
      ...extra,
    },
  }));
}

const http = (code: string, flags = '-') => ({
  request_protocol: 'http',
  response_code: code,
  grpc_response_status: '',
  response_flags: flags,
});
const grpc = { request_protocol: 'grpc', response_code: '200', grpc_response_status: '0', response_flags: '-' };
const BOTH = ['source', 'destination'];
const WEB = peer('front', 'web-v1');
const API = peer('back', 'api-v1');
const API2 = peer('back', 'api-v2', 'api', 'v2');
const DB = peer('data', 'db-v1');
const MESHAPP = peer('mesh', 'app-v1');
const WAYPOINT = peer('mesh', 'waypoint', 'waypoint', 'latest');

const LE = ['5', '25', '100', '500', '+Inf'];

/**
 * The appenders' series of a request flow's series `s` (count `v` over the window): its duration histogram (fast
 * or slow by `v`, so flows have different quantiles and averages), and request and response bytes.
 */
function appenderSeries(s: Series): Series[] {
  if (s.name !== 'istio_requests_total') return [];
  const v = s.value;
  const shares = v >= 100 ? [0.1, 0.4, 0.7, 0.9, 1] : [0.3, 0.6, 0.9, 0.97, 1];
  const of = (name: string, value: number, extra: Record<string, string> = {}) => ({
    name,
    value,
    labels: { ...s.labels, ...extra },
  });
  return [
    ...LE.map((le, i) => of('istio_request_duration_milliseconds_bucket', v * shares[i]!, { le })),
    of('istio_request_duration_milliseconds_sum', v * (10 + (v % 50))),
    of('istio_request_duration_milliseconds_count', v),
    of('istio_request_bytes_sum', v * 100),
    of('istio_response_bytes_sum', v * 250),
  ];
}

/** Two pods of each reporter, so the recording rules' sum over pods is exercised. */
export function series(): Series[] {
  const twice = (s: Series[]) => [...s, ...s.map((x) => ({ ...x, labels: { ...x.labels, pod: `${x.labels.pod}-2` } }))];
  const withAppenders = (s: Series[]) => [...s, ...s.flatMap(appenderSeries)];
  return twice(
    withAppenders([
      ...flow('istio_requests_total', BOTH, WEB, API, 'api.back.svc.cluster.local', 600, http('200')),
      ...flow('istio_requests_total', BOTH, WEB, API2, 'api.back.svc.cluster.local', 60, http('503', 'UF')),
      ...flow('istio_requests_total', BOTH, API, DB, 'db.data.svc.cluster.local', 120, grpc),
      // within `back` (not in the appenders' "from other namespaces" queries), a second client of api-v1, plain text
      ...flow('istio_requests_total', BOTH, API2, API, 'api.back.svc.cluster.local', 36, {
        ...http('200'),
        connection_security_policy: 'none',
      }),
      ...flow('istio_requests_total', BOTH, WEB, DB, 'db.data.svc.cluster.local', 48, {
        ...http('200'),
        connection_security_policy: 'none',
      }),
      ...flow('istio_request_messages_total', BOTH, API, DB, 'db.data.svc.cluster.local', 240),
      ...flow('istio_response_messages_total', BOTH, API, DB, 'db.data.svc.cluster.local', 300),
      ...flow('istio_requests_total', ['destination'], UNKNOWN, WEB, 'web.front.svc.cluster.local', 30, http('200')),
      // reached no workload: one host in `back`, one naming both `back` and `data`, one of the source's own namespace
      ...flow('istio_requests_total', ['source'], WEB, UNKNOWN, 'api.back.svc.cluster.local', 12, http('503', 'NR')),
      ...flow('istio_requests_total', ['source'], WEB, UNKNOWN, 'x.back.data.svc', 6, http('503', 'NR')),
      ...flow('istio_requests_total', ['source'], API, UNKNOWN, 'cache.back.svc.cluster.local', 18, http('503', 'NR')),
      ...flow('istio_requests_total', ['source'], API, UNKNOWN, 'www.example.com', 24, http('200')),
      ...flow('istio_tcp_received_bytes_total', BOTH, API, DB, 'db.data.svc.cluster.local', 6000, {
        response_flags: '-',
      }),
      ...flow('istio_tcp_sent_bytes_total', BOTH, API, DB, 'db.data.svc.cluster.local', 9000, { response_flags: '-' }),
      // ambient `mesh`: source-only ingress (no destination proxy), waypoint-reported requests, ztunnel TCP
      ...flow('istio_requests_total', ['source'], WEB, MESHAPP, 'app.mesh.svc.cluster.local', 90, http('200')),
      ...flow('istio_requests_total', ['waypoint'], WEB, MESHAPP, 'app.mesh.svc.cluster.local', 90, http('200')),
      ...flow('istio_tcp_received_bytes_total', BOTH, WEB, WAYPOINT, 'app.mesh.svc.cluster.local', 3000, {
        app: 'ztunnel',
        response_flags: '-',
      }),
    ]),
  );
}

/** The recorded series the rules would write: each rule's metric summed by its labels, renamed `workload:<metric>`. */
export function recordedSeries(raw: Series[]): Series[] {
  const out = new Map<string, Series>();
  for (const rule of RECORDING_RULES) {
    for (const s of raw.filter((x) => x.name === rule.metric)) {
      const labels = Object.fromEntries(rule.labels.filter((l) => s.labels[l]).map((l) => [l, s.labels[l]!]));
      const key = `${rule.metric}${JSON.stringify(labels)}`;
      const r = out.get(key);
      if (r) r.value += s.value;
      else out.set(key, { name: `${RECORDED_PREFIX}${rule.metric}`, labels, value: s.value });
    }
  }
  return [...out.values()];
}

export const NAMESPACES = ['front', 'back', 'data', 'mesh'];

export function inventory(): GraphInventory {
  const wl = (p: Peer, extra: Record<string, unknown> = {}) => ({
    namespace: p.ns,
    name: p.wl,
    kind: 'Deployment',
    labels: { app: p.app, version: p.ver },
    podCount: 1,
    sidecarInjected: p.ns !== 'mesh',
    ...extra,
  });
  return {
    cluster: C,
    namespaces: NAMESPACES.map((name) => ({
      name,
      labels: (name === 'mesh' ? { 'istio.io/dataplane-mode': 'ambient' } : {}) as Record<string, string>,
      creationTimestamp: '2024-01-01T00:00:00Z',
    })),
    workloads: [
      wl(WEB),
      wl(API),
      wl(API2),
      wl(DB),
      wl(MESHAPP, { ambient: true }),
      wl(WAYPOINT, { waypoint: true, labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } }),
    ],
    services: [],
    istioConfig: [],
  };
}

export function options(over: Partial<GraphOptions> = {}): GraphOptions {
  return graphOptions({
    graphType: 'versionedApp',
    namespaces: NAMESPACES,
    injectServiceNodes: true,
    boxBy: ['namespace'],
    ...over,
  });
}
