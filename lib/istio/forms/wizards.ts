/**
 * Service wizards (Kiali `IstioWizards/*` and `WizardActions.ts`, kiali.md §1.4) as pure functions over the routing
 * form: subsets from the workloads' `version` labels, Traffic Shifting (weights per subset, one mirrored subset with a
 * percentage), TCP Traffic Shifting, and the initial VirtualService/DestinationRule for a service (named after it,
 * as Kiali names them). Validation here covers what the form can get wrong; the schema and cross-object checks run
 * on the resulting objects through `/api/istio/validate`.
 */
import type { Json } from './merge';
import {
  routingToForm,
  type DestinationForm,
  type HttpRuleForm,
  type RoutingForm,
  type RoutingObjects,
  type SubsetForm,
} from './routing';

export interface WizardWorkload {
  name: string;
  labels: Record<string, string>;
}

/** The service a wizard edits: its workloads give the subsets. */
export interface ServiceTarget {
  namespace: string;
  name: string;
  workloads: WizardWorkload[];
}

export const WIZARD_ANNOTATION = 'meshscope.io/wizard';

/** The host wizards write: the service's short name, resolved in its namespace (what Kiali's wizards write too). */
export const serviceHost = (t: ServiceTarget): string => t.name;

/** The versions of a service's workloads (`version` label), sorted; a workload without one is not a subset. */
export function serviceVersions(t: ServiceTarget): string[] {
  return [...new Set(t.workloads.map((w) => w.labels.version).filter((v): v is string => !!v))].sort();
}

/** One subset per version: `{ name: v1, labels: { version: v1 } }`. */
export function versionSubsets(t: ServiceTarget): SubsetForm[] {
  return serviceVersions(t).map((v) => ({ name: v, labels: [{ key: 'version', value: v }] }));
}

/**
 * The form a wizard starts from: the existing objects when there are any, else new ones named after the service.
 * The DestinationRule gets a subset for every version not yet defined (existing subsets are kept as they are).
 */
export function initialRouting(t: ServiceTarget, existing: RoutingObjects): RoutingForm {
  const form = routingToForm(existing.virtualService, existing.destinationRule);
  const virtualService = form.virtualService ?? {
    name: t.name,
    namespace: t.namespace,
    apiVersion: 'networking.istio.io/v1',
    hosts: [serviceHost(t)],
  };
  const dr = form.destinationRule ?? {
    name: t.name,
    namespace: t.namespace,
    apiVersion: 'networking.istio.io/v1',
    host: serviceHost(t),
  };
  const have = new Set((dr.subsets ?? []).map((s) => s.name));
  const missing = versionSubsets(t).filter((s) => !have.has(s.name));
  return {
    virtualService,
    destinationRule: missing.length ? { ...dr, subsets: [...(dr.subsets ?? []), ...missing] } : dr,
  };
}

export interface WeightRow {
  subset: string;
  /** 0–100. */
  weight: number;
  /** Mirrored subsets get copies of the traffic, not a share of it (`http[].mirror`). */
  mirrored: boolean;
}

export interface ShiftingState {
  rows: WeightRow[];
  /** `mirrorPercentage.value` for the mirrored subset. */
  mirrorPercent: number;
}

/** Weights read from the catch-all (no `match`) HTTP rule or TCP rule; even split over the subsets when none. */
export function shiftingState(form: RoutingForm, subsets: string[], protocol: 'http' | 'tcp' = 'http'): ShiftingState {
  const vs = form.virtualService;
  const rule = protocol === 'http' ? (vs?.http ?? []).find((r) => !r.match?.length) : vs?.tcp?.[0];
  const routes = rule?.route ?? [];
  const mirror = protocol === 'http' ? (rule as HttpRuleForm | undefined)?.mirror : undefined;
  if (routes.length) {
    const total = routes.length === 1 && routes[0]!.weight === undefined ? 100 : undefined;
    const rows = subsets.map((subset) => {
      const r = routes.find((x) => x.subset === subset);
      return { subset, weight: r ? (total ?? r.weight ?? 0) : 0, mirrored: mirror?.subset === subset };
    });
    return { rows, mirrorPercent: (rule as HttpRuleForm | undefined)?.mirrorPercent ?? 100 };
  }
  return { rows: evenSplit(subsets), mirrorPercent: 100 };
}

/** Splits 100 evenly (Kiali's default), the remainder on the first subsets: 3 subsets → 34, 33, 33. */
export function evenSplit(subsets: string[]): WeightRow[] {
  const n = subsets.length;
  return subsets.map((subset, i) => ({
    subset,
    weight: n ? Math.floor(100 / n) + (i < 100 % n ? 1 : 0) : 0,
    mirrored: false,
  }));
}

/** Problems of a weights table (Istio rejects route weights that do not sum to 100). */
export function weightErrors(state: ShiftingState): string[] {
  const errors: string[] = [];
  const shared = state.rows.filter((r) => !r.mirrored);
  for (const r of state.rows)
    if (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > 100)
      errors.push(`${r.subset}: weight must be a whole number from 0 to 100`);
  const sum = shared.reduce((s, r) => s + r.weight, 0);
  if (shared.length && sum !== 100) errors.push(`Weights must add up to 100 (now ${sum})`);
  if (!shared.some((r) => r.weight > 0)) errors.push('At least one subset must receive traffic');
  if (state.rows.filter((r) => r.mirrored).length > 1) errors.push('Only one subset can be mirrored');
  if (state.rows.some((r) => r.mirrored) && (state.mirrorPercent < 0 || state.mirrorPercent > 100))
    errors.push('Mirror percentage must be from 0 to 100');
  return errors;
}

function weightedRoutes(host: string, rows: WeightRow[]): DestinationForm[] {
  const shared = rows.filter((r) => !r.mirrored && r.weight > 0);
  if (shared.length === 1) return [{ host, subset: shared[0]!.subset }];
  return shared.map((r) => ({ host, subset: r.subset, weight: r.weight }));
}

/**
 * Traffic Shifting: one catch-all HTTP rule with the weighted subsets (subsets at 0 % are left out) and the mirrored
 * subset. The previous catch-all rule's fault, timeout and retries are kept; rules with matches are replaced, as
 * Kiali's wizard does.
 */
export function applyTrafficShifting(form: RoutingForm, host: string, state: ShiftingState): RoutingForm {
  const vs = form.virtualService!;
  const previous = (vs.http ?? []).find((r) => !r.match?.length);
  const mirrored = state.rows.find((r) => r.mirrored);
  const rule: HttpRuleForm = {
    ...previous,
    match: undefined,
    route: weightedRoutes(host, state.rows),
    mirror: mirrored ? { host, subset: mirrored.subset } : undefined,
    mirrorPercent: mirrored ? state.mirrorPercent : undefined,
  };
  return { ...form, virtualService: { ...vs, http: [rule] } };
}

/** TCP Traffic Shifting: one TCP rule with the weighted subsets. */
export function applyTcpShifting(form: RoutingForm, host: string, state: ShiftingState): RoutingForm {
  const vs = form.virtualService!;
  return {
    ...form,
    virtualService: {
      ...vs,
      tcp: [
        {
          ...vs.tcp?.[0],
          route: weightedRoutes(
            host,
            state.rows.map((r) => ({ ...r, mirrored: false })),
          ),
        },
      ],
    },
  };
}

const DURATION = /^\d+(\.\d+)?(ms|s|m|h)$/;

/** Problems of the HTTP rules (Request Routing, Fault Injection, Timeouts tabs), with a readable location. */
export function routingErrors(form: RoutingForm): string[] {
  const errors: string[] = [];
  const subsets = new Set((form.destinationRule?.subsets ?? []).map((s) => s.name));
  (form.virtualService?.http ?? []).forEach((rule, i) => {
    const at = `Rule ${i + 1}`;
    const routes = rule.route ?? [];
    if (!routes.length) errors.push(`${at}: route to at least one destination`);
    const weighted = routes.filter((r) => r.weight !== undefined);
    if (routes.length > 1 || weighted.length) {
      const sum = routes.reduce((s, r) => s + (r.weight ?? 0), 0);
      if (sum !== 100) errors.push(`${at}: weights must add up to 100 (now ${sum})`);
    }
    for (const r of routes)
      if (r.subset && !subsets.has(r.subset))
        errors.push(`${at}: subset ${r.subset} is not defined in the DestinationRule`);
    const { delay, abort } = rule.fault ?? {};
    if (delay && (delay.percent === undefined || delay.percent < 0 || delay.percent > 100))
      errors.push(`${at}: delay percentage must be from 0 to 100`);
    if (delay && !DURATION.test(delay.fixedDelay ?? ''))
      errors.push(`${at}: delay must be a duration like 5s or 500ms`);
    if (abort && (abort.percent === undefined || abort.percent < 0 || abort.percent > 100))
      errors.push(`${at}: abort percentage must be from 0 to 100`);
    if (abort && (abort.httpStatus === undefined || abort.httpStatus < 200 || abort.httpStatus > 599))
      errors.push(`${at}: abort status must be an HTTP status from 200 to 599`);
    if (rule.timeout && !DURATION.test(rule.timeout)) errors.push(`${at}: timeout must be a duration like 2s`);
    if (rule.retries?.perTryTimeout && !DURATION.test(rule.retries.perTryTimeout))
      errors.push(`${at}: per-try timeout must be a duration like 2s`);
    if (rule.retries && (rule.retries.attempts === undefined || rule.retries.attempts < 0))
      errors.push(`${at}: retry attempts must be 0 or more`);
  });
  return errors;
}

/** Marks objects a wizard wrote (Kiali labels them `kiali_wizard`), so the wizard reopens on the right tab. */
export function markWizard(obj: Json | null, wizard: string): Json | null {
  if (!obj) return null;
  const meta = (obj.metadata ?? {}) as Json;
  return {
    ...obj,
    metadata: {
      ...meta,
      annotations: { ...((meta.annotations as Record<string, string>) ?? {}), [WIZARD_ANNOTATION]: wizard },
    },
  };
}
