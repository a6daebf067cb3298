'use client';
import Link from 'next/link';
import { sel } from '@/components/test-ids';
import { formatBytes, formatMs, formatRate, formatRatio } from '@/components/health/format';
import { StatusDot } from '@/components/health/health-icon';
import { QueryStates } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { objectPagePath, useNodeGraph } from '@/lib/query/mesh';
import { trafficModel, type TrafficRow } from '@/lib/graph/node-traffic';
import type { MeshKind } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { MiniGraph } from './mini-graph';

function EdgeTable({ direction, rows, showSelf, query }: { direction: 'inbound' | 'outbound'; rows: TrafficRow[]; showSelf: boolean; query: string }) {
  const title = direction === 'inbound' ? 'Inbound' : 'Outbound';
  return (
    <div className={styles.panel}>
      <h3 className={styles.panelTitle}>
        {title} ({rows.length})
      </h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid={sel.mesh.traffic(direction)} data-empty="true">
          – No {direction} traffic in this time range.
        </p>
      ) : (
        <table className={styles.table} data-testid={sel.mesh.traffic(direction)}>
          <thead>
            <tr>
              <th>Health</th>
              <th>{direction === 'inbound' ? 'Source' : 'Destination'}</th>
              {showSelf && <th>{direction === 'inbound' ? 'To' : 'From'}</th>}
              <th>Protocol</th>
              <th className={styles.num}>Rate</th>
              <th className={styles.num}>Errors</th>
              <th className={styles.num}>Response time</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.edgeId} data-testid={sel.mesh.trafficRow(direction, r.peer.label)} data-health={r.health ?? 'NA'}>
                <td title={r.health ?? 'No health'}>
                  <StatusDot status={r.health ?? 'NA'} /> {r.health ?? '–'}
                </td>
                <td>
                  {r.peer.link ? <Link href={`${objectPagePath(r.peer.link.kind, r.peer.link.namespace, r.peer.link.name)}${query ? `?${query}` : ''}`}>{r.peer.label}</Link> : r.peer.label}
                  <span className={styles.small}> {r.peer.namespace !== 'unknown' ? r.peer.namespace : ''}</span>
                </td>
                {showSelf && <td>{r.self.label}</td>}
                <td>{r.protocol.toUpperCase()}</td>
                <td className={styles.num}>{r.unit === 'Bps' ? formatBytes(r.rate, '/s') : formatRate(r.rate)}</td>
                <td className={styles.num}>{formatRatio(r.errorRatio)}</td>
                <td className={styles.num}>{formatMs(r.responseTimeMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The object's node graph over the page's time range, refreshed with the page. */
function useObjectTraffic(kind: MeshKind, namespace: string, name: string) {
  const { durationSeconds, refreshMs } = useGlobalParams();
  return useNodeGraph(kind, namespace, name, durationSeconds, refreshMs);
}

/**
 * The Traffic tab (Kiali's TrafficDetails): the object's inbound and outbound edges over the selected time range,
 * from the node graph API, with rates, error % and edge health; a named error when the graph (Prometheus) fails.
 */
export function TrafficTab({ kind, namespace, name }: { kind: MeshKind; namespace: string; name: string }) {
  const { query } = useGlobalParams();
  const graph = useObjectTraffic(kind, namespace, name);
  return (
    <QueryStates query={graph} loading="Loading traffic…" errorTitle="Traffic unavailable">
      {(data) => {
        const model = trafficModel(data, kind, namespace, name);
        return (
          <>
            <div className={styles.panel}>
              <MiniGraph model={model} query={query} />
            </div>
            <EdgeTable direction="inbound" rows={model.inbound} showSelf={kind === 'apps'} query={query} />
            {kind !== 'services' || model.outbound.length > 0 ? <EdgeTable direction="outbound" rows={model.outbound} showSelf={kind === 'apps'} query={query} /> : null}
          </>
        );
      }}
    </QueryStates>
  );
}

/** The mini graph alone, for the Overview tab; a named error when it cannot load. */
export function MiniGraphPanel({ kind, namespace, name }: { kind: MeshKind; namespace: string; name: string }) {
  const { query } = useGlobalParams();
  const graph = useObjectTraffic(kind, namespace, name);
  return (
    <QueryStates query={graph} loading="Loading graph…" errorTitle="Graph unavailable">
      {(data) => {
        const model = trafficModel(data, kind, namespace, name);
        if (model.focal.length === 0) return <p className="muted" data-testid={sel.mesh.miniGraph} data-empty="true">– No traffic in this time range.</p>;
        return <MiniGraph model={model} query={query} />;
      }}
    </QueryStates>
  );
}
