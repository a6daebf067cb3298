/**
 * A versioned-app graph shaped like the one the demo's synthetic mesh gives (lib/demo/synthetic/seed.ts: N
 * workloads over N/10 namespaces `mesh-0`…, about a quarter of the apps in two versions, an ingress gateway in
 * istio-system calling each namespace's entry app, every app calling 1–3 later apps, about one call in five into
 * the next namespace), boxed by app and namespace as the /graph page asks. For `npm run bench:graph-page`, which
 * measures the browser alone: it serves this graph to the page in place of the API's, so the page's figures do not
 * depend on the server answering a 10,000-workload graph on a busy machine. Deterministic (seeded).
 */
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';

/** mulberry32: a tiny seeded PRNG (also the graph page's large test graphs'). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLUSTER = 'Kubernetes';

interface App {
  ns: string;
  name: string;
  service: string;
  versions: string[];
}

/** The graph of a synthetic mesh of `workloads` workloads (see the module comment). */
export function syntheticVersionedAppGraph(workloads: number, seed = 17): KialiGraphJson {
  const rnd = prng(seed);
  const namespaces = Math.max(1, Math.round(workloads / 10));
  const nodes: { data: NodeDataJson }[] = [];
  const edges: { data: EdgeDataJson }[] = [];
  const health = (): NodeDataJson['healthData'] => {
    const r = rnd();
    const status = r < 0.03 ? 'Failure' : r < 0.1 ? 'Degraded' : 'Healthy';
    return {
      requests: { inbound: {}, outbound: {}, healthAnnotations: {} },
      status: { status, errorRatio: 0, totalRequestRate: 1 },
    };
  };
  const gateway = 'istio-system/istio-ingressgateway';
  nodes.push({
    data: {
      id: gateway,
      nodeType: 'app',
      cluster: CLUSTER,
      namespace: 'istio-system',
      app: 'istio-ingressgateway',
      workload: 'istio-ingressgateway',
      isGateway: { ingressInfo: { hostnames: ['*'] }, egressInfo: {}, gatewayAPIInfo: {} },
      isOutside: true,
      isRoot: true,
      healthData: health(),
    },
  });
  const byNs: App[][] = [];
  let left = workloads;
  for (let n = 0; n < namespaces; n++) {
    const ns = `mesh-${n}`;
    nodes.push({
      data: { id: `box:${ns}`, nodeType: 'box', isBox: 'namespace', cluster: CLUSTER, namespace: ns, healthData: null },
    });
    let quota = Math.floor(workloads / namespaces) + (n < workloads % namespaces ? 1 : 0);
    quota = Math.min(quota, left);
    left -= quota;
    const apps: App[] = [];
    for (let a = 0; quota > 0; a++) {
      const two = quota >= 2 && rnd() < 0.25;
      const versions = two ? ['v1', 'v2'] : ['v1'];
      quota -= versions.length;
      const name = `app-${a}`;
      apps.push({ ns, name, service: `${ns}/svc/${name}`, versions });
      nodes.push({
        data: {
          id: `box:${ns}/${name}`,
          parent: `box:${ns}`,
          nodeType: 'box',
          isBox: 'app',
          cluster: CLUSTER,
          namespace: ns,
          app: name,
          healthData: null,
        },
      });
      nodes.push({
        data: {
          id: `${ns}/svc/${name}`,
          parent: `box:${ns}/${name}`,
          nodeType: 'service',
          cluster: CLUSTER,
          namespace: ns,
          app: name,
          service: name,
          healthData: health(),
        },
      });
      for (const v of versions) {
        nodes.push({
          data: {
            id: `${ns}/${name}/${v}`,
            parent: `box:${ns}/${name}`,
            nodeType: 'app',
            cluster: CLUSTER,
            namespace: ns,
            app: name,
            version: v,
            workload: `${name}-${v}`,
            hasVS: rnd() < 0.05 ? {} : undefined,
            healthData: health(),
          },
        });
      }
    }
    byNs.push(apps);
  }
  let e = 0;
  const edge = (source: string, target: string) => {
    const rate = 1 + rnd() * 7;
    const err = rnd() < 0.08 ? rate * rnd() * 0.2 : 0;
    const errPct = (100 * err) / rate;
    const rates: Record<string, string> = { http: rate.toFixed(2), httpPercentReq: '100.0' };
    if (err > 0) {
      rates.http5xx = err.toFixed(2);
      rates.httpPercentErr = errPct.toFixed(1);
    }
    edges.push({
      data: {
        id: `e${e++}`,
        source,
        target,
        healthStatus: errPct >= 10 ? 'Failure' : errPct > 0 ? 'Degraded' : 'Healthy',
        isMTLS: '100',
        traffic: { protocol: 'http', rates },
      },
    });
  };
  byNs.forEach((apps, n) => {
    if (apps[0]) edge(gateway, apps[0].service);
    apps.forEach((app, i) => {
      for (const v of app.versions) {
        edge(app.service, `${app.ns}/${app.name}/${v}`);
        const calls = 1 + Math.floor(rnd() * 3);
        for (let c = 0; c < calls; c++) {
          const next = byNs[n + 1];
          const cross = next && next.length > 0 && rnd() < 0.2;
          const later = apps.slice(i + 1);
          const to = cross ? next[Math.floor(rnd() * next.length)] : later[Math.floor(rnd() * later.length)];
          if (to) edge(`${app.ns}/${app.name}/${v}`, to.service);
        }
      }
    });
  });
  return { timestamp: 1767225600, duration: 60, graphType: 'versionedApp', elements: { nodes, edges } };
}
