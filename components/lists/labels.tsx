'use client';
import Link from 'next/link';
import type { IstioReference, MeshMode, SidecarStatus, ValidationSummary } from '@/lib/contracts/mesh';
import styles from './lists.module.css';
import { istioObjectPath } from '@/components/istio-config/paths';

const ABBREV: Record<string, string> = {
  VirtualService: 'VS',
  DestinationRule: 'DR',
  Gateway: 'G',
  ServiceEntry: 'SE',
  Sidecar: 'S',
  AuthorizationPolicy: 'AP',
  PeerAuthentication: 'PA',
  RequestAuthentication: 'RA',
  EnvoyFilter: 'EF',
  Telemetry: 'T',
  WasmPlugin: 'WP',
  WorkloadEntry: 'WE',
};

/** Labels as chips; after `max`, a "+N" with the rest in its tooltip. */
export function LabelChips({ labels, max = 4 }: { labels: Record<string, string>; max?: number }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">–</span>;
  const shown = entries.slice(0, max);
  const rest = entries.slice(max);
  return (
    <span className={styles.chips}>
      {shown.map(([k, v]) => (
        <span key={k} className={styles.chip}>
          {k}={v}
        </span>
      ))}
      {rest.length > 0 && (
        <span className={styles.more} title={rest.map(([k, v]) => `${k}=${v}`).join('\n')}>
          +{rest.length}
        </span>
      )}
    </span>
  );
}

/** Sidecar status: quiet when present, a warning badge when missing or partial (Kiali's "Missing Sidecar"). */
export function SidecarBadge({ status }: { status: SidecarStatus }) {
  if (status === 'present') return <span className={styles.sidecarOk}>Sidecar</span>;
  if (status === 'none') return <span className="muted">–</span>;
  return <span className={styles.sidecarMissing}>{status === 'missing' ? 'Missing sidecar' : 'Partial sidecars'}</span>;
}

const MESH_LABEL: Record<MeshMode, string> = {
  sidecar: 'Sidecar',
  ambient: 'Ambient (L4)',
  'ambient-waypoint': 'Ambient + waypoint (L7)',
  waypoint: 'Waypoint proxy',
  ztunnel: 'ztunnel',
  none: 'Out of mesh',
};

/** How a workload is in the mesh (sidecar, ambient L4, ambient with waypoint, ...), as a badge. */
export function MeshBadge({ mode }: { mode: MeshMode }) {
  const ok = mode !== 'none';
  return (
    <span className={ok ? styles.sidecarOk : styles.sidecarMissing} data-mesh={mode}>
      {MESH_LABEL[mode]}
    </span>
  );
}

/** The validation mark of an Istio object: ✓ valid, ⚠ warnings, ✗ errors, "–" when validation did not run. */
export function ValidationMark({ validation }: { validation: IstioReference['validation'] }) {
  if (!validation)
    return (
      <span className="muted" title="Validation did not run">
        –
      </span>
    );
  if (validation.errors > 0)
    return (
      <span className={styles.bad} title={`${validation.errors} errors, ${validation.warnings} warnings`}>
        ✗
      </span>
    );
  if (validation.warnings > 0)
    return (
      <span className={styles.warn} title={`${validation.warnings} warnings`}>
        ⚠
      </span>
    );
  return (
    <span className={styles.ok} title="Valid">
      ✓
    </span>
  );
}

/** The Istio objects referencing a row, each with its kind, validation mark and a link to its editor page. */
export function IstioRefs({ refs, query }: { refs: IstioReference[]; query: string }) {
  if (refs.length === 0) return <span className="muted">–</span>;
  return (
    <span className={styles.refs}>
      {refs.map((r) => (
        <Link
          key={`${r.kind}/${r.namespace}/${r.name}`}
          className={styles.ref}
          href={istioObjectPath(r.namespace, r.plural, r.name, query)}
          title={`${r.kind} ${r.namespace}/${r.name}`}
          data-kind={r.kind}
          data-valid={r.validation ? String(r.validation.valid) : 'unknown'}
        >
          <span className={styles.refKind}>{ABBREV[r.kind] ?? r.kind}</span>
          {r.name}
          <ValidationMark validation={r.validation} />
        </Link>
      ))}
    </span>
  );
}

/**
 * The findings on a workload itself (the ambient KIA1311–KIA1317...): one mark per finding, its code shown and its
 * message as the tooltip; nothing when there is none or validation did not run.
 */
export function WorkloadFindings({ validation }: { validation: ValidationSummary | null | undefined }) {
  if (!validation?.findings.length) return null;
  return (
    <span className={styles.refs} data-testid="workload-findings">
      {validation.findings.map((f, i) => (
        <span
          key={`${f.code}-${i}`}
          className={f.severity === 'error' ? styles.bad : styles.warn}
          title={f.message}
          data-code={f.code}
        >
          {f.severity === 'error' ? '✗' : '⚠'} {f.code}
        </span>
      ))}
    </span>
  );
}
