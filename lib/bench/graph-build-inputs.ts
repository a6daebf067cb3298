/**
 * Inputs of `npm run bench:graph-build` (scripts/bench-graph-build.ts): the demo's synthetic mesh of N workloads
 * (lib/demo/synthetic/seed.ts, the mesh `npm run bench:graph` measures through the real API), its traffic engine run
 * for some ticks, its `/metrics` scrape parsed into series, the graph's PromQL answered over those series by the tests'
 * Prometheus stand-in (lib/graph/testdata/series-prometheus.ts: rate = counter / window), and the graph inventory the
 * server would hand to `buildGraph` (the store's objects through lib/k8s's mapping and the route's
 * `toGraphInventory`), with one running, ready pod with a sidecar per Deployment as the demo's controllers create.
 * Deterministic (seeded). Needs `--conditions=react-server` (the route module is server-only).
 */
import type * as k8s from '@kubernetes/client-node';
import { renderMetrics } from '@/lib/demo/metrics/render';
import { ObjectStore, type KubeObject } from '@/lib/demo/store/object-store';
import { resourceByKind } from '@/lib/demo/store/resources';
import { seedSynthetic } from '@/lib/demo/synthetic/seed';
import { createTrafficEngine } from '@/lib/demo/traffic/engine';
import { recommendedHistograms } from '@/lib/demo/traffic/telemetry';
import { evaluate, parseExposition, type Series } from '@/lib/graph/testdata/series-prometheus';
import type { GraphInventory, PromSample } from '@/lib/graph/types';
import { podInfo, serviceInfo, workloadInfo, type Inventory, type PodInfo } from '@/lib/k8s/inventory-model';
import { toGraphInventory } from '@/lib/server/graph/route';

/** The synthetic mesh's scrape and inventory. */
export interface MeshInputs {
  workloads: number;
  namespaces: string[];
  series: Series[];
  inventory: GraphInventory;
  /** Unix seconds the engine's counters end at (the graph's queryTime). */
  queryTime: number;
}

const list = (store: ObjectStore, apiVersion: string, kind: string) => store.list(resourceByKind(apiVersion, kind)!);

/** A Running, ready pod with a sidecar for a Deployment (what the demo's controllers create for replicas: 1). */
function podOf(d: KubeObject): k8s.V1Pod {
  const spec = d.spec as {
    template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string } };
  };
  return {
    metadata: {
      namespace: d.metadata.namespace,
      name: `${d.metadata.name}-0`,
      labels: spec.template.metadata.labels,
      creationTimestamp: new Date('2026-01-01T00:00:00Z'),
    },
    spec: {
      serviceAccountName: spec.template.spec.serviceAccountName,
      containers: [{ name: 'app' }, { name: 'istio-proxy' }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, image: '', imageID: '' },
        { name: 'istio-proxy', ready: true, restartCount: 0, image: '', imageID: '' },
      ],
    },
  };
}

/** The mesh of `workloads` workloads after `ticks` seconds of traffic (see the module comment). */
export function meshInputs(workloads: number, ticks = 30, seed = 1): MeshInputs {
  const store = new ObjectStore();
  const callGraph = seedSynthetic(store, { workloads, seed });
  const engine = createTrafficEngine(store, { seed, callGraph, histograms: recommendedHistograms(workloads) });
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= ticks; i++) engine.tick(t0 + i * 1000);
  const series = parseExposition(renderMetrics(engine));

  const pods = new Map<string, PodInfo[]>();
  const deployments = list(store, 'apps/v1', 'Deployment');
  for (const d of deployments) {
    const p = podInfo(podOf(d));
    pods.set(p.namespace, [...(pods.get(p.namespace) ?? []), p]);
  }
  const created = new Date(t0 - 3600_000);
  const namespaces = list(store, 'v1', 'Namespace').map((n) => ({
    name: n.metadata.name,
    labels: n.metadata.labels ?? {},
    createdAt: created.toISOString(),
  }));
  const injected = new Set(namespaces.filter((n) => n.labels['istio-injection'] === 'enabled').map((n) => n.name));
  const inv: Inventory = {
    namespaces,
    workloads: deployments.map((d) =>
      workloadInfo(
        'Deployment',
        { ...d, status: { replicas: 1, availableReplicas: 1, readyReplicas: 1 } } as k8s.V1Deployment,
        pods,
        injected,
      ),
    ),
    services: list(store, 'v1', 'Service').map((s) => serviceInfo(s as k8s.V1Service)),
    pods: [...pods.values()].flat(),
    istioConfig: [],
    gatewayApi: [],
  } as unknown as Inventory;
  return {
    workloads,
    namespaces: namespaces.map((n) => n.name).filter((n) => n.startsWith('mesh-')),
    series,
    inventory: toGraphInventory(inv, 'Kubernetes', 'istio-system'),
    queryTime: Math.floor(t0 / 1000) + ticks,
  };
}

/**
 * Every query's answer over the series, computed once per distinct PromQL and then replayed. `fresh()` copies every
 * answer seen so far for the next build (as a Prometheus client parses a fresh answer per request), outside the
 * build, so no build reuses another's objects and the copying is not counted in the build's figures.
 */
export function recordedPrometheus(series: readonly Series[]) {
  const answers = new Map<string, PromSample[]>();
  let next = new Map<string, PromSample[]>();
  const copy = (a: PromSample[]) => a.map((s) => ({ metric: { ...s.metric }, value: s.value }));
  return {
    query: async (promql: string): Promise<PromSample[]> => {
      const ready = next.get(promql);
      if (ready) {
        next.delete(promql);
        return ready;
      }
      let a = answers.get(promql);
      if (!a) answers.set(promql, (a = evaluate(promql, series)));
      return copy(a);
    },
    fresh: () => {
      next = new Map([...answers].map(([q, a]) => [q, copy(a)]));
    },
  };
}
