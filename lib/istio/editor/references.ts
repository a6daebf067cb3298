/**
 * The References panel of the object page (Kiali's `IstioConfigReferences`, kiali.md §1.5): the services, workloads
 * and other Istio config an object touches, and the config that points at it. Host names resolve as istioctl resolves
 * them (short names qualified with the object's namespace); selectors match pod-template labels in the object's
 * namespace, or every namespace for a policy in the root namespace. Pure and isomorphic.
 */
import { hostMatches, toFqdn } from '@/lib/istio/checks/hosts';
import { matchesSelector } from '@/lib/istio/checks/selectors';
import type { ClusterSnapshot, Labels } from '@/lib/istio/types';

export interface ObjectReference {
  kind: string;
  namespace: string;
  name: string;
}

export interface References {
  services: ObjectReference[];
  workloads: ObjectReference[];
  /** Other Istio config this object names, or that names this object. */
  config: ObjectReference[];
}

type AnyObject = { kind: string; metadata: { name: string; namespace?: string }; spec?: unknown };
const nsOf = (o: AnyObject) => o.metadata.namespace || 'default';
const ref = (o: AnyObject): ObjectReference => ({ kind: o.kind, namespace: nsOf(o), name: o.metadata.name });
const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Every `destination.host` (and mirror host) in a VirtualService's http, tcp and tls routes. */
export function destinationHosts(spec: Record<string, unknown>): { host: string; subset?: string }[] {
  const out: { host: string; subset?: string }[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const route of asArray(spec[section])) {
      const r = asRecord(route);
      for (const d of asArray(r.route)) {
        const dest = asRecord(asRecord(d).destination);
        if (str(dest.host)) out.push({ host: dest.host as string, subset: str(dest.subset) });
      }
      const mirror = asRecord(r.mirror);
      if (str(mirror.host)) out.push({ host: mirror.host as string, subset: str(mirror.subset) });
      for (const m of asArray(r.mirrors)) {
        const dest = asRecord(asRecord(m).destination);
        if (str(dest.host)) out.push({ host: dest.host as string, subset: str(dest.subset) });
      }
    }
  }
  return out;
}

function uniq(refs: ObjectReference[]): ObjectReference[] {
  const seen = new Set<string>();
  return refs
    .filter((r) => {
      const k = `${r.kind}/${r.namespace}/${r.name}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
}

function selectorOf(obj: AnyObject): Labels | undefined {
  const spec = asRecord(obj.spec);
  if (obj.kind === 'Gateway') return spec.selector as Labels | undefined;
  if (obj.kind === 'Sidecar' || obj.kind === 'ServiceEntry')
    return asRecord(spec.workloadSelector).labels as Labels | undefined;
  if (obj.kind === 'DestinationRule') return asRecord(spec.workloadSelector).matchLabels as Labels | undefined;
  return asRecord(spec.selector).matchLabels as Labels | undefined;
}

/**
 * Computes the references of `object` within `snapshot`.
 * @param rootNamespace Istio's root namespace: selector-less policies there apply mesh-wide (Istio docs,
 *   "Authorization Policy": policies in the root namespace apply to all workloads).
 */
export function findReferences(
  object: AnyObject,
  snapshot: ClusterSnapshot,
  rootNamespace = 'istio-system',
): References {
  const ns = nsOf(object);
  const spec = asRecord(object.spec);
  const services: ObjectReference[] = [];
  const workloads: ObjectReference[] = [];
  const config: ObjectReference[] = [];
  const svcRefs = snapshot.services.map((s) => ({
    kind: 'Service',
    namespace: s.metadata?.namespace || 'default',
    name: s.metadata?.name ?? '',
    selector: s.spec?.selector,
  }));
  const others = (snapshot.istioConfig as AnyObject[]).filter(
    (o) => !(o.kind === object.kind && nsOf(o) === ns && o.metadata.name === object.metadata.name),
  );

  const serviceForHost = (host: string) => {
    const fqdn = toFqdn(host, ns);
    return svcRefs.filter((s) => hostMatches(fqdn, `${s.name}.${s.namespace}.svc.cluster.local`));
  };
  const workloadsOfService = (s: { namespace: string; selector?: Labels }) =>
    s.selector && Object.keys(s.selector).length
      ? snapshot.workloads.filter((w) => w.namespace === s.namespace && matchesSelector(s.selector, w.labels))
      : [];
  const addService = (host: string, subsetLabels?: Labels) => {
    for (const s of serviceForHost(host)) {
      services.push({ kind: 'Service', namespace: s.namespace, name: s.name });
      for (const w of workloadsOfService(s))
        if (!subsetLabels || matchesSelector(subsetLabels, w.labels))
          workloads.push({ kind: 'Workload', namespace: w.namespace, name: w.name });
    }
  };
  const drsFor = (host: string) =>
    others.filter(
      (o) =>
        o.kind === 'DestinationRule' &&
        str(asRecord(o.spec).host) &&
        hostMatches(toFqdn(String(asRecord(o.spec).host), nsOf(o)), toFqdn(host, ns)),
    );
  const vsFor = (fqdn: string) =>
    others.filter((o) => {
      if (o.kind !== 'VirtualService') return false;
      const vs = asRecord(o.spec);
      // A VirtualService for `*` (a gateway catch-all) does not reference every service; only named hosts count.
      const hosts = [
        ...asArray(vs.hosts)
          .map(String)
          .filter((h) => h !== '*'),
        ...destinationHosts(vs).map((d) => d.host),
      ];
      return hosts.some((h) => hostMatches(toFqdn(h, nsOf(o)), fqdn));
    });

  switch (object.kind) {
    case 'VirtualService': {
      for (const h of asArray(spec.hosts).map(String)) addService(h);
      for (const d of destinationHosts(spec)) {
        const drs = drsFor(d.host);
        const subset = d.subset
          ? drs.flatMap((dr) => asArray(asRecord(dr.spec).subsets).map(asRecord)).find((s) => s.name === d.subset)
          : undefined;
        addService(d.host, subset ? (subset.labels as Labels | undefined) : undefined);
        config.push(...drs.map(ref));
      }
      for (const g of asArray(spec.gateways).map(String)) {
        if (g === 'mesh') continue;
        const [gwNs, gwName] = g.includes('/') ? g.split('/') : [ns, g];
        config.push(
          ...others.filter((o) => o.kind === 'Gateway' && nsOf(o) === gwNs && o.metadata.name === gwName).map(ref),
        );
      }
      break;
    }
    case 'DestinationRule': {
      const host = str(spec.host);
      if (host) {
        for (const subset of asArray(spec.subsets).map(asRecord)) addService(host, subset.labels as Labels | undefined);
        if (!asArray(spec.subsets).length) addService(host);
        config.push(...vsFor(toFqdn(host, ns)).map(ref));
      }
      break;
    }
    case 'ServiceEntry':
      for (const h of asArray(spec.hosts).map(String))
        config.push(...vsFor(toFqdn(h, ns)).map(ref), ...drsFor(h).map(ref));
      break;
    case 'Gateway':
      config.push(
        ...others
          .filter((o) => o.kind === 'VirtualService')
          .filter((o) =>
            asArray(asRecord(o.spec).gateways)
              .map(String)
              .some((g) => g === `${ns}/${object.metadata.name}` || (g === object.metadata.name && nsOf(o) === ns)),
          )
          .map(ref),
      );
      break;
  }

  const selector = selectorOf(object);
  if (selector && Object.keys(selector).length) {
    const wide = object.kind === 'Gateway' || ns === rootNamespace;
    for (const w of snapshot.workloads)
      if ((wide || w.namespace === ns) && matchesSelector(selector, w.labels))
        workloads.push({ kind: 'Workload', namespace: w.namespace, name: w.name });
  } else if (['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Sidecar'].includes(object.kind)) {
    for (const w of snapshot.workloads)
      if (ns === rootNamespace || w.namespace === ns)
        workloads.push({ kind: 'Workload', namespace: w.namespace, name: w.name });
  }
  if (object.kind === 'AuthorizationPolicy') {
    // principals `cluster.local/ns/<ns>/sa/<sa>` name the workloads running as that service account.
    const principals = asArray(spec.rules).flatMap((r) =>
      asArray(asRecord(r).from).flatMap((f) => asArray(asRecord(asRecord(f).source).principals).map(String)),
    );
    for (const p of principals) {
      const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(p);
      if (!m) continue;
      for (const w of snapshot.workloads)
        if (w.namespace === m[1] && (w.serviceAccount ?? 'default') === m[2])
          workloads.push({ kind: 'Workload', namespace: w.namespace, name: w.name });
    }
  }
  return { services: uniq(services), workloads: uniq(workloads), config: uniq(config) };
}
