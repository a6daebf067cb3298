'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import { formatBytes, formatMs, formatRate, formatRatio } from '@/components/format';
import { StatusDot } from '@/components/health/health-icon';
import { SimpleTable, type Column } from '@/components/ui/simple-table';
import { QueryStates } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { objectPagePath, useNodeGraph } from '@/lib/query/mesh';
import { trafficModel, type TrafficModel, type TrafficRow } from '@/lib/graph/node-traffic';
import type { MeshKind } from '@/lib/contracts/mesh';
import styles from './details.module.css';
import { MiniGraph } from './mini-graph';

function edgeColumns(
  direction: 'inbound' | 'outbound',
  showSelf: boolean,
  query: string,
): (Column<TrafficRow> | false)[] {
  const peerLink = (r: TrafficRow) =>
    r.peer.link ? (
      <Link
        href={`${objectPagePath(r.peer.link.kind, r.peer.link.namespace, r.peer.link.name)}${query ? `?${query}` : ''}`}
      >
        {r.peer.label}
      </Link>
    ) : (
      r.peer.label
    );
  return [
    {
      header: 'Health',
      cellTitle: (r) => r.health ?? 'No health',
      cell: (r) => (
        <>
          <StatusDot status={r.health ?? 'NA'} /> {r.health ?? '–'}
        </>
      ),
    },
    {
      header: direction === 'inbound' ? 'Source' : 'Destination',
      cell: (r) => (
        <>
          {peerLink(r)}
          <span className={styles.small}> {r.peer.namespace !== 'unknown' ? r.peer.namespace : ''}</span>
        </>
      ),
    },
    showSelf && { header: direction === 'inbound' ? 'To' : 'From', cell: (r) => r.self.label },
    { header: 'Protocol', cell: (r) => r.protocol.toUpperCase() },
    {
      header: 'Rate',
      className: styles.num,
      cell: (r) => (r.unit === 'Bps' ? formatBytes(r.rate, '/s') : formatRate(r.rate)),
    },
    { header: 'Errors', className: styles.num, cell: (r) => formatRatio(r.errorRatio) },
    { header: 'Response time', className: styles.num, cell: (r) => formatMs(r.responseTimeMs) },
  ];
}

function EdgeTable({
  direction,
  rows,
  showSelf,
  query,
}: {
  direction: 'inbound' | 'outbound';
  rows: TrafficRow[];
  showSelf: boolean;
  query: string;
}) {
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
        <SimpleTable
          className={styles.table}
          testId={sel.mesh.traffic(direction)}
          columns={edgeColumns(direction, showSelf, query)}
          rows={rows}
          rowKey={(r) => r.edgeId}
          rowProps={(r) => ({
            'data-testid': sel.mesh.trafficRow(direction, r.peer.label),
            'data-health': r.health ?? 'NA',
          })}
        />
      )}
    </div>
  );
}

/** An app, workload or service. */
interface MeshObject {
  kind: MeshKind;
  namespace: string;
  name: string;
}

/**
 * Loads the object's node graph over the page's time range (refreshed with the page) and renders `children` with its
 * traffic model: `loading` until the first answer, a named error (`errorTitle`, with Retry) when there is none.
 */
function WithTraffic({
  kind,
  namespace,
  name,
  loading,
  errorTitle,
  children,
}: MeshObject & { loading: string; errorTitle: string; children(model: TrafficModel, query: string): ReactNode }) {
  const { durationSeconds, refreshMs, query } = useGlobalParams();
  const graph = useNodeGraph(kind, namespace, name, durationSeconds, refreshMs);
  return (
    <QueryStates query={graph} loading={loading} errorTitle={errorTitle}>
      {(data) => children(trafficModel(data, kind, namespace, name), query)}
    </QueryStates>
  );
}

/**
 * The Traffic tab (Kiali's TrafficDetails): the object's inbound and outbound edges over the selected time range,
 * from the node graph API, with rates, error % and edge health; a named error when the graph (Prometheus) fails.
 */
export function TrafficTab(object: MeshObject) {
  const { kind } = object;
  return (
    <WithTraffic {...object} loading="Loading traffic…" errorTitle="Traffic unavailable">
      {(model, query) => (
        <>
          <div className={styles.panel}>
            <MiniGraph model={model} query={query} />
          </div>
          <EdgeTable direction="inbound" rows={model.inbound} showSelf={kind === 'apps'} query={query} />
          {kind !== 'services' || model.outbound.length > 0 ? (
            <EdgeTable direction="outbound" rows={model.outbound} showSelf={kind === 'apps'} query={query} />
          ) : null}
        </>
      )}
    </WithTraffic>
  );
}

/** The mini graph alone, for the Overview tab; a named error when it cannot load. */
export function MiniGraphPanel(object: MeshObject) {
  return (
    <WithTraffic {...object} loading="Loading graph…" errorTitle="Graph unavailable">
      {(model, query) =>
        model.focal.length === 0 ? (
          <p className="muted" data-testid={sel.mesh.miniGraph} data-empty="true">
            – No traffic in this time range.
          </p>
        ) : (
          <MiniGraph model={model} query={query} />
        )
      }
    </WithTraffic>
  );
}
