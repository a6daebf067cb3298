/**
 * Cross-object checks of Kubernetes Gateway API objects, on the semantics of lib/gateway-api: route parents (a
 * missing Gateway: KIA1401; a missing parent Service: KIA1402; a parent that does not accept the route, with the
 * specification's reason: MS1410), backendRefs (a missing Service: KIA1402; RefNotPermitted, InvalidKind, a port
 * the Service lacks: MS1411), Gateways (indistinct listeners: KIA1503; an unknown GatewayClass: KIA1504),
 * ReferenceGrants (a `from` namespace that does not exist: KIA1601), negative status conditions the cluster reports
 * (IST0171) and VirtualServices naming Istio's generated internal Gateways (IST0165).
 */
import {
  conflictedListeners,
  resolveBackendRef,
  resolveParents,
  worldFromObjects,
  type AnyRoute,
  type BackendRef,
  type GatewayApiWorld,
  type KObject,
} from '@/lib/gateway-api';
import { childPath, indexPath } from '../path';
import type { IstioObject } from '../types';
import { fullName, namespaceOf, type AnalysisContext } from './context';
import { INTERNAL_GATEWAY_SUFFIX } from './virtual-service';

const GROUP = 'gateway.networking.k8s.io';

const gatewayApiObjects = (ctx: AnalysisContext): IstioObject[] =>
  (ctx.snapshot.gatewayApi ?? []).filter((o) => o.apiVersion?.startsWith(`${GROUP}/`));

/** The semantics' view of the snapshot (memoised per analysis). */
const worlds = new WeakMap<AnalysisContext, GatewayApiWorld>();
export function worldOf(ctx: AnalysisContext): GatewayApiWorld {
  let w = worlds.get(ctx);
  if (!w) {
    w = worldFromObjects(gatewayApiObjects(ctx) as unknown as KObject[]);
    w.services = ctx.snapshot.services.map((s) => ({
      namespace: s.metadata?.namespace || 'default',
      name: s.metadata?.name ?? '',
      ports: (s.spec?.ports ?? []).map((p) => ({ port: p.port, name: p.name })),
    }));
    w.namespaces = [...ctx.namespaces].map(([name, labels]) => ({
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    }));
    worlds.set(ctx, w);
  }
  return w;
}

const objectOf = (r: AnyRoute): IstioObject => r.route as unknown as IstioObject;

/** KIA1401, KIA1402 and MS1410 on each parentRef that does not take the route. */
export function checkRouteParents(ctx: AnalysisContext): void {
  const world = worldOf(ctx);
  for (const r of world.routes) {
    const refs = r.route.spec?.parentRefs ?? [];
    resolveParents(world, r).forEach((p, i) => {
      if (p.ok || !p.owned) return;
      const path = indexPath('spec.parentRefs', refs.indexOf(p.ref) >= 0 ? refs.indexOf(p.ref) : i);
      const isService = (p.ref.group ?? GROUP) === '' && (p.ref.kind ?? 'Gateway') === 'Service';
      if (p.missing) ctx.report(objectOf(r), isService ? 'KIA1402' : 'KIA1401', childPath(path, 'name'));
      else
        ctx.report(objectOf(r), 'MS1410', path, [
          `${p.ref.kind ?? 'Gateway'} ${p.ref.namespace ?? namespaceOf(objectOf(r))}/${p.ref.name}`,
          p.reason,
          p.message,
        ]);
    });
  }
}

/** KIA1402 for a backend Service that does not exist; MS1411 for RefNotPermitted, InvalidKind or a missing port. */
export function checkRouteBackends(ctx: AnalysisContext): void {
  const world = worldOf(ctx);
  for (const r of world.routes) {
    const ns = r.route.metadata.namespace ?? 'default';
    (r.route.spec?.rules ?? []).forEach((rule, ri) => {
      const refs: [BackendRef, string][] = (rule.backendRefs ?? []).map((b, bi) => [
        b,
        indexPath(`${indexPath('spec.rules', ri)}.backendRefs`, bi),
      ]);
      const filters = 'filters' in rule ? (rule.filters ?? []) : [];
      filters.forEach((f, fi) => {
        if (f.type === 'RequestMirror' && f.requestMirror)
          refs.push([
            f.requestMirror.backendRef,
            `${indexPath(`${indexPath('spec.rules', ri)}.filters`, fi)}.requestMirror.backendRef`,
          ]);
      });
      for (const [ref, path] of refs) {
        const res = resolveBackendRef(world, r.kind, ns, ref);
        if (res.ok) continue;
        const serviceMissing =
          res.reason === 'BackendNotFound' &&
          !world.services.some((s) => s.namespace === (ref.namespace ?? ns) && s.name === ref.name);
        if (serviceMissing) ctx.report(objectOf(r), 'KIA1402', childPath(path, 'name'));
        else ctx.report(objectOf(r), 'MS1411', path, [res.reason, res.message]);
      }
    });
  }
}

/** KIA1503 on each indistinct listener; KIA1504 when the GatewayClass is unknown (only if any class is visible). */
export function checkGateways(ctx: AnalysisContext): void {
  const world = worldOf(ctx);
  const classes = new Set(world.gatewayClasses.map((c) => c.metadata.name));
  for (const gw of world.gateways) {
    const obj = gw as unknown as IstioObject;
    const listeners = gw.spec?.listeners ?? [];
    const conflicted = conflictedListeners(listeners);
    listeners.forEach((l, i) => {
      if (conflicted.has(l.name)) ctx.report(obj, 'KIA1503', indexPath('spec.listeners', i));
    });
    if (classes.size > 0 && gw.spec?.gatewayClassName && !classes.has(gw.spec.gatewayClassName))
      ctx.report(obj, 'KIA1504', 'spec.gatewayClassName');
  }
}

/** KIA1601: a ReferenceGrant `from` entry naming a namespace that does not exist. */
export function checkReferenceGrants(ctx: AnalysisContext): void {
  for (const g of worldOf(ctx).referenceGrants) {
    (g.spec?.from ?? []).forEach((f, i) => {
      if (f.namespace && !ctx.namespaces.has(f.namespace))
        ctx.report(g as unknown as IstioObject, 'KIA1601', `${indexPath('spec.from', i)}.namespace`);
    });
  }
}

type Cond = { type?: string; status?: string; reason?: string; message?: string };

/** True for a condition in its bad state: `Conflicted=True`, any other (positive polarity) type `False`. */
function negative(c: Cond): boolean {
  return c.type === 'Conflicted' ? c.status === 'True' : c.status === 'False';
}

/**
 * IST0171 for each negative condition in the status the cluster reports (`status.conditions`,
 * `status.listeners[].conditions`, `status.parents[].conditions`), as `istioctl analyze` reports them.
 */
export function checkNegativeConditions(ctx: AnalysisContext): void {
  for (const o of gatewayApiObjects(ctx)) {
    const status = (o as { status?: Record<string, unknown> }).status;
    if (!status) continue;
    const lists: [Cond[] | undefined, string][] = [[status.conditions as Cond[] | undefined, 'status.conditions']];
    ((status.listeners ?? []) as { conditions?: Cond[] }[]).forEach((l, i) =>
      lists.push([l.conditions, `${indexPath('status.listeners', i)}.conditions`]),
    );
    ((status.parents ?? []) as { conditions?: Cond[] }[]).forEach((p, i) =>
      lists.push([p.conditions, `${indexPath('status.parents', i)}.conditions`]),
    );
    for (const [conds, base] of lists) {
      (conds ?? []).forEach((c, i) => {
        if (negative(c)) ctx.report(o, 'IST0171', indexPath(base, i), [c.type, c.reason, c.message]);
      });
    }
  }
}

/** IST0165: a VirtualService names an internal Gateway istiod generated from a Gateway API Gateway. */
export function checkInternalGatewayReferences(ctx: AnalysisContext): void {
  for (const vs of ctx.snapshot.istioConfig) {
    if (vs.kind !== 'VirtualService') continue;
    const gateways = ((vs.spec as { gateways?: unknown[] } | undefined)?.gateways ?? []) as unknown[];
    gateways.forEach((g, i) => {
      if (typeof g === 'string' && g.includes(INTERNAL_GATEWAY_SUFFIX))
        ctx.report(vs, 'IST0165', indexPath('spec.gateways', i), [fullName(vs), g]);
    });
  }
}
