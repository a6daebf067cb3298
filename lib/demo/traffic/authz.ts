import type { KubeObject } from '../store/object-store';
import { authzValueMatches } from './istio-match';
import { labelsMatch, ROOT_NAMESPACE, type MeshIndex } from './mesh-index';
import type { WorkloadInfo } from './types';

/**
 * What an AuthorizationPolicy sees of a request at the destination's proxy. `principal` (without `spiffe://`)
 * and `namespace` are '' when the connection is not mutual TLS: Istio only knows the peer identity through mTLS.
 */
export interface AuthzRequest {
  principal: string;
  namespace: string;
  method: string;
  path: string;
  host: string;
  port: number;
  headers: Record<string, string>;
  tcp: boolean;
}

type Mode = 'ALLOW' | 'DENY';

/**
 * Evaluates a list field pair such as principals/notPrincipals. HTTP-only fields on a TCP connection make an ALLOW
 * rule fail and are dropped from a DENY rule (Istio's documented behaviour).
 */
function field(
  pos: string[] | undefined,
  neg: string[] | undefined,
  value: string,
  httpOnly: boolean,
  req: AuthzRequest,
  mode: Mode,
  cmp: (pattern: string, value: string) => boolean = authzValueMatches,
): boolean {
  if (!pos && !neg) return true;
  if (httpOnly && req.tcp) return mode === 'DENY';
  if (pos && !pos.some((p) => cmp(p, value))) return false;
  if (neg && neg.some((p) => cmp(p, value))) return false;
  return true;
}

const exactIgnoringCase = (p: string, v: string): boolean => p.toUpperCase() === v.toUpperCase() || p === '*';

function sourceMatches(s: Record<string, string[] | undefined>, req: AuthzRequest, mode: Mode): boolean {
  return (
    field(s.principals, s.notPrincipals, req.principal, false, req, mode) &&
    field(s.namespaces, s.notNamespaces, req.namespace, false, req, mode) &&
    field(s.requestPrincipals, s.notRequestPrincipals, '', true, req, mode) &&
    field(s.ipBlocks, s.notIpBlocks, '', false, req, mode) &&
    field(s.remoteIpBlocks, s.notRemoteIpBlocks, '', false, req, mode)
  );
}

function operationMatches(o: Record<string, string[] | undefined>, req: AuthzRequest, mode: Mode): boolean {
  return (
    field(o.hosts, o.notHosts, req.host, true, req, mode) &&
    field(o.ports, o.notPorts, String(req.port), false, req, mode) &&
    field(o.methods, o.notMethods, req.method, true, req, mode, exactIgnoringCase) &&
    field(o.paths, o.notPaths, req.path.split('?')[0] ?? '', true, req, mode)
  );
}

function conditionValue(key: string, req: AuthzRequest): { value: string; httpOnly: boolean } {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) return { value: req.headers[header[1]!.toLowerCase()] ?? '', httpOnly: true };
  if (key === 'source.namespace') return { value: req.namespace, httpOnly: false };
  if (key === 'source.principal') return { value: req.principal, httpOnly: false };
  if (key === 'destination.port') return { value: String(req.port), httpOnly: false };
  return { value: '', httpOnly: key.startsWith('request.') };
}

function ruleMatches(rule: Record<string, unknown>, req: AuthzRequest, mode: Mode): boolean {
  const from = rule.from as { source?: Record<string, string[] | undefined> }[] | undefined;
  if (from && from.length > 0 && !from.some((f) => sourceMatches(f.source ?? {}, req, mode))) return false;
  const to = rule.to as { operation?: Record<string, string[] | undefined> }[] | undefined;
  if (to && to.length > 0 && !to.some((t) => operationMatches(t.operation ?? {}, req, mode))) return false;
  for (const c of (rule.when ?? []) as { key?: string; values?: string[]; notValues?: string[] }[]) {
    if (!c.key) continue;
    const { value, httpOnly } = conditionValue(c.key, req);
    if (!field(c.values, c.notValues, value, httpOnly, req, mode)) return false;
  }
  return true;
}

/** Whether a policy attaches by `targetRefs`/`targetRef` (to a Gateway, waypoint or Service) instead of a selector. */
export function hasTargetRefs(p: KubeObject): boolean {
  return (Array.isArray(p.spec?.targetRefs) && p.spec.targetRefs.length > 0) || !!p.spec?.targetRef;
}

/**
 * AuthorizationPolicies that apply to a workload's own proxy (sidecar, or ztunnel in ambient): its namespace's and
 * the root namespace's, by selector. Policies with `targetRefs` are for gateways and waypoints only (Istio skips
 * them for sidecars and ztunnel), see traffic/ambient.ts for the waypoint side.
 */
export function applicablePolicies(index: MeshIndex, w: WorkloadInfo): KubeObject[] {
  return index.list('authorizationpolicies').filter((p) => {
    const ns = p.metadata.namespace;
    if (ns !== w.namespace && ns !== ROOT_NAMESPACE) return false;
    if (hasTargetRefs(p)) return false;
    const sel = p.spec?.selector?.matchLabels as Record<string, string> | undefined;
    return !sel || Object.keys(sel).length === 0 || labelsMatch(sel, w.labels);
  });
}

/**
 * Istio's decision for a request: any matching DENY rule denies; then, if any ALLOW policy applies, the request
 * must match one of its rules (an ALLOW policy without rules allows nothing). CUSTOM and AUDIT are ignored.
 */
export function isAllowed(policies: KubeObject[], req: AuthzRequest): boolean {
  let hasAllow = false;
  let allowed = false;
  for (const p of policies) {
    const action = (p.spec?.action as string | undefined) ?? 'ALLOW';
    const rules = (p.spec?.rules ?? []) as Record<string, unknown>[];
    if (action === 'DENY') {
      if (rules.some((r) => ruleMatches(r, req, 'DENY'))) return false;
    } else if (action === 'ALLOW') {
      hasAllow = true;
      if (!allowed && rules.some((r) => ruleMatches(r, req, 'ALLOW'))) allowed = true;
    }
  }
  return !hasAllow || allowed;
}
