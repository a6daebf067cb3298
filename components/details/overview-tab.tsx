'use client';
import Link from 'next/link';
import { formatRate, formatRatio } from '@/components/format';
import { HealthIcon } from '@/components/health/health-icon';
import { LabelChips, MeshBadge, SidecarBadge, WorkloadFindings } from '@/components/lists/labels';
import { sel } from '@/components/test-ids';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { objectPagePath } from '@/lib/query/mesh';
import type { ObjectDetail, ServiceSummary, WorkloadSummary } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { IstioConfigTable } from './istio-config-table';
import { PodsTable } from './pods-table';
import { RoutesTable } from './routes-table';
import { MiniGraphPanel } from './traffic-tab';

function Facts({ d }: { d: ObjectDetail }) {
  const h = d.health;
  return (
    <dl className={styles.facts}>
      <dt>Health</dt>
      <dd>
        <HealthIcon health={h} />
        {h && (
          <span className={styles.small}>
            {' '}
            ·{' '}
            {h.requestStatus === null
              ? 'request health unknown'
              : `${formatRatio(h.errorRatio)} errors of ${formatRate(h.requestsPerSecond)}`}{' '}
            (last {d.rateIntervalSeconds} s)
          </span>
        )}
      </dd>
      <dt>Labels</dt>
      <dd>
        <LabelChips labels={d.labels} max={20} />
      </dd>
      {d.kind === 'workload' && (
        <>
          <dt>Type</dt>
          <dd>{d.workloadKind}</dd>
          <dt>Replicas</dt>
          <dd>
            {d.availableReplicas} available / {d.currentReplicas} current / {d.desiredReplicas} desired
          </dd>
          <dt>Service account</dt>
          <dd>{d.serviceAccount ?? '–'}</dd>
        </>
      )}
      {d.kind === 'service' && (
        <>
          <dt>Type</dt>
          <dd>{d.type}</dd>
          <dt>Ports</dt>
          <dd>
            {d.ports
              .map((p) => `${p.name ?? ''} ${p.port}/${p.protocol}${p.appProtocol ? ` (${p.appProtocol})` : ''}`)
              .join(', ') || '–'}
          </dd>
          <dt>Selector</dt>
          <dd>
            <LabelChips labels={d.selector} />
          </dd>
        </>
      )}
      {d.kind === 'workload' ? (
        <>
          <dt>Mesh</dt>
          <dd data-testid={sel.mesh.detailMesh}>
            <MeshBadge mode={d.mesh.mode} />
            {d.mesh.waypoint && (
              <span className={styles.small}>
                {' '}
                · waypoint{' '}
                <Link href={objectPagePath('workloads', d.mesh.waypoint.namespace, d.mesh.waypoint.name)}>
                  {d.mesh.waypoint.namespace}/{d.mesh.waypoint.name}
                </Link>
                {!d.mesh.waypoint.exists && ' (not found: its L7 traffic is not handled)'}
              </span>
            )}
            {d.mesh.ztunnel && (
              <span className={styles.small}>
                {' '}
                · L4 through{' '}
                <Link href={objectPagePath('workloads', d.mesh.ztunnel.namespace, d.mesh.ztunnel.name)}>
                  {d.mesh.ztunnel.namespace}/{d.mesh.ztunnel.name}
                </Link>
              </span>
            )}
          </dd>
        </>
      ) : (
        <>
          <dt>Sidecar</dt>
          <dd>
            <SidecarBadge status={d.sidecar} />
          </dd>
        </>
      )}
      {d.kind === 'service' && d.waypoint && (
        <>
          <dt>Waypoint</dt>
          <dd data-testid={sel.mesh.detailMesh}>
            {d.waypoint.namespace}/{d.waypoint.name}
            {!d.waypoint.exists && <span className={styles.small}> (not found)</span>}
          </dd>
        </>
      )}
      <dt>Tracing service</dt>
      <dd className="mono">{d.tracingService ?? '–'}</dd>
    </dl>
  );
}

/** The health and name (linked to its detail page) columns of a workload or service row. */
function objectColumns<T extends WorkloadSummary | ServiceSummary>(
  kind: 'workloads' | 'services',
  namespace: string,
  query: string,
): Column<T>[] {
  const href = (name: string) => `${objectPagePath(kind, namespace, name)}${query ? `?${query}` : ''}`;
  return [
    { cell: (o) => <HealthIcon health={o.health} compact /> },
    { cell: (o) => <Link href={href(o.name)}>{o.name}</Link> },
  ];
}

function WorkloadsTable({ namespace, items, query }: { namespace: string; items: WorkloadSummary[]; query: string }) {
  if (items.length === 0) return <p className="muted">– No workloads.</p>;
  const columns: Column<WorkloadSummary>[] = [
    ...objectColumns<WorkloadSummary>('workloads', namespace, query),
    { cell: (w) => w.version ?? '' },
    { className: styles.num, cell: (w) => `${w.availableReplicas}/${w.desiredReplicas} pods` },
    { cell: (w) => <SidecarBadge status={w.sidecar} /> },
  ];
  return <SimpleTable className={styles.table} columns={columns} rows={items} rowKey={(w) => w.name} />;
}

function ServicesTable({ namespace, items, query }: { namespace: string; items: ServiceSummary[]; query: string }) {
  if (items.length === 0) return <p className="muted">– No services.</p>;
  const columns: Column<ServiceSummary>[] = [
    ...objectColumns<ServiceSummary>('services', namespace, query),
    { cell: (s) => s.ports.map((p) => p.port).join(', ') },
  ];
  return <SimpleTable className={styles.table} columns={columns} rows={items} rowKey={(s) => s.name} />;
}

/** The details Overview tab: facts, workloads/services, pods with proxy status, applicable Istio config, mini graph. */
export function OverviewTab({ detail, query }: { detail: ObjectDetail; query: string }) {
  const kind = detail.kind === 'app' ? 'apps' : detail.kind === 'workload' ? 'workloads' : 'services';
  return (
    <div className={styles.columns}>
      <div>
        <section className={styles.panel}>
          <h3 className={styles.panelTitle}>Details</h3>
          <Facts d={detail} />
        </section>
        {(detail.kind === 'app' || detail.kind === 'service') && (
          <section className={styles.panel}>
            <h3 className={styles.panelTitle}>Workloads</h3>
            <WorkloadsTable namespace={detail.namespace} items={detail.workloads} query={query} />
          </section>
        )}
        {(detail.kind === 'app' || detail.kind === 'workload') && (
          <section className={styles.panel}>
            <h3 className={styles.panelTitle}>Services</h3>
            <ServicesTable namespace={detail.namespace} items={detail.services} query={query} />
          </section>
        )}
        <section className={styles.panel}>
          <h3 className={styles.panelTitle}>Istio config</h3>
          <IstioConfigTable refs={detail.istioConfig} query={query} />
          {detail.kind === 'workload' && detail.validation?.findings.length ? (
            <ul className={styles.findings}>
              {detail.validation.findings.map((f, i) => (
                <li key={`${f.code}-${i}`}>
                  <WorkloadFindings validation={{ ...detail.validation!, findings: [f] }} /> {f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        {detail.kind !== 'app' && <RoutesTable routes={detail.routes} query={query} />}
      </div>
      <div>
        <section className={styles.panel}>
          <h3 className={styles.panelTitle}>Traffic graph</h3>
          <MiniGraphPanel kind={kind} namespace={detail.namespace} name={detail.name} />
        </section>
        <section className={styles.panel}>
          <h3 className={styles.panelTitle}>Pods ({detail.pods.length})</h3>
          <PodsTable pods={detail.pods} />
        </section>
      </div>
    </div>
  );
}
