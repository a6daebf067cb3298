'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { ValidationMark } from '@/components/lists/labels';
import type { IstioReference } from '@/lib/contracts/mesh';
import styles from './details.module.css';

/** The Istio config that applies to the object, with validation status and each finding's code, path and message. */
export function IstioConfigTable({ refs, query }: { refs: IstioReference[]; query: string }) {
  if (refs.length === 0) return <p className="muted" data-testid={sel.mesh.istioConfig}>– No Istio config applies.</p>;
  return (
    <table className={styles.table} data-testid={sel.mesh.istioConfig}>
      <thead>
        <tr>
          <th>Kind</th>
          <th>Name</th>
          <th>Namespace</th>
          <th>Valid</th>
        </tr>
      </thead>
      <tbody>
        {refs.map((r) => (
          <tr key={`${r.kind}/${r.namespace}/${r.name}`} data-kind={r.kind}>
            <td>{r.kind}</td>
            <td>
              <Link href={`/istio/${r.namespace}/${r.plural}/${r.name}${query ? `?${query}` : ''}`}>{r.name}</Link>
              {r.validation && r.validation.findings.length > 0 && (
                <ul className={styles.findings}>
                  {r.validation.findings.map((f, i) => (
                    <li key={i} className={f.severity === 'error' ? styles.error : styles.warning}>
                      <span className="mono">{f.code}</span> {f.path ? <span className="mono">{f.path}</span> : null} {f.message}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>{r.namespace}</td>
            <td>
              <ValidationMark validation={r.validation} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
