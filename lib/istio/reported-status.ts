/**
 * The status conditions a cluster reports on Gateway API objects, read as they are (no judgement of ours): a
 * GatewayClass's and a Gateway's `status.conditions`, each Gateway listener's `status.listeners[].conditions`, and a
 * route's per-parent `status.parents[].conditions` (Gateway API v1 `RouteParentStatus`). Written by the controller
 * (istiod), so this is what Istio concluded. Pure.
 *
 * Polarity: the specification's conditions are positive (`Accepted`, `Programmed`, `ResolvedRefs`: True is good)
 * except `Conflicted` and `PartiallyInvalid`, where True is the problem. `Unknown` is neither.
 */
export interface ReportedCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

/** The conditions of one part of the object: itself, a listener, or a parent a route attaches to. */
export interface ReportedScope {
  /** `Gateway`, `Listener http`, `Parent Gateway bookinfo/bookinfo-gateway`, `Parent Service reviews:9080`. */
  scope: string;
  /** The controller that wrote a route parent's status (`istio.io/gateway-controller`), when given. */
  controller?: string;
  conditions: ReportedCondition[];
}

/** `ok`: every reported condition good; `error`: one is bad; `unknown`: Unknown only; `none`: nothing reported. */
export type ReportedHealth = 'ok' | 'error' | 'unknown' | 'none';

export interface ReportedStatus {
  scopes: ReportedScope[];
  health: ReportedHealth;
  /**
   * One line for a table cell: the bad conditions (`ResolvedRefs=False (RefNotPermitted)`), else the good ones, else
   * all (`Accepted=Unknown (Pending)`: the CRD's default status until a controller writes one).
   */
  summary: string;
  /** A condition's `observedGeneration` is older than `metadata.generation`: the controller has not seen the change. */
  stale: boolean;
}

const NEGATIVE = new Set(['Conflicted', 'PartiallyInvalid']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function conditionsOf(value: unknown): ReportedCondition[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((c) => {
    const type = str(c.type);
    const status = str(c.status);
    if (!type || !status) return [];
    const out: ReportedCondition = { type, status };
    if (str(c.reason)) out.reason = str(c.reason);
    if (str(c.message)) out.message = str(c.message);
    if (typeof c.observedGeneration === 'number') out.observedGeneration = c.observedGeneration;
    return [out];
  });
}

/** Whether a condition says something is wrong (False on a positive type, True on `Conflicted`/`PartiallyInvalid`). */
export function isBadCondition(c: Pick<ReportedCondition, 'type' | 'status'>): boolean {
  return NEGATIVE.has(c.type) ? c.status === 'True' : c.status === 'False';
}

function parentLabel(ref: Record<string, unknown>, routeNamespace: string): string {
  const kind = str(ref.kind) ?? 'Gateway';
  const namespace = str(ref.namespace) ?? routeNamespace;
  const section = str(ref.sectionName) ? `/${str(ref.sectionName)}` : '';
  const port = typeof ref.port === 'number' ? `:${ref.port}` : '';
  return `Parent ${kind} ${namespace}/${str(ref.name) ?? ''}${section}${port}`;
}

const text = (c: ReportedCondition) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`;

/**
 * The status an object reports, by scope. Objects without Gateway API status (Istio's kinds, or nothing written yet)
 * give no scopes and health `none`.
 */
export function reportedStatus(obj: {
  kind?: unknown;
  metadata?: { namespace?: string; generation?: number };
  status?: unknown;
}): ReportedStatus {
  const status = isRecord(obj.status) ? obj.status : {};
  const kind = str(obj.kind) ?? '';
  const namespace = obj.metadata?.namespace || 'default';
  const scopes: ReportedScope[] = [];
  const own = conditionsOf(status.conditions);
  if (own.length) scopes.push({ scope: kind, conditions: own });
  if (Array.isArray(status.listeners)) {
    for (const l of status.listeners.filter(isRecord)) {
      const conditions = conditionsOf(l.conditions);
      if (conditions.length) scopes.push({ scope: `Listener ${str(l.name) ?? ''}`, conditions });
    }
  }
  if (Array.isArray(status.parents)) {
    for (const p of status.parents.filter(isRecord)) {
      const conditions = conditionsOf(p.conditions);
      const scope: ReportedScope = {
        scope: parentLabel(isRecord(p.parentRef) ? p.parentRef : {}, namespace),
        conditions,
      };
      if (str(p.controllerName)) scope.controller = str(p.controllerName);
      scopes.push(scope);
    }
  }
  const all = scopes.flatMap((s) => s.conditions);
  const bad = all.filter(isBadCondition);
  const health: ReportedHealth =
    all.length === 0 ? 'none' : bad.length ? 'error' : all.every((c) => c.status === 'Unknown') ? 'unknown' : 'ok';
  const good = all.filter((c) => c.status === 'True' && !NEGATIVE.has(c.type));
  const shown = bad.length ? bad : good.length ? good : all;
  const summary = [...new Set(shown.map(text))].join(', ');
  const generation = obj.metadata?.generation;
  const stale =
    typeof generation === 'number' &&
    all.some((c) => c.observedGeneration !== undefined && c.observedGeneration < generation);
  return { scopes, health, summary, stale };
}
