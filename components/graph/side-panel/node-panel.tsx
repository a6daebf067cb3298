'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { NodeDataJson } from '@/lib/graph/types';
import type { MeshKind } from '@/lib/contracts/mesh';
import { sel } from '@/components/test-ids';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { GATEWAY_API_GROUP, pluralOf } from '@/lib/istio/kinds';
import { objectPagePath } from '@/lib/query/mesh-pages';
import { useBackendStatus } from '@/lib/query/hooks';
import { BADGES } from '../elements';
import { DASH, formatBytesRate, formatRatio, formatRate } from '@/components/format';
import { BadgeList } from '../legend';
import { nodeMetricsQuery } from '../metrics-model';
import { nodeTraffic, type NodeTraffic } from '../summary';
import { MetricsSection } from './metrics-section';
import { Facts, HealthLine, PanelSection } from './panel-parts';
import { istioObjectPath } from '@/components/istio-config/paths';

const TYPE_LABEL: Record<string, string> = {
  workload: 'Workload',
  app: 'App',
  service: 'Service',
  aggregate: 'Operation',
  unknown: 'Unknown source',
  box: 'Box',
};

/** "reviews v2", "reviews-v2", "details", "unknown". */
export function nodeDisplayName(d: NodeDataJson): string {
  if (d.nodeType === 'unknown') return 'unknown';
  if (d.nodeType === 'box')
    return (d.isBox === 'app' ? d.app : d.isBox === 'cluster' ? d.cluster : d.namespace) ?? DASH;
  if (d.nodeType === 'service') return d.service ?? d.app ?? DASH;
  if (d.nodeType === 'app') return d.version ? `${d.app} ${d.version}` : (d.app ?? DASH);
  if (d.nodeType === 'aggregate') return d.aggregate ?? DASH;
  return d.workload ?? d.app ?? DASH;
}

/**
 * Links to the detail pages of what the node stands for (workload, app, service). A node of another cluster than the
 * home one (`homeCluster`, /api/status `clusterName`) links to that cluster's object (`cluster=`, issue 18).
 */
export function detailLinks(d: NodeDataJson, query: string, homeCluster?: string): { label: string; href: string }[] {
  if (d.isInaccessible || d.nodeType === 'unknown' || d.namespace === 'unknown') return [];
  const other = homeCluster !== undefined && d.cluster && d.cluster !== 'unknown' && d.cluster !== homeCluster;
  const all = [query, other ? `cluster=${encodeURIComponent(d.cluster)}` : ''].filter(Boolean).join('&');
  const q = all ? `?${all}` : '';
  const links: { label: string; href: string }[] = [];
  const link = (label: string, kind: MeshKind, name: string) =>
    links.push({ label: `${label} ${name}`, href: `${objectPagePath(kind, d.namespace, name)}${q}` });
  if (d.nodeType === 'service' && d.service && !d.isServiceEntry) link('Service', 'services', d.service);
  if (d.nodeType !== 'service' && d.app && d.app !== 'unknown') link('App', 'apps', d.app);
  if (d.nodeType !== 'service' && d.workload && d.workload !== 'unknown') link('Workload', 'workloads', d.workload);
  return links;
}

const rateOf = (t: NodeTraffic, v: number | null) => (t.protocol === 'tcp' ? formatBytesRate(v) : formatRate(v));

const TRAFFIC_COLUMNS: Column<NodeTraffic>[] = [
  { header: '', rowHeader: true, cell: (t) => t.protocol.toUpperCase() },
  { header: 'Inbound', className: 'num', cell: (t) => rateOf(t, t.inbound.rate) },
  { header: 'Outbound', className: 'num', cell: (t) => rateOf(t, t.outbound.rate) },
  {
    header: 'In errors',
    className: 'num',
    cell: (t) => (t.protocol === 'tcp' ? DASH : formatRatio(t.inbound.errorRatio)),
  },
];

/** Side panel for a node: type, names, health and its reasons, badges, traffic by protocol, links and charts. */
export function NodePanel({
  node,
  query,
  durationSeconds,
  refreshMs,
  actions,
}: {
  node: NodeDataJson;
  query: string;
  durationSeconds: number;
  refreshMs: number;
  /** Shown under the header (the "Node graph" button). */
  actions?: ReactNode;
}) {
  const type = node.isServiceEntry ? 'Service entry' : (TYPE_LABEL[node.nodeType] ?? node.nodeType);
  const badges = BADGES.filter((b) => b.test(node));
  const traffic = nodeTraffic(node);
  const links = detailLinks(node, query, useBackendStatus().data?.clusterName);
  const hostnames = [
    ...(node.hasVS?.hostnames ?? []),
    ...(node.isGateway?.ingressInfo?.hostnames ?? []),
    ...(node.isGateway?.egressInfo?.hostnames ?? []),
    ...(node.isGateway?.gatewayAPIInfo?.hostnames ?? []),
  ];
  const routes = node.hasK8sRoutes ?? [];
  const inbound = nodeMetricsQuery(node, 'inbound');
  const outbound = node.nodeType === 'service' ? null : nodeMetricsQuery(node, 'outbound');
  return (
    <>
      <header className="graph-panel-header">
        <span className="graph-panel-kind">{type}</span>
        <h3 data-testid={sel.graph.panelTitle}>{nodeDisplayName(node)}</h3>
        {node.namespace !== 'unknown' && <span className="muted">Namespace {node.namespace}</span>}
      </header>
      {actions}
      <PanelSection title="Health">
        <HealthLine health={node.healthData} idle={node.isIdle} />
      </PanelSection>
      <PanelSection title="Details">
        <Facts
          rows={[
            ...(node.app ? ([['App', node.app]] as [string, string][]) : []),
            ...(node.version ? ([['Version', node.version]] as [string, string][]) : []),
            ...(node.workload ? ([['Workload', node.workload]] as [string, string][]) : []),
            ...(node.service ? ([['Service', node.service]] as [string, string][]) : []),
            ...(node.isServiceEntry
              ? ([
                  ['Location', node.isServiceEntry.location],
                  ['Hosts', node.isServiceEntry.hosts.join(', ')],
                ] as [string, string][])
              : []),
            ...(hostnames.length ? ([['Hostnames', hostnames.join(', ')]] as [string, string][]) : []),
            ...(node.isOutside ? ([['Outside', 'Not in the selected namespaces']] as [string, string][]) : []),
          ]}
        />
        {badges.length > 0 && <BadgeList className="graph-badges" badges={badges} />}
        {routes.length > 0 && (
          <ul className="graph-links" data-testid={sel.graph.panelRoutes}>
            {routes.map((r) => (
              <li key={`${r.kind}/${r.namespace}/${r.name}`}>
                <Link href={istioObjectPath(r.namespace, pluralOf(GATEWAY_API_GROUP, r.kind), r.name, query)}>
                  {r.kind} {r.namespace}/{r.name} →
                </Link>
              </li>
            ))}
          </ul>
        )}
        {links.length > 0 && (
          <ul className="graph-links">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href}>{l.label} →</Link>
              </li>
            ))}
          </ul>
        )}
      </PanelSection>
      <PanelSection title="Traffic">
        {traffic.length === 0 ? (
          <p className="muted">{DASH} no traffic</p>
        ) : (
          <SimpleTable className="graph-table" columns={TRAFFIC_COLUMNS} rows={traffic} rowKey={(t) => t.protocol} />
        )}
      </PanelSection>
      <MetricsSection
        title="Charts"
        spec={inbound}
        outboundSpec={outbound}
        durationSeconds={durationSeconds}
        refreshMs={refreshMs}
      />
    </>
  );
}
