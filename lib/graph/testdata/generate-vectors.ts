/**
 * Generates `bookinfo.vectors.json`: what Prometheus answers to each graph query (keyed by query id, see
 * `lib/graph/queries.ts`) for the bookinfo scenario in README.md. Each flow is written once with
 * Istio's full label set (as in `lib/demo/testdata/prometheus/istio-1.11-sidecar-merged.excerpt.prom`), emitted
 * for the reporters that really report it, then filtered by the query's selector and projected onto its
 * `by (...)` labels (empty labels dropped, equal label sets summed), as Prometheus does.
 *
 * Run: npx tsx lib/graph/testdata/generate-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GROUP_BY_GRPC_MESSAGES, GROUP_BY_REQUESTS, GROUP_BY_TCP } from '../queries';

type Labels = Record<string, string>;
interface Series {
  metric: string;
  labels: Labels;
  value: number;
  p95?: number;
  bytes?: number;
}

const C = 'Kubernetes';
const spiffe = (ns: string, sa: string) => `spiffe://cluster.local/ns/${ns}/sa/${sa}`;

interface Peer {
  ns: string;
  wl: string;
  app: string;
  ver: string;
  sa: string;
  svc?: string;
}
const unknownPeer: Peer = { ns: 'unknown', wl: 'unknown', app: 'unknown', ver: 'unknown', sa: '' };
const P = (ns: string, wl: string, app: string, ver: string, sa: string, svc?: string): Peer => ({
  ns,
  wl,
  app,
  ver,
  sa,
  svc,
});

const ingress = P(
  'istio-system',
  'istio-ingressgateway',
  'istio-ingressgateway',
  'latest',
  'istio-ingressgateway-service-account',
);
const productpage = P('bookinfo', 'productpage-v1', 'productpage', 'v1', 'bookinfo-productpage', 'productpage');
const details = P('bookinfo', 'details-v1', 'details', 'v1', 'bookinfo-details', 'details');
const reviews = (v: string) => P('bookinfo', `reviews-${v}`, 'reviews', v, 'bookinfo-reviews', 'reviews');
const ratings = P('bookinfo', 'ratings-v1', 'ratings', 'v1', 'bookinfo-ratings', 'ratings');
const mongodb = P('bookinfo', 'mongodb-v1', 'mongodb', 'v1', 'default', 'mongodb');
const curl = P('echo', 'curl-v1', 'curl', 'v1', 'curl');
const tcpEcho = P('echo', 'tcp-echo-v1', 'tcp-echo', 'v1', 'default', 'tcp-echo');
const greeter = P('echo', 'greeter-v1', 'greeter', 'v1', 'greeter', 'greeter');

interface Flow {
  from: Peer;
  to: Peer;
  /** For destinations without a workload (service entries): the requested host. */
  host?: string;
  protocol: 'http' | 'grpc' | 'tcp';
  /** [response_code, rate, response_flags, grpc_response_status?]; TCP uses one entry with the byte rate. */
  codes: [string, number, string, string?][];
  reporters: ('source' | 'destination')[];
  mtls?: boolean;
  p95?: number;
  bytes?: number;
}

/** An HTTP flow between two sidecars: mTLS, reported by the source and the destination proxy. */
const meshHttp = (from: Peer, to: Peer, sizes: Pick<Flow, 'p95' | 'bytes'>, ...codes: Flow['codes']): Flow => ({
  from,
  to,
  protocol: 'http',
  codes,
  reporters: ['source', 'destination'],
  mtls: true,
  ...sizes,
});

const flows: Flow[] = [
  meshHttp(ingress, productpage, { p95: 48.5, bytes: 5120.4 }, ['200', 9.8, '-'], ['500', 0.2, '-']),
  {
    from: unknownPeer,
    to: productpage,
    protocol: 'http',
    codes: [['200', 0.5, '-']],
    reporters: ['destination'],
    mtls: false,
    p95: 20,
  },
  meshHttp(productpage, details, { p95: 4.2, bytes: 1780 }, ['200', 9.4, '-'], ['0', 0.1, 'DC']),
  meshHttp(productpage, reviews('v1'), { p95: 9.9 }, ['200', 3.3, '-']),
  meshHttp(productpage, reviews('v2'), { p95: 24.7 }, ['200', 3.3, '-']),
  meshHttp(productpage, reviews('v3'), { p95: 30.1 }, ['200', 3.3, '-']),
  meshHttp(reviews('v2'), ratings, { p95: 2.5 }, ['200', 3.3, '-']),
  meshHttp(reviews('v3'), ratings, { p95: 3.5 }, ['200', 3.0, '-'], ['503', 0.3, 'UF']),
  { from: ratings, to: mongodb, protocol: 'tcp', codes: [['-', 512.3, '-']], reporters: ['source'] },
  {
    from: details,
    to: { ...unknownPeer, ns: 'bookinfo', svc: 'www.googleapis.com' },
    host: 'www.googleapis.com',
    protocol: 'http',
    codes: [['200', 0.2, '-']],
    reporters: ['source'],
    p95: 120,
  },
  meshHttp(curl, productpage, { p95: 40 }, ['200', 1.0, '-']),
  // no healthy upstream: never reached a reviews pod, source-reported only (query #0 of bookinfo)
  {
    from: curl,
    to: { ...unknownPeer, ns: 'bookinfo', svc: 'reviews' },
    protocol: 'http',
    codes: [['503', 0.05, 'UH']],
    reporters: ['source'],
    mtls: true,
  },
  {
    from: curl,
    to: tcpEcho,
    protocol: 'tcp',
    codes: [['-', 100, '-']],
    reporters: ['source', 'destination'],
    mtls: true,
  },
  {
    from: curl,
    to: greeter,
    protocol: 'grpc',
    codes: [
      ['200', 1.9, '-', '0'],
      ['200', 0.1, '-', '14'],
    ],
    reporters: ['source', 'destination'],
    mtls: true,
    p95: 7,
  },
];

function seriesOf(f: Flow): Series[] {
  const out: Series[] = [];
  const svcName = f.to.svc ?? 'unknown';
  const destService = f.host ?? (f.to.svc ? `${f.to.svc}.${f.to.ns}.svc.cluster.local` : 'unknown');
  for (const reporter of f.reporters) {
    for (const [code, value, flags, grpcStatus] of f.codes) {
      const base: Labels = {
        reporter,
        source_workload: f.from.wl,
        source_canonical_service: f.from.app,
        source_canonical_revision: f.from.ver,
        source_workload_namespace: f.from.ns,
        source_principal: f.mtls && f.from.sa ? spiffe(f.from.ns, f.from.sa) : 'unknown',
        source_app: f.from.app,
        source_version: f.from.ver,
        source_cluster: f.from.ns === 'unknown' ? 'unknown' : C,
        destination_workload: f.to.wl,
        destination_workload_namespace: f.to.wl === 'unknown' ? 'unknown' : f.to.ns,
        destination_principal: f.mtls && f.to.sa ? spiffe(f.to.ns, f.to.sa) : 'unknown',
        destination_app: f.to.app,
        destination_version: f.to.ver,
        destination_service: destService,
        destination_canonical_service: f.to.app,
        destination_canonical_revision: f.to.ver,
        destination_service_name: f.host ?? svcName,
        destination_service_namespace: f.to.ns,
        destination_cluster: f.to.wl === 'unknown' ? 'unknown' : C,
        connection_security_policy: reporter === 'destination' ? (f.mtls ? 'mutual_tls' : 'none') : 'unknown',
        response_flags: flags,
      };
      if (f.protocol === 'tcp') {
        out.push(
          { metric: 'istio_tcp_received_bytes_total', labels: base, value },
          { metric: 'istio_tcp_sent_bytes_total', labels: base, value: value * 4 },
        );
      } else {
        const labels = {
          ...base,
          request_protocol: f.protocol,
          response_code: code,
          grpc_response_status: grpcStatus ?? '',
        };
        out.push({ metric: 'istio_requests_total', labels, value, p95: f.p95, bytes: f.bytes });
      }
    }
  }
  return out;
}

const all = flows.flatMap(seriesOf);

function project(rows: { labels: Labels; value: number }[], by: string[]): { metric: Labels; value: number }[] {
  const acc = new Map<string, { metric: Labels; value: number }>();
  for (const r of rows) {
    const metric: Labels = {};
    for (const l of by) if (r.labels[l]) metric[l] = r.labels[l]!;
    const k = JSON.stringify(metric);
    const hit = acc.get(k);
    if (hit) hit.value = Math.round((hit.value + r.value) * 1000) / 1000;
    else acc.set(k, { metric, value: Math.round(r.value * 1000) / 1000 });
  }
  return [...acc.values()];
}

const SECURITY_BY =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,source_principal,destination_cluster,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,destination_principal,connection_security_policy'.split(
    ',',
  );
const RT_BY = `${GROUP_BY_GRPC_MESSAGES},request_protocol`.split(',');

const out: Record<string, { metric: Labels; value: number }[]> = {};
for (const ns of ['bookinfo', 'echo', 'istio-system']) {
  const sel = {
    unserviced: (s: Series) =>
      s.labels.reporter === 'source' &&
      s.labels.source_workload_namespace !== ns &&
      s.labels.destination_workload_namespace === 'unknown' &&
      s.labels.destination_workload === 'unknown' &&
      new RegExp(`^.+\\.${ns}\\..+$`).test(s.labels.destination_service!),
    incoming: (s: Series) => s.labels.reporter === 'destination' && s.labels.destination_workload_namespace === ns,
    outgoing: (s: Series) => s.labels.reporter === 'source' && s.labels.source_workload_namespace === ns,
  };
  for (const [metric, by] of [
    ['istio_requests_total', GROUP_BY_REQUESTS],
    ['istio_tcp_received_bytes_total', GROUP_BY_TCP],
  ] as const) {
    const ofMetric = all.filter((s) => s.metric === metric);
    [sel.unserviced, sel.incoming, sel.outgoing].forEach((f, i) => {
      out[`${ns}/traffic/${metric}/${i}`] = project(ofMetric.filter(f), by.split(','));
    });
  }
  const requests = all.filter((s) => s.metric === 'istio_requests_total');
  // a quantile per label set, not a sum: take the flow's p95
  const rt = (f: (s: Series) => boolean) => {
    const rows = new Map<string, { metric: Labels; value: number }>();
    for (const s of requests.filter((x) => f(x) && x.p95 !== undefined)) {
      const [r] = project([{ labels: s.labels, value: s.p95! }], RT_BY);
      if (r && !rows.has(JSON.stringify(r.metric))) rows.set(JSON.stringify(r.metric), r);
    }
    return [...rows.values()];
  };
  out[`${ns}/responseTime/istio_request_duration_milliseconds_bucket/0`] = rt(
    (s) => s.labels.reporter === 'destination' && s.labels.destination_service_namespace === ns,
  );
  out[`${ns}/responseTime/istio_request_duration_milliseconds_bucket/1`] = rt(
    (s) => s.labels.reporter === 'source' && s.labels.source_workload_namespace === ns,
  );
  const tp = (f: (s: Series) => boolean) =>
    project(
      requests
        .filter((s) => f(s) && s.bytes !== undefined)
        .map((s) => ({ labels: s.labels, value: s.bytes! * (s.value / 10) })),
      GROUP_BY_GRPC_MESSAGES.split(','),
    );
  out[`${ns}/throughput/istio_response_bytes_sum/0`] = tp(
    (s) =>
      s.labels.reporter === 'destination' &&
      s.labels.source_workload_namespace !== ns &&
      s.labels.destination_service_namespace === ns,
  );
  out[`${ns}/throughput/istio_response_bytes_sum/1`] = tp(
    (s) => s.labels.reporter === 'destination' && s.labels.source_workload_namespace === ns,
  );
  const secure = all.filter(
    (s) =>
      s.labels.reporter === 'destination' &&
      (s.metric === 'istio_requests_total' || s.metric === 'istio_tcp_sent_bytes_total'),
  );
  out[`${ns}/securityPolicy/istio_requests_total/0`] = project(
    secure.filter((s) => s.labels.source_workload_namespace !== ns && s.labels.destination_service_namespace === ns),
    SECURITY_BY,
  );
  out[`${ns}/securityPolicy/istio_requests_total/1`] = project(
    secure.filter((s) => s.labels.source_workload_namespace === ns),
    SECURITY_BY,
  );
}

writeFileSync(path.join(__dirname, 'bookinfo.vectors.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(
  `wrote ${Object.keys(out).length} vectors, ${Object.values(out).reduce((n, v) => n + v.length, 0)} samples`,
);
