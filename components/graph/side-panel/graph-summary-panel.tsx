'use client';
import { useMemo } from 'react';
import type { KialiGraphJson } from '@/lib/graph/types';
import { sel } from '@/components/test-ids';
import { DASH, formatBytesRate, formatRatio, formatRate } from '@/components/format';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { durationText } from '../graph-states';
import { graphSummary, type GraphSummary, type NamespaceCounts, type ProtocolTotals } from '@/lib/graph/summary';
import { PanelSection } from './panel-parts';

interface TotalsRow {
  label: string;
  t: ProtocolTotals;
  tcp?: boolean;
}

const NAMESPACE_COLUMNS: Column<NamespaceCounts>[] = [
  { header: 'Namespace', cell: (n) => n.namespace },
  { header: 'Apps', className: 'num', cell: (n) => n.apps },
  { header: 'Services', className: 'num', cell: (n) => n.services },
  { header: 'Workloads', className: 'num', cell: (n) => n.workloads },
];

const TOTALS_COLUMNS: Column<TotalsRow>[] = [
  { header: '', rowHeader: true, cell: (r) => r.label },
  { header: 'Rate', className: 'num', cell: (r) => (r.tcp ? formatBytesRate(r.t.rate) : formatRate(r.t.rate)) },
  { header: 'Errors', className: 'num', cell: (r) => (r.tcp ? DASH : formatRatio(r.t.errorRatio)) },
];

/** Side panel with nothing selected: per-namespace counts and the graph's total traffic (Kiali's graph summary). */
export function GraphSummaryPanel({
  json,
  summary,
  durationSeconds,
}: {
  json: KialiGraphJson;
  /** The summary when given (the namespace view's: the server's, of the full graph); else computed from `json`. */
  summary?: GraphSummary;
  durationSeconds: number;
}) {
  // memoised: the page re-renders on every canvas and selection change, and the summary walks the whole graph
  const computed = useMemo(() => (summary ? null : graphSummary(json)), [json, summary]);
  const s = summary ?? computed!;
  const anyTraffic = s.http.rate > 0 || s.grpc.rate > 0 || s.tcp.rate > 0;
  const totals: TotalsRow[] = [
    { label: 'HTTP', t: s.http },
    { label: 'gRPC', t: s.grpc },
    { label: 'TCP', t: s.tcp, tcp: true },
  ].filter((r) => r.t.rate !== 0);
  return (
    <>
      <header className="graph-panel-header">
        <span className="graph-panel-kind">Graph</span>
        <h3 data-testid={sel.graph.panelTitle}>
          {s.namespaces.length === 1 ? `Namespace ${s.namespaces[0]?.namespace}` : `${s.namespaces.length} namespaces`}
        </h3>
        <span className="muted">
          {s.nodes} nodes · {s.edges} edges · last {durationText(durationSeconds)}
        </span>
      </header>
      <PanelSection title="Namespaces">
        <SimpleTable
          className="graph-table"
          columns={NAMESPACE_COLUMNS}
          rows={s.namespaces}
          rowKey={(n) => n.namespace}
        />
      </PanelSection>
      <PanelSection title="Traffic">
        {anyTraffic ? (
          <SimpleTable className="graph-table" columns={TOTALS_COLUMNS} rows={totals} rowKey={(r) => r.label} />
        ) : (
          <p className="muted">{DASH} no traffic</p>
        )}
        <p className="muted graph-hint">Click a node or an edge for its details and charts.</p>
      </PanelSection>
    </>
  );
}
