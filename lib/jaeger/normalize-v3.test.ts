import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeV3Traces, nsToMs, otlpId, readV3Chunks, type OtlpTracesData } from './normalize-v3';
import type { Trace } from './types';

function fixture(name: string): OtlpTracesData | { result: OtlpTracesData } {
  return JSON.parse(readFileSync(new URL(`./testdata/v3/${name}`, import.meta.url), 'utf8')) as OtlpTracesData;
}

function only(traces: Trace[]): Trace {
  expect(traces).toHaveLength(1);
  return traces[0] as Trace;
}

describe('normalizeV3Traces: GetTrace.json and FindTraces.json (golden /api/v3 answers)', () => {
  for (const name of ['GetTrace.json', 'FindTraces.json']) {
    it(`${name}: unwraps { result }, reads hex ids, kind 2 = server, status 2 = error`, () => {
      const trace = only(normalizeV3Traces(fixture(name)));
      expect(trace).toMatchObject({
        traceId: '00000000000000000000000000000001',
        services: ['unknown_service'],
        rootService: 'unknown_service',
        rootOperation: 'foobar',
        hasError: true,
        spanCount: 1,
        startTimeMs: 0,
        durationMs: 0,
      });
      expect(trace.spans[0]).toEqual({
        traceId: '00000000000000000000000000000001',
        spanId: '0000000000000002',
        parentSpanId: null,
        operationName: 'foobar',
        serviceName: 'unknown_service',
        startTimeMs: 0,
        durationMs: 0,
        tags: {},
        logs: [],
        kind: 'server',
        hasError: true,
      });
    });
  }
});

describe('normalizeV3Traces: example_trace_otlp.json', () => {
  const trace = only(normalizeV3Traces(fixture('example_trace_otlp.json')));

  it('converts ns strings to ms exactly', () => {
    expect(trace.startTimeMs).toBe(1485449191639.875); // "1485449191639875000" ns
    expect(trace.durationMs).toBe(0.1); // 100000 ns
    for (const s of trace.spans) {
      expect(s.startTimeMs).toBe(1485449191639.875);
      expect(s.durationMs).toBe(0.1);
    }
  });

  it('takes service.name from each resource', () => {
    expect(trace.services).toEqual(['example-service-1', 'example-service-2', 'example-service-3']);
    expect(trace.spans.map((s) => [s.spanId, s.serviceName])).toEqual([
      ['0000000000000004', 'example-service-2'],
      ['0000000000000005', 'example-service-3'],
      ['0000000000000003', 'example-service-1'],
      ['0000000000000006', 'example-service-1'],
      ['0000000000000007', 'example-service-1'],
    ]);
  });

  it('maps events to logs and the kind enum to names', () => {
    expect(trace.spans[0]?.logs).toEqual([
      { timestampMs: 1485449191639.875, fields: {} },
      { timestampMs: 1485449191639.875, fields: {} },
    ]);
    expect(trace.spans.map((s) => s.kind)).toEqual([undefined, undefined, undefined, 'server', 'client']);
  });

  it('has no error and picks the first parentless span as root', () => {
    expect(trace).toMatchObject({
      traceId: '00000000000000000000000000000011',
      hasError: false,
      spanCount: 5,
      rootService: 'example-service-2',
      rootOperation: 'example-operation-2',
    });
  });
});

describe('OTLP variants (Jaeger 1.x grpc-gateway)', () => {
  const grpcGateway: OtlpTracesData = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'productpage.bookinfo' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: 'AAAAAAAAAAAAAAAAAAAAEQ==',
                spanId: 'AAAAAAAAAAQ=',
                parentSpanId: 'AAAAAAAAAAM=',
                name: 'reviews.bookinfo.svc.cluster.local:9080/*',
                kind: 'SPAN_KIND_CLIENT',
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000012345678',
                status: { code: 'STATUS_CODE_ERROR' },
                attributes: [
                  { key: 'http.status_code', value: { stringValue: '503' } },
                  { key: 'response_flags', value: { stringValue: 'UF' } },
                  { key: 'retries', value: { intValue: '3' } },
                  { key: 'big', value: { intValue: '9223372036854775807' } },
                  { key: 'ratio', value: { doubleValue: 0.5 } },
                  { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } } },
                ],
                events: [
                  {
                    timeUnixNano: '1700000000001000000',
                    name: 'retry',
                    attributes: [{ key: 'attempt', value: { intValue: 2 } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };

  it('decodes base64 ids, enum names and AnyValue types', () => {
    const s = only(normalizeV3Traces(grpcGateway)).spans[0];
    expect(s).toMatchObject({
      traceId: '00000000000000000000000000000011',
      spanId: '0000000000000004',
      parentSpanId: '0000000000000003',
      kind: 'client',
      hasError: true,
      statusCode: 503,
      responseFlags: 'UF',
      startTimeMs: 1700000000000,
      durationMs: 12.345678,
      tags: {
        'http.status_code': '503',
        response_flags: 'UF',
        retries: 3,
        big: '9223372036854775807',
        ratio: 0.5,
        list: '["a",true]',
      },
      logs: [{ timestampMs: 1700000000001, fields: { event: 'retry', attempt: 2 } }],
    });
  });

  it('groups spans of several traces by trace id', () => {
    const traces = normalizeV3Traces({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: 'a'.repeat(32), spanId: '1'.repeat(16) },
                { traceId: 'b'.repeat(32), spanId: '2'.repeat(16) },
                { traceId: 'a'.repeat(32), spanId: '3'.repeat(16) },
              ],
            },
          ],
        },
      ],
    });
    expect(traces.map((t) => [t.traceId, t.spanCount])).toEqual([
      ['a'.repeat(32), 2],
      ['b'.repeat(32), 1],
    ]);
  });

  it('reads newline-delimited chunks and skips a 404 chunk', () => {
    const text = `${JSON.stringify({ result: grpcGateway })}\n${JSON.stringify(fixture('GetTrace.json'))}\n`;
    const read = readV3Chunks(undefined, text);
    expect('data' in read && normalizeV3Traces(read.data).length).toBe(2);
    expect(readV3Chunks({ error: { httpCode: 404, message: 'No traces found' } }, '')).toEqual({
      data: { resourceSpans: [] },
    });
    expect(readV3Chunks({ error: { httpCode: 500, message: 'boom' } }, '')).toEqual({ error: 'boom' });
  });

  it('nsToMs and otlpId', () => {
    expect(nsToMs(1485449191639875000n)).toBe(1485449191639.875);
    expect(nsToMs(1n)).toBe(0.000001);
    expect(otlpId('00000000000000000000000000000001')).toBe('00000000000000000000000000000001');
    expect(otlpId('')).toBe('');
  });
});
