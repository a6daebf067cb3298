import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeV1Trace, normalizeV1Traces, v1TagValue, type V1Trace } from './normalize-v1';
import type { Span, Trace } from './types';

function fixture(name: string): V1Trace {
  return JSON.parse(readFileSync(new URL(`./testdata/v1/${name}`, import.meta.url), 'utf8')) as V1Trace;
}

/** v1 span tags of type `string`, in the order of `tags`. */
const stringTags = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, type: 'string', value }));

function span(trace: Trace, spanId: string): Span {
  const s = trace.spans.find((x) => x.spanId === spanId);
  if (!s) throw new Error(`no span ${spanId}`);
  return s;
}

describe('normalizeV1Trace: trace-normal.json', () => {
  const trace = normalizeV1Trace(fixture('trace-normal.json'));

  it('converts µs to ms exactly (trace and spans)', () => {
    expect(trace.startTimeMs).toBe(1579070675083); // 1579070675083000 µs
    expect(trace.durationMs).toBe(4.902); // 4902 µs
    expect(span(trace, '622a5079b565623e').startTimeMs).toBe(1579070675085.84); // 1579070675085840 µs
    expect(span(trace, '622a5079b565623e').durationMs).toBe(0.052); // 52 µs
  });

  it('reads parents from CHILD_OF references and services from processes', () => {
    expect(span(trace, '622a5079b565623e').parentSpanId).toBe('e821b549888cbc3b');
    expect(span(trace, 'e821b549888cbc3b').parentSpanId).toBe('22be69e72cbcde0b');
    expect(span(trace, '150c193cf155b46b').parentSpanId).toBeNull();
    expect(span(trace, '622a5079b565623e').serviceName).toBe('customers-service');
    expect(span(trace, '22be69e72cbcde0b').serviceName).toBe('api-gateway');
  });

  it('reads the trace id and no error', () => {
    expect(trace).toMatchObject({ traceId: '4766f1209f70a5e2e55417fc296fd101', hasError: false });
  });

  it('turns the tags array into a record and span.kind into kind', () => {
    expect(span(trace, '622a5079b565623e').tags).toEqual({
      database: 'jdbc:hsqldb:mem:testdb',
      sql: 'select * from pet',
    });
    expect(span(trace, '622a5079b565623e').kind).toBeUndefined();
    expect(span(trace, 'e821b549888cbc3b').kind).toBe('server');
    expect(span(trace, '22be69e72cbcde0b').kind).toBe('client');
  });
});

describe('normalizeV1Trace: trace-ui_01.json', () => {
  const trace = normalizeV1Trace(fixture('trace-ui_01.json'));

  it('keeps sub-millisecond precision', () => {
    expect(trace.startTimeMs).toBe(1485467191639.875); // 1485467191639875 µs
    expect(trace.durationMs).toBe(0.005); // 5 µs
    expect(trace.spans[4]?.durationMs).toBe(0.004);
  });

  it('takes the first CHILD_OF in the same trace, ignoring references to other traces and FOLLOWS_FROM', () => {
    expect(span(trace, '0000000000000004').parentSpanId).toBe('0000000000000002');
    expect(span(trace, '0000000000000005').parentSpanId).toBe('0000000000000004');
    expect(span(trace, '0000000000000003').parentSpanId).toBe('0000000000000002');
  });

  it('converts every v1 tag type', () => {
    expect(trace.spans[1]?.tags).toEqual({
      'peer.service': 'service-y',
      'peer.ipv4': 23456,
      error: true,
      temperature: 72.5,
      javascript_limit: '9223372036854775222', // beyond 2^53: kept as text, not rounded
      blob: 'AAAwOQ==',
    });
  });

  it('flags the error span and the trace', () => {
    expect(trace.spans[0]?.hasError).toBe(false);
    expect(trace.spans[1]?.hasError).toBe(true);
    expect(trace.hasError).toBe(true);
  });

  it('converts logs (µs → ms, fields → record)', () => {
    expect(trace.spans[0]?.logs).toEqual([
      { timestampMs: 1485467191639.875, fields: { event: 'some-event' } },
      { timestampMs: 1485467191639.875, fields: { x: 'y' } },
    ]);
  });
});

describe('normalizeV1Trace: trace-graph.json', () => {
  const trace = normalizeV1Trace(fixture('trace-graph.json'));

  it('computes the extent from the earliest start to the latest end', () => {
    expect(trace.startTimeMs).toBe(1542666452979); // span-1
    expect(trace.durationMs).toBe(1000); // span-7 ends at 1542666453979000 µs
  });

  it('reads the error tag sent as the string "true"', () => {
    expect(span(trace, 'span-2').tags.error).toBe(true);
    expect(span(trace, 'span-2').hasError).toBe(true);
    expect(span(trace, 'span-3').hasError).toBe(false);
    expect(trace.hasError).toBe(true);
  });

  it('does not treat FOLLOWS_FROM as a parent (as Jaeger model.ParentSpanID)', () => {
    expect(span(trace, 'span-7').parentSpanId).toBeNull();
    expect(span(trace, 'span-4').parentSpanId).toBe('span-3');
    expect(span(trace, 'span-14').parentSpanId).toBe('span-12');
  });

  it('reads producer/consumer kinds', () => {
    expect(span(trace, 'span-6').kind).toBe('producer');
    expect(span(trace, 'span-7').kind).toBe('consumer');
  });
});

describe('normalizeV1Trace: the summary of each fixture', () => {
  it.each([
    ['trace-normal.json', 'api-gateway', 'GET /api/customer/owners/8/pets/10', ['api-gateway', 'customers-service'], 5],
    ['trace-ui_01.json', 'service-x', 'test-general-conversion', ['service-x', 'service-y'], 5],
    ['trace-graph.json', 'service1', 'op1', ['service1', 'service2'], 11],
  ])(
    '%s: root %s %s (the earliest parentless span), services %j, %d spans',
    (name, service, operation, services, n) => {
      expect(normalizeV1Trace(fixture(name))).toMatchObject({
        rootService: service,
        rootOperation: operation,
        services,
        spanCount: n,
      });
    },
  );
});

describe('v1 envelope and Envoy fields', () => {
  it('reads { data: [...] } and drops traces without spans', () => {
    const traces = normalizeV1Traces({
      data: [fixture('trace-normal.json'), { traceID: 'ab', spans: [], processes: {} }],
    });
    expect(traces.map((t) => t.traceId)).toEqual(['4766f1209f70a5e2e55417fc296fd101']);
    expect(normalizeV1Traces({ data: null })).toEqual([]);
  });

  it('extracts response flags, upstream cluster, status code and node id from Envoy tags', () => {
    const trace = normalizeV1Trace({
      traceID: 'abc',
      processes: { p1: { serviceName: 'reviews.bookinfo' } },
      spans: [
        {
          traceID: 'abc',
          spanID: '1',
          operationName: 'ratings.bookinfo.svc.cluster.local:9080/*',
          startTime: 1000,
          duration: 2000,
          processID: 'p1',
          tags: stringTags({
            response_flags: 'UF,URX',
            upstream_cluster: 'outbound|9080||ratings.bookinfo.svc.cluster.local',
            'http.status_code': '503',
            node_id: 'sidecar~10.0.0.7~reviews-v1-7b9f.bookinfo~bookinfo.svc.cluster.local',
            'otel.status_code': 'ERROR',
          }),
        },
      ],
    });
    expect(trace.spans[0]).toMatchObject({
      responseFlags: 'UF,URX',
      upstreamCluster: 'outbound|9080||ratings.bookinfo.svc.cluster.local',
      statusCode: 503,
      nodeId: 'sidecar~10.0.0.7~reviews-v1-7b9f.bookinfo~bookinfo.svc.cluster.local',
      hasError: true,
      serviceName: 'reviews.bookinfo',
      startTimeMs: 1,
      durationMs: 2,
    });
  });

  it('leaves out "-" response flags and parses numeric tags given as text', () => {
    expect(v1TagValue({ key: 'n', type: 'int64', value: '42' })).toBe(42);
    expect(v1TagValue({ key: 'b', type: 'bool', value: 'false' })).toBe(false);
    const trace = normalizeV1Trace({
      traceID: 'a',
      spans: [{ traceID: 'a', spanID: 'b', tags: [{ key: 'response_flags', value: '-' }] }],
    });
    expect(trace.spans[0]?.responseFlags).toBeUndefined();
    expect(trace.spans[0]?.serviceName).toBe('unknown_service');
  });
});
