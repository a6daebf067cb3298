'use client';
import { sel } from '@/components/test-ids';
import type { PartialErrors } from '@/lib/contracts/mesh';
import styles from './health.module.css';

const WHAT: Record<keyof PartialErrors, string> = {
  prometheus: 'Prometheus unavailable: request health and rates are unknown',
  validation: 'Istio config validation failed: validation status is unknown',
  k8s: 'Kubernetes API: part of the data is missing',
  jaeger: "Jaeger unavailable: a cluster's spans are missing",
};

/** A named warning per failing backend, above data that is still shown (the page keeps working). */
export function PartialErrorsBanner({ errors }: { errors: PartialErrors | undefined }) {
  const entries = Object.entries(errors ?? {}) as [keyof PartialErrors, { code: string; message: string }][];
  if (entries.length === 0) return null;
  return (
    <>
      {entries.map(([backend, e]) => (
        <div key={backend} className={styles.partial} role="status" data-testid={sel.mesh.partialError(backend)}>
          <strong>{WHAT[backend]}.</strong>
          <span className="muted">
            {e.message} ({e.code})
          </span>
        </div>
      ))}
    </>
  );
}

/** "–" with a reason, for a chart or table with no data (distinct from an error). */
export function NoData({ children }: { children?: string }) {
  return (
    <span className={styles.noData} title={children ?? 'No data'}>
      –{children ? ` ${children}` : ''}
    </span>
  );
}
