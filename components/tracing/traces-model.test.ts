import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '@/lib/contracts/traces';
import { aboveByPercentile, percentile, spanSource, waterfall } from './traces-model';

const span = (
  spanId: string,
  parentSpanId: string | null,
  startTimeMs: number,
  durationMs: number,
  extra: Partial<Span> = {},
): Span => ({
  traceId: 't',
  spanId,
  parentSpanId,
  operationName: spanId,
  serviceName: 'reviews.bookinfo',
  startTimeMs,
  durationMs,
  tags: {},
  logs: [],
  hasError: false,
  ...extra,
});
const trace = (spans: Span[], startTimeMs = 1000, durationMs = 100): Trace => ({
  traceId: 't',
  spans,
  services: [],
  startTimeMs,
  durationMs,
  rootService: '',
  rootOperation: '',
  hasError: false,
  spanCount: spans.length,
});

describe('percentiles', () => {
  it('nearest rank', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 75)).toBe(30);
    expect(percentile([10, 20, 30, 40], 99)).toBe(40);
    expect(percentile([], 90)).toBeNull();
  });
  it('keeps traces at or above the percentile', () => {
    const ts = [10, 20, 30, 40].map((d) => ({ ...trace([]), durationMs: d }));
    expect(aboveByPercentile(ts, 75).map((t) => t.durationMs)).toEqual([30, 40]);
    expect(aboveByPercentile(ts, 0)).toHaveLength(4);
  });
});

describe('waterfall', () => {
  it('orders spans as a tree with depth and positions relative to the trace', () => {
    const rows = waterfall(
      trace([
        span('c2', 'root', 1050, 10),
        span('root', null, 1000, 100),
        span('c1', 'root', 1010, 30),
        span('g1', 'c1', 1020, 5),
      ]),
    );
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['root', 0],
      ['c1', 1],
      ['g1', 2],
      ['c2', 1],
    ]);
    expect(rows[3]).toMatchObject({ offsetPct: 50, widthPct: 10 });
  });
  it('treats spans with a parent outside the trace as roots and survives cycles', () => {
    const rows = waterfall(trace([span('a', 'missing', 1000, 10), span('x', 'y', 1000, 1), span('y', 'x', 1001, 1)]));
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'x', 'y']);
    expect(rows.find((r) => r.span.spanId === 'a')!.depth).toBe(0);
  });
});

it('labels a span with its app and pod from node_id', () => {
  expect(
    spanSource(
      span('s', null, 0, 1, { nodeId: 'sidecar~10.0.0.1~reviews-v2-abc12.bookinfo~bookinfo.svc.cluster.local' }),
    ),
  ).toBe('reviews (reviews-v2-abc12)');
  expect(spanSource(span('s', null, 0, 1))).toBe('reviews.bookinfo');
});
