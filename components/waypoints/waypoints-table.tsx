'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { ErrorState } from '@/components/ui/states';
import type { WaypointItem } from '@/lib/contracts/mesh';
import { useGlobalParams } from '@/lib/query/global-params';
import { objectPagePath, useWaypoints } from '@/lib/query/mesh';

const FOR_LABEL: Record<WaypointItem['waypointFor'], string> = {
  service: 'services',
  workload: 'workloads',
  all: 'services and workloads',
  none: 'nothing (waypoint-for: none)',
};

/** `namespace/name` references as links to their detail pages. */
function refs(kind: 'services' | 'workloads', list: string[]) {
  if (list.length === 0) return <span className="muted">none</span>;
  return list.map((ref, i) => {
    const [namespace = '', name = ''] = ref.split('/');
    return (
      <span key={ref}>
        {i > 0 ? ', ' : ''}
        <Link href={objectPagePath(kind, namespace, name)}>{ref}</Link>
      </span>
    );
  });
}

const COLUMNS: Column<WaypointItem>[] = [
  { header: 'Namespace', cell: (w) => w.namespace },
  {
    header: 'Waypoint',
    cell: (w) =>
      w.workload ? <Link href={objectPagePath('workloads', w.namespace, w.workload)}>{w.name}</Link> : w.name,
  },
  { header: 'Serves (waypoint-for)', cell: (w) => FOR_LABEL[w.waypointFor] },
  { header: 'Services attached', cell: (w) => refs('services', w.services) },
  { header: 'Workloads attached', cell: (w) => refs('workloads', w.workloads) },
  {
    header: 'Namespaces labelled',
    cell: (w) => (w.namespaces.length ? w.namespaces.join(', ') : <span className="muted">none</span>),
  },
  {
    header: 'State',
    cell: (w) =>
      !w.workload
        ? 'Gateway without a Deployment (not deployed)'
        : w.hasGateway
          ? 'Deployed'
          : 'Deployment only (Gateway not readable)',
  },
];

/** The Waypoints view: Gateways of class istio-waypoint in the selected namespaces and what each serves. */
export function WaypointsTable() {
  const { namespaces, refreshMs } = useGlobalParams();
  const q = useWaypoints(namespaces, refreshMs);
  if (q.isPending) return <p className="muted">Loading waypoints…</p>;
  if (q.isError) return <ErrorState title="Cannot load waypoints" error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.items.length === 0) {
    return (
      <p className="muted" data-testid={sel.waypoints.empty}>
        No waypoints in these namespaces. A waypoint is a Gateway of class <code>istio-waypoint</code>(
        <code>istioctl waypoint apply -n NAMESPACE</code>); label a service or namespace{' '}
        <code>istio.io/use-waypoint=NAME</code> to send its L7 traffic through it.
      </p>
    );
  }
  return (
    <SimpleTable
      className="table"
      testId={sel.waypoints.table}
      columns={COLUMNS}
      rows={q.data.items}
      rowKey={(w) => `${w.namespace}/${w.name}`}
      rowProps={(w) => ({ 'data-testid': sel.waypoints.row(w.namespace, w.name) })}
    />
  );
}
