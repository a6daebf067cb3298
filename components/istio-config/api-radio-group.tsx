'use client';
import type { ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import styles from './istio.module.css';

/**
 * The Istio-or-Gateway-API choice of the expose page and the service wizards (shown when the cluster serves the
 * Gateway API): a radio group titled `title`, one radio per `choices` entry in order (test id `wizardApi(value)`),
 * and `children` after them (a note).
 */
export function ApiRadioGroup<A extends 'istio' | 'gateway-api'>({
  title,
  name,
  choices,
  api,
  onChange,
  children,
}: {
  title: string;
  /** The radios' `name`. */
  name: string;
  choices: readonly (readonly [value: A, label: string])[];
  api: A;
  onChange: (api: A) => void;
  children?: ReactNode;
}) {
  return (
    <div className={styles.row} role="radiogroup" aria-label={title}>
      <strong>{title}:</strong>
      {choices.map(([a, label]) => (
        <label key={a}>
          <input
            type="radio"
            name={name}
            checked={api === a}
            onChange={() => onChange(a)}
            data-testid={sel.istio.wizardApi(a)}
          />{' '}
          {label}
        </label>
      ))}
      {children}
    </div>
  );
}
