'use client';
import type { ObjectValidation } from '@/lib/contracts/istio-config';
import styles from './istio.module.css';

/** Validation status with counts, Kiali's list rule: invalid only with errors; warnings keep an object valid. */
export function ValidationStatus({ validation, testId }: { validation: ObjectValidation | null; testId?: string }) {
  if (!validation)
    return (
      <span className="muted" data-testid={testId}>
        –
      </span>
    );
  const { counts } = validation;
  const title = validation.findings.map((f) => `${f.code} ${f.path ? `${f.path}: ` : ''}${f.message}`).join('\n');
  return (
    <span
      className={styles.status}
      title={title || 'No findings'}
      data-testid={testId}
      data-status={statusOf(validation)}
    >
      {counts.error > 0 && (
        <span className={styles.badgeError}>
          {counts.error} error{counts.error > 1 ? 's' : ''}
        </span>
      )}
      {counts.warning > 0 && (
        <span className={styles.badgeWarning}>
          {counts.warning} warning{counts.warning > 1 ? 's' : ''}
        </span>
      )}
      {counts.info > 0 && <span className={styles.badgeInfo}>{counts.info} info</span>}
      {counts.error + counts.warning + counts.info === 0 && <span className={styles.badgeValid}>Valid</span>}
    </span>
  );
}

export type StatusFilter = 'all' | 'valid' | 'warning' | 'error';

/** `error` when any error, `warning` when warnings only, else `valid` (info does not count). */
export function statusOf(validation: ObjectValidation | null): Exclude<StatusFilter, 'all'> | 'unknown' {
  if (!validation) return 'unknown';
  if (validation.counts.error > 0) return 'error';
  if (validation.counts.warning > 0) return 'warning';
  return 'valid';
}
