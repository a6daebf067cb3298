'use client';
import { sel } from '@/components/test-ids';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus, type BackendStatus } from '@/lib/query/hooks';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { ErrorState } from '@/components/ui/states';

const LABEL: Record<BackendStatus['name'], string> = {
  prometheus: 'Prometheus',
  jaeger: 'Jaeger',
  kubernetes: 'Kubernetes API',
};

const COLUMNS: Column<BackendStatus>[] = [
  { header: 'Component', cell: (b) => LABEL[b.name] },
  {
    header: 'Status',
    cell: (b) => (
      <>
        <span className={b.reachable ? 'dot dot-healthy' : b.url ? 'dot dot-failure' : 'dot dot-na'} aria-hidden />{' '}
        {b.reachable ? 'Reachable' : b.url ? 'Unreachable' : 'Not configured'}
      </>
    ),
  },
  { header: 'URL', cellClassName: 'mono', cell: (b) => b.url ?? '–' },
  { header: 'Version', cell: (b) => b.version ?? '–' },
  { header: 'Latency', className: 'num', cell: (b) => (b.latencyMs === null ? '–' : `${b.latencyMs} ms`) },
  {
    header: 'Error',
    cellClassName: 'text-danger',
    cell: (b) => (b.error ? `${b.error.message} (${b.error.code})` : ''),
  },
];

/** Kiali's "component status": one row per backend with reachability, version, latency and the error. */
export function StatusTable() {
  const { refreshMs } = useGlobalParams();
  const status = useBackendStatus(refreshMs);
  if (status.isPending) return <p className="muted">Checking backends…</p>;
  if (status.isError)
    return <ErrorState title="Cannot load status" error={status.error} onRetry={() => void status.refetch()} />;
  const r = status.data;
  return (
    <>
      <dl className="facts">
        <dt>Cluster</dt>
        <dd>{r.clusterName}</dd>
        <dt>Istio namespace</dt>
        <dd>{r.istioNamespace}</dd>
        <dt>Sign-in</dt>
        <dd>{r.authStrategy}</dd>
        <dt>Mode</dt>
        <dd>{r.viewOnly ? 'view only' : 'read and write'}</dd>
        <dt>Embedding (CSP frame-ancestors)</dt>
        <dd className="mono" data-testid={sel.statusFrameAncestors}>
          {(r.frameAncestors ?? []).join(' ')}
        </dd>
        <dt>Checked</dt>
        <dd>{new Date(r.checkedAt).toLocaleTimeString()}</dd>
      </dl>
      <SimpleTable
        className="table"
        testId={sel.statusTable}
        columns={COLUMNS}
        rows={r.backends}
        rowKey={(b) => b.name}
        rowProps={(b) => ({ 'data-testid': sel.statusRow(b.name), 'data-reachable': b.reachable })}
      />
    </>
  );
}
