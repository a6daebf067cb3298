'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import type { WireFinding } from '@/lib/contracts/istio-config';
import type { EditorMarker } from '@/lib/istio/editor/markers';
import type { References } from '@/lib/istio/editor/references';
import { pluralOfRef } from '@/lib/istio/kinds';
import styles from './istio.module.css';

const SEV_CLASS = { error: styles.sevError, warning: styles.sevWarning, info: styles.sevInfo };

/** The unsaved text's problems, one per line: code, line, message. Clicking one moves the cursor there. */
export function MarkersList({
  markers,
  onSelect,
  pending,
}: {
  markers: EditorMarker[];
  onSelect: (m: EditorMarker) => void;
  pending: boolean;
}) {
  return (
    <div data-testid={sel.istio.markers} aria-live="polite">
      {markers.length === 0 ? (
        <p className={styles.note}>{pending ? 'Validating…' : 'No problems found in the unsaved text.'}</p>
      ) : (
        <ul className={styles.markers}>
          {markers.map((m, i) => (
            <li
              key={`${m.from}-${m.code}-${i}`}
              onClick={() => onSelect(m)}
              data-testid={sel.istio.marker(m.code, m.line)}
              title={m.path || undefined}
            >
              <span className={SEV_CLASS[m.severity]}>{m.code}</span>
              <span className="muted">
                line {m.line}:{m.column}
              </span>
              <span>{m.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Findings on other objects that the unsaved text would cause (a removed subset still used by a route). */
export function RelatedFindings({ findings, query }: { findings: WireFinding[]; query: string }) {
  if (!findings.length) return null;
  return (
    <div className={styles.warn} data-testid={sel.istio.related}>
      <strong>This change would affect other objects:</strong>
      <ul>
        {findings.map((f, i) => (
          <li key={i}>
            <Link
              href={`/istio/${f.namespace}/${pluralOfRef({ kind: f.kind ?? '', group: f.group })}/${f.name}${query ? `?${query}` : ''}`}
            >
              {f.kind} {f.namespace}/{f.name}
            </Link>{' '}
            <span className={SEV_CLASS[f.severity]}>{f.code}</span> {f.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Kiali's References panel: services, workloads and other Istio config the object touches. */
export function ReferencesPanel({ references, query }: { references: References; query: string }) {
  const suffix = query ? `?${query}` : '';
  const section = (
    title: string,
    items: References['services'],
    href: (r: References['services'][number]) => string | null,
  ) => (
    <div className={styles.panel}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className={styles.panelEmpty}>None</p>
      ) : (
        <ul>
          {items.map((r) => {
            const link = href(r);
            const text = `${r.namespace}/${r.name}`;
            return (
              <li key={`${r.kind}/${r.namespace}/${r.name}`}>
                {r.kind !== 'Service' && r.kind !== 'Workload' && <span className={styles.refKind}>{r.kind}</span>}
                {link ? <Link href={link}>{text}</Link> : text}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
  return (
    <div data-testid={sel.istio.references}>
      {section('Services', references.services, (r) => `/istio/wizards/${r.namespace}/${r.name}${suffix}`)}
      {section('Workloads', references.workloads, () => null)}
      {section('Istio config', references.config, (r) => `/istio/${r.namespace}/${pluralOfRef(r)}/${r.name}${suffix}`)}
    </div>
  );
}

/** The API's 422 field causes (`details.causes`), listed by field. */
export function CausesList({ causes }: { causes: { field?: string; message?: string; reason?: string }[] }) {
  return (
    <div className={styles.alert} data-testid={sel.istio.causes} role="alert">
      <strong>The API rejected the object:</strong>
      <ul>
        {causes.map((c, i) => (
          <li key={i}>
            {c.field && <code>{c.field}</code>} {c.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
