'use client';
import { sel } from '@/components/test-ids';
import { ValidationMark } from '@/components/lists/labels';
import type { IstioReference } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { ObjectRefTable } from './object-ref-table';

/** The validation findings of one applied object: code, path and message, by severity. */
function Findings({ validation }: { validation: IstioReference['validation'] }) {
  if (!validation || validation.findings.length === 0) return null;
  return (
    <ul className={styles.findings}>
      {validation.findings.map((f, i) => (
        <li key={i} className={f.severity === 'error' ? styles.error : styles.warning}>
          <span className="mono">{f.code}</span> {f.path ? <span className="mono">{f.path}</span> : null} {f.message}
        </li>
      ))}
    </ul>
  );
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
    <ObjectRefTable
      testId={sel.mesh.istioConfig}
      refs={refs}
      query={query}
      underName={(r) => <Findings validation={r.validation} />}
      more={[{ header: 'Valid', cell: (r) => <ValidationMark validation={r.validation} /> }]}
      rowProps={(r) => ({ 'data-kind': r.kind })}
    />
  );
}
