'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { ValidationMark } from '@/components/lists/labels';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import type { IstioReference } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { istioObjectPath, objectRefKey } from '@/components/istio-config/paths';

function columns(query: string): Column<IstioReference>[] {
  return [
    { header: 'Kind', cell: (r) => r.kind },
    {
      header: 'Name',
      cell: (r) => (
        <>
          <Link href={istioObjectPath(r.namespace, r.plural, r.name, query)}>{r.name}</Link>
          {r.validation && r.validation.findings.length > 0 && (
            <ul className={styles.findings}>
              {r.validation.findings.map((f, i) => (
                <li key={i} className={f.severity === 'error' ? styles.error : styles.warning}>
                  <span className="mono">{f.code}</span> {f.path ? <span className="mono">{f.path}</span> : null}{' '}
                  {f.message}
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    },
    { header: 'Namespace', cell: (r) => r.namespace },
    { header: 'Valid', cell: (r) => <ValidationMark validation={r.validation} /> },
  ];
}

/** The Istio config that applies to the object, with validation status and each finding's code, path and message. */
export function IstioConfigTable({ refs, query }: { refs: IstioReference[]; query: string }) {
  if (refs.length === 0)
    return (
      <p className="muted" data-testid={sel.mesh.istioConfig}>
        – No Istio config applies.
      </p>
    );
  return (
    <SimpleTable
      className={styles.table}
      testId={sel.mesh.istioConfig}
      columns={columns(query)}
      rows={refs}
      rowKey={objectRefKey}
      rowProps={(r) => ({ 'data-kind': r.kind })}
    />
  );
}
