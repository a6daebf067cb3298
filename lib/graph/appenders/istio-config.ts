/**
 * Reading Istio CR JSON for badges: host matching, circuit breakers and VirtualService features
 * (Kiali `kubernetes/filters.go` `FilterByHost`, `models/destination_rules.go`, `models/virtual_services.go`).
 * Specs are untrusted JSON, so every field is read defensively.
 */
import type { IstioObject } from '../types';

type Obj = Record<string, unknown>;

/** `v` if it is a plain object, else `{}`. */
export function obj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** `v` if it is an array, else `[]`. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `v` if it is a string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The string items of `v`. */
export function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

/** Objects of a kind (and API group, when given) from the inventory's Istio config. */
export function ofKind(config: readonly IstioObject[], kind: string, group?: string): IstioObject[] {
  return config.filter((o) => o.kind === kind && (!group || (o.apiVersion ?? group).startsWith(group)));
}

/**
 * True if `host`, written in an object of namespace `hostNamespace`, names service `service` of namespace
 * `namespace` (`FilterByHost`): short name in the same namespace, `svc.ns`, `svc.ns.svc`, or the FQDN.
 */
export function filterByHost(
  host: string,
  hostNamespace: string | undefined,
  service: string,
  namespace: string,
): boolean {
  if (host === service && hostNamespace === namespace) return true;
  if (host === `${service}.${namespace}` || host === `${service}.${namespace}.svc`) return true;
  return host.startsWith(`${service}.${namespace}.svc.`);
}

function isCB(trafficPolicy: unknown): boolean {
  const tp = obj(trafficPolicy);
  return tp.connectionPool !== undefined || tp.outlierDetection !== undefined;
}

/**
 * A DestinationRule for the service with a connection pool or outlier detection, at top level or in a subset
 * (any subset when `version` is empty, else the subset labelled with that version) (`HasDRCircuitBreaker`).
 */
export function hasCircuitBreaker(dr: IstioObject, namespace: string, service: string, version: string): boolean {
  const spec = obj(dr.spec);
  const host = str(spec.host);
  if (!host || !filterByHost(host, dr.metadata.namespace, service, namespace)) return false;
  if (isCB(spec.trafficPolicy)) return true;
  for (const s of arr(spec.subsets)) {
    const subset = obj(s);
    if (!isCB(subset.trafficPolicy)) continue;
    if (version === '') return true;
    const labels = obj(subset.labels);
    if ((labels.version ?? labels['app.kubernetes.io/version']) === version) return true;
  }
  return false;
}

function routes(spec: Obj, section: 'http' | 'tcp' | 'tls'): Obj[] {
  return arr(spec[section]).map(obj);
}

/** True if any http/tcp/tls route destination of the VirtualService is the service (`IsVSValidHost`). */
export function vsRoutesTo(vs: IstioObject, namespace: string, service: string): boolean {
  if (!service) return false;
  const spec = obj(vs.spec);
  for (const section of ['http', 'tcp', 'tls'] as const) {
    for (const r of routes(spec, section)) {
      for (const dest of arr(r.route)) {
        const host = str(obj(obj(dest).destination).host);
        if (host && filterByHost(host, vs.metadata.namespace, service, namespace)) return true;
      }
    }
  }
  return false;
}

export interface VsFeatures {
  requestRouting: boolean;
  requestTimeout: boolean;
  faultInjection: boolean;
  trafficShifting: boolean;
  tcpTrafficShifting: boolean;
  mirroring: boolean;
}

/**
 * The VirtualService badges (`HasVS*`): request routing = any route with destinations; timeout, fault and mirror
 * on any http route; traffic shifting = an http (or tcp) route with more than one destination.
 */
export function vsFeatures(vs: IstioObject): VsFeatures {
  const spec = obj(vs.spec);
  const http = routes(spec, 'http');
  const tcp = routes(spec, 'tcp');
  const tls = routes(spec, 'tls');
  return {
    requestRouting: [...tcp, ...http, ...tls].some((r) => arr(r.route).length > 0),
    requestTimeout: http.some((r) => r.timeout !== undefined && r.timeout !== null),
    faultInjection: http.some((r) => r.fault !== undefined && r.fault !== null),
    trafficShifting: http.some((r) => arr(r.route).length > 1),
    tcpTrafficShifting: tcp.some((r) => arr(r.route).length > 1),
    mirroring: http.some((r) => r.mirror !== undefined && r.mirror !== null),
  };
}

/** True if every selector label is present with the same value (an empty selector matches nothing). */
export function selects(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** True if a ServiceEntry is visible from `namespace` (`isExportedToNamespace`; mesh default: everywhere). */
export function isExportedTo(se: IstioObject, namespace: string): boolean {
  const exportTo = strings(obj(se.spec).exportTo);
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' && se.metadata.namespace === namespace) || e === namespace);
}
