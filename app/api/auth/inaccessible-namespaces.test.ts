import { afterAll, describe, expect, it } from 'vitest';
import { POST as loginHandler } from '@/app/api/auth/login/route';
import { GET as appTracesHandler } from '@/app/api/namespaces/[namespace]/apps/[app]/traces/route';
import { GET as graphHandler } from '@/app/api/namespaces/graph/route';
import { GET as traceHandler } from '@/app/api/traces/[traceId]/route';
import { INGRESS_TO_PRODUCTPAGE, pageRequest, params, route, tokenSessionsForFile } from '@/lib/auth/test-helpers';
import type { Trace, TraceResponse, TracesResponse } from '@/lib/contracts/traces';
import { BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { NOT_FOUND, startFakeJaeger, type FakeJaeger } from '@/lib/jaeger/fake-jaeger';
import { ISTIO_V1_TRACE } from '@/lib/server/testdata/istio-trace';

/**
 * Issue 12: a viewer sees nothing of the namespaces they cannot read. bookinfo-viewer may get bookinfo only; the
 * demo admin (DEMO_TOKEN) may get everything.
 */
const trace = route(traceHandler);
const appTraces = route(appTracesHandler);
const graph = route(graphHandler);

const TRACE_ID = 'a1b2c3d4e5f60718';
/** The bookinfo trace behind the ingress gateway: one istio-system span at the root, above productpage's. */
const GATEWAY_TRACE = {
  ...ISTIO_V1_TRACE,
  spans: [
    {
      ...ISTIO_V1_TRACE.spans[0]!,
      spanID: '00000000000000a0',
      operationName: 'productpage.bookinfo.svc.cluster.local:9080/productpage',
      startTime: 1_699_999_999_999_000,
      duration: 47_000,
      processID: 'p0',
      tags: [
        {
          key: 'node_id',
          type: 'string',
          value: 'router~10.244.0.2~istio-ingressgateway-abc.istio-system~istio-system.svc.cluster.local',
        },
      ],
    },
    {
      ...ISTIO_V1_TRACE.spans[0]!,
      references: [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: '00000000000000a0' }],
    },
    ...ISTIO_V1_TRACE.spans.slice(1),
  ],
  processes: { ...ISTIO_V1_TRACE.processes, p0: { serviceName: 'istio-ingressgateway.istio-system', tags: [] } },
};
/** A trace of istio-system only. */
const SYSTEM_ONLY_ID = '00000000000000bb';
const SYSTEM_ONLY = {
  ...GATEWAY_TRACE,
  traceID: SYSTEM_ONLY_ID,
  spans: [{ ...GATEWAY_TRACE.spans[0]!, traceID: SYSTEM_ONLY_ID }],
};

let jaeger: FakeJaeger;

const { env, signIn } = tokenSessionsForFile(loginHandler, async () => {
  jaeger = await startFakeJaeger(({ path }) => {
    if (path === '/api/services')
      return { status: 200, body: { data: ['productpage.bookinfo', 'istio-ingressgateway.istio-system'] } };
    if (path === '/api/traces') return { status: 200, body: { data: [GATEWAY_TRACE, SYSTEM_ONLY], total: 2 } };
    if (path === `/api/traces/${TRACE_ID}`) return { status: 200, body: { data: [GATEWAY_TRACE] } };
    if (path === `/api/traces/${SYSTEM_ONLY_ID}`) return { status: 200, body: { data: [SYSTEM_ONLY] } };
    return NOT_FOUND;
  });
  return { JAEGER_URL: jaeger.url };
});
afterAll(async () => {
  await jaeger?.close();
});

const traceOf = async (res: Response) => ((await res.json()) as TraceResponse).trace;
/** GET /api/traces/{id} as the user of `token`. */
const traceAs = async (token: string, id: string) =>
  trace(pageRequest(`/api/traces/${id}`, { cookie: await signIn(token) }), params({ traceId: id }));
/** The trace search of bookinfo's productpage app as the user of `token`. */
const appTracesAs = async (token: string) =>
  appTraces(
    pageRequest('/api/namespaces/bookinfo/apps/productpage/traces', { cookie: await signIn(token) }),
    params({ namespace: 'bookinfo', app: 'productpage' }),
  );

describe('traces: spans of namespaces the viewer cannot read are withheld (issue 12)', () => {
  it('the admin sees the whole trace, istio-system span included, with nothing withheld', async () => {
    const res = await traceAs(DEMO_TOKEN, TRACE_ID);
    expect(res.status).toBe(200);
    const t = await traceOf(res);
    expect(t.spanCount).toBe(5);
    expect(t.services).toContain('istio-ingressgateway.istio-system');
    expect(t.rootService).toBe('istio-ingressgateway.istio-system');
    expect(t.withheldSpans).toBeUndefined();
  });

  it('bookinfo-viewer gets the trace without the istio-system span, and how many spans were withheld', async () => {
    const res = await traceAs(BOOKINFO_VIEWER_TOKEN, TRACE_ID);
    expect(res.status).toBe(200);
    const t = await traceOf(res);
    expect(t.withheldSpans).toBe(1);
    expect(t.spanCount).toBe(4);
    expect(t.spans.map((s) => s.serviceName).every((s) => s.endsWith('.bookinfo'))).toBe(true);
    expect(t.services).toEqual(['productpage.bookinfo', 'reviews.bookinfo']);
    // the root, start and duration are the viewer's own spans', telling nothing of the gateway's
    expect(t.rootService).toBe('productpage.bookinfo');
    expect(t.startTimeMs).toBe(1_700_000_000_000);
    expect(t.durationMs).toBeCloseTo(45.25, 6);
    expect(JSON.stringify(t)).not.toContain('istio-system');
  });

  it('bookinfo-viewer gets 404 for a trace of istio-system only, as if it did not exist', async () => {
    const res = await traceAs(BOOKINFO_VIEWER_TOKEN, SYSTEM_ONLY_ID);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found:jaeger');
  });

  it('the trace search of a bookinfo app withholds the same span and drops the istio-system-only trace', async () => {
    const res = await appTracesAs(BOOKINFO_VIEWER_TOKEN);
    expect(res.status).toBe(200);
    const traces: Trace[] = ((await res.json()) as TracesResponse).traces;
    expect(traces.map((t) => [t.traceId, t.withheldSpans, t.spanCount])).toEqual([[TRACE_ID, 1, 4]]);
    const admin = await appTracesAs(DEMO_TOKEN);
    expect(((await admin.json()) as TracesResponse).traces.map((t) => t.spanCount)).toEqual([5, 1]);
  });
});

describe('graph: nodes the viewer cannot read carry no health (issue 12)', () => {
  interface NodeData {
    namespace: string;
    workload?: string;
    isInaccessible?: boolean;
    healthData?: unknown;
    hasHealthConfig?: unknown;
    traffic?: unknown;
  }
  const ingress = { ...INGRESS_TO_PRODUCTPAGE, response_code: '503', response_flags: 'UH' };

  async function workloadGraph(token: string): Promise<NodeData[]> {
    env.promAnswer = (q) =>
      q.includes('istio_requests_total{') && !q.includes('_bucket') ? [{ metric: ingress, value: [0, '4'] }] : [];
    // a minute ahead: the demo namespaces were created a moment ago, and the graph clips its window to their lifetime
    const queryTime = Math.floor(Date.now() / 1000) + 60;
    try {
      const url = `/api/namespaces/graph?namespaces=bookinfo&graphType=workload&duration=60s&queryTime=${queryTime}&appenders=health`;
      const res = await graph(pageRequest(url, { cookie: await signIn(token) }), params());
      expect(res.status).toBe(200);
      return ((await res.json()) as { elements: { nodes: { data: NodeData }[] } }).elements.nodes.map((n) => n.data);
    } finally {
      env.promAnswer = () => [];
    }
  }

  it('bookinfo-viewer: the istio-system gateway node is isInaccessible with healthData null and no node rates', async () => {
    const nodes = await workloadGraph(BOOKINFO_VIEWER_TOKEN);
    const gateway = nodes.find((n) => n.workload === 'istio-ingressgateway')!;
    expect(gateway).toMatchObject({ namespace: 'istio-system', isInaccessible: true, healthData: null });
    expect(gateway.traffic).toBeUndefined();
    expect(gateway.hasHealthConfig).toBeUndefined();
    // the viewer's own node keeps its health, which counts the gateway's requests (the viewer's own inbound traffic)
    const productpage = nodes.find((n) => n.workload === 'productpage-v1')!;
    expect(productpage.isInaccessible).toBeUndefined();
    expect(productpage.healthData).toMatchObject({ requests: { inbound: { http: { '503': 4 } } } });
  });

  it('the admin, who may read istio-system, gets the gateway node with its health (outside, not inaccessible)', async () => {
    const nodes = await workloadGraph(DEMO_TOKEN);
    const gateway = nodes.find((n) => n.workload === 'istio-ingressgateway')!;
    expect(gateway.isInaccessible).toBeUndefined();
    expect(gateway.healthData).toMatchObject({ requests: { outbound: { http: { '503': 4 } } } });
  });
});
