/**
 * Test fixture (used only by *.test.ts): one bookinfo request as Jaeger v1 returns it (UI JSON, times in µs),
 * with the tags Envoy writes: productpage → reviews-v2 → ratings, the ratings call aborted by fault injection.
 */
function span(
  spanID: string,
  parent: string | null,
  processID: string,
  op: string,
  startUs: number,
  durationUs: number,
  tags: Record<string, string | boolean>,
) {
  return {
    traceID: 'a1b2c3d4e5f60718',
    spanID,
    operationName: op,
    references: parent ? [{ refType: 'CHILD_OF', traceID: 'a1b2c3d4e5f60718', spanID: parent }] : [],
    startTime: startUs,
    duration: durationUs,
    tags: Object.entries(tags).map(([key, value]) => ({
      key,
      type: typeof value === 'boolean' ? 'bool' : 'string',
      value,
    })),
    logs: [],
    processID,
    warnings: null,
  };
}

const node = (kind: string, pod: string, ns: string) => `${kind}~10.244.0.7~${pod}.${ns}~${ns}.svc.cluster.local`;

export const ISTIO_V1_TRACE = {
  traceID: 'a1b2c3d4e5f60718',
  spans: [
    span(
      '0000000000000001',
      null,
      'p1',
      'productpage.bookinfo.svc.cluster.local:9080/productpage',
      1_700_000_000_000_000,
      45_250,
      {
        'span.kind': 'server',
        node_id: node('sidecar', 'productpage-v1-abc12', 'bookinfo'),
        'http.status_code': '200',
        upstream_cluster: 'inbound|9080||',
      },
    ),
    span(
      '0000000000000002',
      '0000000000000001',
      'p1',
      'reviews.bookinfo.svc.cluster.local:9080/*',
      1_700_000_000_002_000,
      30_000,
      {
        'span.kind': 'client',
        node_id: node('sidecar', 'productpage-v1-abc12', 'bookinfo'),
        'http.status_code': '200',
        upstream_cluster: 'outbound|9080|v2|reviews.bookinfo.svc.cluster.local',
      },
    ),
    span(
      '0000000000000003',
      '0000000000000002',
      'p2',
      'reviews.bookinfo.svc.cluster.local:9080/*',
      1_700_000_000_003_000,
      28_000,
      {
        'span.kind': 'server',
        node_id: node('sidecar', 'reviews-v2-abc12', 'bookinfo'),
        'http.status_code': '200',
      },
    ),
    span(
      '0000000000000004',
      '0000000000000003',
      'p2',
      'ratings.bookinfo.svc.cluster.local:9080/*',
      1_700_000_000_004_000,
      180,
      {
        'span.kind': 'client',
        node_id: node('sidecar', 'reviews-v2-abc12', 'bookinfo'),
        'http.status_code': '500',
        response_flags: 'FI',
        upstream_cluster: 'outbound|9080|v1|ratings.bookinfo.svc.cluster.local',
        error: true,
      },
    ),
  ],
  processes: {
    p1: { serviceName: 'productpage.bookinfo', tags: [] },
    p2: { serviceName: 'reviews.bookinfo', tags: [] },
  },
  warnings: null,
};
