'use client';
import { sel } from '@/components/test-ids';
import type { PodDetail } from '@/lib/contracts/mesh';
import styles from './details.module.css';

function ProxyStatus({ pod }: { pod: PodDetail }) {
  if (!pod.proxy.present) return <span className={styles.warning}>No sidecar</span>;
  const ready = pod.proxy.ready;
  return (
    <span className={ready === false ? styles.proxyBad : styles.proxyOk} title="istio-proxy container readiness (Envoy's own readiness probe)">
      {ready === null ? 'Unknown' : ready ? 'Ready' : 'Not ready'}
      {pod.proxy.version ? <span className={styles.small}> · {pod.proxy.version}</span> : null}
    </span>
  );
}

/** Pods with phase, readiness, restarts, containers and proxy status (Kiali's details pods pane). */
export function PodsTable({ pods }: { pods: PodDetail[] }) {
  if (pods.length === 0) return <p className="muted">– No pods.</p>;
  return (
    <table className={styles.table} data-testid={sel.mesh.pods}>
      <thead>
        <tr>
          <th>Pod</th>
          <th>Status</th>
          <th>Containers</th>
          <th className={styles.num}>Restarts</th>
          <th>Proxy</th>
        </tr>
      </thead>
      <tbody>
        {pods.map((p) => (
          <tr key={p.name} data-testid={sel.mesh.podRow(p.name)} data-ready={p.ready}>
            <td className="mono">{p.name}</td>
            <td>
              {p.phase}
              {p.phase === 'Running' && !p.ready ? <span className={styles.warning}> (not ready)</span> : null}
            </td>
            <td>
              {p.containers
                .filter((c) => !c.isProxy)
                .map((c) => `${c.name}${c.ready === false ? ' (not ready)' : ''}`)
                .join(', ') || '–'}
            </td>
            <td className={styles.num}>{p.containers.reduce((n, c) => n + c.restartCount, 0)}</td>
            <td>
              <ProxyStatus pod={p} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
