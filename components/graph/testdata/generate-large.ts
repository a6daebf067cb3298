/**
 * Deterministic generator of large Kiali-shaped workload graphs (namespace boxes, service + workload pairs,
 * HTTP/TCP edges with a mix of health), for unit tests and local performance checks of the graph page.
 */
import { prng } from '@/lib/bench/synthetic-graph';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';

export interface LargeGraphOptions {
  /** Number of service/workload nodes (boxes not counted). */
  nodes: number;
  namespaces?: number;
  /** Extra outbound calls per workload, on top of its own service → workload edge. */
  fanOut?: number;
  seed?: number;
}

/** A workload graph with `nodes` nodes (half services, half workloads) spread over namespaces. */
export function generateLargeGraph({
  nodes,
  namespaces = 10,
  fanOut = 1.5,
  seed = 42,
}: LargeGraphOptions): KialiGraphJson {
  const rnd = prng(seed);
  const cluster = 'Kubernetes';
  const outNodes: { data: NodeDataJson }[] = [];
  const outEdges: { data: EdgeDataJson }[] = [];
  for (let n = 0; n < namespaces; n++) {
    outNodes.push({
      data: { id: `box-ns${n}`, nodeType: 'box', isBox: 'namespace', cluster, namespace: `ns${n}`, healthData: null },
    });
  }
  const pairs = Math.max(1, Math.floor(nodes / 2));
  const workloads: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const ns = `ns${i % namespaces}`;
    const name = `svc-${i}`;
    const r = rnd();
    const status = r < 0.05 ? 'Failure' : r < 0.15 ? 'Degraded' : 'Healthy';
    const health = {
      requests: { inbound: {}, outbound: {}, healthAnnotations: {} },
      status: { status, errorRatio: 0, totalRequestRate: 1 },
    } as const;
    const shared = { parent: `box-${ns}`, cluster, namespace: ns, app: name };
    outNodes.push({ data: { id: `s${i}`, nodeType: 'service', service: name, ...shared, healthData: { ...health } } });
    outNodes.push({
      data: {
        id: `w${i}`,
        nodeType: 'workload',
        workload: `${name}-v1`,
        ...shared,
        version: 'v1',
        hasCB: rnd() < 0.05,
        healthData: { workloadStatus: null, ...health },
      },
    });
    workloads.push(`w${i}`);
  }
  let e = 0;
  const edge = (source: string, target: string, tcp: boolean) => {
    const rate = (rnd() * 20).toFixed(2);
    const errPct = rnd() < 0.1 ? (rnd() * 15).toFixed(1) : '0.0';
    const healthStatus = Number(errPct) >= 10 ? 'Failure' : Number(errPct) > 0 ? 'Degraded' : 'Healthy';
    outEdges.push({
      data: {
        id: `e${e++}`,
        source,
        target,
        healthStatus,
        isMTLS: '100',
        responseTime: String(Math.round(rnd() * 400)),
        traffic: tcp
          ? { protocol: 'tcp', rates: { tcp: (Number(rate) * 100).toFixed(2) } }
          : { protocol: 'http', rates: { http: rate, httpPercentErr: errPct, httpPercentReq: '100.0' } },
      },
    });
  };
  for (let i = 0; i < pairs; i++) {
    edge(`s${i}`, `w${i}`, i % 17 === 0);
    const calls = Math.floor(fanOut) + (rnd() < fanOut % 1 ? 1 : 0);
    for (let c = 0; c < calls; c++) {
      const target = Math.floor(rnd() * pairs);
      if (target !== i) edge(`w${i}`, `s${target}`, i % 17 === 0);
    }
  }
  return {
    timestamp: 1767225600,
    duration: 600,
    graphType: 'workload',
    elements: { nodes: outNodes, edges: outEdges },
  };
}
