/**
 * meshCheck appender, alias sidecarsCheck (Kiali `graph/telemetry/istio/appender/mesh_check.go`): flags
 * `isOutOfMesh` on workload and app nodes whose workloads lack a sidecar (and are not ambient), and `isAmbient`
 * on ambient ones. Istio's own namespace, dead nodes and inaccessible namespaces are skipped; nodes without
 * workloads are never flagged.
 */
import type { TrafficMap } from '../traffic-map';
import type { Appender } from './appender';
import { appWorkloads, findWorkload, type AppenderContext } from './context';

/** Flags sidecar-less workload/app nodes. */
function apply(tm: TrafficMap, ctx: AppenderContext): void {
  for (const n of tm.values()) {
    if (
      n.meta.isOutOfMesh ||
      !ctx.index.accessible.has(n.namespace) ||
      n.namespace === ctx.index.istioNamespace ||
      n.meta.isDead
    )
      continue;
    let sidecar = true;
    let ambient = false;
    if (n.nodeType === 'workload') {
      const w = findWorkload(ctx.index, n.namespace, n.workload);
      if (!w) continue;
      sidecar = w.sidecarInjected;
      ambient = !!w.ambient;
    } else if (n.nodeType === 'app') {
      const ws = appWorkloads(ctx.index, n.namespace, n.app, n.version);
      if (ws.length === 0) continue;
      sidecar = ws.every((w) => w.sidecarInjected);
      ambient = ws.every((w) => !!w.ambient);
    } else {
      continue;
    }
    if (ambient) n.meta.isAmbient = true;
    if (!sidecar && !ambient) n.meta.isOutOfMesh = true;
  }
}

/** The meshCheck appender (alias sidecarsCheck): flags sidecar-less and ambient workload/app nodes. */
export const meshCheckAppender: Appender = { name: 'meshCheck', kind: 'namespace', apply };
