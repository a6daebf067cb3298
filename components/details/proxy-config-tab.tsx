'use client';
import type { ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { ErrorState } from '@/components/ui/states';
import { isWaypointLabels, isZtunnelLabels } from '@/lib/ambient';
import type { EnvoyDumpView, ZtunnelDumpView } from '@/lib/contracts/config-dump';
import type { PodDetail } from '@/lib/contracts/mesh';
import { useConfigDump } from '@/lib/query/mesh';
import { PodSelect, usePickedPod } from './pod-picker';
import styles from './details.module.css';

/**
 * The proxy tab a workload's pods get: `ztunnel` for ztunnel pods (Kiali's ZTunnel tab), `envoy` for waypoints
 * (Kiali's Envoy tab); null for other workloads (their tab list has none).
 */
export function proxyTabOf(pods: readonly PodDetail[] | undefined): 'ztunnel' | 'envoy' | null {
  const first = pods?.[0];
  if (!first) return null;
  if (isZtunnelLabels(first.labels)) return 'ztunnel';
  if (isWaypointLabels(first.labels)) return 'envoy';
  return null;
}

/** One titled table of the dump (the title is `name` capitalised), with its row count; "none" when empty. */
function Section<T>({
  name,
  columns,
  rows,
  rowKey,
  note,
}: {
  name: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  note?: ReactNode;
}) {
  const title = `${name[0]!.toUpperCase()}${name.slice(1)}`;
  return (
    <section className={styles.panel}>
      <h3 className={styles.panelTitle}>
        {title} ({rows.length})
      </h3>
      {note && <p className="muted">{note}</p>}
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <SimpleTable
          className={styles.table}
          testId={sel.mesh.proxyDumpTable(name)}
          columns={columns}
          rows={rows}
          rowKey={rowKey}
        />
      )}
    </section>
  );
}

const dash = (v: string | null) => v || '–';
const nsName = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
const byName = (r: { name: string }) => r.name;

type ZtunnelWorkload = ZtunnelDumpView['workloads'][number];
const ZTUNNEL_WORKLOADS: Column<ZtunnelWorkload>[] = [
  { header: 'Namespace', cell: (w) => w.namespace },
  { header: 'Pod name', cell: (w) => w.name },
  { header: 'Address', cell: (w) => w.address },
  { header: 'Node', cell: (w) => dash(w.node) },
  { header: 'Waypoint', cell: (w) => dash(w.waypoint) },
  { header: 'Protocol', cell: (w) => w.protocol },
];
const ZTUNNEL_SERVICES: Column<ZtunnelDumpView['services'][number]>[] = [
  { header: 'Namespace', cell: (s) => s.namespace },
  { header: 'Service name', cell: (s) => s.name },
  { header: 'Service VIP', cell: (s) => s.vips.join(', ') || '–' },
  { header: 'Waypoint', cell: (s) => dash(s.waypoint) },
  { header: 'Endpoints', className: 'num', cell: (s) => s.endpoints },
];
const ZTUNNEL_POLICIES: Column<ZtunnelDumpView['policies'][number]>[] = [
  { header: 'Namespace', cell: (p) => p.namespace },
  { header: 'Policy name', cell: (p) => p.name },
  { header: 'Action', cell: (p) => p.action },
  { header: 'Scope', cell: (p) => p.scope },
  { header: 'Rules', className: 'num', cell: (p) => p.rules },
];
const ZTUNNEL_CERTIFICATES: Column<ZtunnelDumpView['certificates'][number]>[] = [
  { header: 'Identity', cell: (c) => c.identity },
  { header: 'State', cell: (c) => c.state },
];
const POLICY_NOTE = 'As ztunnel enforces them: ALLOW rules with HTTP attributes are dropped, DENY rules lose them.';

/** ztunnel's dump as `istioctl ztunnel-config` prints it: workloads, services, policies, certificates. */
function ZtunnelView({ dump }: { dump: ZtunnelDumpView }) {
  const workloadKey = (w: ZtunnelWorkload) => `${nsName(w)}/${w.address}`;
  return (
    <>
      <Section name="workloads" rows={dump.workloads} rowKey={workloadKey} columns={ZTUNNEL_WORKLOADS} />
      <Section name="services" rows={dump.services} rowKey={nsName} columns={ZTUNNEL_SERVICES} />
      <Section name="policies" rows={dump.policies} rowKey={nsName} columns={ZTUNNEL_POLICIES} note={POLICY_NOTE} />
      <Section name="certificates" rows={dump.certificates} rowKey={(c) => c.identity} columns={ZTUNNEL_CERTIFICATES} />
    </>
  );
}

const ENVOY_LISTENERS: Column<EnvoyDumpView['listeners'][number]>[] = [
  { header: 'Name', cell: (l) => l.name },
  { header: 'Address', cell: (l) => dash(l.address) },
  { header: 'Filter chains', className: 'num', cell: (l) => l.filterChains },
];
const ENVOY_CLUSTERS: Column<EnvoyDumpView['clusters'][number]>[] = [
  { header: 'Name', cell: (c) => c.name },
  { header: 'Type', cell: (c) => c.type },
];
const ENVOY_ROUTES: Column<EnvoyDumpView['routes'][number]>[] = [
  { header: 'Name', cell: (r) => r.name },
  { header: 'Virtual hosts', cell: (r) => r.virtualHosts.join(', ') || '–' },
];

/** A waypoint's (Envoy's) dump: listeners, clusters, routes. */
function EnvoyView({ dump }: { dump: EnvoyDumpView }) {
  return (
    <>
      <Section name="listeners" rows={dump.listeners} rowKey={byName} columns={ENVOY_LISTENERS} />
      <Section name="clusters" rows={dump.clusters} rowKey={byName} columns={ENVOY_CLUSTERS} />
      <Section name="routes" rows={dump.routes} rowKey={byName} columns={ENVOY_ROUTES} />
    </>
  );
}

/**
 * The ZTunnel or Envoy tab of a workload (Kiali's): a pod picker and the proxy's config dump (port 15000,
 * `/config_dump`, read through the Kubernetes API's pod proxy) as tables.
 */
export function ProxyConfigTab({
  namespace,
  workload,
  pods,
}: {
  namespace: string;
  workload: string;
  pods: PodDetail[] | undefined;
}) {
  const { pod, pick } = usePickedPod(pods);
  const dump = useConfigDump(namespace, workload, pod?.name ?? null);
  if (!pods) return <p className="muted">Loading pods…</p>;
  if (!pod) return <p className="muted">– This workload has no pods, so there is no config dump.</p>;
  return (
    <div>
      <div className={styles.toolbar}>
        <PodSelect pods={pods} pod={pod} pick={pick} testId={sel.mesh.proxyDumpPod} />
        {dump.isFetching && <span className={styles.small}>loading…</span>}
      </div>
      {dump.isError ? (
        <ErrorState
          title={`Cannot read the config dump of ${pod.name}`}
          error={dump.error}
          onRetry={() => void dump.refetch()}
        />
      ) : !dump.data ? (
        <p className="muted">Reading the config dump…</p>
      ) : dump.data.proxy === 'ztunnel' ? (
        <ZtunnelView dump={dump.data} />
      ) : (
        <EnvoyView dump={dump.data} />
      )}
    </div>
  );
}
