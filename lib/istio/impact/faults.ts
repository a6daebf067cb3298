/**
 * Fault injection, timeouts and retries in the impact preview (issue 16: a 100 % abort with 503 and a 5 s delay on
 * reviews previewed as "No observed edge would be denied, broken or rerouted"). Istio `networking/v1` HTTPRoute
 * semantics, as Envoy applies them:
 * - `fault.abort` answers `percentage` of the requests with `httpStatus` (or gRPC status) from the caller's sidecar
 *   (Envoy flag FI): those requests fail (`abort`).
 * - `fault.delay` holds `percentage` of the requests for `fixedDelay` before forwarding (flag DI). The fault filter runs
 *   before the router, so the delay does not count against the same route's `timeout`; it does count against the
 *   timeout of the route that called the delayed caller: the requests of X → C, where C calls the delayed service and
 *   X's route to C has a `timeout` (Istio's default: none) not above the delay, fail with 504 UT (`break`), as in
 *   Istio's fault-injection task (productpage's 6 s budget against a 7 s delay on ratings).
 * - `timeout` set or shortened: calls slower than it fail with 504 UT; the preview cannot see latency per request, so
 *   it lists the edge with the new budget (`timeout`).
 * - `retries`: each failed attempt on `retryOn` conditions is retried up to `attempts` times (Istio default when
 *   unset: 2 attempts on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes), so a
 *   destination failing at rate e per second receives up to `attempts × e` extra requests per second (`retry`).
 * Only the catch-all rule (no `match`) is read for certain; a rule with matches makes the effect "some requests".
 * Pure and isomorphic.
 */
import { edgeBase, type TrafficEdge } from './edges';
import type { ImpactContext, ImpactEdge } from './index';
import { arr, nsOf, rec, type Json } from '../json';
import { fqdn } from './routing';

/** Istio's default retry policy when a route sets none (`attempts: 2`). */
export const DEFAULT_RETRY_ATTEMPTS = 2;

/** A duration of Istio's `google.protobuf.Duration` text form (`5s`, `500ms`, `1.5s`, `1m`, `1h`) in ms; null if not one. */
export function durationMs(v: unknown): number | null {
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v.trim()) : null;
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** What one HTTP rule does to the requests it takes, read from its spec. */
export interface RuleFaults {
  /** Share of requests aborted, 0–1, and the status they get. */
  abort: { share: number; status: string } | null;
  /** Share of requests delayed, 0–1, by `ms`. */
  delay: { share: number; ms: number; text: string } | null;
  timeoutMs: number | null;
  timeoutText: string | null;
  retries: { attempts: number; perTryTimeout: string | null; retryOn: string | null; explicit: boolean };
  /** The rule has `match` conditions: it takes only some requests. */
  partial: boolean;
}

const percent = (p: unknown, fallback: number) => {
  const v = rec(p).value;
  return typeof v === 'number' ? Math.max(0, Math.min(100, v)) / 100 : fallback;
};

/** Reads a rule's fault, timeout and retries (missing percentage = 100 %, as Istio). */
export function ruleFaults(rule: Json): RuleFaults {
  const fault = rec(rule.fault);
  const abort = rec(fault.abort);
  const delay = rec(fault.delay);
  const retries = rec(rule.retries);
  const delayMs = durationMs(delay.fixedDelay);
  const status =
    abort.httpStatus !== undefined
      ? `HTTP ${String(abort.httpStatus)}`
      : abort.grpcStatus !== undefined
        ? `gRPC ${String(abort.grpcStatus)}`
        : null;
  return {
    abort: status ? { share: percent(abort.percentage, 1), status } : null,
    delay:
      delayMs !== null ? { share: percent(delay.percentage, 1), ms: delayMs, text: String(delay.fixedDelay) } : null,
    timeoutMs: durationMs(rule.timeout),
    timeoutText: typeof rule.timeout === 'string' ? rule.timeout : null,
    retries: {
      attempts: typeof retries.attempts === 'number' ? retries.attempts : DEFAULT_RETRY_ATTEMPTS,
      perTryTimeout: typeof retries.perTryTimeout === 'string' ? retries.perTryTimeout : null,
      retryOn: typeof retries.retryOn === 'string' ? retries.retryOn : null,
      explicit: rule.retries !== undefined,
    },
    partial: arr(rule.match).length > 0,
  };
}

/**
 * The HTTP rule of the mesh VirtualService for `service` (`name.namespace.svc.cluster.local`) that takes a caller's
 * requests: the catch-all rule, else the first rule (some requests only). Null when no VirtualService routes it.
 */
export function meshRuleFor(config: Json[], service: string): RuleFaults | null {
  const vs = config.find((o) => {
    if (o.kind !== 'VirtualService') return false;
    const gateways = arr(rec(o.spec).gateways).map(String);
    if (gateways.length && !gateways.includes('mesh')) return false;
    return arr(rec(o.spec).hosts).some((h) => fqdn(String(h), nsOf(o)) === service);
  });
  if (!vs) return null;
  const rules = arr(rec(vs.spec).http).map(rec);
  const rule = rules.find((r) => !arr(r.match).length) ?? rules[0];
  return rule ? ruleFaults(rule) : null;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;
const fmt = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(2));
const serviceOf = (e: TrafficEdge) => (e.service ? `${e.service.name}.${e.service.namespace}.svc.cluster.local` : null);

type InjectedFault = NonNullable<RuleFaults['abort'] | RuleFaults['delay']>;

/**
 * The edge `e` as a fault injection (`HTTPFaultInjection.abort` or `.delay`) of the rule `after` hits it: the injected
 * share of its requests, when that fault is new or differs from the one of `before` (in share, abort status or delay
 * duration); none otherwise. `some` qualifies a rule that matches only part of the requests.
 */
function injectedFault(
  e: TrafficEdge,
  effect: 'abort' | 'delay',
  after: RuleFaults | null,
  before: RuleFaults | null,
  some: string,
): ImpactEdge[] {
  const now: InjectedFault | null | undefined = after?.[effect];
  const was: InjectedFault | null | undefined = before?.[effect];
  const kind = (f: InjectedFault) => ('status' in f ? f.status : f.ms);
  if (!now || (was && was.share === now.share && kind(was) === kind(now))) return [];
  const outcome = 'status' in now ? `aborted with ${now.status}` : `delayed by ${now.text}`;
  const detail = `fault injection: ${pct(now.share)} of requests ${outcome}${some}`;
  return [{ ...edgeBase(e), effect, affectedRate: e.rate * now.share, detail }];
}

/**
 * Edges whose requests a fault, timeout or retry change affects, for the services of the changed VirtualServices.
 * @param next the config with the changes applied; `ctx.config` is the config now
 * @param services FQDNs of the services the changed VirtualServices route
 */
export function faultImpact(ctx: ImpactContext, next: Json[], services: string[]): ImpactEdge[] {
  const out: ImpactEdge[] = [];
  for (const service of new Set(services)) {
    const before = meshRuleFor(ctx.config, service);
    const after = meshRuleFor(next, service);
    if (!after && !before) continue;
    const into = ctx.edges.filter((e) => serviceOf(e) === service && e.rate > 0 && e.protocol !== 'tcp');
    const some = after?.partial ? ' (requests matching the rule)' : '';
    for (const e of into) {
      const base = edgeBase(e);
      const d = after?.delay;
      out.push(...injectedFault(e, 'abort', after, before, some), ...injectedFault(e, 'delay', after, before, some));
      if (after?.timeoutMs != null && after.timeoutMs !== (before?.timeoutMs ?? null))
        out.push({
          ...base,
          effect: 'timeout',
          affectedRate: e.rate,
          detail: `requests slower than ${after.timeoutText} fail with 504 (UT)${
            d ? `; the injected ${d.text} delay is not counted against it (the fault filter runs first)` : ''
          }`,
        });
      const r = after?.retries;
      const rb = before?.retries;
      if (
        r &&
        (r.explicit || rb?.explicit) &&
        (!rb || r.attempts !== rb.attempts || r.retryOn !== rb.retryOn || r.perTryTimeout !== rb.perTryTimeout)
      ) {
        // Aborted requests are answered by the caller's sidecar; only requests that reach the destination retry.
        const failing = e.rate * (e.errorShare ?? 0);
        out.push({
          ...base,
          effect: 'retry',
          affectedRate: failing * r.attempts,
          detail:
            `retries: ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}` +
            `${r.perTryTimeout ? `, each up to ${r.perTryTimeout}` : ''} on ${r.retryOn ?? 'Istio’s default conditions'}` +
            ` (was ${rb?.explicit ? `${rb.attempts}` : `Istio’s default of ${DEFAULT_RETRY_ATTEMPTS}`}): up to ` +
            `${fmt(failing * r.attempts)}/s extra requests at the observed ${pct(e.errorShare ?? 0)} 5xx`,
        });
      }
    }
    // A delay on C → service holds C's own answers: callers of C whose route to C has a timeout not above the delay
    // get 504 UT for the delayed share.
    const d = after?.delay;
    if (!d || (before?.delay && before.delay.ms === d.ms && before.delay.share === d.share)) continue;
    const delayedCallers = new Set(into.map((e) => e.source.id));
    for (const up of ctx.edges) {
      if (!delayedCallers.has(up.destination.id) || up.rate <= 0 || up.protocol === 'tcp') continue;
      const upService = serviceOf(up);
      const rule = upService ? meshRuleFor(next, upService) : null;
      if (rule?.timeoutMs == null || rule.timeoutMs > d.ms) continue;
      out.push({
        ...edgeBase(up),
        effect: 'break',
        affectedRate: up.rate * d.share,
        detail: `times out (504 UT): its route timeout ${rule.timeoutText} is not above the ${d.text} delay injected downstream on ${service.split('.')[0]}`,
      });
    }
  }
  return out;
}
