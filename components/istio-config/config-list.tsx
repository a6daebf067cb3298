'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type SortingState,
} from '@tanstack/react-table';
import { sel } from '@/components/test-ids';
import type { IstioConfigItem } from '@/lib/contracts/istio-config';
import { useGlobalParams } from '@/lib/query/global-params';
import { useSearchParamSetter } from '@/lib/query/search-param';
import { fieldBinder } from '@/components/ui/bind-field';
import { SearchInput } from '@/components/ui/search-input';
import { optionsOf, Select } from '@/components/ui/select';
import { SortableHead } from '@/components/ui/sortable-head';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { ISTIO_KINDS_BY_NAME, kindByPlural, kindLabel, pluralOfRef, scopeSegment } from '@/lib/istio/kinds';
import { ReportedStatusCell } from './reported-status';
import { useIstioList } from '@/lib/query/istio';
import { statusOf, ValidationStatus, type StatusFilter } from './validation-status';
import styles from './istio.module.css';

const features = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});
const helper = createColumnHelper<typeof features, IstioConfigItem>();
/** The list's columns; with several clusters (issue 18), a Cluster column after the namespace, as Kiali's list has. */
const columnsFor = (multiCluster: boolean) =>
  helper.columns([
    helper.accessor('name', {
      header: 'Name',
      sortFn: 'alphanumeric',
      filterFn: (row, _id, value: string) => row.original.name.includes(value.toLowerCase()),
    }),
    helper.accessor('namespace', { header: 'Namespace', sortFn: 'alphanumeric' }),
    ...(multiCluster
      ? [
          helper.accessor((row) => row.cluster ?? '', {
            id: 'cluster',
            header: 'Cluster',
            sortFn: 'alphanumeric',
            filterFn: (row, _id, value: string) => row.original.cluster === value,
          }),
        ]
      : []),
    // The filter value is the kind's URL key (`gateways`, `k8sgateways`); a bare kind name (older links) is Istio's kind.
    helper.accessor('kind', {
      header: 'Kind',
      sortFn: 'alphanumeric',
      filterFn: (row, _id, value: string) =>
        row.original.plural === value || row.original.plural === pluralOfRef({ kind: value }),
    }),
    helper.accessor((row) => statusOf(row.validation), {
      id: 'status',
      header: 'Configuration',
      enableSorting: false,
      filterFn: (row, _id, value: StatusFilter) => value === 'all' || statusOf(row.original.validation) === value,
    }),
    helper.accessor((row) => row.reportedStatus?.summary ?? '', {
      id: 'reported',
      header: 'Status',
      enableSorting: false,
    }),
  ]);
const COLUMNS = columnsFor(false);
const CLUSTER_COLUMNS = columnsFor(true);
const EMPTY: IstioConfigItem[] = [];

/** A link's `?query` with the object's cluster added (several clusters), so its page reads and writes that cluster. */
function withCluster(suffix: string, cluster: string | undefined): string {
  if (!cluster) return suffix;
  return `${suffix ? `${suffix}&` : '?'}cluster=${encodeURIComponent(cluster)}`;
}
const STATUSES: StatusFilter[] = ['all', 'valid', 'warning', 'error'];
const STATUS_LABEL: Record<StatusFilter, string> = {
  all: 'Any status',
  valid: 'Valid',
  warning: 'Warnings',
  error: 'Errors',
};
const STATUS_OPTIONS = optionsOf(STATUSES, (s) => STATUS_LABEL[s]);
const KIND_OPTIONS = [
  { value: '', label: 'All kinds' },
  ...ISTIO_KINDS_BY_NAME.map((k) => ({ value: k.plural, label: kindLabel(k) })),
];

/**
 * List filters kept in the URL (`kind`, `name`, `status`, `sort`, and `cluster` with several clusters) next to the
 * shared namespace/time params.
 */
function useListFilters() {
  const { search, set } = useSearchParamSetter();
  const kind = search.get('kind') ?? '';
  const name = search.get('name') ?? '';
  const rawStatus = search.get('status') as StatusFilter | null;
  const status: StatusFilter = rawStatus && STATUSES.includes(rawStatus) ? rawStatus : 'all';
  const sort = search.get('sort') ?? 'namespace';
  const cluster = search.get('cluster') ?? '';
  return { kind, name, status, sort, cluster, set };
}

/**
 * The Istio Config list (Kiali's Istio Config page): every networking and security object, and every Gateway API
 * object, of the selected namespaces (GatewayClasses are cluster-wide) with its validation status and counts and, for
 * the Gateway API, the status conditions the cluster reports; filterable by kind, name and validation status. Objects
 * at an API version Meshscope does not know are listed read-only with a note.
 */
export function ConfigList() {
  const { namespaces, refreshMs, query } = useGlobalParams();
  const list = useIstioList(namespaces, refreshMs);
  const filters = useListFilters();
  const clusters = list.data?.clusters ?? [];
  const multiCluster = clusters.length > 1;
  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const out: ColumnFiltersState = [];
    if (filters.kind) out.push({ id: 'kind', value: filters.kind });
    if (filters.name) out.push({ id: 'name', value: filters.name });
    if (filters.status !== 'all') out.push({ id: 'status', value: filters.status });
    if (multiCluster && filters.cluster) out.push({ id: 'cluster', value: filters.cluster });
    return out;
  }, [filters.kind, filters.name, filters.status, filters.cluster, multiCluster]);
  const tableColumns = useMemo(() => (multiCluster ? CLUSTER_COLUMNS : COLUMNS), [multiCluster]);
  const sorting = useMemo<SortingState>(() => {
    const desc = filters.sort.startsWith('-');
    return [{ id: desc ? filters.sort.slice(1) : filters.sort, desc }];
  }, [filters.sort]);
  const table = useTable({
    features,
    columns: tableColumns,
    data: list.data?.items ?? EMPTY,
    state: { columnFilters, sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      filters.set('sort', first ? `${first.desc ? '-' : ''}${first.id}` : '', 'namespace');
    },
  });

  if (list.isPending) return <p className="muted">Loading Istio config…</p>;
  if (list.isError)
    return <ErrorState title="Cannot list Istio config" error={list.error} onRetry={() => void list.refetch()} />;
  const setFilter = (key: string, v: string) => filters.set(key, v, key === 'status' ? 'all' : '');
  const input = fieldBinder(styles.input, filters, setFilter);
  const select = fieldBinder(styles.select, filters, setFilter);
  const clusterOptions = [{ value: '', label: 'Any' }, ...optionsOf(clusters)];
  const rows = table.getRowModel().rows;
  const suffix = query ? `?${query}` : '';
  return (
    <>
      <div className={styles.filters}>
        <Select label="Kind" testId={sel.istio.filterKind} options={KIND_OPTIONS} {...select('kind')} />
        <SearchInput label="Name" placeholder="Filter by name" testId={sel.istio.filterName} {...input('name')} />
        <Select label="Status" testId={sel.istio.filterStatus} options={STATUS_OPTIONS} {...select('status')} />
        {multiCluster && <Select label="Cluster" options={clusterOptions} {...select('cluster')} />}
        <span className={styles.count}>
          {rows.length} of {list.data.items.length} objects · {list.data.counts.error} errors,{' '}
          {list.data.counts.warning} warnings
        </span>
      </div>
      {list.data.items.length === 0 ? (
        <EmptyState title="No Istio config">
          There are no Istio objects in {namespaces.length ? namespaces.join(', ') : 'any namespace'}.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No matches">No Istio object matches these filters.</EmptyState>
      ) : (
        <table className="table" data-testid={sel.istio.list}>
          <SortableHead headerGroups={table.getHeaderGroups()} sortableClassName={styles.sortable} />
          <tbody>
            {rows.map((row) => {
              const item = row.original;
              const kind = kindByPlural(item.plural);
              const scope = scopeSegment(kind, item.namespace);
              return (
                <tr
                  key={`${item.cluster ?? ''}/${item.namespace}/${item.plural}/${item.name}`}
                  data-testid={sel.istio.row(scope, item.plural, item.name)}
                >
                  <td>
                    <Link href={`/istio/${scope}/${item.plural}/${item.name}${withCluster(suffix, item.cluster)}`}>
                      {item.name}
                    </Link>
                    {item.readOnly && (
                      <span
                        className={styles.badgeInfo}
                        title={item.readOnly}
                        data-testid={sel.istio.rowReadOnly(scope, item.plural, item.name)}
                      >
                        {' '}
                        read-only ({item.apiVersion})
                      </span>
                    )}
                  </td>
                  <td>{item.namespace || <span className="muted">cluster</span>}</td>
                  {multiCluster && <td>{item.cluster}</td>}
                  <td>{kind ? kindLabel(kind) : item.kind}</td>
                  <td>
                    <ValidationStatus
                      validation={item.validation}
                      testId={sel.istio.rowStatus(scope, item.plural, item.name)}
                    />
                  </td>
                  <td>
                    <ReportedStatusCell
                      status={item.reportedStatus}
                      testId={sel.istio.rowReported(scope, item.plural, item.name)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
