/**
 * VictoriaMetrics as a second metrics backend (issue 17): the demo mesh scraped by a real Prometheus and by
 * VictoriaMetrics with the same config gives the bookinfo graph the same nodes and edges. Needs both binaries
 * (`apt-get install -y prometheus victoria-metrics`); fails saying so when one is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as graphHandler } from '@/app/api/namespaces/graph/route';
import { pageRequest, params, route } from '@/lib/auth/test-helpers';
import { resetConfig } from '@/lib/config';
import { resetKubeClients } from '@/lib/k8s/client';
import { startStack, type RunningStack } from '@/lib/demo/stack';
import { freePort } from '@/lib/demo/stack/ports';
import { aggregateByNamespace } from '@/lib/graph/namespace-view';
import type { KialiGraphJson } from '@/lib/graph/types';

const graph = route(graphHandler);
const root = path.resolve(__dirname, '../../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-backends-'));
const stacks: RunningStack[] = [];

interface GraphJson {
  elements: {
    nodes: { data: Record<string, unknown> & { id: string } }[];
    edges: { data: { source: string; target: string } }[];
  };
}

/** The graph's nodes and edges by what they are (type, namespace, app, version, workload, service), not by id. */
function shape(g: GraphJson): { nodes: string[]; edges: string[] } {
  const name = new Map(
    g.elements.nodes.map(({ data: d }) => [
      d.id,
      ['nodeType', 'namespace', 'app', 'version', 'workload', 'service'].map((k) => String(d[k] ?? '')).join('/'),
    ]),
  );
  return {
    nodes: [...name.values()].sort(),
    edges: g.elements.edges.map(({ data: e }) => `${name.get(e.source)} -> ${name.get(e.target)}`).sort(),
  };
}

let urls: { kubeconfig: string; prometheus: string; victoriametrics: string };

beforeAll(async () => {
  const [kube, jaeger, metrics, prometheus, victoriametrics] = await Promise.all([1, 2, 3, 4, 5].map(freePort));
  const ports = { kube: kube!, jaeger: jaeger!, metrics: metrics!, prometheus: prometheus!, meshscope: 0 };
  const common = { root, scrapeSeconds: 2 };
  const prom = await startStack({ ...common, dir, ports, parts: { meshscope: false } });
  stacks.push(prom);
  const vm = await startStack({
    ...common,
    dir: path.join(dir, 'vm'),
    ports: { ...ports, prometheus: victoriametrics! },
    parts: { mesh: false, prometheus: true, meshscope: false },
    backend: 'victoriametrics',
  });
  stacks.push(vm);
  urls = { kubeconfig: prom.urls.kubeconfig, prometheus: prom.urls.prometheus, victoriametrics: vm.urls.prometheus };
}, 120_000);

afterAll(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function bookinfoGraph(prometheusUrl: string): Promise<{ nodes: string[]; edges: string[] }> {
  Object.assign(process.env, {
    AUTH_STRATEGY: 'anonymous',
    KUBECONFIG: urls.kubeconfig,
    PROMETHEUS_URL: prometheusUrl,
    JAEGER_URL: '',
  });
  resetConfig();
  resetKubeClients();
  const res = await graph(
    pageRequest('/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&duration=60s'),
    params(),
  );
  expect(res.status).toBe(200);
  return shape((await res.json()) as GraphJson);
}

describe('VictoriaMetrics in place of Prometheus (issue 17)', () => {
  it('gives the bookinfo graph the same nodes and edges', async () => {
    // both scrape every 2 s: wait until each has a rate for every edge (a counter needs two samples in the window)
    let fromProm = { nodes: [] as string[], edges: [] as string[] };
    let fromVm = fromProm;
    for (let attempt = 0; attempt < 60; attempt++) {
      [fromProm, fromVm] = [await bookinfoGraph(urls.prometheus), await bookinfoGraph(urls.victoriametrics)];
      if (fromProm.edges.length >= 6 && JSON.stringify(fromProm) === JSON.stringify(fromVm)) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(fromProm.edges.length).toBeGreaterThanOrEqual(6);
    expect(fromProm.edges.some((e) => /productpage.*-> .*reviews/.test(e))).toBe(true);
    expect(fromVm).toEqual(fromProm);
  }, 180_000);
});

describe('the namespace view from the graph API (issue 17)', () => {
  it('answers namespaceView=true with the namespace nodes and summaries the graph of the same window gives', async () => {
    await bookinfoGraph(urls.prometheus); // environment set to the Prometheus stack
    const qs = `namespaces=bookinfo,tcp-echo&graphType=versionedApp&duration=60s&queryTime=${Math.floor(Date.now() / 1000)}`;
    const full = await graph(pageRequest(`/api/namespaces/graph?${qs}`), params());
    const view = await graph(pageRequest(`/api/namespaces/graph?${qs}&namespaceView=true`), params());
    const auto = await graph(pageRequest(`/api/namespaces/graph?${qs}&namespaceView=auto`), params());
    expect([full.status, view.status, auto.status]).toEqual([200, 200, 200]);
    expect(view.headers.get('server-timing')).toMatch(/namespace-view;dur=/);
    const fullJson = (await full.json()) as KialiGraphJson;
    const viewJson = (await view.json()) as KialiGraphJson;
    const expected = aggregateByNamespace(fullJson);
    expect(viewJson.elements).toEqual(expected.json.elements);
    expect(viewJson.namespaceView!.summaries.map((s) => s.namespace)).toEqual(
      expect.arrayContaining(['bookinfo', 'tcp-echo']),
    );
    expect(viewJson.namespaceView!.summaries).toEqual([...expected.summaries.values()]);
    // auto: the demo is far below the threshold, so the graph itself
    expect(await auto.json()).toEqual(fullJson);
    const bad = await graph(pageRequest(`/api/namespaces/graph?${qs}&namespaceView=maybe`), params());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/namespaceView/);
  }, 60_000);
});
