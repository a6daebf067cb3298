'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { useTable, type SortingState } from '@tanstack/react-table';
import { sel } from '@/components/test-ids';
import { PartialErrorsBanner } from '@/components/health/partial-errors';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { useMeshList } from '@/lib/query/mesh';
import type { ListItem, MeshKind } from '@/lib/contracts/mesh';
import { columnsFor, listFeatures } from './columns';
import { DEFAULT_SORT, filterItems, HEALTH_FILTERS, parseListFilters, parseSort, SIDECAR_FILTERS, type ListFilters } from './list-model';
import styles from './lists.module.css';

const NOUN: Record<MeshKind, string> = { apps: 'applications', workloads: 'workloads', services: 'services' };
const EMPTY: ListItem[] = [];

/** List filters in the URL; `set` replaces one (dropping it at its default). */
function useListFilters() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => parseListFilters(new URLSearchParams(search.toString())), [search]);
  const set = useCallback(
    (key: keyof ListFilters, value: string) => {
      const next = new URLSearchParams(search.toString());
      if (value && !(key === 'sort' && value === DEFAULT_SORT)) next.set(key, value);
      else next.delete(key);
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [search, router, pathname],
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
  const columns = useMemo(() => columnsFor(kind, query), [kind, query]);
  const data = useMemo(() => (list.data ? filterItems(list.data.items as ListItem[], filters) : EMPTY), [list.data, filters]);
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
  if (list.isError && !list.data) return <ErrorState title={`Cannot list ${NOUN[kind]}`} error={list.error} onRetry={() => void list.refetch()} />;
  const rows = table.getRowModel().rows;
  const total = list.data?.items.length ?? 0;
  return (
    <>
      {list.data && <PartialErrorsBanner errors={list.data.errors} />}
      <div className={styles.filters}>
        <label>
          Name
          <input className={styles.input} type="search" placeholder="Filter by name" value={filters.q} onChange={(e) => set('q', e.target.value)} data-testid={sel.mesh.listFilter} />
        </label>
        <label>
          Label
          <input className={styles.input} type="search" placeholder="key=value" value={filters.label} onChange={(e) => set('label', e.target.value)} />
        </label>
        <label>
          Health
          <select className={styles.select} value={filters.health} onChange={(e) => set('health', e.target.value)} data-testid={sel.mesh.listHealthFilter}>
            <option value="">Any</option>
            {HEALTH_FILTERS.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sidecar
          <select className={styles.select} value={filters.sidecar} onChange={(e) => set('sidecar', e.target.value)} data-testid={sel.mesh.listSidecarFilter}>
            <option value="">Any</option>
            {SIDECAR_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {filters.ns && (
          <button type="button" className="link-button" onClick={() => set('ns', '')} title="Show every selected namespace">
            namespace {filters.ns} ✕
          </button>
        )}
        <span className={styles.count} data-testid={sel.mesh.listCount}>
          {rows.length} of {total} {NOUN[kind]}
        </span>
      </div>
      {total === 0 ? (
        <EmptyState title={`No ${NOUN[kind]}`}>There are no {NOUN[kind]} in {namespaces.length ? namespaces.join(', ') : 'any namespace'}.</EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No matches">No {kind === 'apps' ? 'application' : kind.slice(0, -1)} matches these filters.</EmptyState>
      ) : (
        <div className={styles.tableWrap}>
          <table className="table" data-testid={sel.mesh.list(kind)}>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const canSort = header.column.getCanSort();
                    return (
                      <th
                        key={header.id}
                        className={canSort ? styles.sortable : undefined}
                        onClick={canSort ? header.column.getToggleSortingHandler() : undefined}
                        aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                        data-testid={sel.mesh.listSort(header.column.id)}
                      >
                        <table.FlexRender header={header} />
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.original.namespace}/${row.original.name}`} data-testid={sel.mesh.listRow(row.original.namespace, row.original.name)}>
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
