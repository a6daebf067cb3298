import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScrapeRecorder } from './backfill';
import { median, overheadLongest, overheadParallel, ownTimeSplit, parseServerTiming, percentile } from './stats';

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
    expect(t).toEqual({ totalMs: 200.5, promSumMs: 900, promMaxMs: 50, queries: 30, promWallMs: NaN });
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

  it("reads the server's own parts and splits the own time by them", () => {
    const header = (total: number, build: number) =>
      `total;dur=${total}, prometheus;dur=500;desc="sum of 12 queries", prometheus-max;dur=90, ` +
      `prometheus-wall;dur=100, namespaces;dur=1.5, inventory-wait;dur=0, build;dur=${build}, build-maps;dur=20, ` +
      'build-merge;dur=1, build-finalizers;dur=15, build-json;dur=14';
    const a = parseServerTiming(header(160, 50));
    expect(a.ownParts).toEqual({
      namespaces: 1.5,
      'inventory-wait': 0,
      build: 50,
      'build-maps': 20,
      'build-merge': 1,
      'build-finalizers': 15,
      'build-json': 14,
    });
    const split = ownTimeSplit([a, parseServerTiming(header(170, 60)), parseServerTiming(header(200, 90))]);
    expect(split).toMatchObject({ build: 60, 'build-maps': 20, namespaces: 1.5 });
    // 160 − 100 − 1.5 − 0 − 50 = 8.5; 170 → 8.5; 200 → 8.5
    expect(split!.rest).toBeCloseTo(8.5);
    expect(ownTimeSplit([parseServerTiming('total;dur=10, prometheus-wall;dur=5')])).toBeNull();
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
    expect(t).toEqual({ totalMs: 12.5, promSumMs: 40, promMaxMs: 9, queries: 6, promWallMs: 10, recorded: true });
  });
});
