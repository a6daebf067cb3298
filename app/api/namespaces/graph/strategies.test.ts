/**
 * The graph from a real Prometheus scraping the demo mesh (issue 17): the batched traffic queries
 * (GRAPH_QUERY_STRATEGY=batched, lib/graph/batched-queries.ts) answer the same graph JSON, byte for byte, as Kiali's
 * per-namespace queries at the same `queryTime`, over all six demo namespaces (sidecar, Gateway API, TCP and ambient);
 * and with the graph's recording rules loaded (deploy/kubernetes/components/recording-rules, Istio's production-scale
 * Prometheus guide) the graph read from the recorded series has the same nodes and edges as from the raw metrics
 * (rates may differ in the last digits: a recorded series is sampled at rule evaluation, not at scrape).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as graphHandler } from '@/app/api/namespaces/graph/route';
import { pageRequest, params, route } from '@/lib/auth/test-helpers';
import { resetConfig } from '@/lib/config';
import { startStack, type RunningStack } from '@/lib/demo/stack';
import { freePort } from '@/lib/demo/stack/ports';
import { DEMO_NAMESPACES } from '@/lib/demo/seed';
import { resetKubeClients } from '@/lib/k8s/client';

const graph = route(graphHandler);
const root = path.resolve(__dirname, '../../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-strategies-'));
let stack: RunningStack;

beforeAll(async () => {
  const [kube, jaeger, metrics, prometheus] = await Promise.all([1, 2, 3, 4].map(freePort));
  const ports = { kube: kube!, jaeger: jaeger!, metrics: metrics!, prometheus: prometheus!, meshscope: 0 };
  stack = await startStack({ root, dir, ports, scrapeSeconds: 2, recordingRules: true, parts: { meshscope: false } });
}, 120_000);

afterAll(async () => {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface GraphJson {
  elements: { nodes: { data: { id: string } }[]; edges: { data: { source: string; target: string } }[] };
}

async function graphAt(
  queryTime: number,
  env: Record<string, string>,
): Promise<{ text: string; json: GraphJson; timing: string }> {
  Object.assign(process.env, {
    AUTH_STRATEGY: 'anonymous',
    KUBECONFIG: stack.urls.kubeconfig,
    PROMETHEUS_URL: stack.urls.prometheus,
    JAEGER_URL: '',
    ...env,
  });
  resetConfig();
  resetKubeClients();
  const q = `namespaces=${DEMO_NAMESPACES.join(',')}&graphType=versionedApp&duration=20s&queryTime=${queryTime}`;
  const res = await graph(pageRequest(`/api/namespaces/graph?${q}`), params());
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, json: JSON.parse(text) as GraphJson, timing: res.headers.get('Server-Timing') ?? '' };
}

const ids = (g: GraphJson) => ({
  nodes: g.elements.nodes.map((n) => n.data.id).sort(),
  edges: g.elements.edges.map((e) => `${e.data.source}>${e.data.target}`).sort(),
});

describe('graph query strategies and recording rules against a real Prometheus', () => {
  it('answer the same graph', async () => {
    const raw = { PROMETHEUS_RECORDING_RULES: 'off' };
    let edges = 0;
    for (let attempt = 0; attempt < 60 && edges < 10; attempt++) {
      await new Promise((r) => setTimeout(r, 2_000));
      const g = await graphAt(Math.floor(Date.now() / 1000) - 2, { ...raw, GRAPH_QUERY_STRATEGY: 'batched' });
      edges = g.json.elements.edges.length;
    }
    expect(edges).toBeGreaterThanOrEqual(10);
    // the namespaces are seconds old: wait until each has lived through the 20 s window (one window for all)
    await new Promise((r) => setTimeout(r, 22_000));
    const t = Math.floor(Date.now() / 1000) - 2;
    const perNamespace = await graphAt(t, { ...raw, GRAPH_QUERY_STRATEGY: 'namespace' });
    const batched = await graphAt(t, { ...raw, GRAPH_QUERY_STRATEGY: 'batched' });
    expect(batched.text).toBe(perNamespace.text);
    const recorded = await graphAt(t, { PROMETHEUS_RECORDING_RULES: 'auto', GRAPH_QUERY_STRATEGY: 'batched' });
    expect(recorded.timing).toContain('recorded series');
    expect(batched.timing).not.toContain('recorded series');
    expect(ids(recorded.json)).toEqual(ids(perNamespace.json));
  }, 240_000);
});
