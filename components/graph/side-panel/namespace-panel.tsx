'use client';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import { sel } from '@/components/test-ids';
import { DASH, formatBytesRate, formatRatio, formatRate } from '@/components/format';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { edgeRate } from '@/lib/graph/summary';
import type { NamespaceSummary, Protocol, ProtocolRate } from '@/lib/graph/namespace-view';
import { Facts, HealthLine, PanelSection } from './panel-parts';

interface TrafficRow {
  label: string;
  protocol: Protocol;
  t: ProtocolRate;
}

const fmt = (p: Protocol, v: number) => (p === 'tcp' ? formatBytesRate(v) : formatRate(v));

const TRAFFIC_COLUMNS: Column<TrafficRow>[] = [
  { header: '', rowHeader: true, cell: (r) => r.label },
  { header: 'Rate', className: 'num', cell: (r) => fmt(r.protocol, r.t.rate) },
  {
    header: 'Errors',
    className: 'num',
    cell: (r) => (r.protocol === 'tcp' || r.t.rate === 0 ? DASH : formatRatio(r.t.errorRate / r.t.rate)),
  },
];

const NAMES: Record<Protocol, string> = { http: 'HTTP', grpc: 'gRPC', tcp: 'TCP' };

function trafficRows(s: NamespaceSummary): TrafficRow[] {
  const rows: TrafficRow[] = [];
  for (const [dir, by] of [
    ['In', s.inbound],
    ['Out', s.outbound],
    ['Within', s.internal],
  ] as const) {
    for (const p of ['http', 'grpc', 'tcp'] as const) {
      const t = by[p];
      if (t && t.rate > 0) rows.push({ label: `${dir} ${NAMES[p]}`, protocol: p, t });
    }
  }
  return rows;
}

/** The busiest `limit` edges of the namespace node `id` in one direction, by rate (TCP after HTTP and gRPC). */
export function topEdges(json: KialiGraphJson, id: string, dir: 'in' | 'out', limit = 5): EdgeDataJson[] {
  return json.elements.edges
    .map((e) => e.data)
    .filter((e) => (dir === 'in' ? e.target === id : e.source === id))
    .sort((a, b) => {
      const tcp = Number(a.traffic.protocol === 'tcp') - Number(b.traffic.protocol === 'tcp');
      return tcp || (edgeRate(b) ?? 0) - (edgeRate(a) ?? 0);
    })
    .slice(0, limit);
}

/**
 * The side panel of a namespace node (the namespace view): its worst-of health and members by health, its members by
 * type, its traffic in, out and within, and its busiest edges in each direction (a click selects the edge). "Open
 * namespace graph" shows the normal graph of that namespace alone.
 */
export function NamespacePanel({
  node,
  summary,
  json,
  nodeName,
  onSelect,
  onOpen,
}: {
  node: NodeDataJson;
  summary: NamespaceSummary;
  json: KialiGraphJson;
  nodeName(id: string): string;
  onSelect(id: string): void;
  onOpen: (() => void) | null;
}) {
  const s = summary;
  const h = s.health;
  const edgeRows = (dir: 'in' | 'out') =>
    topEdges(json, s.id, dir).map((e) => ({ e, other: nodeName(dir === 'in' ? e.source : e.target) }));
  const edgeColumns: Column<{ e: EdgeDataJson; other: string }>[] = [
    {
      header: 'Namespace',
      cell: (r) => (
        <button type="button" className="link-button" onClick={() => onSelect(r.e.id)}>
          {r.other}
        </button>
      ),
    },
    { header: 'Protocol', cell: (r) => NAMES[r.e.traffic.protocol as Protocol] ?? r.e.traffic.protocol },
    { header: 'Rate', className: 'num', cell: (r) => fmt(r.e.traffic.protocol as Protocol, edgeRate(r.e) ?? 0) },
  ];
  const inbound = edgeRows('in');
  const outbound = edgeRows('out');
  return (
    <>
      <header className="graph-panel-header">
        <span className="graph-panel-kind">Namespace</span>
        <h3 data-testid={sel.graph.panelTitle}>{s.namespace}</h3>
        <span className="muted">
          {s.counts.total} nodes · cluster {s.cluster}
        </span>
      </header>
      {onOpen && (
        <button
          type="button"
          className="picker graph-panel-action"
          data-testid={sel.graph.openNamespace}
          onClick={onOpen}
        >
          Open namespace graph: {s.namespace}
        </button>
      )}
      <PanelSection title="Health (worst of its nodes)">
        <HealthLine health={node.healthData} idle={node.isIdle} />
        <Facts
          rows={[
            ['Healthy', h.healthy],
            ['Degraded', h.degraded],
            ['Failure', h.failure],
            ['No data', h.na],
            ['Idle', h.idle],
          ]}
        />
      </PanelSection>
      <PanelSection title="Nodes">
        <Facts
          rows={[
            ['Apps', s.counts.apps],
            ['Services', s.counts.services],
            ['Workloads', s.counts.workloads],
            ...(s.counts.other ? ([['Other', s.counts.other]] as [string, number][]) : []),
          ]}
        />
      </PanelSection>
      <PanelSection title="Traffic">
        {trafficRows(s).length ? (
          <SimpleTable
            className="graph-table"
            columns={TRAFFIC_COLUMNS}
            rows={trafficRows(s)}
            rowKey={(r) => r.label}
          />
        ) : (
          <p className="muted">{DASH} no traffic</p>
        )}
      </PanelSection>
      <div data-testid={sel.graph.namespaceTopEdges}>
        {inbound.length > 0 && (
          <PanelSection title="Top inbound edges">
            <SimpleTable className="graph-table" columns={edgeColumns} rows={inbound} rowKey={(r) => r.e.id} />
          </PanelSection>
        )}
        {outbound.length > 0 && (
          <PanelSection title="Top outbound edges">
            <SimpleTable className="graph-table" columns={edgeColumns} rows={outbound} rowKey={(r) => r.e.id} />
          </PanelSection>
        )}
      </div>
    </>
  );
}
