'use client';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import { labelMap, listFromText, textFromList, type LabelRow } from '@/lib/istio/forms/merge';
import type { FormProblem } from '@/lib/istio/forms/validate';
import styles from '../istio.module.css';

/** The problems at a form path (or under it), shown next to the field. */
export function problemsAt(problems: FormProblem[], path: string): string[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => p.message);
}

/**
 * A binder of a form's text fields: `bind(key)` is what a `TextField` for the string field `key` takes besides its
 * label: `value`, `errors` (`errorsAt(key)`), `onChange` (through `set({ [key]: v })`) and the test id `testIdOf(key)`
 * (the form-field test id by default).
 */
export function textFieldBinder<F>(
  form: F,
  set: (change: Partial<F>) => void,
  errorsAt: (key: string) => string[],
  testIdOf: (key: string) => string = sel.istio.formField,
) {
  return <K extends keyof F & string>(key: K) => ({
    value: form[key],
    errors: errorsAt(key),
    onChange: (v: F[K]) => {
      const change: Partial<F> = {};
      change[key] = v;
      set(change);
    },
    testId: testIdOf(key),
  });
}

/**
 * `value`, `onChange` and test id of a `SelectField` over the optional enum field `key` of a form (Istio's
 * `ServiceEntry.location`, `Sidecar.outboundTrafficPolicy.mode`): '' (the field's `empty` choice) stands for absent,
 * and choosing it drops the field. The options are the field's enum, so the chosen string is one of its values.
 */
export function optionalChoice<F, K extends keyof F & string>(form: F, key: K, onChange: (form: F) => void) {
  return {
    value: (form[key] ?? '') as string,
    onChange: (v: string) => onChange({ ...form, [key]: v || undefined } as F),
    testId: sel.istio.formField(key),
  };
}

/** What `Field` frames around an input: the visible label, the problems at the field (`errors`) and a `hint`. */
interface FieldFrame {
  label: string;
  errors?: string[];
  hint?: string;
}

export function Field({ label, children, errors = [], hint }: FieldFrame & { children: ReactNode }) {
  return (
    <label className={styles.field}>
      <span>{label}</span>
      {children}
      {hint && <small className="muted">{hint}</small>}
      {errors.map((e) => (
        <small key={e} className={styles.fieldError} role="alert">
          {e}
        </small>
      ))}
    </label>
  );
}

/** What a field's control takes: its value, the text the user enters or picks, a test id, and whether it is locked. */
interface FieldControl<V> {
  value: V;
  onChange: (v: string) => void;
  testId?: string;
  /** Set when the value may not change (an edited object's name and namespace). */
  disabled?: boolean;
}

/** Splits a field's props into `Field`'s frame and the DOM attributes of its `<input>` or `<select>`. */
function fieldParts<V>({ label, errors, hint, value, onChange, testId, disabled }: FieldFrame & FieldControl<V>) {
  return {
    frame: { label, errors, hint },
    control: {
      value,
      disabled,
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange(e.target.value),
      'data-testid': testId,
    },
  };
}

/** A labelled text input (as typed) with its problems (`errors`) and `hint`, as `Field` lays them out. */
export function TextField({ placeholder, ...props }: FieldFrame & FieldControl<string> & { placeholder?: string }) {
  const { frame, control } = fieldParts(props);
  return (
    <Field {...frame}>
      <input className={styles.input} placeholder={placeholder} {...control} />
    </Field>
  );
}

/**
 * A labelled select of `options` (each its own label unless `labelOf` names it), with `empty` as a first "not set"
 * option (value "") when given, its problems (`errors`) and `hint`, as `Field` lays them out.
 */
export function SelectField<O extends string | number>({
  options,
  empty,
  labelOf = String,
  ...props
}: FieldFrame &
  FieldControl<string | number | undefined> & {
    options: readonly O[];
    empty?: string;
    labelOf?: (option: O) => ReactNode;
  }) {
  const { frame, control } = fieldParts(props);
  return (
    <Field {...frame}>
      <select className={styles.select} {...control}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * The text of a field that edits a structured value: kept as typed (so "a, " stays) while `says(text, value)`;
 * replaced by `toText(value)` when `value` changes from outside to something the text does not say. `onText` keeps
 * the text and sends `parse(text)` up.
 */
function useTypedText<T>(
  value: T,
  toText: (v: T) => string,
  parse: (text: string) => T,
  says: (text: string, v: T) => boolean,
  onChange: (v: T) => void,
) {
  const [text, setText] = useState(toText(value));
  const [last, setLast] = useState(value);
  if (value !== last && !says(text, value)) {
    setLast(value);
    setText(toText(value));
  }
  const onText = (typed: string) => {
    setText(typed);
    const next = parse(typed);
    setLast(next);
    onChange(next);
  };
  return [text, onText] as const;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface ListInputProps {
  value: string[] | undefined;
  onChange: (v: string[] | undefined) => void;
  placeholder?: string;
  testId?: string;
  /** Names the input for assistive technology. */
  label: string;
}

/**
 * A list as comma-separated text. The text is kept while typing (so "a, " stays), and the list is sent up on each
 * change; an empty text means "absent".
 */
export function ListInput({ value, onChange, placeholder, testId, label }: ListInputProps) {
  const [text, onText] = useTypedText(
    value,
    textFromList,
    listFromText,
    (t, v) => sameJson(v, listFromText(t)),
    onChange,
  );
  return (
    <input
      className={`${styles.input} ${styles.wide}`}
      value={text}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => onText(e.target.value)}
    />
  );
}

/**
 * A labelled list field: `ListInput` (comma-separated) with its problems (`errors`) and `hint`, as `Field` lays them
 * out. `inputLabel` names the input for assistive technology when it differs from the visible `label`.
 */
export function ListField({
  label,
  errors,
  hint,
  inputLabel = label,
  ...input
}: FieldFrame & Omit<ListInputProps, 'label'> & { inputLabel?: string }) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      <ListInput {...input} label={inputLabel} />
    </Field>
  );
}

const rowsFromText = (text: string): LabelRow[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      return i < 0 ? { key: pair, value: '' } : { key: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim() };
    });
const textFromRows = (rows: LabelRow[] | undefined) => (rows ?? []).map((r) => `${r.key}=${r.value}`).join(', ');

/**
 * Selector labels as `app=ratings, version=v1`; empty = no selector. Workload labels unless `label` and `placeholder`
 * say otherwise (a Gateway listener's namespace selector).
 */
export function LabelsInput({
  value,
  onChange,
  testId,
  label = 'Workload selector',
  placeholder = 'app=ratings, version=v1 (empty: every workload of the namespace)',
}: {
  value: LabelRow[] | undefined;
  onChange: (v: LabelRow[] | undefined) => void;
  testId?: string;
  label?: string;
  placeholder?: string;
}) {
  const [text, onText] = useTypedText(
    value,
    textFromRows,
    (t) => {
      const rows = rowsFromText(t);
      return rows.length ? rows : undefined;
    },
    (t, v) => sameJson(labelMap(v), labelMap(rowsFromText(t))),
    onChange,
  );
  return (
    <input
      className={styles.input}
      value={text}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId ?? sel.istio.formField('selector')}
      onChange={(e) => onText(e.target.value)}
    />
  );
}

/**
 * The workload selector field of a form that has one (`SelectorObjectForm`): `label` (default "Workload selector"),
 * its problems, and `hint` on what an empty selector means for the kind.
 */
export function SelectorField<F extends { selector?: LabelRow[] }>({
  form,
  onChange,
  problems,
  label = 'Workload selector',
  hint,
}: {
  form: F;
  onChange: (form: F) => void;
  problems: FormProblem[];
  label?: string;
  hint?: string;
}) {
  return (
    <Field label={label} errors={problemsAt(problems, 'selector')} hint={hint}>
      <LabelsInput value={form.selector} onChange={(selector) => onChange({ ...form, selector })} />
    </Field>
  );
}

/** Name and namespace of a new or edited policy (both fixed when editing: a rename is a new object). */
export function MetadataFields({
  name,
  namespace,
  namespaces,
  editing,
  onChange,
  problems,
}: {
  name: string;
  namespace: string;
  namespaces: string[];
  editing: boolean;
  onChange: (c: { name?: string; namespace?: string }) => void;
  problems: FormProblem[];
}) {
  return (
    <div className={styles.row}>
      <TextField
        label="Name"
        errors={problemsAt(problems, 'name')}
        value={name}
        disabled={editing}
        onChange={(name) => onChange({ name })}
        testId={sel.istio.formField('name')}
      />
      <SelectField
        label="Namespace"
        value={namespace}
        options={[...new Set([namespace, ...namespaces])].filter(Boolean)}
        disabled={editing}
        onChange={(namespace) => onChange({ namespace })}
        testId={sel.istio.formField('namespace')}
      />
    </div>
  );
}

/** A plain secondary button of the forms and wizards ("Add port", "Split evenly"): `type="button"`, never a submit. */
export function SecondaryButton({
  onClick,
  label,
  children,
}: {
  onClick: () => void;
  /** Its accessible name, where `children` is a symbol. */
  label?: string;
  children: ReactNode;
}) {
  return (
    <button type="button" className={styles.secondary} onClick={onClick} aria-label={label}>
      {children}
    </button>
  );
}

/** The "×" button that removes an entry of a form list (a rule, a condition, a port); `label` names it. */
export function RemoveButton({ onClick, label }: { onClick: () => void; label?: string }) {
  return (
    <SecondaryButton onClick={onClick} label={label}>
      ×
    </SecondaryButton>
  );
}
