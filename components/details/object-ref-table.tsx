'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SimpleTable, type Column, type RowProps } from '@/components/ui/simple-table';
import { istioObjectPath, objectRefKey } from '@/components/istio-config/paths';
import styles from './details.module.css';

/** What a row of an `ObjectRefTable` names: an Istio or Gateway API object and its config page's URL key. */
interface ObjectRef {
  kind: string;
  /** Meshscope's URL key of the kind (`virtualservices`, `k8shttproutes`). */
  plural: string;
  namespace: string;
  name: string;
}

/**
 * A details-page table of the Istio or Gateway API objects that concern the object shown: Kind, Name (a link to the
 * object's Istio config page keeping `query`, then `underName(row)`, such as its findings), Namespace, then the
 * `more` columns; one row per object, keyed `kind/namespace/name`, with `rowProps(row)` on its `<tr>`.
 */
export function ObjectRefTable<R extends ObjectRef>({
  refs,
  query,
  underName,
  more,
  ...table
}: {
  refs: readonly R[];
  query: string;
  underName?: (row: R) => ReactNode;
  more: Column<R>[];
  /** The table's test id and each row's attributes, as `SimpleTable` takes them. */
  testId: string;
  rowProps: (row: R) => RowProps;
}) {
  const columns: Column<R>[] = [
    { header: 'Kind', cell: (r) => r.kind },
    {
      header: 'Name',
      cell: (r) => (
        <>
          <Link href={istioObjectPath(r.namespace, r.plural, r.name, query)}>{r.name}</Link>
          {underName?.(r)}
        </>
      ),
    },
    { header: 'Namespace', cell: (r) => r.namespace },
    ...more,
  ];
  return <SimpleTable {...table} className={styles.table} columns={columns} rows={refs} rowKey={objectRefKey} />;
}
