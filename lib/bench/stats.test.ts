import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScrapeRecorder } from './backfill';
import { median, overheadLongest, overheadParallel, parseServerTiming, percentile } from './stats';

describe('order statistics', () => {
  it('median and nearest-rank p95', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10, 50, 20, 40, 30], 95)).toBe(50);
    expect(percentile([10, 50, 20, 40, 30], 50)).toBe(30);
    expect(median([])).toBeNaN();
  });
});

describe('Server-Timing of the graph API', () => {
  it('reads total, the query sum and count, and the longest query', () => {
    const t = parseServerTiming(
      'total;dur=200.5, prometheus;dur=900.0;desc="sum of 30 queries", prometheus-max;dur=50.0',
    );
    expect(t).toEqual({
      totalMs: 200.5,
      promSumMs: 900,
      promMaxMs: 50,
      queries: 30,
      promWallMs: NaN,
      namespacesMs: NaN,
      inventoryWaitMs: NaN,
      buildMs: NaN,
    });
    expect(overheadLongest(t)).toBeCloseTo((200.5 - 50) / 200.5);
    // 900/8 = 112.5 > 50: the parallel bound is the larger one
    expect(overheadParallel(t, 8)).toBeCloseTo((200.5 - 112.5) / 200.5);
  });

  it('uses the measured wall time of the query phase when the server sends it', () => {
    const t = parseServerTiming(
      'total;dur=200, prometheus;dur=900;desc="sum of 30 queries", prometheus-max;dur=50, prometheus-wall;dur=160',
    );
    expect(t.promWallMs).toBe(160);
    expect(overheadParallel(t, 8)).toBeCloseTo(40 / 200);
  });

  it('reads the parts outside the query phase: namespaces, inventory wait and build (lib/server/graph/route.ts)', () => {
    const t = parseServerTiming(
      'total;dur=13220.0, prometheus;dur=18985.6;desc="sum of 60 queries", prometheus-max;dur=1266.6, prometheus-wall;dur=2467.3;desc="wall time of the parallel query phase", namespaces;dur=37.3, inventory-wait;dur=5897.9, build;dur=4751.8',
    );
    expect(t.queries).toBe(60);
    expect(t.promWallMs).toBe(2467.3);
    expect([t.namespacesMs, t.inventoryWaitMs, t.buildMs]).toEqual([37.3, 5897.9, 4751.8]);
  });

  it('fails on a missing header', () => {
    expect(() => parseServerTiming(null)).toThrow(/no Server-Timing/);
    expect(() => parseServerTiming('prometheus;dur=1')).toThrow(/no total/);
  });
});

describe('ScrapeRecorder', () => {
  it('writes OpenMetrics: counters without _total in TYPE, series-major samples with timestamps, # EOF', () => {
    const rec = new ScrapeRecorder(2);
    const scrape = (n: number) => [
      `# HELP istio_requests_total Total.\n# TYPE istio_requests_total counter\nistio_requests_total{a="x y"} ${n}\n`,
      `istio_requests_total{a="z"} ${2 * n}\n# TYPE istio_build gauge\nistio_build{tag="1"} 1\n`,
    ];
    rec.record(scrape(1), 0);
    rec.record(scrape(3), 1);
    const file = path.join(os.tmpdir(), `om-${process.pid}.txt`);
    const fd = openSync(file, 'w');
    const lines = rec.write(fd, [100, 105]);
    closeSync(fd);
    const text = readFileSync(file, 'utf8');
    rmSync(file);
    expect(lines).toBe(6);
    expect(text).toBe(
      [
        '# TYPE istio_requests counter',
        'istio_requests_total{a="x y"} 1 100',
        'istio_requests_total{a="x y"} 3 105',
        'istio_requests_total{a="z"} 2 100',
        'istio_requests_total{a="z"} 6 105',
        '# TYPE istio_build gauge',
        'istio_build{tag="1"} 1 100',
        'istio_build{tag="1"} 1 105',
        '# EOF',
        '',
      ].join('\n'),
    );
  });
});

describe('parseServerTiming with a comma in a quoted desc', () => {
  it('reads the query count and that recorded series were read', () => {
    const t = parseServerTiming(
      'total;dur=12.5, prometheus;dur=40.0;desc="sum of 6 queries, recorded series", prometheus-max;dur=9.0, prometheus-wall;dur=10.0',
    );
    expect(t).toMatchObject({ totalMs: 12.5, promSumMs: 40, promMaxMs: 9, queries: 6, promWallMs: 10, recorded: true });
  });
});
