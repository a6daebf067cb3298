import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrafficEngine, type TrafficEngine } from '../traffic/engine';
import { ambientStore, runTicks } from '../traffic/test-fixtures';
import type { RunningServer } from './listen';
import {
  OPENMETRICS_CONTENT_TYPE,
  podMetricsPath,
  podTargets,
  renderPod,
  renderZtunnel,
  sanitizeLabelName,
} from './pods';
import { startMetricsServer } from './server';
import { templateLabelNames, TESTDATA } from './test-exposition';

const ZTUNNEL_FIXTURE = readFileSync(path.join(TESTDATA, 'prometheus/istio-1.24-ztunnel-tcp.excerpt.prom'), 'utf8');

interface Sample {
  name: string;
  labels: Record<string, string>;
  order: string[];
  value: number;
}

/** Samples of an exposition (text format or OpenMetrics): `name{k="v",...} value` lines. */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    const order: string[] = [];
    for (const l of m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]!] = l[2]!;
      order.push(l[1]!);
    }
    out.push({ name: m[1]!, labels, order, value: Number(m[3]) });
  }
  return out;
}

describe('ambient proxy scrapes', () => {
  let engine: TrafficEngine;
  beforeAll(() => {
    engine = createTrafficEngine(ambientStore(), { seed: 8 });
    runTicks(engine, 20);
  });

  const ztunnelText = () => renderZtunnel(engine.ambient.ztunnels.values().next().value!.registry);
  const waypointPod = () => engine.ambient.waypoints.values().next().value!.pod;

  it('a ztunnel scrape has exactly the label names, order and values style of the real ztunnel 1.24 scrape', () => {
    const real = samples(ZTUNNEL_FIXTURE);
    const ours = samples(ztunnelText());
    for (const family of ['istio_tcp_received_bytes_total', 'istio_tcp_sent_bytes_total']) {
      const realOrders = new Set(real.filter((s) => s.name === family).map((s) => s.order.join(',')));
      expect(realOrders.size).toBe(1);
      const ourOrders = new Set(ours.filter((s) => s.name === family).map((s) => s.order.join(',')));
      expect([...ourOrders]).toEqual([...realOrders]);
    }
    // The same label set on the connection counters (the fixture's header says so of the full file).
    const order = ours.find((s) => s.name === 'istio_tcp_received_bytes_total')!.order.join(',');
    for (const s of ours) expect(s.order.join(',')).toBe(order);
    // Values as ztunnel writes them for ambient pods talking over HBONE.
    const reviewsV2Sent = (list: Sample[]) =>
      list.find(
        (s) =>
          s.name === 'istio_tcp_sent_bytes_total' &&
          s.labels.source_workload === 'reviews-v2' &&
          s.labels.reporter === 'destination',
      )!;
    const row = reviewsV2Sent(ours);
    const realRow = reviewsV2Sent(real);
    const sameValued = [
      'source_canonical_service',
      'source_canonical_revision',
      'source_app',
      'source_version',
      'source_cluster',
      'destination_service_name',
      'destination_workload',
      'destination_app',
      'destination_version',
      'destination_cluster',
      'request_protocol',
      'response_flags',
      'connection_security_policy',
    ];
    for (const k of sameValued) expect(row.labels[k], k).toBe(realRow.labels[k]);
  });

  it('a ztunnel scrape is OpenMetrics as ztunnel serves it: HELP/TYPE without _total, `_total` samples, # EOF (Prometheus 2.42 parses it)', () => {
    const text = ztunnelText();
    for (const line of ZTUNNEL_FIXTURE.split('\n').filter((l) => /^# (HELP|TYPE) /.test(l)))
      expect(text).toContain(`${line}\n`);
    expect(text).toContain('# TYPE istio_tcp_connections_opened counter\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
    // OpenMetrics: every counter sample is its family's name + `_total`, and the family is declared before it.
    let family = '';
    for (const line of text.split('\n')) {
      const type = /^# TYPE (\w+) counter$/.exec(line);
      if (type) family = type[1]!;
      else if (line && !line.startsWith('#')) expect(line.startsWith(`${family}_total{`)).toBe(true);
    }
  });

  it('a waypoint scrape has the label names of istio/proxy’s waypoint tests, reporter="waypoint"', () => {
    const scrape = renderPod(engine.ambient, waypointPod().namespace, waypointPod().name)!;
    const ours = samples([...scrape.chunks].join(''));
    const requests = ours.filter((s) => s.name === 'istio_requests_total');
    expect(requests.length).toBeGreaterThan(0);
    for (const s of requests) {
      expect(s.order).toEqual(templateLabelNames('server_waypoint_proxy_connect_request_total.yaml.tmpl'));
      expect(s.labels.reporter).toBe('waypoint');
    }
    expect(
      ours.some((s) => s.name === 'istio_request_duration_milliseconds_bucket' && s.labels.reporter === 'waypoint'),
    ).toBe(true);
  });

  it('waypoint TCP rows have the label names of istio/proxy’s waypoint connection test', () => {
    const e = createTrafficEngine(ambientStore(), {
      seed: 2,
      callGraph: {
        edges: [
          {
            source: { namespace: 'bookinfo-ambient', app: 'curl' },
            destination: { host: 'reviews', port: 9080 },
            protocol: 'tcp',
            rps: 2,
          },
        ],
      },
    });
    runTicks(e, 5);
    const { pod } = e.ambient.waypoints.values().next().value!;
    const tcp = samples([...renderPod(e.ambient, pod.namespace, pod.name)!.chunks].join('')).filter(
      (s) => s.name === 'istio_tcp_connections_opened_total',
    );
    expect(tcp.length).toBeGreaterThan(0);
    for (const s of tcp)
      expect(s.order).toEqual(templateLabelNames('server_waypoint_proxy_connect_connections_opened_total.yaml.tmpl'));
  });

  it('lists the proxy pods for Prometheus with the labels the kubernetes-pods job gives them', () => {
    const targets = podTargets(engine.ambient, '127.0.0.1:9');
    const z = targets.find((t) => t.labels.app === 'ztunnel')!;
    expect(z.targets).toEqual(['127.0.0.1:9']);
    expect(z.labels).toMatchObject({
      namespace: 'istio-system',
      __metrics_path__: expect.stringMatching(/^\/metrics\/pods\/istio-system\/ztunnel-/),
    });
    const w = targets.find((t) => t.labels.namespace === 'bookinfo-ambient')!;
    expect(w.labels).toMatchObject({
      pod: waypointPod().name,
      gateway_networking_k8s_io_gateway_name: 'waypoint',
      gateway_istio_io_managed: 'istio.io-mesh-controller',
    });
    expect(w.labels.app).toBeUndefined();
    expect(sanitizeLabelName('service.istio.io/canonical-name')).toBe('service_istio_io_canonical_name');
  });

  describe('served by the metrics server', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startMetricsServer({ engine, port: 0 });
    });
    afterAll(async () => {
      await server.close();
    });

    it('serves /sd/pods, each pod’s scrape at its path, and 404 for other pods', async () => {
      const sd = (await (await fetch(`${server.url}/sd/pods`)).json()) as {
        targets: string[];
        labels: Record<string, string>;
      }[];
      expect(sd.map((t) => t.labels.pod).sort()).toEqual(
        engine.ambient
          .pods()
          .map((p) => p.name)
          .sort(),
      );
      expect(sd[0]!.targets).toEqual([new URL(server.url).host]);
      const z = engine.ambient.ztunnels.values().next().value!.pod;
      const res = await fetch(`${server.url}${podMetricsPath(z)}`);
      expect(res.headers.get('content-type')).toBe(OPENMETRICS_CONTENT_TYPE);
      expect(await res.text()).toContain('istio_tcp_sent_bytes_total{reporter=');
      expect((await fetch(`${server.url}/metrics/pods/bookinfo-ambient/nope`)).status).toBe(404);
      // the sidecars' scrape has no ambient rows
      expect(await (await fetch(`${server.url}/metrics`)).text()).not.toContain('bookinfo-ambient');
    });
  });
});
