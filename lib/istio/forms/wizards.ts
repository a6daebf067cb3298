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
  type TcpRuleForm,
} from './routing';

export interface WizardWorkload {
  name: string;
  labels: Record<string, string>;
}

/** The service a wizard edits: its workloads give the subsets, its ports the TCP port choice. */
export interface ServiceTarget {
  namespace: string;
  name: string;
  workloads: WizardWorkload[];
  ports?: { name: string | null; port: number; protocol: string; appProtocol: string | null }[];
}

/** The wizard that last wrote an object (value: the wizard id); the wizard reopens on that tab. */
export const WIZARD_ANNOTATION = 'meshscope.io/wizard';
/** Set on objects a wizard created (did not exist before): the wizard's Delete offers them, and only them, checked. */
export const WIZARD_CREATED_ANNOTATION = 'meshscope.io/wizard-created';

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
  /**
   * TCP only: the service port whose connections are shifted (`match[].port` and `destination.port.number`).
   * Required when the service exposes several ports (istioctl IST0112); undefined for a single-port service.
   */
  port?: number;
}

/**
 * The service ports a TCP rule can be bound to, in the Service's order. Istio's TCP Traffic Shifting task shifts
 * tcp-echo's port 9000 of its two ports (9000, 9001): with several ports the destination must name one (IST0112).
 */
export function tcpPortChoices(t: ServiceTarget): number[] {
  return (t.ports ?? []).map((p) => p.port);
}

/** The TCP rule that applies to `port`: one matching exactly that port, else the first one without a port match. */
export function tcpRuleFor(rules: TcpRuleForm[] | undefined, port: number | undefined): TcpRuleForm | undefined {
  const list = rules ?? [];
  if (port === undefined) return list[0];
  return (
    list.find((r) => r.match?.some((m) => m.port === port)) ??
    list.find((r) => !r.match?.length || r.match.every((m) => m.port === undefined))
  );
}

/**
 * Weights read from the catch-all (no `match`) HTTP rule, or from the TCP rule for `port`; even split over the
 * subsets when there is none. For TCP, `port` defaults to the port the existing rule names, else the first of
 * `ports` when there are several (a single-port service needs none).
 */
export function shiftingState(
  form: RoutingForm,
  subsets: string[],
  protocol: 'http' | 'tcp' = 'http',
  ports: number[] = [],
): ShiftingState {
  const vs = form.virtualService;
  let port: number | undefined;
  let rule: HttpRuleForm | TcpRuleForm | undefined;
  if (protocol === 'http') rule = (vs?.http ?? []).find((r) => !r.match?.length);
  else {
    const named = vs?.tcp?.flatMap((r) => r.match ?? []).find((m) => m.port !== undefined)?.port;
    port = named ?? (ports.length > 1 ? ports[0] : undefined);
    rule = tcpRuleFor(vs?.tcp, port);
  }
  const routes = rule?.route ?? [];
  const mirror = protocol === 'http' ? (rule as HttpRuleForm | undefined)?.mirror : undefined;
  const withPort = (s: ShiftingState): ShiftingState => (port === undefined ? s : { ...s, port });
  if (routes.length) {
    const total = routes.length === 1 && routes[0]!.weight === undefined ? 100 : undefined;
    const rows = subsets.map((subset) => {
      const r = routes.find((x) => x.subset === subset);
      return { subset, weight: r ? (total ?? r.weight ?? 0) : 0, mirrored: mirror?.subset === subset };
    });
    return withPort({ rows, mirrorPercent: (rule as HttpRuleForm | undefined)?.mirrorPercent ?? 100 });
  }
  return withPort({ rows: evenSplit(subsets), mirrorPercent: 100 });
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

function weightedRoutes(host: string, rows: WeightRow[], port?: number): DestinationForm[] {
  const shared = rows.filter((r) => !r.mirrored && r.weight > 0);
  const at = port === undefined ? {} : { port };
  if (shared.length === 1) return [{ host, subset: shared[0]!.subset, ...at }];
  return shared.map((r) => ({ host, subset: r.subset, ...at, weight: r.weight }));
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

/**
 * TCP Traffic Shifting: the TCP rule with the weighted subsets. With a `port` (a multi-port service such as
 * tcp-echo), the rule matches that port and every destination names it, as Istio's `tcp-echo-20-v2.yaml` does;
 * the rule for that port is replaced (or added), rules for other ports are kept, and the other ports keep their
 * default routing. Without a port: one rule for every connection.
 */
export function applyTcpShifting(form: RoutingForm, host: string, state: ShiftingState): RoutingForm {
  const vs = form.virtualService!;
  const route = weightedRoutes(
    host,
    state.rows.map((r) => ({ ...r, mirrored: false })),
    state.port,
  );
  if (state.port === undefined) return { ...form, virtualService: { ...vs, tcp: [{ ...vs.tcp?.[0], route }] } };
  const rules = vs.tcp ?? [];
  const i = rules.findIndex((r) => r.match?.some((m) => m.port === state.port));
  const rule: TcpRuleForm = { ...(i >= 0 ? rules[i] : {}), match: [{ port: state.port }], route };
  // An existing rule without a port match would take every port first: the port's rule goes before it.
  const tcp = i >= 0 ? rules.map((r, j) => (j === i ? rule : r)) : [rule, ...rules];
  return { ...form, virtualService: { ...vs, tcp } };
}

/** The catch-all HTTP rule Fault Injection and Timeouts start from when a service has none: every request, to the service. */
export function defaultHttpRule(host: string): HttpRuleForm {
  return { route: [{ host }] };
}

/**
 * The HTTP rules Fault Injection and Timeouts edit: the VirtualService's, or when it has none yet the catch-all
 * rule they create (routing every request to the service as before), so those tasks never dead-end.
 */
export function ruleOptionsRules(form: RoutingForm, host: string): HttpRuleForm[] {
  const http = form.virtualService?.http ?? [];
  return http.length ? http : [defaultHttpRule(host)];
}

/** The save button's verb: "Create…" when every object written is new, "Update…" when all exist, else both. */
export function writeVerb(writes: { original: unknown }[]): string {
  const created = writes.filter((w) => !w.original).length;
  if (writes.length === 0 || created === 0) return 'Update…';
  return created === writes.length ? 'Create…' : 'Create and update…';
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

/**
 * Marks objects a wizard wrote (Kiali labels them `kiali_wizard`), so the wizard reopens on the right tab; an object
 * the wizard creates (`created`) also gets WIZARD_CREATED_ANNOTATION, which an edit keeps.
 */
export function markWizard(obj: Json | null, wizard: string, created = false): Json | null {
  if (!obj) return null;
  const meta = (obj.metadata ?? {}) as Json;
  return {
    ...obj,
    metadata: {
      ...meta,
      annotations: {
        ...((meta.annotations as Record<string, string>) ?? {}),
        [WIZARD_ANNOTATION]: wizard,
        ...(created ? { [WIZARD_CREATED_ANNOTATION]: 'true' } : {}),
      },
    },
  };
}

/** One object the wizard's Delete lists, checked when the wizard created it. */
export interface DeleteCandidate {
  kind: string;
  name: string;
  /** Checked by default: the wizard created it (WIZARD_CREATED_ANNOTATION). */
  checked: boolean;
  /** Why it is (not) checked. */
  note: string;
}

/**
 * What the wizard's Delete offers: each routing object of the service with a checkbox, checked only when a wizard
 * created it. Objects that existed before (the sample's `reviews` DestinationRule), even if a wizard edited them,
 * stay unchecked: deleting them removes routing the wizard did not write.
 */
export function deleteCandidates(objects: (Json | null)[]): DeleteCandidate[] {
  return objects
    .filter((o): o is Json => !!o)
    .map((o) => {
      const meta = (o.metadata ?? {}) as { name?: string; annotations?: Record<string, string> };
      const created = meta.annotations?.[WIZARD_CREATED_ANNOTATION] === 'true';
      const edited = !!meta.annotations?.[WIZARD_ANNOTATION];
      return {
        kind: String(o.kind),
        name: meta.name ?? '',
        checked: created,
        note: created
          ? 'created by a wizard'
          : edited
            ? 'existed before a wizard edited it: not created by a wizard'
            : 'not written by a wizard',
      };
    });
}
