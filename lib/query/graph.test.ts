import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRAPH_PARAMS,
  buildGraphApiQuery,
  buildMetricsPath,
  graphAppenders,
  metricsStepSeconds,
  parseGraphParams,
  writeGraphParams,
  type GraphViewParams,
} from './graph';
import { graphApiPath, graphApiPathFor, nodeRefLabel, nodeRefOf, sameNodeRef } from './graph-url';
import type { NodeDataJson } from '@/lib/graph/types';

const global = { namespaces: ['bookinfo', 'tcp-echo'], durationSeconds: 600 };

describe('parseGraphParams', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseGraphParams(new URLSearchParams())).toEqual(DEFAULT_GRAPH_PARAMS);
  });

  it('reads every parameter under its Kiali name', () => {
    const p = parseGraphParams(
      new URLSearchParams(
        'graphType=workload&edges=rt99&layout=fcose&injectServiceNodes=false&idleNodes=true&idleEdges=true' +
          '&boxNamespace=false&badgeSecurity=true&animation=true&graphFind=rt%20%3E%201000&graphHide=name%20%3D%20unknown' +
          '&focusSelector=%5Bid%3D%22abc123%22%5D&nodeNamespace=bookinfo&nodeKind=app&nodeName=reviews&nodeVersion=v2' +
          '&waypoints=false&ambientTraffic=ztunnel&namespaceView=true&boxCluster=true',
      ),
    );
    expect(p).toEqual<GraphViewParams>({
      graphType: 'workload',
      edgeLabels: ['rt99'],
      layout: 'fcose',
      injectServiceNodes: false,
      idleNodes: true,
      idleEdges: true,
      boxByNamespace: false,
      boxByCluster: true,
      showSecurity: true,
      animation: true,
      showWaypoints: false,
      ambientTraffic: 'ztunnel',
      find: 'rt > 1000',
      hide: 'name = unknown',
      focus: 'abc123',
      node: { namespace: 'bookinfo', kind: 'app', name: 'reviews', version: 'v2' },
      namespaceView: true,
    });
  });

  it('reads the namespace view as chosen on, off, or automatic (absent or malformed), and writes it back', () => {
    const view = (q: string) => parseGraphParams(new URLSearchParams(q)).namespaceView;
    expect(view('namespaceView=true')).toBe(true);
    expect(view('namespaceView=false')).toBe(false);
    expect(view('namespaceView=yes')).toBeNull();
    expect(view('')).toBeNull();
    expect(writeGraphParams(new URLSearchParams(), { namespaceView: false }).get('namespaceView')).toBe('false');
    expect(
      writeGraphParams(new URLSearchParams('namespaceView=true'), { namespaceView: null }).has('namespaceView'),
    ).toBe(false);
  });

  it('falls back to defaults for unknown values and ignores malformed focus selectors', () => {
    const p = parseGraphParams(
      new URLSearchParams('graphType=mesh&edges=bogus&layout=cola&idleNodes=yes&focusSelector=node%5Bname%5D'),
    );
    expect(p.graphType).toBe('versionedApp');
    expect(p.edgeLabels).toEqual(['trafficRate']);
    expect(p.layout).toBeNull();
    expect(p.idleNodes).toBe(false);
    expect(p.focus).toBeNull();
  });

  it('reads several edge labels (Kiali: comma-separated), none, and one response time and throughput at most', () => {
    const labels = (edges: string) => parseGraphParams(new URLSearchParams({ edges })).edgeLabels;
    expect(labels('rt95,trafficRate')).toEqual(['trafficRate', 'rt95']);
    expect(labels('none')).toEqual([]);
    expect(labels('')).toEqual(['trafficRate']);
    expect(labels('bogus')).toEqual(['trafficRate']);
    expect(labels('rt50,rt99,throughputResponse,bogus,throughputRequest,rt99')).toEqual(['rt99', 'throughputRequest']);
    expect(writeGraphParams(new URLSearchParams(), { edgeLabels: [] }).get('edges')).toBe('none');
    expect(writeGraphParams(new URLSearchParams('edges=rt50'), { edgeLabels: ['trafficRate'] }).has('edges')).toBe(
      false,
    );
    expect(writeGraphParams(new URLSearchParams(), { edgeLabels: ['rt95', 'trafficRate'] }).get('edges')).toBe(
      'trafficRate,rt95',
    );
  });

  it('caps find/hide expressions at 1000 characters', () => {
    const p = parseGraphParams(new URLSearchParams({ graphFind: 'x'.repeat(5000) }));
    expect(p.find).toHaveLength(1000);
  });
});

describe('writeGraphParams', () => {
  it('round-trips a full view through the URL and keeps the shell parameters', () => {
    const view: GraphViewParams = {
      ...DEFAULT_GRAPH_PARAMS,
      graphType: 'service',
      edgeLabels: ['trafficRate', 'throughputRequest'],
      layout: 'grid',
      idleNodes: true,
      boxByNamespace: false,
      showSecurity: true,
      find: 'httpin > 1',
      hide: '!healthy',
      focus: 'e7f0',
      node: { namespace: 'bookinfo', kind: 'workload', name: 'reviews-v2' },
    };
    const url = writeGraphParams(new URLSearchParams('namespaces=bookinfo&duration=600'), view);
    expect(url.get('namespaces')).toBe('bookinfo');
    expect(url.get('duration')).toBe('600');
    expect(parseGraphParams(url)).toEqual(view);
  });

  it('omits defaults so links stay short, and removes parameters set back to their default', () => {
    const url = writeGraphParams(new URLSearchParams('graphType=app&animation=true&graphFind=x'), {
      ...DEFAULT_GRAPH_PARAMS,
    });
    expect(url.toString()).toBe('');
  });

  it('clears the focus with null', () => {
    const url = writeGraphParams(new URLSearchParams('focusSelector=%5Bid%3D%22a%22%5D'), { focus: null });
    expect(url.has('focusSelector')).toBe(false);
  });
});

describe('buildGraphApiQuery', () => {
  it('maps the defaults to the parameters Kiali sends (app boxes for versionedApp, namespace boxes)', () => {
    const q = new URLSearchParams(buildGraphApiQuery(global, DEFAULT_GRAPH_PARAMS));
    expect(q.get('namespaces')).toBe('bookinfo,tcp-echo');
    expect(q.get('graphType')).toBe('versionedApp');
    expect(q.get('duration')).toBe('600s');
    expect(q.get('injectServiceNodes')).toBe('true');
    expect(q.get('boxBy')).toBe('app,namespace');
    expect(q.get('includeIdleEdges')).toBe('false');
    expect(q.get('rateHttp')).toBe('requests');
    expect(q.get('rateTcp')).toBe('sent');
    expect(q.get('appenders')?.split(',')).toEqual(
      expect.arrayContaining(['deadNode', 'istio', 'serviceEntry', 'health']),
    );
    expect(q.get('appenders')).not.toContain('responseTime');
  });

  it('asks for the responseTime appender and quantile when a response-time label is shown', () => {
    const q = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, edgeLabels: ['rt50'] }));
    expect(q.get('responseTime')).toBe('50');
    expect(q.get('appenders')).toContain('responseTime');
  });

  it('asks for response times (p95) when Find or Hide compares rt, whatever labels are shown', () => {
    for (const find of ['rt > 1000', 'responsetime>=5 OR http > 1', '!healthy AND RT < 3']) {
      const q = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, find }));
      expect(q.get('appenders')).toContain('responseTime');
      expect(q.get('responseTime')).toBe('95');
    }
    const hide = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, hide: 'throughput < 10' }));
    expect(hide.get('appenders')).toContain('throughput');
    for (const find of ['name = rtx', 'label:rt = 3', '%httperr > 1'])
      expect(
        new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, find })).get('appenders'),
      ).not.toContain('responseTime');
  });

  it('asks for throughput of requests or responses', () => {
    const req = new URLSearchParams(
      buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, edgeLabels: ['throughputRequest'] }),
    );
    expect(req.get('throughputType')).toBe('request');
    expect(req.get('appenders')).toContain('throughput');
    const res = new URLSearchParams(
      buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, edgeLabels: ['throughputResponse'] }),
    );
    expect(res.get('throughputType')).toBe('response');
  });

  it('forces service nodes for the service graph and boxes workload graphs only by namespace', () => {
    const svc = new URLSearchParams(
      buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, graphType: 'service', injectServiceNodes: false }),
    );
    expect(svc.get('injectServiceNodes')).toBe('true');
    expect(svc.get('boxBy')).toBe('namespace');
    const wl = new URLSearchParams(
      buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, graphType: 'workload', boxByNamespace: false }),
    );
    expect(wl.get('boxBy')).toBe('');
    const byCluster = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, boxByCluster: true }));
    expect(byCluster.get('boxBy')).toBe('app,namespace,cluster');
  });

  it('adds idleNode, securityPolicy and idle edges on request', () => {
    const p = { ...DEFAULT_GRAPH_PARAMS, idleNodes: true, idleEdges: true, showSecurity: true };
    expect(graphAppenders(p)).toEqual(expect.arrayContaining(['idleNode', 'securityPolicy']));
    expect(new URLSearchParams(buildGraphApiQuery(global, p)).get('includeIdleEdges')).toBe('true');
  });

  it('asks the server for the namespace view: auto over several namespaces, the choice when made, never for a node', () => {
    const view = (g: typeof global, change: Partial<typeof DEFAULT_GRAPH_PARAMS>) =>
      new URLSearchParams(buildGraphApiQuery(g, { ...DEFAULT_GRAPH_PARAMS, ...change })).get('namespaceView');
    expect(view(global, {})).toBe('auto');
    expect(view({ ...global, namespaces: ['bookinfo'] }, {})).toBeNull();
    expect(view({ ...global, namespaces: ['bookinfo'] }, { namespaceView: true })).toBe('true');
    expect(view(global, { namespaceView: false })).toBeNull();
    const node = { namespace: 'bookinfo', kind: 'workload' as const, name: 'reviews-v1' };
    expect(view(global, { namespaceView: true, node })).toBeNull();
  });
});

describe('metrics path', () => {
  it('asks for counts, errors and p50/p95/p99 over the duration with ~30 points', () => {
    const path = buildMetricsPath(
      { namespace: 'bookinfo', kind: 'workloads', name: 'reviews-v2' },
      {
        durationSeconds: 600,
        direction: 'inbound',
        reporter: 'destination',
        byLabels: ['source_workload'],
        peer: { source_workload: 'productpage-v1' },
      },
    );
    const [base, query] = path.split('?');
    expect(base).toBe('/api/namespaces/bookinfo/workloads/reviews-v2/metrics');
    const q = new URLSearchParams(query);
    expect(q.get('duration')).toBe('600');
    expect(q.get('step')).toBe('20');
    expect(q.getAll('filters[]')).toEqual(['request_count', 'request_error_count', 'request_duration_millis']);
    expect(q.getAll('quantiles[]')).toEqual(['0.5', '0.95', '0.99']);
    expect(q.getAll('byLabels[]')).toEqual(['source_workload']);
    expect(q.get('reporter')).toBe('destination');
    expect(q.get('peer[source_workload]')).toBe('productpage-v1');
    expect(q.get('avg')).toBe('false');
  });

  it('never steps below one scrape interval', () => {
    expect(metricsStepSeconds(60)).toBe(15);
    expect(metricsStepSeconds(86_400)).toBe(2880);
  });
});

describe('node graphs', () => {
  const base = { ...DEFAULT_GRAPH_PARAMS };

  it('ignores a node reference with a bad or missing part, and a version on anything but an app', () => {
    for (const q of [
      'nodeNamespace=bookinfo&nodeKind=app',
      'nodeNamespace=Book_Info&nodeKind=app&nodeName=reviews',
      'nodeNamespace=bookinfo&nodeKind=pod&nodeName=reviews',
      'nodeNamespace=bookinfo&nodeKind=workload&nodeName=%22%7D%20or%20up%7B',
      'nodeNamespace=bookinfo&nodeKind=workload&nodeName=reviews-v2&nodeVersion=v2',
      'nodeNamespace=bookinfo&nodeKind=app&nodeName=reviews&nodeVersion=..%2Fx',
    ]) {
      expect(parseGraphParams(new URLSearchParams(q)).node, q).toBeNull();
    }
  });

  it('sends a node graph to the node route, without the namespaces parameter', () => {
    const app = graphApiPathFor(global, {
      ...base,
      node: { namespace: 'bookinfo', kind: 'app', name: 'reviews', version: 'v2' },
    });
    expect(app.startsWith('/api/namespaces/bookinfo/applications/reviews/versions/v2/graph?')).toBe(true);
    expect(new URLSearchParams(app.split('?')[1]).has('namespaces')).toBe(false);
    expect(
      graphApiPathFor(global, { ...base, node: { namespace: 'bookinfo', kind: 'workload', name: 'reviews-v2' } }),
    ).toMatch(/^\/api\/namespaces\/bookinfo\/workloads\/reviews-v2\/graph\?graphType=versionedApp&/);
    expect(
      graphApiPathFor(global, { ...base, node: { namespace: 'bookinfo', kind: 'service', name: 'ratings' } }),
    ).toMatch(/^\/api\/namespaces\/bookinfo\/services\/ratings\/graph\?/);
    expect(graphApiPathFor(global, base)).toMatch(/^\/api\/namespaces\/graph\?namespaces=bookinfo%2Ctcp-echo&/);
  });

  it('is requested from a page URL even without selected namespaces', () => {
    expect(graphApiPath(new URLSearchParams('nodeNamespace=bookinfo&nodeKind=service&nodeName=ratings'))).toMatch(
      /^\/api\/namespaces\/bookinfo\/services\/ratings\/graph\?/,
    );
    expect(graphApiPath(new URLSearchParams(''))).toBeNull();
  });

  it('opens from a node as Kiali does on a double-click', () => {
    const node = (d: Partial<NodeDataJson>) =>
      ({
        id: 'x',
        nodeType: 'app',
        cluster: 'Kubernetes',
        namespace: 'bookinfo',
        healthData: null,
        ...d,
      }) as NodeDataJson;
    expect(nodeRefOf(node({ app: 'reviews', version: 'v2', workload: 'reviews-v2' }), 'versionedApp')).toEqual({
      namespace: 'bookinfo',
      kind: 'app',
      name: 'reviews',
      version: 'v2',
    });
    expect(nodeRefOf(node({ app: 'reviews' }), 'app')).toEqual({ namespace: 'bookinfo', kind: 'app', name: 'reviews' });
    expect(nodeRefOf(node({ nodeType: 'box', isBox: 'app', app: 'reviews' }), 'versionedApp')).toEqual({
      namespace: 'bookinfo',
      kind: 'app',
      name: 'reviews',
    });
    expect(nodeRefOf(node({ nodeType: 'workload', workload: 'ratings-v1', app: 'ratings' }), 'workload')).toEqual({
      namespace: 'bookinfo',
      kind: 'workload',
      name: 'ratings-v1',
    });
    expect(nodeRefOf(node({ nodeType: 'service', service: 'ratings' }), 'versionedApp')).toEqual({
      namespace: 'bookinfo',
      kind: 'service',
      name: 'ratings',
    });
    // nothing to open
    expect(nodeRefOf(node({ nodeType: 'box', isBox: 'namespace' }), 'versionedApp')).toBeNull();
    expect(nodeRefOf(node({ nodeType: 'unknown', namespace: 'unknown' }), 'versionedApp')).toBeNull();
    expect(
      nodeRefOf(node({ nodeType: 'service', service: 'PassthroughCluster', isInaccessible: true }), 'versionedApp'),
    ).toBeNull();
    expect(
      nodeRefOf(
        node({
          nodeType: 'service',
          service: 'api.example.com',
          isServiceEntry: { location: 'MESH_EXTERNAL', hosts: ['api.example.com'] } as NodeDataJson['isServiceEntry'],
        }),
        'versionedApp',
      ),
    ).toBeNull();
  });

  it('names and compares node references', () => {
    const a = { namespace: 'bookinfo', kind: 'app' as const, name: 'reviews', version: 'v2' };
    expect(nodeRefLabel(a)).toBe('app reviews v2 in bookinfo');
    expect(sameNodeRef(a, { ...a })).toBe(true);
    expect(sameNodeRef(a, { ...a, version: undefined })).toBe(false);
    expect(sameNodeRef(null, null)).toBe(true);
    expect(sameNodeRef(a, null)).toBe(false);
  });
});
