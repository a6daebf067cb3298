import { describe, expect, it } from 'vitest';
import {
  applyThresholds,
  calculateAppHealth,
  calculateEdgeHealth,
  calculateServiceHealth,
  calculateWorkloadHealth,
  compileCodePattern,
  compilePattern,
  emptyRequestHealth,
  mergeHealthStatus,
  parseHealthAnnotation,
  requestHealthStatus,
  tolerancesFor,
  workloadStatusHealth,
  workloadStatusOf,
  DEFAULT_TOLERANCES,
  type RequestHealth,
  type WorkloadStatus,
} from './index';

const ws = (desired: number, current: number, available: number, synced = -1): WorkloadStatus => ({
  name: 'w',
  desiredReplicas: desired,
  currentReplicas: current,
  availableReplicas: available,
  syncedProxies: synced,
});

const req = (inbound: RequestHealth['inbound'], outbound: RequestHealth['outbound'] = {}): RequestHealth => ({
  inbound,
  outbound,
  healthAnnotations: {},
});

describe('status merge', () => {
  it('orders Failure > Degraded > Not Ready > Healthy > NA', () => {
    expect(mergeHealthStatus('Healthy', 'Degraded')).toBe('Degraded');
    expect(mergeHealthStatus('Not Ready', 'Healthy')).toBe('Not Ready');
    expect(mergeHealthStatus('Degraded', 'Failure', 'Not Ready')).toBe('Failure');
    expect(mergeHealthStatus('NA', 'Healthy')).toBe('Healthy');
    expect(mergeHealthStatus()).toBe('NA');
  });
});

describe('workloadStatusHealth', () => {
  it.each([
    ['no status', null, 'NA'],
    ['scaled to zero', ws(0, 0, 0), 'Not Ready'],
    ['some available, fewer than desired', ws(3, 3, 1), 'Degraded'],
    ['fewer current than desired', ws(3, 2, 2), 'Degraded'],
    ['none available', ws(2, 2, 0), 'Failure'],
    ['pending pods (available = desired != current)', ws(2, 3, 2), 'Failure'],
    ['proxies not synced', ws(2, 2, 2, 1), 'Degraded'],
    ['proxies unknown', ws(2, 2, 2, -1), 'Healthy'],
    ['all equal', ws(2, 2, 2, 2), 'Healthy'],
  ] as const)('%s', (_name, status, expected) => {
    expect(workloadStatusHealth(status)).toBe(expected);
  });
});

describe('thresholds', () => {
  it('applies degraded/failure exactly at the boundaries', () => {
    expect(applyThresholds(0, 10, 20)).toBe('Healthy');
    expect(applyThresholds(9.99, 10, 20)).toBe('Healthy');
    expect(applyThresholds(10, 10, 20)).toBe('Degraded');
    expect(applyThresholds(20, 10, 20)).toBe('Failure');
    // degraded 0: any error degrades; failure 0: never fails
    expect(applyThresholds(0.01, 0, 10)).toBe('Degraded');
    expect(applyThresholds(99, 5, 0)).toBe('Degraded');
  });
});

describe('patterns', () => {
  it('anchors and expands X to a digit, like Kiali', () => {
    expect(compileCodePattern('5XX').test('503')).toBe(true);
    expect(compileCodePattern('5XX').test('5030')).toBe(false);
    expect(compileCodePattern('4xx').test('404')).toBe(true);
    expect(compilePattern('http').test('https')).toBe(false);
    // 'http|grpc' becomes '^http|grpc$' as in Kiali
    expect(compilePattern('http|grpc').test('grpc')).toBe(true);
    expect(compilePattern('').test('anything')).toBe(true);
    expect(compilePattern('(').test('x')).toBe(true); // invalid → .*
  });
});

describe('request health with default tolerances', () => {
  it('any 5xx is Degraded, 10% 5xx is Failure', () => {
    expect(requestHealthStatus(req({ http: { '200': 99, '503': 1 } }), DEFAULT_TOLERANCES).status).toBe('Degraded');
    const r = requestHealthStatus(req({ http: { '200': 9, '503': 1 } }), DEFAULT_TOLERANCES);
    expect(r.status).toBe('Failure');
    expect(r.errorRatio).toBeCloseTo(10);
  });

  it('4xx degrades at 10% and fails at 20%', () => {
    expect(requestHealthStatus(req({ http: { '200': 95, '404': 5 } }), DEFAULT_TOLERANCES).status).toBe('Healthy');
    expect(requestHealthStatus(req({ http: { '200': 90, '404': 10 } }), DEFAULT_TOLERANCES).status).toBe('Degraded');
    expect(requestHealthStatus(req({ http: { '200': 80, '404': 20 } }), DEFAULT_TOLERANCES).status).toBe('Failure');
  });

  it('gRPC status 14 and no-response "-" fail at 10%', () => {
    expect(requestHealthStatus(req({ grpc: { '0': 9, '14': 1 } }), DEFAULT_TOLERANCES).status).toBe('Failure');
    expect(requestHealthStatus(req({}, { http: { '200': 9, '-': 1 } }), DEFAULT_TOLERANCES).status).toBe('Failure');
    expect(requestHealthStatus(req({ grpc: { '0': 10 } }), DEFAULT_TOLERANCES).status).toBe('Healthy');
  });

  it('traffic no tolerance matches is Healthy; no traffic is NA with ratio -1', () => {
    expect(requestHealthStatus(req({ tcp: { '-': 5 } }), DEFAULT_TOLERANCES)).toEqual({
      status: 'Healthy',
      errorRatio: 0,
    });
    expect(requestHealthStatus(req({}), DEFAULT_TOLERANCES)).toEqual({ status: 'NA', errorRatio: -1 });
  });

  it('takes the worst of inbound and outbound', () => {
    const r = requestHealthStatus(req({ http: { '200': 10 } }, { http: { '200': 1, '500': 1 } }), DEFAULT_TOLERANCES);
    expect(r.status).toBe('Failure');
    expect(r.errorRatio).toBe(50);
  });

  it('falls back to (4xx+5xx)/total without tolerances', () => {
    expect(requestHealthStatus(req({ http: { '200': 999, '500': 1 } }), []).status).toBe('Degraded');
    expect(requestHealthStatus(req({ http: { '200': 9, '500': 1 } }), []).status).toBe('Failure');
    expect(requestHealthStatus(req({ http: { '200': 10000, '500': 1 } }), []).status).toBe('Healthy');
    expect(requestHealthStatus(req({}), []).status).toBe('NA');
  });
});

describe('annotation override', () => {
  it('parses entries and skips invalid ones', () => {
    expect(parseHealthAnnotation('4xx,10,20,http,inbound;5xx,5,10,http,inbound')).toEqual([
      { code: '4xx', degraded: 10, failure: 20, protocol: 'http', direction: 'inbound' },
      { code: '5xx', degraded: 5, failure: 10, protocol: 'http', direction: 'inbound' },
    ]);
    expect(parseHealthAnnotation('5xx,20,10,http,inbound')).toEqual([]); // degraded > failure
    expect(parseHealthAnnotation('5xx,a,10,http,inbound;bad')).toEqual([]);
  });

  it('wins over the defaults; an invalid annotation falls back to them', () => {
    const ann = { 'health.kiali.io/rate': '5XX,30,50,http,inbound' };
    expect(tolerancesFor('ns', 'x', 'workload', ann)).toHaveLength(1);
    expect(tolerancesFor('ns', 'x', 'workload', { 'health.kiali.io/rate': 'nonsense' })).toEqual(DEFAULT_TOLERANCES);
    const h = { workloadStatus: ws(1, 1, 1), requests: req({ http: { '200': 80, '500': 20 } }) };
    expect(calculateWorkloadHealth('ns', 'x', h).status).toBe('Failure');
    expect(calculateWorkloadHealth('ns', 'x', h, ann).status).toBe('Healthy');
  });

  it('uses the first matching user rate before the defaults', () => {
    const rates = [
      {
        namespace: 'bookinfo',
        kind: 'service',
        tolerance: [{ code: '5XX', protocol: 'http', direction: '.*', degraded: 50, failure: 60 }],
      },
    ];
    expect(tolerancesFor('bookinfo', 'details', 'service', undefined, rates)[0]!.degraded).toBe(50);
    expect(tolerancesFor('other', 'details', 'service', undefined, rates)).toEqual(DEFAULT_TOLERANCES);
  });

  it('answers each question afresh for another config, annotation or object (the answers are memoised)', () => {
    const rates = [
      {
        namespace: 'bookinfo',
        kind: 'service',
        tolerance: [{ code: '5XX', protocol: 'http', direction: '.*', degraded: 50, failure: 60 }],
      },
    ];
    const ann = { 'health.kiali.io/rate': '4XX,30,50,http,inbound' };
    for (let round = 0; round < 2; round++) {
      expect(tolerancesFor('bookinfo', 'details', 'service')).toEqual(DEFAULT_TOLERANCES);
      expect(tolerancesFor('bookinfo', 'details', 'service', undefined, rates)[0]!.degraded).toBe(50);
      expect(tolerancesFor('bookinfo', 'details', 'service', ann)[0]!.code).toBe('4XX');
      expect(tolerancesFor('bookinfo', 'details', 'workload', undefined, rates)).toEqual(DEFAULT_TOLERANCES);
    }
  });
});

describe('object health', () => {
  it('workload: worse of pods and requests; NA without data', () => {
    expect(calculateWorkloadHealth('ns', 'w', { workloadStatus: null, requests: emptyRequestHealth() }).status).toBe(
      'NA',
    );
    expect(
      calculateWorkloadHealth('ns', 'w', { workloadStatus: ws(0, 0, 0), requests: req({ http: { '200': 1 } }) }).status,
    ).toBe('Not Ready');
    const h = calculateWorkloadHealth('ns', 'w', {
      workloadStatus: ws(1, 1, 1),
      requests: req({ http: { '200': 3, '500': 1 } }),
    });
    expect(h).toEqual({
      status: 'Failure',
      errorRatio: 25,
      totalRequestRate: 4,
      ratioOf: { direction: 'inbound', protocol: 'http', requestRate: 4 },
    });
  });

  it('app merges every workload status', () => {
    const h = { workloadStatuses: [ws(1, 1, 1), ws(2, 2, 0)], requests: emptyRequestHealth() };
    expect(calculateAppHealth('ns', 'a', h).status).toBe('Failure');
  });

  it('service uses requests only', () => {
    expect(calculateServiceHealth('ns', 's', { requests: emptyRequestHealth() }).status).toBe('NA');
    expect(calculateServiceHealth('ns', 's', { requests: req({ http: { '200': 1 } }) }).status).toBe('Healthy');
  });
});

describe('edge health', () => {
  const end = (kind: string, annotations?: Record<string, string>) => ({
    namespace: 'ns',
    name: 'n',
    kind,
    annotations,
  });
  it('uses the node thresholds (Kiali UI): any 5xx degrades an edge, 10% fails it; 4xx degrades from 10%', () => {
    expect(calculateEdgeHealth('http', { '200': 95, '500': 5 }, end('workload'), end('service'))).toBe('Degraded');
    expect(calculateEdgeHealth('http', { '200': 91.5, '503': 8.5 }, end('workload'), end('service'))).toBe('Degraded');
    expect(calculateEdgeHealth('http', { '200': 100 }, end('workload'), end('service'))).toBe('Healthy');
    expect(calculateEdgeHealth('http', { '200': 95, '404': 5 }, end('workload'), end('service'))).toBe('Healthy');
    expect(calculateEdgeHealth('http', { '200': 85, '500': 15 }, end('workload'), end('service'))).toBe('Failure');
    expect(calculateEdgeHealth('http', { '200': 85, '404': 15 }, end('workload'), end('service'))).toBe('Degraded');
  });

  it('the worse of source outbound and destination inbound tolerances wins', () => {
    const strictInbound = { 'health.kiali.io/rate': '5XX,1,2,http,inbound' };
    expect(calculateEdgeHealth('http', { '200': 97, '500': 3 }, end('workload'), end('service', strictInbound))).toBe(
      'Failure',
    );
    // an inbound-only rule on the source does not apply to its outbound edge (the default one degrades it)
    expect(calculateEdgeHealth('http', { '200': 97, '500': 3 }, end('workload', strictInbound), end('service'))).toBe(
      'Degraded',
    );
  });

  it('is NA without traffic or protocol', () => {
    expect(calculateEdgeHealth('http', {}, end('workload'), end('service'))).toBe('NA');
    expect(calculateEdgeHealth('', { '200': 1 }, end('workload'), end('service'))).toBe('NA');
    expect(calculateEdgeHealth('tcp', { '-': 100 }, end('workload'), end('service'))).toBe('Healthy');
  });
});

describe('workloadStatusOf', () => {
  const w = { name: 'details-v1', namespace: 'bookinfo', podCount: 2, sidecarInjected: true };
  it('uses controller counts when present', () => {
    expect(workloadStatusOf({ ...w, desiredReplicas: 3, currentReplicas: 2, availableReplicas: 1 })).toEqual({
      name: 'details-v1',
      desiredReplicas: 3,
      currentReplicas: 2,
      availableReplicas: 1,
      syncedProxies: -1,
    });
  });

  it('derives availability from the workload pods readiness', () => {
    const pods = [
      { namespace: 'bookinfo', name: 'details-v1-abc-1', ready: true, phase: 'Running' },
      { namespace: 'bookinfo', name: 'details-v1-abc-2', ready: false, phase: 'Running' },
      { namespace: 'bookinfo', name: 'reviews-v1-abc-1', ready: true, phase: 'Running' },
    ];
    const s = workloadStatusOf(w, pods);
    expect(s.availableReplicas).toBe(1);
    expect(workloadStatusHealth(s)).toBe('Degraded');
    expect(workloadStatusOf(w).availableReplicas).toBe(2);
  });
});
