'use client';
import { sel } from '@/components/test-ids';
import { formatClock, formatMs } from '@/components/format';
import type { Trace } from '@/lib/contracts/traces';
import styles from './tracing.module.css';

/** The traces, newest first: time, root span, duration, spans, services, errors. Clicking a row opens the trace. */
export function TraceList({ traces, selectedId, onSelect }: { traces: Trace[]; selectedId: string | null; onSelect(id: string): void }) {
  return (
    <div className={styles.listScroll}>
      <table className={styles.table} data-testid={sel.mesh.tracesList}>
        <thead>
          <tr>
            <th>Time</th>
            <th>Root</th>
            <th className={styles.num}>Duration</th>
            <th className={styles.num}>Spans</th>
            <th>Services</th>
            <th>Errors</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr
              key={t.traceId}
              className={`${styles.row} ${t.traceId === selectedId ? styles.selected : ''}`}
              onClick={() => onSelect(t.traceId)}
              data-testid={sel.mesh.traceRow(t.traceId)}
              data-error={t.hasError}
            >
              <td className={styles.num}>{formatClock(t.startTimeMs)}</td>
              <td>
                {t.rootService} <span className={styles.small}>{t.rootOperation}</span>
              </td>
              <td className={styles.num}>{formatMs(t.durationMs)}</td>
              <td className={styles.num}>{t.spanCount}</td>
              <td className={styles.small}>{t.services.map((s) => s.split('.')[0]).join(', ')}</td>
              <td>{t.hasError ? <span className={styles.err}>error</span> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
