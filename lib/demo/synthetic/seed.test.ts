import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store/object-store';
import { resourceByPlural } from '../store/resources';
import { createTrafficEngine } from '../traffic/engine';
import { requests, simulate } from '../traffic/test-fixtures';
import { recommendedHistograms } from '../traffic/telemetry';
import { seedSynthetic } from './seed';

const list = (store: ObjectStore, group: string, plural: string) => store.list(resourceByPlural(group, plural)!);

describe('seedSynthetic', () => {
  it('creates N workloads over N/10 injected namespaces, with Services and ServiceAccounts per app', () => {
    const store = new ObjectStore();
    seedSynthetic(store, { workloads: 200, seed: 3 });
    const deployments = list(store, 'apps', 'deployments').filter((d) => d.metadata.namespace!.startsWith('mesh-'));
    expect(deployments).toHaveLength(200);
    const namespaces = list(store, '', 'namespaces').filter((n) => n.metadata.name.startsWith('mesh-'));
    expect(namespaces).toHaveLength(20);
    for (const ns of namespaces) expect(ns.metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    const apps = new Set(deployments.map((d) => `${d.metadata.namespace}/${d.spec.template.metadata.labels.app}`));
    const services = list(store, '', 'services').filter((s) => s.metadata.namespace!.startsWith('mesh-'));
    expect(services).toHaveLength(apps.size);
    expect(list(store, '', 'serviceaccounts').filter((s) => s.metadata.namespace!.startsWith('mesh-'))).toHaveLength(
      apps.size,
    );
    const twoVersions = [...apps].filter(
      (a) =>
        deployments.filter((d) => `${d.metadata.namespace}/${d.spec.template.metadata.labels.app}` === a).length === 2,
    );
    expect(twoVersions.length).toBeGreaterThan(10);
    expect(list(store, 'apps', 'deployments').some((d) => d.metadata.name === 'istio-ingressgateway')).toBe(true);
  });

  it('returns a DAG-ish call graph: an ingress entry per namespace, 1–3 calls per app, every app called', () => {
    const store = new ObjectStore();
    const graph = seedSynthetic(store, { workloads: 300, seed: 4 });
    const entries = graph.edges.filter((e) => e.source !== 'unknown' && e.source.app === 'istio-ingressgateway');
    expect(entries).toHaveLength(30);
    const called = new Set(graph.edges.map((e) => e.destination.host));
    for (const s of list(store, '', 'services').filter((x) => x.metadata.namespace!.startsWith('mesh-'))) {
      expect(called.has(`${s.metadata.name}.${s.metadata.namespace}.svc.cluster.local`)).toBe(true);
    }
    const out = new Map<string, number>();
    for (const e of graph.edges)
      if (e.source !== 'unknown' && e.perRequest)
        out.set(`${e.source.app}.${e.source.namespace}`, (out.get(`${e.source.app}.${e.source.namespace}`) ?? 0) + 1);
    const degrees = [...out.values()];
    expect(Math.max(...degrees)).toBeLessThanOrEqual(4);
    expect(degrees.filter((d) => d > 3).length / degrees.length).toBeLessThan(0.02);
    expect(degrees.reduce((x, y) => x + y, 0) / degrees.length).toBeGreaterThan(1.3);
    expect(
      graph.edges.some(
        (e) =>
          e.source !== 'unknown' &&
          e.perRequest &&
          !e.destination.host.endsWith(`.${e.source.namespace}.svc.cluster.local`),
      ),
    ).toBe(true);
    // Acyclic: a topological order exists.
    const adj = new Map<string, string[]>();
    for (const e of graph.edges)
      if (e.source !== 'unknown')
        adj.set(`${e.source.app}.${e.source.namespace}.svc.cluster.local`, [
          ...(adj.get(`${e.source.app}.${e.source.namespace}.svc.cluster.local`) ?? []),
          e.destination.host,
        ]);
    const state = new Map<string, number>();
    const visit = (n: string): boolean => {
      if (state.get(n) === 1) return false;
      if (state.get(n) === 2) return true;
      state.set(n, 1);
      const ok = (adj.get(n) ?? []).every(visit);
      state.set(n, 2);
      return ok;
    };
    expect([...adj.keys()].every(visit)).toBe(true);
  });

  it('is deterministic for a seed and drives traffic to every workload', () => {
    const a = new ObjectStore();
    const b = new ObjectStore();
    const ga = seedSynthetic(a, { workloads: 60, seed: 9 });
    const gb = seedSynthetic(b, { workloads: 60, seed: 9 });
    expect(gb).toEqual(ga);
    expect(list(b, 'apps', 'deployments').map((d) => d.spec)).toEqual(
      list(a, 'apps', 'deployments').map((d) => d.spec),
    );
    const engine = simulate(a, 1, 30, ga);
    for (const d of list(a, 'apps', 'deployments').filter((x) => x.metadata.namespace!.startsWith('mesh-'))) {
      const got = requests(engine.telemetry, {
        reporter: 'destination',
        destination_workload: d.metadata.name,
        destination_workload_namespace: d.metadata.namespace!,
      });
      const tcpApp = d.spec.template.spec.containers[0].ports[0].containerPort === 6379;
      if (!tcpApp) expect(got, d.metadata.name).toBeGreaterThan(0);
    }
    expect(requests(engine.telemetry, { reporter: 'source', source_workload: 'istio-ingressgateway' })).toBeGreaterThan(
      100,
    );
    expect(requests(engine.telemetry, { request_protocol: 'grpc' })).toBeGreaterThan(0);
  });

  it('recommends histogram detail by size, and the engine follows it by default', () => {
    expect(recommendedHistograms(50)).toBe('full');
    expect(recommendedHistograms(500)).toBe('lean');
    expect(recommendedHistograms(2000)).toBe('none');
    const store = new ObjectStore();
    const callGraph = seedSynthetic(store, { workloads: 600, seed: 1 });
    expect(createTrafficEngine(store, { callGraph }).telemetry.histogramMode).toBe('none');
    expect(createTrafficEngine(store, { callGraph, histograms: 'full' }).telemetry.histogramMode).toBe('full');
  });
});
