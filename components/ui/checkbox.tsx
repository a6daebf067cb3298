'use client';
import type { ReactNode } from 'react';

/**
 * A labelled checkbox: `<label><input type="checkbox" /> {label}</label>`, the markup of the toolbars' switches
 * (logs timestamps and follow, traces "errors only"). `onChange` gets the new checked state.
 */
export function Checkbox({
  label,
  checked,
  onChange,
  testId,
}: {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  testId?: string;
}) {
  return (
    <label>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />{' '}
      {label}
    </label>
  );
}
