/** What `fieldBinder`'s binder gives a toolbar field (`Select`, `SearchInput`): its class, value and change handler. */
export interface BoundField<V> {
  className?: string;
  value: V;
  onChange(value: string): void;
}

/**
 * A binder of toolbar fields to one state record: `bind(key)` is `{ className, value: values[key], onChange }` where
 * `onChange(v)` calls `set(key, v)`. The list filters, the metrics, logs and traces toolbars keep their choices in a
 * record (most in the URL, `useSearchParamSetter`), so a field is then only its label, test id and options:
 * `<Select label="Health" testId={…} options={…} {...bind('health')} />`.
 */
export function fieldBinder<R extends object>(
  className: string | undefined,
  values: R,
  set: (key: keyof R & string, value: string) => void,
): <K extends keyof R & string>(key: K) => BoundField<R[K]> {
  return (key) => ({ className, value: values[key], onChange: (value) => set(key, value) });
}
