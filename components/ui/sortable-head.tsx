'use client';
import {
  FlexRender,
  type Column_RowSorting,
  type HeaderGroup,
  type RowData,
  type rowSortingFeature,
  type TableFeatures,
} from '@tanstack/react-table';

type SortingFeatures = TableFeatures & { rowSortingFeature: typeof rowSortingFeature };

/**
 * The `<thead>` of a sortable @tanstack/react-table table: one `<th>` per header with its rendered title, an ▲/▼
 * after the sorted column, `aria-sort` for assistive technology, and a click that toggles sorting where the column
 * allows it (those get `sortableClassName`). `testId(columnId)` gives each header cell a test id when the page needs
 * one.
 */
export function SortableHead<TFeatures extends SortingFeatures, TData extends RowData>({
  headerGroups,
  sortableClassName,
  testId,
}: {
  headerGroups: HeaderGroup<TFeatures, TData>[];
  sortableClassName?: string;
  testId?: (columnId: string) => string;
}) {
  return (
    <thead>
      {headerGroups.map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            // The constraint guarantees the sorting feature; TS cannot resolve the feature map of a generic TFeatures.
            const column = header.column as typeof header.column & Column_RowSorting<TFeatures, TData>;
            const sorted = column.getIsSorted();
            const canSort = column.getCanSort();
            return (
              <th
                key={header.id}
                className={canSort ? sortableClassName : undefined}
                onClick={canSort ? column.getToggleSortingHandler() : undefined}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                data-testid={testId?.(column.id)}
              >
                <FlexRender header={header} />
                {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}
