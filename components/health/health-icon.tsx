'use client';
import { sel } from '@/components/test-ids';
import type { HealthStatus, ObjectHealth } from '@/lib/contracts/mesh';
import { formatRatio, formatRate } from '@/components/format';
import styles from './health.module.css';

const CLASS: Record<HealthStatus, string> = {
  Healthy: styles.Healthy!,
  Degraded: styles.Degraded!,
  Failure: styles.Failure!,
  'Not Ready': styles.NotReady!,
  NA: styles.NA!,
};

/** A coloured dot for a status (Kiali's health icon). */
export function StatusDot({ status }: { status: HealthStatus }) {
  return <span className={`${styles.dot} ${CLASS[status]}`} aria-hidden />;
}

/** The sentence a tooltip shows for an object's health: status, error ratio, rate, and what is unknown. */
export function healthTitle(h: ObjectHealth | null): string {
  if (!h) return 'Health not computed';
  const parts = [`${h.status}`];
  if (h.requestStatus === null) parts.push('request health unknown (metrics unavailable)');
  else if (h.requestsPerSecond === 0) parts.push('no requests in the health window');
  else parts.push(`errors ${formatRatio(h.errorRatio)} of ${formatRate(h.requestsPerSecond)}`);
  if (h.podStatus) parts.push(`pods ${h.podStatus}`);
  for (const w of h.workloadStatuses) parts.push(`${w.name}: ${w.availableReplicas}/${w.desiredReplicas} available`);
  return parts.join(' · ');
}

/**
 * An object's health: dot, status word (unless `compact`), and a tooltip with the detail. `NA` when health was not
 * computed, never Healthy. A "?" marks statuses computed without request data (Prometheus down).
 */
export function HealthIcon({ health, compact = false }: { health: ObjectHealth | null; compact?: boolean }) {
  const status: HealthStatus = health?.status ?? 'NA';
  return (
    <span className={styles.health} title={healthTitle(health)} data-testid={sel.mesh.health} data-status={status}>
      <StatusDot status={status} />
      {!compact && <span>{status}</span>}
      {health && health.requestStatus === null && <span className={styles.unknown}>?</span>}
    </span>
  );
}

const ORDER: HealthStatus[] = ['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA'];

/** Counts by status as dots with numbers (overview cards); zero counts are faded. */
export function HealthCounts({ counts, testId }: { counts: Record<HealthStatus, number>; testId?: string }) {
  const data = Object.fromEntries(ORDER.map((s) => [`data-${s.toLowerCase().replace(' ', '-')}`, counts[s]]));
  return (
    <span className={styles.counts} data-testid={testId} {...data}>
      {ORDER.map((s) => (
        <span key={s} className={`${styles.count} ${counts[s] ? '' : styles.countZero}`} title={`${counts[s]} ${s}`}>
          <StatusDot status={s} />
          {counts[s]}
        </span>
      ))}
    </span>
  );
}
