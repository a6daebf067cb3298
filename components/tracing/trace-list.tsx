'use client';
import { sel } from '@/components/test-ids';
import { formatClock, formatMs } from '@/components/format';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import type { Trace } from '@/lib/contracts/traces';
import styles from './tracing.module.css';

const COLUMNS: Column<Trace>[] = [
  { header: 'Time', cellClassName: styles.num, cell: (t) => formatClock(t.startTimeMs) },
  {
    header: 'Root',
    cell: (t) => (
      <>
        {t.rootService} <span className={styles.small}>{t.rootOperation}</span>
      </>
    ),
  },
  { header: 'Duration', className: styles.num, cell: (t) => formatMs(t.durationMs) },
  { header: 'Spans', className: styles.num, cell: (t) => t.spanCount },
  { header: 'Services', cellClassName: styles.small, cell: (t) => t.services.map((s) => s.split('.')[0]).join(', ') },
  { header: 'Errors', cell: (t) => (t.hasError ? <span className={styles.err}>error</span> : '') },
];

/** Props of a view of traces where the user picks one: the traces, the picked one's id, and the pick callback. */
export interface TracePickerProps {
  traces: Trace[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** The traces, newest first: time, root span, duration, spans, services, errors. Clicking a row opens the trace. */
export function TraceList({ traces, selectedId, onSelect }: TracePickerProps) {
  return (
    <div className={styles.listScroll}>
      <SimpleTable
        className={styles.table}
        testId={sel.mesh.tracesList}
        columns={COLUMNS}
        rows={traces}
        rowKey={(t) => t.traceId}
        rowProps={(t) => ({
          className: `${styles.row} ${t.traceId === selectedId ? styles.selected : ''}`,
          onClick: () => onSelect(t.traceId),
          'data-testid': sel.mesh.traceRow(t.traceId),
          'data-error': t.hasError,
        })}
      />
    </div>
  );
}
