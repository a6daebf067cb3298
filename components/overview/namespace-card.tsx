'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { DASH, formatRate, formatRatio } from '@/components/format';
import { HealthCounts, StatusDot } from '@/components/health/health-icon';
import { objectPagePath } from '@/lib/query/mesh';
import { listPagePath, MESH_PAGES } from '@/lib/query/mesh-pages';
import type { MeshKind, OverviewNamespace } from '@/lib/contracts/mesh';
import styles from './overview.module.css';
import { Sparkline } from './sparkline';

function MtlsBadge({ ns }: { ns: OverviewNamespace }) {
  const { mode, source, workloadOverrides } = ns.mtls;
  const cls = mode === 'STRICT' ? styles.badgeOk : mode === 'DISABLE' ? styles.badgeBad : styles.badgeWarn;
  const from =
    source === 'namespace'
      ? 'namespace policy'
      : source === 'mesh'
        ? 'mesh-wide policy'
        : 'no PeerAuthentication: Istio default PERMISSIVE';
  return (
    <span
      className={`${styles.badge} ${cls}`}
      data-testid={sel.mesh.overviewMtls(ns.name)}
      data-mode={mode}
      title={`${from}${workloadOverrides ? `; ${workloadOverrides} workload policies differ` : ''}`}
    >
      mTLS {mode}
      {workloadOverrides ? ' (partial)' : ''}
    </span>
  );
}

function Validations({ ns }: { ns: OverviewNamespace }) {
  const v = ns.validations;
  if (!v)
    return (
      <span data-testid={sel.mesh.overviewValidations(ns.name)} title="Validation did not run">
        {DASH}
      </span>
    );
  if (v.objects === 0)
    return (
      <span data-testid={sel.mesh.overviewValidations(ns.name)} className="muted">
        No Istio config
      </span>
    );
  return (
    <Link
      href={`/istio?namespaces=${encodeURIComponent(ns.name)}`}
      data-testid={sel.mesh.overviewValidations(ns.name)}
      data-valid={v.valid}
      data-warning={v.warning}
      data-error={v.error}
      title="Istio config objects by validation result"
    >
      {v.objects} objects: <span style={{ color: 'var(--healthy)' }}>✓ {v.valid}</span> ·{' '}
      <span style={{ color: '#795600' }}>⚠ {v.warning}</span> ·{' '}
      <span style={{ color: 'var(--failure)' }}>✗ {v.error}</span>
    </Link>
  );
}

export interface SparkData {
  requestsPerSecond: [number, number][];
  errorsPerSecond: [number, number][];
}

function Traffic({ ns, spark, sparkError }: { ns: string; spark: SparkData | undefined; sparkError: string | null }) {
  if (sparkError)
    return (
      <span className={styles.errorText} data-testid={sel.mesh.overviewSparkline(ns)} data-state="error">
        Request rate unavailable: {sparkError}
      </span>
    );
  const pts = spark?.requestsPerSecond ?? [];
  const last = pts.length ? pts[pts.length - 1]![1] : null;
  const lastErr = spark?.errorsPerSecond.length ? spark.errorsPerSecond[spark.errorsPerSecond.length - 1]![1] : 0;
  return (
    <span
      className={styles.spark}
      data-testid={sel.mesh.overviewSparkline(ns)}
      data-state={pts.length > 1 ? 'data' : 'empty'}
    >
      <Sparkline points={pts} errors={spark?.errorsPerSecond} width={110} label={`Inbound request rate of ${ns}`} />
      <span className={styles.sparkValue}>
        {last === null ? (
          `${DASH} no HTTP/gRPC requests`
        ) : (
          <>
            {formatRate(last)}
            <br />
            <span className={styles.small}>{last > 0 ? `${formatRatio(lastErr / last)} errors` : ''}</span>
          </>
        )}
      </span>
    </span>
  );
}

/**
 * One namespace's card: health counts of its apps, workloads and services (links to the lists), sidecar injection
 * and mTLS badges, Istio config validation counts, the worst objects and the inbound request-rate sparkline.
 */
export function NamespaceCard({
  ns,
  query,
  spark,
  sparkError,
}: {
  ns: OverviewNamespace;
  query: string;
  spark: SparkData | undefined;
  sparkError: string | null;
}) {
  // the detail page of a card's object reads it from the card's cluster (issue 18)
  const detailQuery = [query, ns.cluster ? `cluster=${encodeURIComponent(ns.cluster)}` : ''].filter(Boolean).join('&');
  const listHref = (kind: MeshKind) =>
    `${listPagePath(kind)}?${query ? `${query}&` : ''}ns=${encodeURIComponent(ns.name)}`;
  return (
    <article className={styles.card} data-testid={sel.overviewCard(ns.name)}>
      <div className={styles.cardHead}>
        <h2 className={styles.cardTitle}>{ns.name}</h2>
        {ns.cluster && <span className={styles.badge}>cluster {ns.cluster}</span>}
        <div className={styles.badges}>
          {ns.dataplaneMode === 'ambient' ? (
            <span
              className={`${styles.badge} ${styles.badgeOk}`}
              data-testid={sel.mesh.ambientBadge(ns.name)}
              title="istio.io/dataplane-mode=ambient"
            >
              Ambient{ns.waypoint ? ` · waypoint ${ns.waypoint}` : ''}
            </span>
          ) : (
            <span className={`${styles.badge} ${ns.istioInjection ? styles.badgeOk : ''}`}>
              {ns.istioInjection ? 'Sidecar injection' : 'No injection'}
            </span>
          )}
          <MtlsBadge ns={ns} />
        </div>
      </div>
      <dl className={styles.grid}>
        {(['apps', 'workloads', 'services'] as MeshKind[]).map((kind) => (
          <div key={kind} style={{ display: 'contents' }}>
            <dt>
              <Link href={listHref(kind)}>
                {MESH_PAGES[kind].title} ({ns.counts[kind]})
              </Link>
            </dt>
            <dd>
              {ns.health ? (
                <HealthCounts counts={ns.health[kind]} testId={sel.mesh.overviewHealth(ns.name, kind)} />
              ) : (
                <span data-testid={sel.mesh.overviewHealth(ns.name, kind)}>{DASH}</span>
              )}
            </dd>
          </div>
        ))}
        <dt>Istio config</dt>
        <dd>
          <Validations ns={ns} />
        </dd>
        <dt>Traffic</dt>
        <dd>
          <Traffic ns={ns.name} spark={spark} sparkError={sparkError} />
        </dd>
      </dl>
      {ns.unhealthy.length > 0 && (
        <ul className={styles.unhealthy} data-testid={sel.mesh.overviewUnhealthy(ns.name)}>
          {ns.unhealthy.map((u) => (
            <li key={`${u.kind}/${u.name}`}>
              <StatusDot status={u.status} />{' '}
              <Link href={`${objectPagePath(u.kind, ns.name, u.name)}${detailQuery ? `?${detailQuery}` : ''}`}>
                {u.name}
              </Link>{' '}
              <span className={styles.small}>
                {u.kind === 'apps' ? 'app' : u.kind === 'workloads' ? 'workload' : 'service'} · {u.status}
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
