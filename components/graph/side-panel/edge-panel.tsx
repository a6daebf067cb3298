'use client';
import type { EdgeDataJson, NodeDataJson } from '@/lib/graph/types';
import { sel } from '@/components/test-ids';
import { DASH, formatBytesRate, formatMs, formatPercent, formatRatio, formatRate } from '@/components/format';
import { edgeMetricsQuery } from '../metrics-model';
import { edgeSummary } from '../summary';
import { MetricsSection } from './metrics-section';
import { nodeDisplayName } from './node-panel';
import { Facts, PanelSection } from './panel-parts';

/** Side panel for an edge: protocol, rate, errors, response codes with flags and hosts, timing, mTLS, principals. */
export function EdgePanel({
  edge,
  source,
  target,
  durationSeconds,
  refreshMs,
}: {
  edge: EdgeDataJson;
  source: NodeDataJson;
  target: NodeDataJson;
  durationSeconds: number;
  refreshMs: number;
}) {
  const s = edgeSummary(edge);
  const tcp = s.protocol === 'tcp';
  const rateText = tcp ? formatBytesRate(s.rate) : formatRate(s.rate);
  return (
    <>
      <header className="graph-panel-header">
        <span className="graph-panel-kind">Edge · {s.protocol.toUpperCase()}</span>
        <h3 data-testid={sel.graph.panelTitle}>
          {nodeDisplayName(source)} → {nodeDisplayName(target)}
        </h3>
      </header>
      <PanelSection title="Traffic">
        <Facts
          rows={[
            [
              'Rate',
              <span key="r" data-testid={sel.graph.edgeRate}>
                {rateText}
              </span>,
            ],
            ...(tcp
              ? []
              : ([
                  ['Errors', formatRatio(s.errorRatio)],
                  ['Of source traffic', formatPercent(s.percentOfSource)],
                  ['Response time', formatMs(s.responseTimeMs)],
                ] as [string, string][])),
            ['Throughput', formatBytesRate(s.throughputBytes)],
          ]}
        />
      </PanelSection>
      {s.responses.length > 0 && (
        <PanelSection title={tcp ? 'Flags' : 'Response codes'}>
          <table className="graph-table">
            <thead>
              <tr>
                <th>Code</th>
                <th className="num">Share</th>
                <th>Flags</th>
                <th>Hosts</th>
              </tr>
            </thead>
            <tbody>
              {s.responses.map((r) => (
                <tr
                  key={r.code}
                  className={/^[45]/.test(r.code) || (r.code === '-' && !tcp) ? 'graph-row-error' : undefined}
                >
                  <td className="mono">{r.code}</td>
                  <td className="num">{formatPercent(r.percent)}</td>
                  <td className="mono">
                    {r.flags.map((f) => `${f.flag} ${formatPercent(f.percent)}`).join(', ') || DASH}
                  </td>
                  <td className="mono graph-hosts">{r.hosts.map((h) => h.host).join(', ') || DASH}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </PanelSection>
      )}
      <PanelSection title="Security">
        <Facts
          rows={[
            ['mTLS', s.mtlsPercent === null ? `${DASH} (enable security badges)` : formatPercent(s.mtlsPercent)],
            [
              'Source principal',
              s.sourcePrincipal ? (
                <span key="sp" className="mono graph-wrap">
                  {s.sourcePrincipal}
                </span>
              ) : (
                DASH
              ),
            ],
            [
              'Destination principal',
              s.destPrincipal ? (
                <span key="dp" className="mono graph-wrap">
                  {s.destPrincipal}
                </span>
              ) : (
                DASH
              ),
            ],
          ]}
        />
      </PanelSection>
      {!tcp && (
        <MetricsSection
          title="Charts"
          spec={edgeMetricsQuery(source, target)}
          durationSeconds={durationSeconds}
          refreshMs={refreshMs}
        />
      )}
    </>
  );
}
