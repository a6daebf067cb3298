'use client';
import { useCallback, useMemo } from 'react';
import { useTable, type SortingState } from '@tanstack/react-table';
import { sel } from '@/components/test-ids';
import { PartialErrorsBanner } from '@/components/health/partial-errors';
import { fieldBinder } from '@/components/ui/bind-field';
import { SearchInput } from '@/components/ui/search-input';
import { optionsOf, Select } from '@/components/ui/select';
import { SortableHead } from '@/components/ui/sortable-head';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { useMeshList } from '@/lib/query/mesh';
import { useSearchParamSetter } from '@/lib/query/search-param';
import type { ListItem, MeshKind } from '@/lib/contracts/mesh';
import { columnsFor, listFeatures } from './columns';
import {
  DEFAULT_SORT,
  filterItems,
  HEALTH_FILTERS,
  parseListFilters,
  parseSort,
  SIDECAR_FILTERS,
  type ListFilters,
} from './list-model';
import styles from './lists.module.css';

const NOUN: Record<MeshKind, string> = { apps: 'applications', workloads: 'workloads', services: 'services' };
const EMPTY: ListItem[] = [];
const EMPTY_CLUSTERS: string[] = [];
const ANY = { value: '', label: 'Any' };
const HEALTH_OPTIONS = [ANY, ...optionsOf(HEALTH_FILTERS)];
const SIDECAR_OPTIONS = [ANY, ...optionsOf(SIDECAR_FILTERS)];

/** List filters in the URL; `set` replaces one (dropping it at its default). */
function useListFilters() {
  const { search, set: setParam } = useSearchParamSetter();
  const filters = useMemo(() => parseListFilters(new URLSearchParams(search.toString())), [search]);
  const set = useCallback(
    (key: keyof ListFilters, value: string) => setParam(key, value, key === 'sort' ? DEFAULT_SORT : ''),
    [setParam],
  );
  return { filters, set };
}

/**
 * The Applications, Workloads or Services list over the selected namespaces (Kiali's list pages): health, name,
 * namespace, labels, sidecar status and the Istio config referencing each row with its validation; sorting and
 * filters live in the URL. One request per refresh (health batched server-side for all namespaces).
 */
export function MeshList({ kind }: { kind: MeshKind }) {
  const { namespaces, refreshMs, query } = useGlobalParams();
  const list = useMeshList(kind, namespaces, refreshMs);
  const { filters, set } = useListFilters();
  const clusters = list.data?.clusters ?? EMPTY_CLUSTERS;
  const multiCluster = clusters.length > 1;
  const columns = useMemo(() => columnsFor(kind, query, multiCluster), [kind, query, multiCluster]);
  const data = useMemo(
    () => (list.data ? filterItems(list.data.items as ListItem[], filters) : EMPTY),
    [list.data, filters],
  );
  const sorting = useMemo<SortingState>(() => [parseSort(filters.sort)], [filters.sort]);
  const table = useTable({
    features: listFeatures,
    columns,
    data,
    state: { sorting },
    onSortingChange: (updater) => {
      const first = (typeof updater === 'function' ? updater(sorting) : updater)[0];
      set('sort', first ? `${first.desc ? '-' : ''}${first.id}` : DEFAULT_SORT);
    },
  });

  if (list.isPending) return <p className="muted">Loading {NOUN[kind]}…</p>;
  if (list.isError && !list.data)
    return <ErrorState title={`Cannot list ${NOUN[kind]}`} error={list.error} onRetry={() => void list.refetch()} />;
  const input = fieldBinder(styles.input, filters, set);
  const select = fieldBinder(styles.select, filters, set);
  const clusterOptions = [ANY, ...optionsOf(clusters)];
  const rows = table.getRowModel().rows;
  const total = list.data?.items.length ?? 0;
  return (
    <>
      {list.data && <PartialErrorsBanner errors={list.data.errors} />}
      <div className={styles.filters}>
        <SearchInput label="Name" placeholder="Filter by name" testId={sel.mesh.listFilter} {...input('q')} />
        <SearchInput label="Label" placeholder="key=value" {...input('label')} />
        <Select label="Health" testId={sel.mesh.listHealthFilter} options={HEALTH_OPTIONS} {...select('health')} />
        <Select label="Sidecar" testId={sel.mesh.listSidecarFilter} options={SIDECAR_OPTIONS} {...select('sidecar')} />
        {multiCluster && (
          <Select label="Cluster" testId={sel.mesh.listClusterFilter} options={clusterOptions} {...select('cluster')} />
        )}
        {filters.ns && (
          <button
            type="button"
            className="link-button"
            onClick={() => set('ns', '')}
            title="Show every selected namespace"
          >
            namespace {filters.ns} ✕
          </button>
        )}
        <span className={styles.count} data-testid={sel.mesh.listCount}>
          {rows.length} of {total} {NOUN[kind]}
        </span>
      </div>
      {total === 0 ? (
        <EmptyState title={`No ${NOUN[kind]}`}>
          There are no {NOUN[kind]} in {namespaces.length ? namespaces.join(', ') : 'any namespace'}.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No matches">
          No {kind === 'apps' ? 'application' : kind.slice(0, -1)} matches these filters.
        </EmptyState>
      ) : (
        <div className={styles.tableWrap}>
          <table className="table" data-testid={sel.mesh.list(kind)}>
            <SortableHead
              headerGroups={table.getHeaderGroups()}
              sortableClassName={styles.sortable}
              testId={sel.mesh.listSort}
            />
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.original.cluster ?? ''}/${row.original.namespace}/${row.original.name}`}
                  data-testid={sel.mesh.listRow(row.original.namespace, row.original.name)}
                >
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
