/**
 * Routing impact: how a VirtualService or DestinationRule change would move each caller's observed traffic to a
 * service across its versions — the split the current config gives that traffic against the split the new config
 * gives it (an unchanged config moves nothing, whatever the window still shows from before). The new split comes from the VirtualService's catch-all HTTP (or first TCP) route:
 * weights per subset, subsets resolved to endpoints through the DestinationRule's subset labels (Istio
 * `networking/v1` semantics). A route to a subset no DestinationRule defines, or one that selects no endpoint, breaks
 * (Envoy answers 503 NR/UH). Pure and isomorphic.
 */
import { endpointName, type Endpoint, type TrafficEdge } from './edges';
import type { ImpactContext, ImpactEdge } from './index';
import { arr, nsOf, rec, type Json } from '../json';

/** A config host as a FQDN: a short name (no dot) is a service of `ns`. */
export const fqdn = (host: string, ns: string) => (host.includes('.') ? host : `${host}.${ns}.svc.cluster.local`);

export interface Service {
  namespace: string;
  name: string;
}

/** Endpoint share of a service's traffic after the change; null when it cannot be predicted. */
export interface Split {
  /** Share (0–1) of the traffic per endpoint id. */
  shares: Map<string, number>;
  /** Destinations the route names that take nothing (a subset, a backend): their share fails with `status`. */
  broken: { subset: string; share: number; reason: string; status?: number }[];
  note: string;
}

function servicesOf(changed: Json): Service[] {
  const ns = nsOf(changed);
  const spec = rec(changed.spec);
  const hosts = changed.kind === 'DestinationRule' ? [String(spec.host ?? '')] : arr(spec.hosts).map(String);
  return hosts
    .filter((h) => h && !h.startsWith('*'))
    .map((h) => fqdn(h, ns).split('.'))
    .filter((p) => p.length >= 2)
    .map((p) => ({ name: p[0]!, namespace: p[1]! }));
}

const matches = (labels: Record<string, string>, selector: Json) =>
  Object.entries(selector).every(([k, v]) => labels[k] === String(v));

/** The split a VirtualService (catch-all HTTP rule, or first TCP rule) and DestinationRule give a service. */
export function predictSplit(
  config: Json[],
  svc: Service,
  endpoints: Endpoint[],
  protocol: 'http' | 'tcp',
): Split | null {
  const own = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  const vs = config.find(
    (o) => o.kind === 'VirtualService' && arr(rec(o.spec).hosts).some((h) => fqdn(String(h), nsOf(o)) === own),
  );
  const dr = config.find((o) => o.kind === 'DestinationRule' && fqdn(String(rec(o.spec).host ?? ''), nsOf(o)) === own);
  const spread = (eps: Endpoint[], share: number, into: Map<string, number>) =>
    eps.forEach((e) => into.set(e.id, (into.get(e.id) ?? 0) + share / eps.length));
  const shares = new Map<string, number>();
  if (!vs) {
    spread(endpoints, 1, shares);
    return { shares, broken: [], note: 'no VirtualService: spread over every endpoint' };
  }
  const rules = arr(rec(vs.spec)[protocol]).map(rec);
  const rule = protocol === 'http' ? rules.find((r) => !arr(r.match).length) : rules[0];
  if (!rule && rules.length) {
    // Only rules with matches: a request that matches none has no route (Envoy answers 404, flag NR).
    return {
      shares,
      broken: [
        {
          subset: 'no matching rule',
          share: 1,
          reason: 'requests that match no rule have no route (404 NR); some may match',
          status: 404,
        },
      ],
      note: '',
    };
  }
  if (!rule) return null;
  const routes = arr(rule.route).map(rec);
  const weighted =
    routes.length === 1 ? [{ r: routes[0]!, w: 1 }] : routes.map((r) => ({ r, w: Number(r.weight ?? 0) / 100 }));
  const broken: Split['broken'] = [];
  for (const { r, w } of weighted) {
    const dest = rec(r.destination);
    if (fqdn(String(dest.host ?? ''), nsOf(vs)) !== own) continue; // routes elsewhere: not this service's endpoints
    const subsetName = dest.subset === undefined ? undefined : String(dest.subset);
    if (subsetName === undefined) {
      spread(endpoints, w, shares);
      continue;
    }
    const subset = arr(rec(dr?.spec).subsets)
      .map(rec)
      .find((s) => s.name === subsetName);
    if (!subset) {
      broken.push({
        subset: subsetName,
        share: w,
        reason: `subset ${subsetName} is not defined in any DestinationRule`,
      });
      continue;
    }
    const selected = endpoints.filter((e) => matches(e.labels, rec(subset.labels)));
    if (!selected.length)
      broken.push({ subset: subsetName, share: w, reason: `subset ${subsetName} selects no workload` });
    else spread(selected, w, shares);
  }
  const note =
    rules.length > 1 && protocol === 'http' ? 'requests matching earlier rules may be routed differently' : '';
  return { shares, broken, note };
}

const fmt = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(2));

/** How a config splits one caller's traffic to a service: `config` is the current or the changed one. */
export type SplitPredictor = (config: Json[], protocol: 'http' | 'tcp', callerNamespace: string) => Split | null;

/**
 * For each caller of a service: the endpoints that lose or gain traffic between the split the current config gives
 * and the one the changed config gives (moves under 2 % of the caller's rate are left out), and traffic the changed
 * config sends nowhere (a `break`, unless the current config already did).
 * @param into the observed edges of the service's traffic (one caller may have several: one per endpoint)
 * @param endpoints every endpoint the service's traffic may go to (observed or not)
 */
export function splitImpact(
  ctx: ImpactContext,
  next: Json[],
  svc: Service,
  into: TrafficEdge[],
  endpoints: Endpoint[],
  predict: SplitPredictor,
): ImpactEdge[] {
  const out: ImpactEdge[] = [];
  const bySource = new Map<string, TrafficEdge[]>();
  for (const e of into) bySource.set(e.source.id, [...(bySource.get(e.source.id) ?? []), e]);
  for (const edges of bySource.values()) {
    const protocol = edges[0]!.protocol === 'tcp' ? 'tcp' : 'http';
    const src = edges[0]!.source;
    const after = predict(next, protocol, src.namespace);
    if (!after) continue;
    // The baseline is what the current config does with the same traffic; observed rates when it cannot be told.
    const before = predict(ctx.config, protocol, src.namespace);
    const total = edges.reduce((s, e) => s + e.rate, 0);
    const base = { source: endpointName(src), sourceId: src.id, protocol: edges[0]!.protocol };
    // TCP edges carry bytes per second, HTTP and gRPC requests per second.
    const unit = protocol === 'tcp' ? ' B/s' : '/s';
    for (const ep of endpoints) {
      const observed = edges.filter((e) => e.destination.id === ep.id).reduce((s, e) => s + e.rate, 0);
      const now = before ? total * (before.shares.get(ep.id) ?? 0) : observed;
      const predicted = total * (after.shares.get(ep.id) ?? 0);
      const delta = predicted - now;
      if (Math.abs(delta) < Math.max(0.005, total * 0.02)) continue;
      out.push({
        ...base,
        effect: 'reroute',
        destination: endpointName(ep),
        destinationId: ep.id,
        rate: observed,
        affectedRate: Math.abs(delta),
        detail: `${delta < 0 ? 'loses' : 'gains'} ${fmt(Math.abs(delta))}${unit}: ${fmt(now)}${unit} → ${fmt(predicted)}${unit}${after.note ? ` (${after.note})` : ''}`,
      });
    }
    const brokenBefore = new Set((before?.broken ?? []).map((b) => b.subset));
    for (const b of after.broken) {
      if (brokenBefore.has(b.subset)) continue;
      out.push({
        ...base,
        effect: 'break',
        destination: `${svc.namespace}/${svc.name} (${b.subset === 'no matching rule' ? b.subset : `subset ${b.subset}`})`,
        destinationId: '',
        rate: total,
        affectedRate: total * b.share,
        detail: `${b.reason}: these requests would fail (${b.status ?? 503})`,
      });
    }
  }
  return out;
}

/**
 * For each caller of each service the change touches: edges that lose traffic, endpoints that gain it, and traffic
 * routed to a subset that selects nothing.
 * @param next the config with the changes applied
 * @param changed the VirtualServices and DestinationRules that changed (their hosts name the services to look at)
 */
export function routingImpact(ctx: ImpactContext, next: Json[], changed: Json[]): ImpactEdge[] {
  const out: ImpactEdge[] = [];
  const services = new Map(changed.flatMap(servicesOf).map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const svc of services.values()) {
    const into = ctx.edges.filter(
      (e) => e.service?.name === svc.name && e.service.namespace === svc.namespace && e.rate > 0,
    );
    const endpoints = new Map<string, Endpoint>(into.map((e) => [e.destination.id, e.destination]));
    for (const w of ctx.workloads ?? []) {
      if (w.namespace !== svc.namespace || [...endpoints.values()].some((e) => e.workload === w.name)) continue;
      if (!into.length) continue;
      const sample = into[0]!.destination;
      if (w.labels.app !== (sample.labels.app ?? svc.name)) continue;
      endpoints.set(`wl:${w.namespace}/${w.name}`, workloadEndpoint(w));
    }
    const eps = [...endpoints.values()];
    out.push(...splitImpact(ctx, next, svc, into, eps, (config, protocol) => predictSplit(config, svc, eps, protocol)));
  }
  return out;
}

/** An endpoint for a workload that has no node in the graph yet (id `wl:<namespace>/<name>`). */
export function workloadEndpoint(w: { namespace: string; name: string; labels: Record<string, string> }): Endpoint {
  return {
    id: `wl:${w.namespace}/${w.name}`,
    nodeType: 'workload',
    namespace: w.namespace,
    workload: w.name,
    app: w.labels.app ?? null,
    version: w.labels.version ?? null,
    labels: w.labels,
  };
}
