'use client';
import { sel } from '@/components/test-ids';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus, type BackendStatus } from '@/lib/query/hooks';
import type { ClusterStatus } from '@/lib/contracts/status';
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

const CLUSTER_COLUMNS: Column<ClusterStatus>[] = [
  { header: 'Cluster', cell: (c) => `${c.name}${c.home ? ' (home)' : ''}` },
  {
    header: 'From',
    cell: (c) => (c.source === 'remote-secret' ? 'remote secret' : c.source === 'dir' ? 'CLUSTERS_DIR' : 'KUBECONFIG'),
  },
  {
    header: 'Status',
    cell: (c) => (
      <>
        <span className={c.reachable ? 'dot dot-healthy' : 'dot dot-failure'} aria-hidden />{' '}
        {c.reachable ? 'Reachable' : 'Unreachable'}
      </>
    ),
  },
  { header: 'API server', cellClassName: 'mono', cell: (c) => c.apiServer ?? '–' },
  { header: 'Prometheus', cellClassName: 'mono', cell: (c) => c.prometheusUrl ?? 'shared' },
  { header: 'Version', cell: (c) => c.version ?? '–' },
  {
    header: 'Error',
    cellClassName: 'text-danger',
    cell: (c) => (c.error ? `${c.error.message} (${c.error.code})` : ''),
  },
];

/**
 * Kiali's "component status": one row per backend with reachability, version, latency and the error; with several
 * clusters (issue 18), one row per cluster too, and the cluster files that were skipped.
 */
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
      {(r.clusters?.length ?? 0) > 1 && (
        <>
          <h2>Clusters</h2>
          <SimpleTable
            className="table"
            columns={CLUSTER_COLUMNS}
            rows={r.clusters}
            rowKey={(c) => c.name}
            rowProps={(c) => ({ 'data-reachable': c.reachable })}
          />
        </>
      )}
      {(r.clusterProblems?.length ?? 0) > 0 && (
        <ul className="text-danger">
          {r.clusterProblems.map((p) => (
            <li key={p.where}>
              <span className="mono">{p.where}</span>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
