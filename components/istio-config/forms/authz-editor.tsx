'use client';
import { sel } from '@/components/test-ids';
import {
  applyPreset,
  AUTHZ_ACTIONS,
  OPERATION_FIELDS,
  presetOf,
  SOURCE_FIELDS,
  type AuthorizationPolicyForm,
  type AuthzAction,
  type AuthzPreset,
  type RuleForm,
} from '@/lib/istio/forms/authorization-policy';
import { removeOrAbsent, replaceAt } from '@/lib/istio/forms/merge';
import type { FormProblem } from '@/lib/istio/forms/validate';
import {
  Field,
  ListField,
  ListInput,
  problemsAt,
  SelectField,
  SelectorField,
  TextField,
  RemoveButton,
  SecondaryButton,
} from './inputs';
import styles from '../istio.module.css';

interface Props {
  form: AuthorizationPolicyForm;
  onChange: (form: AuthorizationPolicyForm) => void;
  problems: FormProblem[];
}

const PLACEHOLDER: Record<string, string> = {
  principals: 'cluster.local/ns/bookinfo/sa/bookinfo-reviews',
  namespaces: 'bookinfo',
  ipBlocks: '10.0.0.0/8',
  methods: 'GET, POST',
  paths: '/api/*',
  ports: '9080',
  hosts: 'ratings.bookinfo.svc.cluster.local',
};

/** Field rows of one `source` or `operation`: the fields in use, plus a picker to add another (Kiali's form). */
function FieldList<F extends string>({
  fields,
  value,
  onChange,
  path,
  problems,
  testPrefix,
}: {
  fields: readonly F[];
  value: Partial<Record<F, string[]>>;
  onChange: (v: Partial<Record<F, string[]>>) => void;
  path: string;
  problems: FormProblem[];
  testPrefix: string;
}) {
  const used = fields.filter((f) => value[f] !== undefined);
  const free = fields.filter((f) => value[f] === undefined);
  return (
    <div className={styles.form}>
      {used.map((f) => (
        <Field key={f} label={f} errors={problemsAt(problems, `${path}.${f}`)}>
          <div className={styles.row}>
            <ListInput
              label={f}
              value={value[f]}
              placeholder={PLACEHOLDER[f.replace(/^not/, '').replace(/^./, (c) => c.toLowerCase())] ?? ''}
              onChange={(v) => onChange({ ...value, [f]: v ?? [] })}
              testId={sel.istio.formField(`${testPrefix}-${f}`)}
            />
            <RemoveButton onClick={() => onChange({ ...value, [f]: undefined })} label={`Remove ${f}`} />
          </div>
        </Field>
      ))}
      {free.length > 0 && (
        <select
          className={styles.select}
          value=""
          onChange={(e) => e.target.value && onChange({ ...value, [e.target.value]: [] })}
          aria-label="Add a field"
          data-testid={sel.istio.formField(`${testPrefix}-add`)}
        >
          <option value="">Add a field…</option>
          {free.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/**
 * A rule's `from` (sources) or `to` (operations): `title`, each clause as a `FieldList` of `fields` with its Remove
 * (removing the last one removes the part: undefined), then Add (`added`).
 */
function ClauseList<F extends string>({
  title,
  clauses,
  fields,
  path,
  testPrefix,
  problems,
  onChange,
  added,
  noun,
}: {
  title: string;
  clauses: Partial<Record<F, string[]>>[];
  fields: readonly F[];
  path: string;
  testPrefix: string;
  problems: FormProblem[];
  onChange: (clauses: Partial<Record<F, string[]>>[] | undefined) => void;
  added: Partial<Record<F, string[]>>;
  noun: string;
}) {
  return (
    <>
      <strong>{title}</strong>
      {clauses.map((c, i) => (
        <div key={i} className={styles.fieldset}>
          <FieldList<F>
            fields={fields}
            value={c}
            path={`${path}.${i}`}
            problems={problems}
            testPrefix={`${testPrefix}${i}`}
            onChange={(v) => onChange(replaceAt(clauses, i, v))}
          />
          <button type="button" className={styles.secondary} onClick={() => onChange(removeOrAbsent(clauses, i))}>
            {`Remove ${noun}`}
          </button>
        </div>
      ))}
      <button type="button" className={styles.secondary} onClick={() => onChange([...clauses, added])}>
        {`Add ${noun}`}
      </button>
    </>
  );
}

/** A rule's two clause lists: title, fields, the clause Add appends, and the noun of its buttons. */
const PARTS = {
  from: { title: 'From (any of)', fields: SOURCE_FIELDS, added: { principals: [] }, noun: 'source' },
  to: { title: 'To (any of)', fields: OPERATION_FIELDS, added: { methods: [] }, noun: 'operation' },
};

function RuleEditor({
  rule,
  index,
  onChange,
  onRemove,
  problems,
}: {
  rule: RuleForm;
  index: number;
  onChange: (r: RuleForm) => void;
  onRemove: () => void;
  problems: FormProblem[];
}) {
  const path = `rules.${index}`;
  const when = rule.when ?? [];
  /** The `ClauseList` props of the rule's `from` or `to`: its clauses, paths, test ids and updates. */
  const part = <K extends keyof typeof PARTS>(key: K) => ({
    ...PARTS[key],
    clauses: rule[key] ?? [],
    path: `${path}.${key}`,
    testPrefix: `rule${index}-${key}`,
    problems,
    onChange: (clauses: RuleForm[K]) => onChange({ ...rule, [key]: clauses }),
  });
  return (
    <fieldset className={styles.fieldset}>
      <legend>Rule {index + 1}</legend>
      <ClauseList {...part('from')} />
      <ClauseList {...part('to')} />
      <strong>When (all of)</strong>
      {when.map((c, i) => {
        const set = (change: Partial<typeof c>) =>
          onChange({ ...rule, when: when.map((x, j) => (j === i ? { ...x, ...change } : x)) });
        return (
          <div key={i} className={styles.row}>
            <TextField
              label="key"
              errors={problemsAt(problems, `${path}.when.${i}.key`)}
              value={c.key}
              onChange={(key) => set({ key })}
              placeholder="request.headers[x-user]"
            />
            <ListField
              label="values"
              errors={problemsAt(problems, `${path}.when.${i}.values`)}
              value={c.values}
              onChange={(values) => set({ values })}
            />
            <ListField label="notValues" value={c.notValues} onChange={(notValues) => set({ notValues })} />
            <RemoveButton onClick={() => onChange({ ...rule, when: removeOrAbsent(when, i) })} />
          </div>
        );
      })}
      <SecondaryButton onClick={() => onChange({ ...rule, when: [...when, { key: '', values: [] }] })}>
        Add condition
      </SecondaryButton>
      <div>
        <button type="button" className={styles.danger} onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  );
}

/** The presets (Kiali's DENY_ALL / ALLOW_ALL besides plain rules), as the Policy select names them. */
const PRESET_LABEL: Record<AuthzPreset, string> = {
  rules: 'Rules',
  'deny-all': 'Deny all (ALLOW nothing)',
  'allow-all': 'Allow all',
};
const PRESETS = Object.keys(PRESET_LABEL) as AuthzPreset[];

/**
 * AuthorizationPolicy form: action (ALLOW, DENY, AUDIT, CUSTOM with provider), presets deny-all / allow-all (Kiali's
 * DENY_ALL / ALLOW_ALL), workload selector, and rules of sources, operations and conditions with their `not` forms.
 */
export function AuthorizationPolicyEditor({ form, onChange, problems }: Props) {
  const preset = presetOf(form);
  const rules = form.rules ?? [];
  return (
    <div className={styles.form}>
      <div className={styles.row}>
        <SelectField
          label="Policy"
          value={preset}
          options={PRESETS}
          labelOf={(p) => PRESET_LABEL[p]}
          onChange={(p) => onChange(applyPreset(form, p as AuthzPreset))}
          testId={sel.istio.formField('preset')}
        />
        <SelectField
          label="Action"
          value={form.action ?? 'ALLOW'}
          options={AUTHZ_ACTIONS}
          onChange={(action) =>
            onChange({
              ...form,
              action: action as AuthzAction,
              provider: action === 'CUSTOM' ? (form.provider ?? '') : undefined,
            })
          }
          testId={sel.istio.formField('action')}
        />
        {form.action === 'CUSTOM' && (
          <TextField
            label="Provider"
            errors={problemsAt(problems, 'provider')}
            value={form.provider ?? ''}
            onChange={(provider) => onChange({ ...form, provider })}
            placeholder="extension provider name"
          />
        )}
      </div>
      <SelectorField form={form} onChange={onChange} problems={problems} />
      {preset === 'rules' &&
        rules.map((r, i) => (
          <RuleEditor
            key={i}
            rule={r}
            index={i}
            problems={problems}
            onChange={(rule) => onChange({ ...form, rules: rules.map((x, j) => (j === i ? rule : x)) })}
            onRemove={() => onChange({ ...form, rules: rules.filter((_, j) => j !== i) })}
          />
        ))}
      {preset === 'rules' && (
        <div>
          <button
            type="button"
            className={styles.secondary}
            onClick={() => onChange({ ...form, rules: [...rules, { from: [{ principals: [] }] }] })}
            data-testid={sel.istio.formField('add-rule')}
          >
            Add rule
          </button>
        </div>
      )}
      {preset === 'deny-all' && (
        <p className={styles.note}>
          An ALLOW policy without rules allows nothing: every request to the selected workloads is denied.
        </p>
      )}
      {preset === 'allow-all' && (
        <p className={styles.note}>
          One empty rule matches every request: everything is allowed (DENY policies still apply first).
        </p>
      )}
    </div>
  );
}
