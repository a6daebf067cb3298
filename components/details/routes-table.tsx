'use client';
import { sel } from '@/components/test-ids';
import type { Column } from '@/components/ui/simple-table';
import { ReportedStatusCell } from '@/components/istio-config/reported-status';
import type { RouteReference } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { ObjectRefTable } from './object-ref-table';

function how(r: RouteReference): string {
  return [
    r.parentOf.length ? `routes requests to ${r.parentOf.join(', ')}` : '',
    r.backendOf.length ? `sends traffic to ${r.backendOf.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The columns after Kind, Name and Namespace: how the route concerns the service, and its reported status. */
const MORE: Column<RouteReference>[] = [
  { header: 'How', cellClassName: 'muted', cell: how },
  {
    header: 'Status',
    cell: (r) => (
      <>
        <ReportedStatusCell status={r.status} />
        {r.status.scopes.length > 1 && (
          <ul className={styles.findings}>
            {r.status.scopes.map((s) => (
              <li key={s.scope}>
                {s.scope}:{' '}
                {s.conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  },
];

/**
 * The Gateway API routes that govern a service (or the services of a workload): parentRef (GAMMA) or backendRef,
 * with the status conditions the cluster reports on each, per parent. Nothing when no route names them.
 */
export function RoutesTable({ routes, query }: { routes: RouteReference[] | undefined; query: string }) {
  if (!routes?.length) return null;
  return (
    <section className={styles.panel}>
      <h3 className={styles.panelTitle}>Gateway API routes</h3>
      <ObjectRefTable
        testId={sel.mesh.detailRoutes}
        refs={routes}
        query={query}
        more={MORE}
        rowProps={(r) => ({
          'data-testid': sel.mesh.detailRoute(r.kind, r.namespace, r.name),
          'data-health': r.status.health,
        })}
      />
    </section>
  );
}
