'use client';
import type { ReactNode } from 'react';
import { Checkbox } from '@/components/ui/checkbox';
import styles from '../istio.module.css';

/** A number field's text as a number; empty = undefined (the option is absent). */
export const num = (v: string): number | undefined => (v === '' ? undefined : Number(v));

/** A number input (`num`: empty = undefined), named by `label` for assistive technology. */
export function NumberInput({
  value,
  onChange,
  label,
  min,
  max,
  placeholder,
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  label?: string;
  min?: number;
  max?: number;
  placeholder?: string;
}) {
  return (
    <input
      className={styles.input}
      type="number"
      min={min}
      max={max}
      placeholder={placeholder}
      value={value ?? ''}
      onChange={(e) => onChange(num(e.target.value))}
      aria-label={label}
    />
  );
}

/** A text input (as typed; empty stays ""), named by `label` when no visible label names it. */
export function TextInput({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string | undefined;
  onChange: (v: string) => void;
  label?: string;
  placeholder?: string;
}) {
  return (
    <input
      className={styles.input}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
      aria-label={label}
      placeholder={placeholder}
    />
  );
}

/**
 * An optional duration (a timeout): `toggle` switches it between absent and `fallback`; while set, its text input
 * (`label`, `fallback` as placeholder) edits it.
 */
export function OptionalText({
  toggle,
  label = toggle,
  value,
  fallback,
  onChange,
}: {
  toggle: string;
  /** The text box's label; the toggle's by default. */
  label?: string;
  value: string | undefined;
  fallback: string;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <>
      <Checkbox label={toggle} checked={value !== undefined} onChange={(on) => onChange(on ? fallback : undefined)} />
      {value !== undefined && <TextInput value={value} onChange={onChange} label={label} placeholder={fallback} />}
    </>
  );
}

/**
 * An optional part of a rule (a fault's delay or abort, retries): a row with a checkbox that sets it to `initial` or
 * drops it (undefined) and, while it is set, the part's inputs: `children(value, set)`.
 */
export function OptionalPart<V>({
  label,
  value,
  initial,
  onChange,
  children,
}: {
  label: string;
  value: V | undefined;
  initial: V;
  onChange: (v: V | undefined) => void;
  children: (value: V, set: (v: V) => void) => ReactNode;
}) {
  return (
    <div className={styles.row}>
      <Checkbox label={label} checked={!!value} onChange={(on) => onChange(on ? initial : undefined)} />
      {value && children(value, onChange)}
    </div>
  );
}

/**
 * The Retries part of a route rule (Istio `HTTPRoute.retries`, Gateway API `HTTPRouteRule.retry`, GEP-1731): an
 * `OptionalPart` whose inputs start with the attempts (0 or more, `attemptsLabel` names the input), then the API's
 * own fields: `children(retry, set)`.
 */
export function RetriesPart<R extends { attempts?: number }>({
  value,
  initial,
  onChange,
  attemptsLabel,
  children,
}: {
  value: R | undefined;
  initial: R;
  onChange: (v: R | undefined) => void;
  attemptsLabel: string;
  children: (retry: R, set: (v: R) => void) => ReactNode;
}) {
  return (
    <OptionalPart label="Retries" value={value} initial={initial} onChange={onChange}>
      {(retry, set) => (
        <>
          <NumberInput
            value={retry.attempts}
            min={0}
            onChange={(attempts) => set({ ...retry, attempts })}
            label={attemptsLabel}
          />
          {children(retry, set)}
        </>
      )}
    </OptionalPart>
  );
}
