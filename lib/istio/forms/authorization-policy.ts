/**
 * AuthorizationPolicy form model (Kiali's `AuthorizationPolicyForm`, kiali.md §1.4; Istio `security/v1`
 * `AuthorizationPolicy`): action ALLOW | DENY | AUDIT | CUSTOM (with `provider.name`), workload selector, and rules
 * of `from.source`, `to.operation` and `when` conditions, each field with its `not` form. Presets follow Kiali:
 * DENY_ALL is an ALLOW policy with no rules (nothing is allowed), ALLOW_ALL has one empty rule (`rules: [{}]`).
 * `toForm` then `toAuthorizationPolicy` returns the original object unchanged. Pure and isomorphic.
 */
import {
  asRecord,
  mapList,
  mergeKnown,
  mergeList,
  mergeOptional,
  oneOf,
  optString,
  policyFormBase,
  policyFromForm,
  strings,
  type Json,
  type SelectorObjectForm,
} from './merge';

export const AUTHZ_ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] as const;
export type AuthzAction = (typeof AUTHZ_ACTIONS)[number];

/** `from.source` fields (Istio `Source`), each a list; undefined = absent. */
export const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'trustDomains',
  'notTrustDomains',
] as const;
/** `to.operation` fields (Istio `Operation`). */
export const OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;

export type SourceField = (typeof SOURCE_FIELDS)[number];
export type OperationField = (typeof OPERATION_FIELDS)[number];
export type SourceForm = Partial<Record<SourceField, string[]>>;
export type OperationForm = Partial<Record<OperationField, string[]>>;

export interface ConditionForm {
  key: string;
  values?: string[];
  notValues?: string[];
}

/** One rule; each part is undefined when absent (`rules: [{}]` is a rule with all three absent). */
export interface RuleForm {
  from?: SourceForm[];
  to?: OperationForm[];
  when?: ConditionForm[];
}

/** `selector`: `selector.matchLabels`; undefined = no selector (namespace-wide, or mesh-wide in the root namespace). */
export interface AuthorizationPolicyForm extends SelectorObjectForm {
  /** Undefined when the object does not say (Istio's default is ALLOW). */
  action?: AuthzAction;
  /** `provider.name` for CUSTOM. */
  provider?: string;
  /** Undefined = no `rules` field. */
  rules?: RuleForm[];
}

export type AuthzPreset = 'deny-all' | 'allow-all' | 'rules';

function pickLists<K extends string>(v: unknown, fields: readonly K[]): Partial<Record<K, string[]>> {
  const obj = asRecord(v);
  const out: Partial<Record<K, string[]>> = {};
  for (const f of fields) {
    const list = strings(obj[f]);
    if (list !== undefined) out[f] = list;
  }
  return out;
}

/** Reads a form from an AuthorizationPolicy object. */
export function authorizationPolicyToForm(obj: Json): AuthorizationPolicyForm {
  const spec = asRecord(obj.spec);
  const action = optString(spec.action);
  return {
    ...policyFormBase(obj),
    action: oneOf(AUTHZ_ACTIONS, action),
    provider: optString(asRecord(spec.provider).name),
    rules: mapList(spec.rules, (r): RuleForm => {
      const rule = asRecord(r);
      return {
        from: mapList(rule.from, (f) => pickLists(asRecord(f).source, SOURCE_FIELDS)),
        to: mapList(rule.to, (t) => pickLists(asRecord(t).operation, OPERATION_FIELDS)),
        when: mapList(rule.when, (w) => {
          const c = asRecord(w);
          return { key: optString(c.key) ?? '', values: strings(c.values), notValues: strings(c.notValues) };
        }),
      };
    }),
  };
}

/** The `source`/`operation` object, or undefined when it was absent and the form leaves it empty. */
function listFields<K extends string>(
  original: unknown,
  form: Partial<Record<K, string[]>>,
  fields: readonly K[],
): Json | undefined {
  return mergeOptional(original, Object.fromEntries(fields.map((f) => [f, form[f]])));
}

/**
 * Builds the AuthorizationPolicy from form values, merged onto `original` (fields the form does not know — targetRef,
 * labels, annotations, future fields — are kept).
 */
export function authorizationPolicyFromForm(form: AuthorizationPolicyForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  const rules = mergeList(spec.rules, form.rules, (rule, orig) => {
    const o = asRecord(orig);
    return mergeKnown(o, {
      from: mergeList(o.from, rule.from, (src, of) =>
        mergeKnown(of, { source: listFields(asRecord(of).source, src, SOURCE_FIELDS) }),
      ),
      to: mergeList(o.to, rule.to, (op, ot) =>
        mergeKnown(ot, { operation: listFields(asRecord(ot).operation, op, OPERATION_FIELDS) }),
      ),
      when: mergeList(o.when, rule.when, (c, ow) =>
        mergeKnown(ow, { key: c.key, values: c.values, notValues: c.notValues }),
      ),
    });
  });
  const provider =
    form.action === 'CUSTOM' || form.provider ? mergeOptional(spec.provider, { name: form.provider }) : undefined;
  return policyFromForm('AuthorizationPolicy', form, original, { action: form.action, provider, rules });
}

/** The preset a form corresponds to: no rules = deny-all (for ALLOW), `[{}]` = allow-all, else custom rules. */
export function presetOf(form: AuthorizationPolicyForm): AuthzPreset {
  const allowish = form.action === undefined || form.action === 'ALLOW';
  if (allowish && (form.rules === undefined || form.rules.length === 0)) return 'deny-all';
  if (allowish && form.rules?.length === 1 && !form.rules[0]!.from && !form.rules[0]!.to && !form.rules[0]!.when)
    return 'allow-all';
  return 'rules';
}

/** Applies a preset (Kiali's DENY_ALL / ALLOW_ALL): ALLOW with no rules, or ALLOW with one empty rule. */
export function applyPreset(form: AuthorizationPolicyForm, preset: AuthzPreset): AuthorizationPolicyForm {
  if (preset === 'deny-all') return { ...form, action: 'ALLOW', provider: undefined, rules: undefined };
  if (preset === 'allow-all') return { ...form, action: 'ALLOW', provider: undefined, rules: [{}] };
  return { ...form, rules: form.rules?.length ? form.rules : [{ from: [{ principals: [] }] }] };
}

/** A new, empty AuthorizationPolicy form in `namespace`. */
export function newAuthorizationPolicyForm(namespace: string, name = ''): AuthorizationPolicyForm {
  return {
    name,
    namespace,
    apiVersion: 'security.istio.io/v1',
    action: 'ALLOW',
    rules: [{ from: [{ principals: [] }] }],
  };
}
