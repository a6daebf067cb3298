'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { ReportedStatusCell } from '@/components/istio-config/reported-status';
import type { RouteReference } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { istioObjectPath, objectRefKey } from '@/components/istio-config/paths';

function how(r: RouteReference): string {
  return [
    r.parentOf.length ? `routes requests to ${r.parentOf.join(', ')}` : '',
    r.backendOf.length ? `sends traffic to ${r.backendOf.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function columns(query: string): Column<RouteReference>[] {
  return [
    { header: 'Kind', cell: (r) => r.kind },
    {
      header: 'Name',
      cell: (r) => <Link href={istioObjectPath(r.namespace, r.plural, r.name, query)}>{r.name}</Link>,
    },
    { header: 'Namespace', cell: (r) => r.namespace },
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
}

/**
 * The Gateway API routes that govern a service (or the services of a workload): parentRef (GAMMA) or backendRef,
 * with the status conditions the cluster reports on each, per parent. Nothing when no route names them.
 */
export function RoutesTable({ routes, query }: { routes: RouteReference[] | undefined; query: string }) {
  if (!routes?.length) return null;
  return (
    <section className={styles.panel}>
      <h3 className={styles.panelTitle}>Gateway API routes</h3>
      <SimpleTable
        className={styles.table}
        testId={sel.mesh.detailRoutes}
        columns={columns(query)}
        rows={routes}
        rowKey={objectRefKey}
        rowProps={(r) => ({
          'data-testid': sel.mesh.detailRoute(r.kind, r.namespace, r.name),
          'data-health': r.status.health,
        })}
      />
    </section>
  );
}
