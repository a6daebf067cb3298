/**
 * Which Istio objects reference an app, workload or service (Kiali's "Istio Config" column and details pane). Pure.
 *
 * - Workloads: policies that select them by labels in their namespace or mesh-wide from the root namespace
 *   (`spec.selector.matchLabels` of AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry,
 *   WasmPlugin; `spec.workloadSelector.labels` of Sidecar and EnvoyFilter), including namespace-wide ones without a
 *   selector, and Gateways whose `spec.selector` picks them (any namespace).
 * - Services: VirtualServices whose hosts or route destinations resolve to the service, DestinationRules whose host
 *   does (wildcards like `*.bookinfo.svc.cluster.local` included), ServiceEntries naming its host.
 * - Apps: the union of their workloads' and services'.
 */
import 'server-only';
import type { Inventory, IstioObject, ServiceInfo, WorkloadInfo } from '@/lib/k8s/inventory';
import { kindOfObject } from '@/lib/istio/kinds';
import type { AppModel } from '@/lib/k8s/model';
import type { IstioReference, ValidationSummary } from '@/lib/contracts/mesh';
import { objectKey } from './validations';

const CLUSTER_DOMAIN = 'cluster.local';
const SELECTOR_KINDS = new Set([
  'AuthorizationPolicy',
  'PeerAuthentication',
  'RequestAuthentication',
  'Telemetry',
  'WasmPlugin',
]);
const WORKLOAD_SELECTOR_KINDS = new Set(['Sidecar', 'EnvoyFilter']);

type Spec = Record<string, unknown>;
const nsOf = (o: IstioObject) => o.metadata.namespace || 'default';
const asRecord = (v: unknown): Record<string, string> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : null;

/**
 * Fully qualifies a host relative to the object's namespace: `reviews` → `reviews.<ns>.svc.cluster.local`;
 * `reviews.bookinfo` too when `bookinfo` is one of `namespaces` (else it is a DNS name like `github.com`, as Kiali's
 * `ParseHost` decides).
 */
export function toFqdn(host: string, namespace: string, namespaces: ReadonlySet<string> = new Set()): string {
  if (host.includes('*')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`;
  if (parts.length === 2 && namespaces.has(parts[1]!)) return `${host}.svc.${CLUSTER_DOMAIN}`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.${CLUSTER_DOMAIN}`;
  return host;
}

/** True when a (possibly wildcard) host covers the FQDN: `*` everything, `*.suffix` by suffix. */
export function hostMatches(host: string, fqdn: string): boolean {
  if (host === '*') return true;
  if (host.startsWith('*.')) return fqdn.endsWith(host.slice(1));
  return host === fqdn;
}

function labelsMatch(selector: Record<string, string> | null, labels: Record<string, string>): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The label selector of a workload-selecting object, `null` for "every workload of its scope", undefined if none applies. */
function workloadSelectorOf(o: IstioObject): Record<string, string> | null | undefined {
  const spec = (o.spec ?? {}) as Spec;
  if (SELECTOR_KINDS.has(o.kind)) {
    if (spec.targetRef || spec.targetRefs) return undefined;
    const sel = asRecord(asRecord(spec.selector)?.matchLabels);
    return sel && Object.keys(sel).length ? sel : null;
  }
  if (WORKLOAD_SELECTOR_KINDS.has(o.kind)) {
    const sel = asRecord(asRecord(spec.workloadSelector)?.labels);
    return sel && Object.keys(sel).length ? sel : null;
  }
  return undefined;
}

/** Objects that select the workload. */
export function workloadReferences(
  config: readonly IstioObject[],
  w: Pick<WorkloadInfo, 'namespace' | 'labels'>,
  rootNamespace: string,
): IstioObject[] {
  return config.filter((o) => {
    if (o.kind === 'Gateway') {
      const sel = asRecord((o.spec as Spec | undefined)?.selector);
      return !!sel && Object.keys(sel).length > 0 && labelsMatch(sel, w.labels);
    }
    const sel = workloadSelectorOf(o);
    if (sel === undefined) return false;
    const ns = nsOf(o);
    if (ns !== w.namespace && ns !== rootNamespace) return false;
    return labelsMatch(sel, w.labels);
  });
}

function destinationHosts(spec: Spec): string[] {
  const hosts: string[] = [];
  for (const section of ['http', 'tcp', 'tls'] as const) {
    const routes = Array.isArray(spec[section]) ? (spec[section] as Spec[]) : [];
    for (const r of routes) {
      for (const d of Array.isArray(r.route) ? (r.route as Spec[]) : []) {
        const host = asRecord(d.destination)?.host;
        if (typeof host === 'string') hosts.push(host);
      }
      const mirror = asRecord(r.mirror)?.host;
      if (typeof mirror === 'string') hosts.push(mirror);
      for (const m of Array.isArray(r.mirrors) ? (r.mirrors as Spec[]) : []) {
        const host = asRecord(m.destination)?.host;
        if (typeof host === 'string') hosts.push(host);
      }
    }
  }
  return hosts;
}

/** Objects that route to or configure the service. */
export function serviceReferences(
  config: readonly IstioObject[],
  s: Pick<ServiceInfo, 'namespace' | 'name'>,
): IstioObject[] {
  const fqdn = `${s.name}.${s.namespace}.svc.${CLUSTER_DOMAIN}`;
  const own = new Set([s.namespace]);
  return config.filter((o) => {
    const spec = (o.spec ?? {}) as Spec;
    const ns = nsOf(o);
    const covers = (h: unknown) => typeof h === 'string' && hostMatches(toFqdn(h, ns, own), fqdn);
    switch (o.kind) {
      case 'VirtualService': {
        const hosts = Array.isArray(spec.hosts) ? spec.hosts : [];
        // a VS for `*` names every service; only count it by its destinations then
        return hosts.some((h) => h !== '*' && covers(h)) || destinationHosts(spec).some(covers);
      }
      case 'DestinationRule':
        return covers(spec.host);
      case 'ServiceEntry':
        return (Array.isArray(spec.hosts) ? spec.hosts : []).some((h) => h !== '*' && covers(h));
      default:
        return false;
    }
  });
}

/** Turns objects into references with their validation, deduplicated and sorted by kind, namespace and name. */
export function toReferences(
  objects: readonly IstioObject[],
  validations: Map<string, ValidationSummary> | null,
): IstioReference[] {
  const seen = new Map<string, IstioReference>();
  for (const o of objects) {
    const key = objectKey(o.kind, o.metadata.namespace, o.metadata.name);
    if (seen.has(key)) continue;
    seen.set(key, {
      kind: o.kind,
      plural: kindOfObject(o)?.plural ?? `${o.kind.toLowerCase()}s`,
      namespace: nsOf(o),
      name: o.metadata.name,
      validation: validations ? (validations.get(key) ?? { valid: true, errors: 0, warnings: 0, findings: [] }) : null,
    });
  }
  return [...seen.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}

/** References of an app: its workloads' and its services'. */
export function appReferences(
  inv: Pick<Inventory, 'istioConfig'>,
  app: AppModel,
  rootNamespace: string,
): IstioObject[] {
  return [
    ...app.workloads.flatMap((w) => workloadReferences(inv.istioConfig, w, rootNamespace)),
    ...app.services.flatMap((s) => serviceReferences(inv.istioConfig, s)),
  ];
}

/** Strips findings from references (lists carry counts only; details keep the messages). */
export function withoutFindings(refs: IstioReference[]): IstioReference[] {
  return refs.map((r) => (r.validation ? { ...r, validation: { ...r.validation, findings: [] } } : r));
}
