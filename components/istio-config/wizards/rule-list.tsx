'use client';
import type { ReactNode } from 'react';
import { removeAt, replaceAt } from '@/lib/istio/forms/merge';
import styles from '../istio.module.css';
import { NumberInput } from './option-inputs';
import { RemoveButton } from '../forms/inputs';

/**
 * The rule list of a Request Routing tab (VirtualService `http` rules, HTTPRoute/GRPCRoute `rules`): a warning when no
 * rule matches every request (`noCatchAll`, shown when `catchAll` is false), one fieldset per rule (`legend`, `body`
 * given `update` for that rule), its Move up/down buttons (`movable`: only where the order decides) and Remove rule,
 * then the two add buttons: `withMatch` first, `catchAllRule` last.
 */
export function RuleList<R>({
  rules,
  onChange,
  catchAll,
  noCatchAll,
  legend,
  body,
  movable = false,
  withMatch,
  catchAllRule,
  catchAllLabel,
}: {
  rules: R[];
  onChange: (rules: R[]) => void;
  catchAll: boolean;
  noCatchAll: ReactNode;
  legend: (rule: R, i: number) => ReactNode;
  body: (rule: R, update: (rule: R) => void) => ReactNode;
  movable?: boolean;
  withMatch: () => R;
  catchAllRule: () => R;
  catchAllLabel: string;
}) {
  const move = (i: number, d: -1 | 1) => {
    const next = [...rules];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    onChange(next);
  };
  return (
    <>
      {rules.length > 0 && !catchAll && <p className={styles.warn}>{noCatchAll}</p>}
      {rules.map((rule, i) => (
        <fieldset key={i} className={styles.fieldset}>
          <legend>{legend(rule, i)}</legend>
          {body(rule, (r) => onChange(replaceAt(rules, i, r)))}
          <div className={styles.row}>
            {movable && (
              <>
                <button type="button" className={styles.secondary} disabled={i === 0} onClick={() => move(i, -1)}>
                  Move up
                </button>
                <button
                  type="button"
                  className={styles.secondary}
                  disabled={i === rules.length - 1}
                  onClick={() => move(i, 1)}
                >
                  Move down
                </button>
              </>
            )}
            <button type="button" className={styles.danger} onClick={() => onChange(removeAt(rules, i))}>
              Remove rule
            </button>
          </div>
        </fieldset>
      ))}
      <div className={styles.row}>
        <button type="button" className={styles.secondary} onClick={() => onChange([withMatch(), ...rules])}>
          Add rule with a match
        </button>
        <button type="button" className={styles.secondary} onClick={() => onChange([...rules, catchAllRule()])}>
          {catchAllLabel}
        </button>
      </div>
    </>
  );
}

/**
 * A rule's matches (ORed; each one's conditions ANDed): "Matches every request." when there is none, one box per
 * match ("or when all of:", then `render` with the match's `update` and `remove`), and Add match (`added`).
 */
export function MatchList<M>({
  matches,
  onChange,
  render,
  added,
}: {
  matches: M[];
  onChange: (matches: M[]) => void;
  render: (match: M, update: (m: M) => void, remove: () => void) => ReactNode;
  added: () => M;
}) {
  return (
    <div className={styles.form}>
      {matches.length === 0 && <span className={styles.note}>Matches every request.</span>}
      {matches.map((m, i) => (
        <div key={i} className={styles.fieldset}>
          <span className={styles.note}>{i > 0 ? 'or ' : ''}when all of:</span>
          {render(
            m,
            (x) => onChange(replaceAt(matches, i, x)),
            () => onChange(removeAt(matches, i)),
          )}
        </div>
      ))}
      <button type="button" className={styles.secondary} onClick={() => onChange([...matches, added()])}>
        Add match
      </button>
    </div>
  );
}

/**
 * A rule's weighted destinations ("route to:"): one row per target (`row`, given the target's `set`), a × that
 * removes it, and `addLabel` that appends `added()`.
 */
export function TargetList<T extends object>({
  targets,
  onChange,
  row,
  added,
  addLabel,
}: {
  targets: T[];
  onChange: (targets: T[]) => void;
  row: (target: T, set: (change: Partial<T>) => void) => ReactNode;
  added: () => T;
  addLabel: string;
}) {
  return (
    <div className={styles.form}>
      <span className={styles.note}>route to:</span>
      {targets.map((t, i) => (
        <div key={i} className={styles.row}>
          {row(t, (change) => onChange(replaceAt(targets, i, { ...t, ...change })))}
          <RemoveButton onClick={() => onChange(removeAt(targets, i))} />
        </div>
      ))}
      <button type="button" className={styles.secondary} onClick={() => onChange([...targets, added()])}>
        {addLabel}
      </button>
    </div>
  );
}

/** A destination's weight: a number input (empty = no weight), `max` 100 where weights are percentages. */
export function WeightInput({
  value,
  onChange,
  max,
}: {
  value: number | undefined;
  onChange: (weight: number | undefined) => void;
  max?: number;
}) {
  return <NumberInput value={value} onChange={onChange} min={0} max={max} placeholder="weight" label="Weight" />;
}
