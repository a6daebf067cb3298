/**
 * Sidecar injection checks (istio/istio `analyzers/injection/injection.go`, `injection.Analyzer`), on the Namespaces
 * and Pods of the snapshot (never on namespaces only implied by their objects, nor on Deployments):
 * - IST0123 a Namespace with more than one injection label (`istio-injection`, and `istio.io/rev` or
 *   `istio.io/dataplane-mode` unless `istio-injection` is other than `enabled`);
 * - IST0102 a Namespace with neither `istio-injection` nor `istio.io/rev` (not `istio-system`, not an ambient
 *   namespace; Meshscope also leaves Kubernetes' own namespaces alone, as `istioctl analyze -A` does);
 * - IST0103 a Pod of a namespace labelled `istio-injection=enabled` without an `istio-proxy` container or native
 *   sidecar (init container), unless it opts out (`sidecar.istio.io/inject: "false"`, label or annotation) or uses the
 *   host network. A pod carrying `sidecar.istio.io/status` counts as injected (the inventory lists no init containers).
 * - IST0148 instead of IST0102 when the injector ConfigMap (`istio-sidecar-injector`, any namespace, as Istio looks it
 *   up by name) sets `sidecarInjectorWebhook.enableNamespacesByDefault: true` in its values: the namespace is injected.
 */
import type { V1Pod } from '../types';
import type { AnalysisContext } from './context';
import { enableNamespacesByDefault, injectorConfigMapName } from './injector-config';

const INJECTION = 'istio-injection';
const REVISION = 'istio.io/rev';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';
const INJECT = 'sidecar.istio.io/inject';
/** Namespaces of Kubernetes itself and of common local clusters (`util.IsSystemNamespace`). */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

function hasProxy(pod: V1Pod): boolean {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return (
    containers.some((c) => c.name === 'istio-proxy') ||
    pod.metadata?.annotations?.['sidecar.istio.io/status'] !== undefined
  );
}

/** IST0102 (or IST0148), IST0123 and IST0103. */
export function checkInjection(ctx: AnalysisContext): void {
  const injected = new Set<string>();
  const injector = (ctx.snapshot.configMaps ?? []).find((cm) => cm.name === injectorConfigMapName(undefined));
  const byDefault = injector !== undefined && enableNamespacesByDefault(injector);
  for (const ns of ctx.snapshot.namespaces) {
    if (ns.name === 'istio-system' || SYSTEM_NAMESPACES.has(ns.name)) continue;
    const labels = ns.labels ?? {};
    const obj = { kind: 'Namespace', metadata: { name: ns.name } };
    const injection = labels[INJECTION];
    const istioLabels = injection !== undefined ? [`${INJECTION}=${injection}`] : [];
    for (const key of [REVISION, DATAPLANE_MODE])
      if (labels[key] !== undefined && (injection === undefined || injection === 'enabled'))
        istioLabels.push(`${key}=${labels[key]}`);
    if (istioLabels.length > 1) ctx.report(obj, 'IST0123', 'metadata.labels', [istioLabels]);
    if (labels[DATAPLANE_MODE] === 'ambient') continue;
    if (!injection && labels[REVISION] === undefined) {
      if (byDefault) ctx.report(obj, 'IST0148', '');
      else ctx.report(obj, 'IST0102', 'metadata.name', [ns.name, ns.name]);
      continue;
    }
    if (injection === 'enabled') injected.add(ns.name);
  }
  for (const pod of ctx.snapshot.pods) {
    const namespace = pod.metadata?.namespace || 'default';
    if (!injected.has(namespace)) continue;
    const inject = pod.metadata?.labels?.[INJECT] ?? pod.metadata?.annotations?.[INJECT] ?? '';
    if (inject.toLowerCase() === 'false' || pod.spec?.hostNetwork || hasProxy(pod)) continue;
    const name = pod.metadata?.name ?? '';
    ctx.report({ kind: 'Pod', metadata: { name, namespace } }, 'IST0103', 'spec.containers', [`${namespace}/${name}`]);
  }
}
