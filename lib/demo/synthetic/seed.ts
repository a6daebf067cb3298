import type { KubeObject, ObjectStore } from '../store/object-store';
import { deploymentObject, serviceObject } from '../store/objects';
import { resourceByKind } from '../store/resources';
import { createPrng, type Prng } from '../traffic/prng';
import type { CallEdge, CallGraph, ServiceProfile } from '../traffic/types';

const WORDS = [
  'cart',
  'checkout',
  'catalog',
  'payments',
  'search',
  'users',
  'orders',
  'inventory',
  'shipping',
  'reco',
  'auth',
  'notify',
  'pricing',
  'ledger',
  'media',
  'quotes',
  'reviews',
  'profile',
  'billing',
  'audit',
];
const INGRESS_NS = 'istio-system';
const INGRESS = 'istio-ingressgateway';

interface App {
  ns: string;
  name: string;
  protocol: 'http' | 'grpc' | 'tcp';
  versions: string[];
  port: number;
}

function create(store: ObjectStore, obj: KubeObject): void {
  const type = resourceByKind(obj.apiVersion, obj.kind)!;
  if (!store.get(type, obj.metadata.namespace, obj.metadata.name)) store.create(type, obj);
}

function deploymentOf(ns: string, name: string, labels: Record<string, string>, sa: string, port: number): KubeObject {
  const container = { name: labels.app, image: 'docker.io/kennethreitz/httpbin', ports: [{ containerPort: port }] };
  return deploymentObject({ namespace: ns, name, labels, serviceAccountName: sa, containers: [container] });
}

function serviceOf(
  ns: string,
  name: string,
  selector: Record<string, string>,
  portName: string,
  port: number,
): KubeObject {
  return serviceObject(ns, name, selector, { selector, ports: [{ name: portName, port, targetPort: port }] });
}

/** Lays out `workloads` Deployments over the namespaces as apps (about a quarter with two versions). */
function planApps(rng: Prng, workloads: number, namespaces: number): App[] {
  const apps: App[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `mesh-${n}`;
    let left = Math.floor(workloads / namespaces) + (n < workloads % namespaces ? 1 : 0);
    for (let a = 0; left > 0; a++) {
      const entry = a === 0;
      const twoVersions = left >= 2 && rng.chance(0.25);
      const roll = rng.next();
      const protocol = entry ? 'http' : roll < 0.1 ? 'grpc' : roll < 0.16 ? 'tcp' : 'http';
      const word = WORDS[a % WORDS.length]!;
      const name = a < WORDS.length ? word : `${word}-${Math.floor(a / WORDS.length)}`;
      apps.push({
        ns,
        name,
        protocol,
        versions: twoVersions ? ['v1', 'v2'] : ['v1'],
        port: protocol === 'tcp' ? 6379 : protocol === 'grpc' ? 9090 : 8080,
      });
      left -= twoVersions ? 2 : 1;
    }
  }
  return apps;
}

/**
 * Seeds a synthetic mesh of `workloads` Deployments over max(1, workloads/10) namespaces `mesh-0`, `mesh-1`...
 * (labelled istio-injection=enabled), with a Service and a ServiceAccount per app; about a quarter of the apps
 * run two versions, some speak gRPC and a few are TCP leaves. Returns a seeded call graph: the ingress gateway
 * calls each namespace's entry app; every app calls 1–3 later apps (a DAG, about one call in five to the next
 * namespaces), with per-call ratios chosen so each edge carries roughly 1–8 requests per second. The ingress
 * gateway (istio-system) is created when missing. Same seed, same mesh.
 */
export function seedSynthetic(store: ObjectStore, opts: { workloads: number; seed?: number }): CallGraph {
  const rng = createPrng(opts.seed ?? 42);
  const total = Math.max(1, Math.floor(opts.workloads));
  const namespaces = Math.max(1, Math.round(total / 10));
  const apps = planApps(rng, total, namespaces);

  create(store, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: INGRESS_NS } });
  const gwLabels = { app: INGRESS, istio: 'ingressgateway' };
  create(store, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: `${INGRESS}-service-account`, namespace: INGRESS_NS },
  });
  create(store, deploymentOf(INGRESS_NS, INGRESS, gwLabels, `${INGRESS}-service-account`, 8080));
  create(store, {
    ...serviceOf(INGRESS_NS, INGRESS, gwLabels, 'http2', 80),
    spec: { selector: gwLabels, ports: [{ name: 'http2', port: 80, targetPort: 8080 }] },
  });
  for (let n = 0; n < namespaces; n++) {
    create(store, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `mesh-${n}`, labels: { 'istio-injection': 'enabled' } },
    });
  }
  for (const app of apps) {
    create(store, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: app.name, namespace: app.ns } });
    create(
      store,
      serviceOf(app.ns, app.name, { app: app.name }, app.protocol === 'tcp' ? 'tcp-redis' : app.protocol, app.port),
    );
    for (const v of app.versions)
      create(store, deploymentOf(app.ns, `${app.name}-${v}`, { app: app.name, version: v }, app.name, app.port));
  }
  return buildCallGraph(rng, apps);
}

function buildCallGraph(rng: Prng, apps: App[]): CallGraph {
  const targets = new Map<number, Set<number>>();
  const add = (from: number, to: number): void => {
    if (!targets.has(from)) targets.set(from, new Set());
    targets.get(from)!.add(to);
  };
  // Apps are laid out namespace by namespace: nsStart[i] / nsEnd[i] bound app i's namespace.
  const nsStart: number[] = [];
  const nsEnd: number[] = new Array<number>(apps.length);
  apps.forEach((a, i) => nsStart.push(i > 0 && apps[i - 1]!.ns === a.ns ? nsStart[i - 1]! : i));
  for (let i = apps.length - 1; i >= 0; i--)
    nsEnd[i] = i < apps.length - 1 && apps[i + 1]!.ns === apps[i]!.ns ? nsEnd[i + 1]! : i + 1;
  const canCall = (i: number): boolean => apps[i]!.protocol !== 'tcp';
  // Every app but a namespace's entry gets a caller earlier in its namespace, so all of it receives traffic.
  for (let i = 0; i < apps.length; i++) {
    const before: number[] = [];
    for (let j = nsStart[i]!; j < i; j++) if (canCall(j)) before.push(j);
    const open = before.filter((j) => (targets.get(j)?.size ?? 0) < 3);
    const pool = open.length > 0 ? open : before;
    if (pool.length > 0) add(pool[rng.int(pool.length)]!, i);
  }
  for (let i = 0; i < apps.length; i++) {
    if (!canCall(i)) continue;
    const want = 1 + rng.int(3);
    for (let tries = 0; (targets.get(i)?.size ?? 0) < want && tries < 6; tries++) {
      // Mostly one of the next few apps of the namespace; about one call in five into the next namespace.
      const [lo, hi] = rng.chance(0.2)
        ? [nsEnd[i]!, Math.min(apps.length, nsEnd[i]! + 6)]
        : [i + 1, Math.min(nsEnd[i]!, i + 7)];
      if (hi > lo) add(i, lo + rng.int(hi - lo));
    }
  }
  const edges: CallEdge[] = [];
  const inbound = new Array<number>(apps.length).fill(0);
  apps.forEach((a, i) => {
    if (i === 0 || apps[i - 1]!.ns !== a.ns) {
      const rps = 5 + rng.next() * 10;
      inbound[i] = rps;
      edges.push({
        source: { namespace: INGRESS_NS, app: INGRESS },
        destination: { host: `${a.name}.${a.ns}.svc.cluster.local`, port: a.port },
        protocol: 'http',
        rps,
        requests: [{ method: 'GET', path: '/' }],
      });
    }
  });
  for (let i = 0; i < apps.length; i++) {
    const from = apps[i]!;
    for (const j of targets.get(i) ?? []) {
      const to = apps[j]!;
      const rps = Math.min(1 + rng.next() * 7, Math.max(0.2, inbound[i]! * 3));
      inbound[j]! += rps;
      const perRequest = inbound[i]! > 0 ? rps / inbound[i]! : 0;
      if (perRequest <= 0) continue;
      edges.push({
        source: { namespace: from.ns, app: from.name },
        destination: { host: `${to.name}.${to.ns}.svc.cluster.local`, port: to.port },
        protocol: to.protocol,
        perRequest,
        requests: [
          {
            method: to.protocol === 'grpc' ? 'POST' : 'GET',
            path: to.protocol === 'grpc' ? `/${to.name}.v1.Service/Get` : `/api/${to.name}`,
          },
        ],
        bytesPerConnection: 128,
      });
    }
  }
  const profiles: Record<string, ServiceProfile> = {};
  for (const a of apps) {
    profiles[`${a.ns}/${a.name}`] = {
      latencyMs: 1 + rng.next() * 15,
      errorRate: rng.chance(0.05) ? 0.02 + rng.next() * 0.04 : 0.001,
      responseBytes: 200 + rng.int(4000),
    };
  }
  const rootRps = edges.reduce((s, e) => s + (e.rps ?? 0), 0);
  return { edges, profiles, traceSampling: Math.max(20, Math.round(rootRps / 2)) };
}
