/**
 * Deployments served by several Services (istio/istio `analyzers/deployment/services.go`,
 * `deployment.MultiServiceAnalyzer`), on the Deployments of the snapshot that are in the mesh and are not a waypoint's
 * (labelled `gateway.istio.io/managed: istio.io-mesh-controller`):
 * - IST0116 DeploymentAssociatedToMultipleServices: two Services of its namespace whose selector (not empty) matches
 *   its pod template use the same `port` with different protocols (an absent protocol is `TCP`);
 * - IST0137 DeploymentConflictingPorts: such Services send the same `targetPort` (absent or 0: the `port`) from
 *   different `port`s.
 * In the mesh is `util.DeploymentInMesh`: an `istio-proxy` container with an image in the template, else the template's
 * `sidecar.istio.io/inject` label then annotation (`"true"`), else the Namespace object's `istio-injection=enabled`;
 * a namespace the snapshot does not declare (files without Namespace objects) is not injected. Both messages are
 * reported on the Deployment's `metadata.name`, one per port or targetPort.
 */
import type { Labels, V1Service, WorkloadRef } from '../types';
import type { AnalysisContext } from './context';
import { isEmptySelector, matchesSelector } from './selectors';

const INJECT = 'sidecar.istio.io/inject';

/** `util.DeploymentInMesh`. */
function deploymentInMesh(w: WorkloadRef, namespaces: Map<string, Labels>): boolean {
  if (w.proxyContainer) return true;
  const opt = w.labels[INJECT] ?? w.annotations?.[INJECT];
  if (opt !== undefined) return opt === 'true';
  return namespaces.get(w.namespace)?.['istio-injection'] === 'enabled';
}

/** `namespace/name` of the Services of the Deployment's namespace that select its pods (`findMatchingServices`). */
function matchingServices(w: WorkloadRef, services: V1Service[]): { name: string; service: V1Service }[] {
  return services
    .filter((s) => (s.metadata?.namespace || 'default') === w.namespace)
    .filter((s) => {
      const selector = s.spec?.selector ?? {};
      return !isEmptySelector(selector) && matchesSelector(selector, w.labels);
    })
    .map((service) => ({ name: `${w.namespace}/${service.metadata?.name ?? ''}`, service }));
}

const byNumber = (a: number, b: number) => a - b;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** IST0116 and IST0137. */
export function checkDeploymentServices(ctx: AnalysisContext): void {
  // Namespace objects only: `getNamesSidecarInjectionStatus` finds no label on a namespace it cannot find
  const declared = new Map(ctx.snapshot.namespaces.map((ns) => [ns.name, ns.labels ?? {}] as const));
  for (const w of ctx.snapshot.workloads) {
    if (w.kind !== 'Deployment' || w.meshController || !deploymentInMesh(w, declared)) continue;
    const services = matchingServices(w, ctx.services);
    if (services.length === 0) continue;
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: w.name, namespace: w.namespace } };
    // port → protocol → services (`servicePortMap`)
    const protocols = new Map<number, Map<string, string[]>>();
    // targetPort → port → service, the last one given (`serviceTargetPortsMap`)
    const targets = new Map<string, Map<number, string>>();
    for (const { name, service } of services)
      for (const p of service.spec?.ports ?? []) {
        const byProtocol = protocols.get(p.port) ?? new Map<string, string[]>();
        const protocol = p.protocol || 'TCP';
        byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), name]);
        protocols.set(p.port, byProtocol);
        const target = p.targetPort === undefined || String(p.targetPort) === '0' ? '' : String(p.targetPort);
        const key = target || String(p.port);
        const byPort = targets.get(key) ?? new Map<number, string>();
        byPort.set(p.port, name);
        targets.set(key, byPort);
      }
    for (const [port, byProtocol] of [...protocols].sort(([a], [b]) => byNumber(a, b))) {
      if (byProtocol.size < 2) continue;
      const names = [...byProtocol.values()].flat().sort(byText);
      ctx.report(obj, 'IST0116', 'metadata.name', [w.name, port, names]);
    }
    for (const [target, byPort] of [...targets].sort(([a], [b]) => byText(a, b))) {
      if (byPort.size < 2) continue;
      const names = [...byPort.values()].sort(byText);
      const ports = [...byPort.keys()].sort(byNumber);
      ctx.report(obj, 'IST0137', 'metadata.name', [w.name, names, target, ports]);
    }
  }
}
