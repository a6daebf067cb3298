'use client';
import type { KialiGraphJson } from '@/lib/graph/types';
import { sel } from '@/components/test-ids';
import { DASH, formatBytesRate, formatRatio, formatRate } from '@/components/format';
import { durationText } from '../graph-states';
import { graphSummary, type ProtocolTotals } from '../summary';
import { PanelSection } from './panel-parts';

function TotalsRow({ label, t, tcp }: { label: string; t: ProtocolTotals; tcp?: boolean }) {
  if (t.rate === 0) return null;
  return (
    <tr>
      <th>{label}</th>
      <td className="num">{tcp ? formatBytesRate(t.rate) : formatRate(t.rate)}</td>
      <td className="num">{tcp ? DASH : formatRatio(t.errorRatio)}</td>
    </tr>
  );
}

/** Side panel with nothing selected: per-namespace counts and the graph's total traffic (Kiali's graph summary). */
export function GraphSummaryPanel({ json, durationSeconds }: { json: KialiGraphJson; durationSeconds: number }) {
  const s = graphSummary(json);
  const anyTraffic = s.http.rate > 0 || s.grpc.rate > 0 || s.tcp.rate > 0;
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
        <table className="graph-table">
          <thead>
            <tr>
              <th>Namespace</th>
              <th className="num">Apps</th>
              <th className="num">Services</th>
              <th className="num">Workloads</th>
            </tr>
          </thead>
          <tbody>
            {s.namespaces.map((n) => (
              <tr key={n.namespace}>
                <td>{n.namespace}</td>
                <td className="num">{n.apps}</td>
                <td className="num">{n.services}</td>
                <td className="num">{n.workloads}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </PanelSection>
      <PanelSection title="Traffic">
        {anyTraffic ? (
          <table className="graph-table">
            <thead>
              <tr>
                <th />
                <th className="num">Rate</th>
                <th className="num">Errors</th>
              </tr>
            </thead>
            <tbody>
              <TotalsRow label="HTTP" t={s.http} />
              <TotalsRow label="gRPC" t={s.grpc} />
              <TotalsRow label="TCP" t={s.tcp} tcp />
            </tbody>
          </table>
        ) : (
          <p className="muted">{DASH} no traffic</p>
        )}
        <p className="muted graph-hint">Click a node or an edge for its details and charts.</p>
      </PanelSection>
    </>
  );
}
