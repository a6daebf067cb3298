'use client';
import { sel } from '@/components/test-ids';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import type { PodDetail } from '@/lib/contracts/mesh';
import styles from './details.module.css';

function ProxyStatus({ pod }: { pod: PodDetail }) {
  if (!pod.proxy.present) return <span className={styles.warning}>No sidecar</span>;
  const ready = pod.proxy.ready;
  return (
    <span
      className={ready === false ? styles.proxyBad : styles.proxyOk}
      title="istio-proxy container readiness (Envoy's own readiness probe)"
    >
      {ready === null ? 'Unknown' : ready ? 'Ready' : 'Not ready'}
      {pod.proxy.version ? <span className={styles.small}> · {pod.proxy.version}</span> : null}
    </span>
  );
}

const COLUMNS: Column<PodDetail>[] = [
  { header: 'Pod', cellClassName: 'mono', cell: (p) => p.name },
  {
    header: 'Status',
    cell: (p) => (
      <>
        {p.phase}
        {p.phase === 'Running' && !p.ready ? <span className={styles.warning}> (not ready)</span> : null}
      </>
    ),
  },
  {
    header: 'Containers',
    cell: (p) =>
      p.containers
        .filter((c) => !c.isProxy)
        .map((c) => `${c.name}${c.ready === false ? ' (not ready)' : ''}`)
        .join(', ') || '–',
  },
  { header: 'Restarts', className: styles.num, cell: (p) => p.containers.reduce((n, c) => n + c.restartCount, 0) },
  { header: 'Proxy', cell: (p) => <ProxyStatus pod={p} /> },
];

/** Pods with phase, readiness, restarts, containers and proxy status (Kiali's details pods pane). */
export function PodsTable({ pods }: { pods: PodDetail[] }) {
  if (pods.length === 0) return <p className="muted">– No pods.</p>;
  return (
    <SimpleTable
      className={styles.table}
      testId={sel.mesh.pods}
      columns={COLUMNS}
      rows={pods}
      rowKey={(p) => p.name}
      rowProps={(p) => ({ 'data-testid': sel.mesh.podRow(p.name), 'data-ready': p.ready })}
    />
  );
}
