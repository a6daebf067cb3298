'use client';
import type { ReactNode, SelectHTMLAttributes } from 'react';

/** One choice of a `Select`: the value it sets and what the user reads. */
export interface SelectOption {
  value: string | number;
  label: ReactNode;
  disabled?: boolean;
}

/** Options from plain values; the label is the value itself unless `label` says otherwise. */
export function optionsOf<V extends string | number>(
  values: readonly V[],
  label: (value: V) => ReactNode = String,
): SelectOption[] {
  return values.map((value) => ({ value, label: label(value) }));
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'> {
  /** What stands before the `<select>` inside its `<label>`: a word, or a node such as a screen-reader-only span. */
  label: ReactNode;
  /** Class of the wrapping `<label>`. */
  labelClassName?: string;
  value: string | number;
  options: readonly SelectOption[];
  /** Called with the chosen option's value as the DOM gives it (a string; callers convert numbers). */
  onChange(value: string): void;
  testId?: string;
}

/**
 * A labelled dropdown: `<label>{label}<select>…options…</select></label>`, the one markup every toolbar and filter
 * bar uses (time pickers, list filters, logs, metrics and traces toolbars, the graph toolbar). Other `<select>`
 * attributes (`className`, `title`, `disabled`, `aria-*`) pass through.
 */
export function Select({ label, labelClassName, value, options, onChange, testId, ...rest }: SelectProps) {
  return (
    <label className={labelClassName}>
      {label}
      <select {...rest} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
