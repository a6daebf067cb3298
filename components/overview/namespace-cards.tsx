'use client';
import { sel } from '@/components/test-ids';
import { StatusDot } from '@/components/health/health-icon';
import { PartialErrorsBanner } from '@/components/health/partial-errors';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { useOverview, useOverviewMetrics } from '@/lib/query/mesh';
import { MeshComponents } from './mesh-components';
import { NamespaceCard } from './namespace-card';
import styles from './overview.module.css';

/**
 * The overview: mesh components, then one card per namespace (all, or the selected ones). Cards come from one
 * batched request per refresh (`/api/overview`: health of every namespace together); sparklines from a second one,
 * so a Prometheus failure blanks the sparklines and request health with a named error while the cards stay.
 */
export function NamespaceCards() {
  const { namespaces, durationSeconds, refreshMs, query } = useGlobalParams();
  const overview = useOverview(namespaces, refreshMs);
  const metrics = useOverviewMetrics(namespaces, durationSeconds, refreshMs);
  return (
    <div data-testid={sel.mesh.overview}>
      <MeshComponents
        components={overview.data?.components}
        istioNamespace={overview.data?.istioNamespace}
        refreshMs={refreshMs}
      />
      {overview.isPending && <p className="muted">Loading namespaces…</p>}
      {overview.isError && !overview.data && (
        <div data-testid={sel.mesh.overviewError}>
          <ErrorState title="Cannot load the overview" error={overview.error} onRetry={() => void overview.refetch()} />
        </div>
      )}
      {overview.data && (
        <>
          <PartialErrorsBanner errors={overview.data.errors} />
          {overview.data.namespaces.length === 0 ? (
            <EmptyState title="No namespaces">The Kubernetes API lists none of the selected namespaces.</EmptyState>
          ) : (
            <div className={styles.cards}>
              {overview.data.namespaces.map((ns) => (
                <NamespaceCard
                  key={`${ns.cluster ?? ''}/${ns.name}`}
                  ns={ns}
                  query={query}
                  spark={
                    ns.cluster ? metrics.data?.clusters?.[ns.cluster]?.[ns.name] : metrics.data?.namespaces[ns.name]
                  }
                  sparkError={metrics.isError ? metrics.error.message : null}
                />
              ))}
            </div>
          )}
          <div className={styles.legend}>
            {(['Failure', 'Degraded', 'Not Ready', 'Healthy', 'NA'] as const).map((s) => (
              <span key={s}>
                <StatusDot status={s} /> {s === 'NA' ? 'No health information' : s}
              </span>
            ))}
            <span>
              Health: requests over the last {overview.data.rateIntervalSeconds} s and pod readiness (Kiali&apos;s
              tolerances: any 5xx degrades, ≥ 10% fails). Traffic: requests/s into the namespace&apos;s services.
            </span>
          </div>
        </>
      )}
    </div>
  );
}
