'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { StatusDot } from '@/components/health/health-icon';
import type { MeshComponent } from '@/lib/contracts/mesh';
import { useBackendStatus } from '@/lib/query/hooks';
import styles from './overview.module.css';

const BACKEND_LABEL = { prometheus: 'Prometheus', jaeger: 'Jaeger', kubernetes: 'Kubernetes API' } as const;
const ROLE_LABEL: Record<MeshComponent['role'], string> = {
  'control-plane': 'control plane',
  'ingress-gateway': 'ingress gateway',
  'egress-gateway': 'egress gateway',
};

/**
 * The mesh's components and their status (Kiali's control-plane card): the backends Meshscope reads (from
 * `/api/status`) and istiod and the gateways of the Istio namespace (from the overview). Missing istiod is said.
 */
export function MeshComponents({
  components,
  istioNamespace,
  refreshMs,
}: {
  components: MeshComponent[] | undefined;
  istioNamespace: string | undefined;
  refreshMs: number;
}) {
  const status = useBackendStatus(refreshMs || 60_000);
  const hasIstiod = components?.some((c) => c.role === 'control-plane');
  return (
    <section className={styles.section}>
      <h2 className={styles.sectionTitle}>Mesh components</h2>
      <div className={styles.components} data-testid={sel.mesh.components}>
        {status.data?.backends.map((b) => (
          <Link
            key={b.name}
            href="/status"
            className={styles.component}
            data-testid={sel.mesh.componentRow(b.name)}
            data-reachable={b.reachable}
            title={b.error?.message ?? b.url ?? ''}
          >
            <StatusDot status={b.reachable ? 'Healthy' : 'Failure'} />
            <span className={styles.componentName}>{BACKEND_LABEL[b.name]}</span>
            <span className={styles.small}>
              {b.reachable ? (b.version ?? 'reachable') : (b.error?.code ?? 'unreachable')}
            </span>
          </Link>
        ))}
        {status.isError && <span className={styles.errorText}>Backend status unavailable: {status.error.message}</span>}
        {components?.map((c) => (
          <span
            key={`${c.cluster ?? ''}/${c.name}`}
            className={styles.component}
            data-testid={sel.mesh.componentRow(c.name)}
            data-status={c.status}
            title={`${c.availableReplicas}/${c.desiredReplicas} replicas available`}
          >
            <StatusDot status={c.status} />
            <span className={styles.componentName}>
              {c.name}
              {c.cluster ? ` (${c.cluster})` : ''}
            </span>
            <span className={styles.small}>
              {ROLE_LABEL[c.role]}
              {c.version ? ` ${c.version}` : ''} · {c.availableReplicas}/{c.desiredReplicas}
            </span>
          </span>
        ))}
        {components && !hasIstiod && <span className={styles.component}>No istiod found in {istioNamespace}</span>}
      </div>
    </section>
  );
}
