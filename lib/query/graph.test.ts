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
          '&focusSelector=%5Bid%3D%22abc123%22%5D',
      ),
    );
    expect(p).toEqual<GraphViewParams>({
      graphType: 'workload',
      edgeLabel: 'rt99',
      layout: 'fcose',
      injectServiceNodes: false,
      idleNodes: true,
      idleEdges: true,
      boxByNamespace: false,
      showSecurity: true,
      animation: true,
      find: 'rt > 1000',
      hide: 'name = unknown',
      focus: 'abc123',
    });
  });

  it('falls back to defaults for unknown values and ignores malformed focus selectors', () => {
    const p = parseGraphParams(
      new URLSearchParams('graphType=mesh&edges=bogus&layout=cola&idleNodes=yes&focusSelector=node%5Bname%5D'),
    );
    expect(p.graphType).toBe('versionedApp');
    expect(p.edgeLabel).toBe('trafficRate');
    expect(p.layout).toBeNull();
    expect(p.idleNodes).toBe(false);
    expect(p.focus).toBeNull();
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
      edgeLabel: 'throughputRequest',
      layout: 'grid',
      idleNodes: true,
      boxByNamespace: false,
      showSecurity: true,
      find: 'httpin > 1',
      hide: '!healthy',
      focus: 'e7f0',
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
    const q = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, edgeLabel: 'rt50' }));
    expect(q.get('responseTime')).toBe('50');
    expect(q.get('appenders')).toContain('responseTime');
  });

  it('asks for throughput of requests or responses', () => {
    const req = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, edgeLabel: 'throughputRequest' }));
    expect(req.get('throughputType')).toBe('request');
    expect(req.get('appenders')).toContain('throughput');
    const res = new URLSearchParams(buildGraphApiQuery(global, { ...DEFAULT_GRAPH_PARAMS, edgeLabel: 'throughputResponse' }));
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
  });

  it('adds idleNode, securityPolicy and idle edges on request', () => {
    const p = { ...DEFAULT_GRAPH_PARAMS, idleNodes: true, idleEdges: true, showSecurity: true };
    expect(graphAppenders(p)).toEqual(expect.arrayContaining(['idleNode', 'securityPolicy']));
    expect(new URLSearchParams(buildGraphApiQuery(global, p)).get('includeIdleEdges')).toBe('true');
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
