import type { HTMLAttributes, ReactNode } from 'react';

/** One column of a `SimpleTable`. */
export interface Column<T> {
  /** The header cell's content; when no column has one, the table has no `<thead>`. */
  header?: ReactNode;
  cell(row: T): ReactNode;
  /** Class of the header cell and the body cells (numeric alignment, say). */
  className?: string;
  /** Class of the body cells, in place of `className` (a monospace name under a plain header). */
  cellClassName?: string;
  /** The body cell's tooltip. */
  cellTitle?(row: T): string;
  /** The body cells are row headers (`<th>`), as in a label / value table. */
  rowHeader?: boolean;
}

/** Attributes of a body row: class, click handler, `data-*` (test ids, states the tests read). */
export type RowProps = HTMLAttributes<HTMLTableRowElement> & {
  [data: `data-${string}`]: string | number | boolean | undefined;
};

/**
 * A read-only table from column definitions: `<table><thead><tr><th>…</th></tr></thead><tbody>` a `<tr>` per row with
 * a cell per column. The one markup of the detail, status, tracing and graph panel tables; sorting and filtering
 * tables use @tanstack/react-table with `SortableHead` instead.
 */
export function SimpleTable<T>({
  columns,
  rows,
  rowKey,
  rowProps,
  className,
  testId,
}: {
  columns: readonly (Column<T> | false)[];
  rows: readonly T[];
  rowKey(row: T): string;
  rowProps?(row: T): RowProps;
  className?: string;
  testId?: string;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <table className={className} data-testid={testId}>
      {shown.some((c) => c.header !== undefined) && (
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {shown.map((c, i) => {
              const Cell = c.rowHeader ? 'th' : 'td';
              return (
                <Cell key={i} className={c.cellClassName ?? c.className} title={c.cellTitle?.(row)}>
                  {c.cell(row)}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
