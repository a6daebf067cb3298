'use client';
import { sel } from '@/components/test-ids';
import { useGlobalParams } from '@/lib/query/global-params';
import { useBackendStatus, type BackendStatus } from '@/lib/query/hooks';
import { ErrorState } from '@/components/ui/states';

const LABEL: Record<BackendStatus['name'], string> = { prometheus: 'Prometheus', jaeger: 'Jaeger', kubernetes: 'Kubernetes API' };

/** Kiali's "component status": one row per backend with reachability, version, latency and the error. */
export function StatusTable() {
  const { refreshMs } = useGlobalParams();
  const status = useBackendStatus(refreshMs);
  if (status.isPending) return <p className="muted">Checking backends…</p>;
  if (status.isError) return <ErrorState title="Cannot load status" error={status.error} onRetry={() => void status.refetch()} />;
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
        <dt>Checked</dt>
        <dd>{new Date(r.checkedAt).toLocaleTimeString()}</dd>
      </dl>
      <table className="table" data-testid={sel.statusTable}>
        <thead>
          <tr>
            <th>Component</th>
            <th>Status</th>
            <th>URL</th>
            <th>Version</th>
            <th className="num">Latency</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {r.backends.map((b) => (
            <tr key={b.name} data-testid={sel.statusRow(b.name)} data-reachable={b.reachable}>
              <td>{LABEL[b.name]}</td>
              <td>
                <span className={b.reachable ? 'dot dot-healthy' : b.url ? 'dot dot-failure' : 'dot dot-na'} aria-hidden />{' '}
                {b.reachable ? 'Reachable' : b.url ? 'Unreachable' : 'Not configured'}
              </td>
              <td className="mono">{b.url ?? '–'}</td>
              <td>{b.version ?? '–'}</td>
              <td className="num">{b.latencyMs === null ? '–' : `${b.latencyMs} ms`}</td>
              <td className="text-danger">{b.error ? `${b.error.message} (${b.error.code})` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
