'use client';
import Link from 'next/link';
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  tableFeatures,
} from '@tanstack/react-table';
import { HealthIcon } from '@/components/health/health-icon';
import { objectPagePath } from '@/lib/query/mesh';
import type { AppListItem, ListItem, MeshKind, ServiceListItem, WorkloadListItem } from '@/lib/contracts/mesh';
import { IstioRefs, LabelChips, MeshBadge, SidecarBadge, WorkloadFindings } from './labels';
import { healthRank } from './list-model';
import styles from './lists.module.css';

export const listFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});
const helper = createColumnHelper<typeof listFeatures, ListItem>();

/** The detail page link of a row: the shared parameters, and the row's cluster when there are several. */
function rowHref(kind: MeshKind, row: ListItem, query: string): string {
  const cluster = row.cluster ? `cluster=${encodeURIComponent(row.cluster)}` : '';
  const s = [query, cluster].filter(Boolean).join('&');
  return `${objectPagePath(kind, row.namespace, row.name)}${s ? `?${s}` : ''}`;
}

/**
 * Columns every list has (Kiali: health, name, namespace, labels, sidecar, Istio config), then per-kind ones; with
 * `multiCluster`, a Cluster column after the namespace (Kiali's lists show it when there are several clusters).
 */
export function columnsFor(kind: MeshKind, query: string, multiCluster = false) {
  const common = [
    helper.accessor((row) => healthRank(row.health?.status), {
      id: 'health',
      header: 'Health',
      cell: ({ row }) => <HealthIcon health={row.original.health} />,
    }),
    helper.accessor('name', {
      header: 'Name',
      sortFn: 'alphanumeric',
      cell: ({ row }) => (
        <Link className={styles.name} href={rowHref(kind, row.original, query)}>
          {row.original.name}
        </Link>
      ),
    }),
    helper.accessor('namespace', { header: 'Namespace', sortFn: 'alphanumeric' }),
    ...(multiCluster
      ? [helper.accessor((row) => row.cluster ?? '', { id: 'cluster', header: 'Cluster', sortFn: 'alphanumeric' })]
      : []),
  ];
  const specific =
    kind === 'apps'
      ? [
          helper.accessor((row) => (row as AppListItem).versions.join(','), {
            id: 'versions',
            header: 'Versions',
            sortFn: 'alphanumeric',
            cell: ({ row }) => (row.original as AppListItem).versions.join(', ') || '–',
          }),
        ]
      : kind === 'workloads'
        ? [
            helper.accessor((row) => (row as WorkloadListItem).kind, {
              id: 'type',
              header: 'Type',
              sortFn: 'alphanumeric',
            }),
            helper.accessor((row) => (row as WorkloadListItem).availableReplicas, {
              id: 'pods',
              header: 'Pods',
              cell: ({ row }) => {
                const w = row.original as WorkloadListItem;
                return <span className={styles.nowrap}>{`${w.availableReplicas}/${w.desiredReplicas}`}</span>;
              },
            }),
          ]
        : [
            helper.accessor((row) => (row as ServiceListItem).ports.map((p) => p.port).join(','), {
              id: 'ports',
              header: 'Ports',
              enableSorting: false,
              cell: ({ row }) =>
                (row.original as ServiceListItem).ports
                  .map((p) => `${p.port}/${p.appProtocol ?? p.name ?? p.protocol}`)
                  .join(', ') || '–',
            }),
          ];
  const tail = [
    helper.accessor((row) => Object.keys(row.labels).length, {
      id: 'labels',
      header: 'Labels',
      enableSorting: false,
      cell: ({ row }) => <LabelChips labels={row.original.labels} />,
    }),
    helper.accessor('sidecar', {
      header: 'Mesh',
      sortFn: 'alphanumeric',
      cell: ({ row }) => {
        const mesh = (row.original as Partial<WorkloadListItem>).mesh;
        // ambient workloads and the ambient proxies say so; the others keep the sidecar status (and its filter)
        const ambient = mesh === 'ambient' || mesh === 'ambient-waypoint' || mesh === 'waypoint' || mesh === 'ztunnel';
        return ambient ? <MeshBadge mode={mesh} /> : <SidecarBadge status={row.original.sidecar} />;
      },
    }),
    helper.accessor((row) => row.istioReferences.length, {
      id: 'istio',
      header: 'Istio config',
      cell: ({ row }) => (
        <>
          <IstioRefs refs={row.original.istioReferences} query={query} />
          <WorkloadFindings validation={(row.original as Partial<WorkloadListItem>).validation} />
        </>
      ),
    }),
  ];
  return helper.columns([...common, ...specific, ...tail]);
}
