import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrafficEngine, type TrafficEngine } from '../traffic/engine';
import { bookinfoStore, runTicks } from '../traffic/test-fixtures';
import { ObjectStore } from '../store/object-store';
import { seedSynthetic } from '../synthetic/seed';
import { renderMetrics, renderMetricsChunks } from './render';
import { templateLabelNames, TESTDATA } from './test-exposition';

interface Sample {
  name: string;
  labels: Record<string, string>;
  labelOrder: string[];
  value: number;
}

/** A small parser of the text format: comments, `name{k="v",...} value`; throws on anything else. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (-?[\d.e+]+|\+Inf|NaN)$/.exec(line);
    if (!m) throw new Error(`unparseable line: ${line.slice(0, 120)}`);
    const labels: Record<string, string> = {};
    const labelOrder: string[] = [];
    const body = m[2] ?? '';
    const re = /(\w+)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let lm: RegExpExecArray | null;
    let consumed = 0;
    while ((lm = re.exec(body))) {
      labels[lm[1]!] = lm[2]!;
      labelOrder.push(lm[1]!);
      consumed = re.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`bad labels: ${body.slice(consumed, consumed + 80)}`);
    samples.push({ name: m[1]!, labels, labelOrder, value: Number(m[3]) });
  }
  return { samples, types };
}

/** Label names of a family in a testdata file (the real 1.11 scrape, or an istio/proxy template). */
function scrapeLabelNames(file: string, family: string): string[] {
  const line = readFileSync(path.join(TESTDATA, file), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${family}{`))!;
  return parse(line).samples[0]!.labelOrder;
}

describe('renderMetrics', () => {
  let engine: TrafficEngine;
  let text: string;
  let samples: Sample[];
  let types: Map<string, string>;
  /** The samples of family `name` whose labels include `want`. */
  const series = (name: string, want: Record<string, string>): Sample[] =>
    samples.filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v));
  const total = (name: string, want: Record<string, string>): number =>
    series(name, want).reduce((n, s) => n + s.value, 0);
  /** Some samples of `name` include `want`, and every one of them also carries `labels`. */
  const expectEvery = (name: string, want: Record<string, string>, labels: Record<string, string>): void => {
    const rows = series(name, want);
    expect(rows.length).toBeGreaterThan(0);
    for (const s of rows) expect(s.labels).toMatchObject(labels);
  };

  beforeAll(() => {
    engine = createTrafficEngine(bookinfoStore(), { seed: 12 });
    runTicks(engine, 30);
    text = renderMetrics(engine);
    ({ samples, types } = parse(text));
  });

  it('declares every family with its type', () => {
    expect(Object.fromEntries(types)).toMatchObject({
      istio_requests_total: 'counter',
      istio_request_duration_milliseconds: 'histogram',
      istio_request_bytes: 'histogram',
      istio_response_bytes: 'histogram',
      istio_tcp_sent_bytes_total: 'counter',
      istio_tcp_received_bytes_total: 'counter',
      istio_tcp_connections_opened_total: 'counter',
      istio_tcp_connections_closed_total: 'counter',
    });
  });

  it('passes promtool check metrics (lint notes about the ms unit aside)', () => {
    // promtool ships beside prometheus (Debian's package, or PROMETHEUS_BIN's folder), which ensure-deps installs.
    const promtool = path.join(path.dirname(process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'), 'promtool');
    if (!existsSync(promtool))
      throw new Error(`${promtool} not found: run 'bash scripts/ensure-deps.sh' (installs prometheus)`);
    const r = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const problems = `${r.stdout}${r.stderr}`
      .split('\n')
      .filter((l) => l.trim() && !l.includes('use base unit "seconds" instead of "milliseconds"'));
    expect(problems).toEqual([]);
    expect([0, 3]).toContain(r.status);
  });

  it('uses exactly the label names of a real Istio scrape and of istio/proxy’s tests', () => {
    const requestNames = scrapeLabelNames('prometheus/istio-1.11-sidecar-merged.excerpt.prom', 'istio_requests_total');
    const ours = samples.find((s) => s.name === 'istio_requests_total')!.labelOrder;
    expect([...ours].sort()).toEqual([...requestNames].sort());
    expect(ours).toEqual(templateLabelNames('server_request_total.yaml.tmpl'));
    const tcpOurs = samples.find((s) => s.name === 'istio_tcp_sent_bytes_total')!.labelOrder;
    expect(tcpOurs).toEqual(templateLabelNames('tcp_client_sent_bytes.yaml.tmpl'));
    const bucket = samples.find((s) => s.name === 'istio_request_duration_milliseconds_bucket')!.labelOrder;
    expect(bucket).toEqual([...templateLabelNames('server_request_total.yaml.tmpl'), 'le']);
  });

  it('uses Istio’s default buckets, cumulative, with +Inf equal to _count', () => {
    const real = readFileSync(path.join(TESTDATA, 'prometheus/istio-1.11-sidecar-merged.excerpt.prom'), 'utf8');
    const realLe = [...real.matchAll(/istio_request_duration_milliseconds_bucket\{.*le="([^"]+)"\}/g)].map((m) => m[1]);
    const first = samples.find((s) => s.name === 'istio_request_duration_milliseconds_bucket')!;
    const key = (s: Sample): string =>
      s.labelOrder
        .filter((k) => k !== 'le')
        .map((k) => s.labels[k])
        .join('|');
    const buckets = samples.filter(
      (s) => s.name === 'istio_request_duration_milliseconds_bucket' && key(s) === key(first),
    );
    expect(buckets.map((s) => s.labels.le)).toEqual(realLe);
    const values = buckets.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const count = samples.find((s) => s.name === 'istio_request_duration_milliseconds_count' && key(s) === key(first))!;
    expect(values[values.length - 1]).toBe(count.value);
  });

  it('has both reporters for every bookinfo edge', () => {
    const edges: [string, string, string][] = [
      ['istio-ingressgateway', 'productpage', 'productpage-v1'],
      ['productpage-v1', 'details', 'details-v1'],
      ['productpage-v1', 'reviews', 'reviews-v1'],
      ['productpage-v1', 'reviews', 'reviews-v2'],
      ['productpage-v1', 'reviews', 'reviews-v3'],
      ['reviews-v2', 'ratings', 'ratings-v1'],
      ['reviews-v3', 'ratings', 'ratings-v1'],
    ];
    for (const [src, svc, dst] of edges) {
      for (const reporter of ['source', 'destination']) {
        const want = {
          reporter,
          source_workload: src,
          destination_service_name: svc,
          destination_workload: dst,
          destination_service_namespace: 'bookinfo',
        };
        expect(total('istio_requests_total', want), `${reporter} ${src} → ${dst}`).toBeGreaterThan(0);
      }
    }
    expect(total('istio_requests_total', { source_workload: 'reviews-v1', destination_service_name: 'ratings' })).toBe(
      0,
    );
  });

  it('counts TCP bytes and connections for tcp-echo from both reporters', () => {
    for (const reporter of ['source', 'destination']) {
      const want = {
        reporter,
        source_workload: 'curl',
        destination_service: 'tcp-echo.tcp-echo.svc.cluster.local',
        request_protocol: 'tcp',
      };
      const opened = total('istio_tcp_connections_opened_total', want);
      expect(opened).toBeGreaterThan(20);
      expect(total('istio_tcp_connections_closed_total', want)).toBe(opened);
      expect(total('istio_tcp_received_bytes_total', want)).toBe(opened * 24);
      expect(total('istio_tcp_sent_bytes_total', want)).toBe(opened * 30);
    }
  });

  it('reports the out-of-mesh source only at the destination, external hosts only at the source', () => {
    expectEvery(
      'istio_requests_total',
      { source_workload: 'unknown' },
      {
        reporter: 'destination',
        source_workload_namespace: 'unknown',
        source_principal: 'unknown',
        source_cluster: 'unknown',
      },
    );
    expectEvery(
      'istio_tcp_sent_bytes_total',
      { destination_service: 'pypi.org' },
      {
        reporter: 'source',
        destination_service_name: 'pypi.org',
        destination_service_namespace: 'default',
        destination_workload: 'unknown',
        source_workload: 'curl',
      },
    );
  });

  it('reports the ingress gateway as a source (reporter=source rows only)', () => {
    expectEvery('istio_requests_total', { destination_workload: 'istio-ingressgateway' }, { reporter: 'source' });
    expect(
      total('istio_requests_total', {
        reporter: 'source',
        source_workload: 'istio-ingressgateway',
        source_principal: 'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      }),
    ).toBeGreaterThan(0);
  });

  it('keeps counters cumulative across renders', () => {
    const before = total('istio_requests_total', {});
    runTicks(engine, 3);
    const after = parse(renderMetrics(engine))
      .samples.filter((s) => s.name === 'istio_requests_total')
      .reduce((n, s) => n + s.value, 0);
    expect(after).toBeGreaterThan(before);
  });
});

describe('renderMetricsChunks', () => {
  it('splits a big exposition into chunks of whole lines', () => {
    const store = new ObjectStore();
    const engine = createTrafficEngine(store, {
      seed: 1,
      callGraph: seedSynthetic(store, { workloads: 40, seed: 1 }),
      histograms: 'full',
    });
    runTicks(engine, 5);
    const chunks = [...renderMetricsChunks(engine)];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    expect(chunks.join('')).toBe(renderMetrics(engine));
    expect(() => parse(chunks.join(''))).not.toThrow();
  });
});
