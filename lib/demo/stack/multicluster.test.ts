import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startStack, type RunningStack, type StackPorts } from './index';
import { assertPortFree } from './ports';
import { writeMultiClusterPrometheusConfig } from './prometheus';

/** A base port whose next `count` ports are free (random in 40000–59999, a few tries). */
async function freeRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 40_000 + Math.floor(Math.random() * 20_000);
    try {
      for (let i = 0; i < count; i++) await assertPortFree(base + i, 'test');
      return base;
    } catch {
      /* taken: try another */
    }
  }
  throw new Error('no free port range found');
}

describe('writeMultiClusterPrometheusConfig', () => {
  it('labels each cluster’s target with its cluster; a per-cluster Prometheus says its cluster in external_labels', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mc-prom-'));
    try {
      const targets = [
        { cluster: 'east', target: '127.0.0.1:1' },
        { cluster: 'west', target: '127.0.0.1:2' },
      ];
      const shared = parse(readFileSync(writeMultiClusterPrometheusConfig(dir, targets, 2), 'utf8'));
      expect(shared.global).toEqual({ scrape_interval: '2s', evaluation_interval: '2s' });
      expect(shared.scrape_configs[0].static_configs).toEqual([
        { targets: ['127.0.0.1:1'], labels: { cluster: 'east' } },
        { targets: ['127.0.0.1:2'], labels: { cluster: 'west' } },
      ]);
      const own = parse(readFileSync(writeMultiClusterPrometheusConfig(dir, targets.slice(1), 2), 'utf8'));
      expect(own.global.external_labels).toEqual({ cluster: 'west' });
      expect(own.scrape_configs[0].static_configs).toEqual([{ targets: ['127.0.0.1:2'], labels: { cluster: 'west' } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startStack with clusters (the multi-cluster mesh process only)', () => {
  let dir: string;
  let stack: RunningStack;
  let ports: StackPorts;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mc-stack-'));
    const base = await freeRun(5);
    ports = { kube: base, metrics: base + 2, jaeger: base + 4, prometheus: 1, meshscope: 1 };
    stack = await startStack({
      root: path.resolve(__dirname, '../../..'),
      dir,
      ports,
      clusters: ['east', 'west'],
      parts: { prometheus: false, meshscope: false },
    });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one kubeconfig per cluster (context = cluster name) and a combined one', () => {
    expect(stack.clusters!.map((c) => [c.name, c.kube])).toEqual([
      ['east', `http://127.0.0.1:${ports.kube}`],
      ['west', `http://127.0.0.1:${ports.kube + 1}`],
    ]);
    for (const c of stack.clusters!) {
      expect(c.kubeconfig).toBe(path.join(dir, 'clusters', `${c.name}.kubeconfig`));
      const kc = new KubeConfig();
      kc.loadFromFile(c.kubeconfig);
      expect(kc.getContexts().map((x) => x.name)).toEqual([c.name]);
      expect(kc.getCurrentCluster()?.server).toBe(c.kube);
    }
    const all = new KubeConfig();
    all.loadFromFile(stack.urls.kubeconfig);
    expect(all.getContexts().map((x) => x.name)).toEqual(['east', 'west']);
    expect(all.getCurrentContext()).toBe('east');
    // Shared Prometheus mode: no per-cluster backend files.
    expect(existsSync(path.join(dir, 'clusters', 'east.json'))).toBe(false);
  });

  it('stops and restarts one cluster’s API (kube:<cluster>) while the other and the metrics keep answering', async () => {
    const ping = (url: string) =>
      fetch(`${url}/version`).then(
        (r) => r.status,
        () => 'refused',
      );
    const [east, west] = stack.clusters!;
    await stack.stop('kube:west');
    expect(await ping(west!.kube)).toBe('refused');
    expect(await ping(east!.kube)).toBe(200);
    expect((await fetch(west!.metrics)).status).toBe(200);
    await stack.start('kube:west');
    const kc = new KubeConfig();
    kc.loadFromFile(west!.kubeconfig);
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'bookinfo' });
    expect(pods.items.map((p) => p.metadata!.labels?.app).sort()).toEqual(['ratings', 'reviews']);
    await expect(stack.stop('kube:north')).rejects.toThrow(/no such cluster/);
  });
});

/** `query` on a Prometheus: each result's labels. */
async function instant(prometheus: string, query: string): Promise<Record<string, string>[]> {
  const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: { metric: Record<string, string> }[] } };
  return body.data.result.map((r) => r.metric);
}

describe('startStack with clusters and one Prometheus per cluster', () => {
  let dir: string;
  let stack: RunningStack;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mc-stack-prom-'));
    const base = await freeRun(7);
    stack = await startStack({
      root: path.resolve(__dirname, '../../..'),
      dir,
      ports: { kube: base, metrics: base + 2, jaeger: base + 4, prometheus: base + 5, meshscope: 1 },
      clusters: ['east', 'west'],
      prometheusMode: 'per-cluster',
      scrapeSeconds: 1,
      parts: { meshscope: false },
    });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each cluster’s backends beside its kubeconfig, and each Prometheus holds only its cluster’s proxies', async () => {
    const [east, west] = stack.clusters!;
    expect(east!.prometheus).not.toBe(west!.prometheus);
    for (const c of stack.clusters!) {
      const backends = JSON.parse(readFileSync(path.join(dir, 'clusters', `${c.name}.json`), 'utf8'));
      expect(backends).toEqual({ prometheusUrl: c.prometheus, jaegerUrl: stack.urls.jaeger });
    }
    // Wait for the first scrapes (every second) of the cross-cluster series on both sides.
    const crossing = 'istio_requests_total{source_workload="productpage-v1",destination_workload="reviews-v3"}';
    let seen: Record<string, string>[][] = [[], []];
    for (let attempt = 0; attempt < 60 && seen.some((s) => s.length === 0); attempt++) {
      seen = await Promise.all([instant(east!.prometheus, crossing), instant(west!.prometheus, crossing)]);
      if (seen.some((s) => s.length === 0)) await new Promise((r) => setTimeout(r, 1_000));
    }
    // The client's sidecar (east) and the server's (west) each report the call to their own cluster's Prometheus.
    expect(seen[0]!.map((m) => [m.reporter, m.cluster, m.source_cluster, m.destination_cluster])).toEqual([
      ['source', 'east', 'east', 'west'],
    ]);
    expect(seen[1]!.map((m) => [m.reporter, m.cluster, m.source_cluster, m.destination_cluster])).toEqual([
      ['destination', 'west', 'east', 'west'],
    ]);
    const clusters = async (prom: string) =>
      (await instant(prom, 'count by (cluster) (istio_requests_total)')).map((m) => m.cluster);
    expect(await clusters(east!.prometheus)).toEqual(['east']);
    expect(await clusters(west!.prometheus)).toEqual(['west']);
  }, 90_000);
});
