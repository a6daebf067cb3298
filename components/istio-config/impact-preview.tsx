'use client';
import { useMemo } from 'react';
import { formatBytesRate, formatRate } from '@/components/format';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import type { ImpactEdge, ImpactEffect, ImpactService } from '@/lib/istio/impact';
import { useGlobalParams } from '@/lib/query/global-params';
import { useImpact, type Change } from './impact-data';
import styles from './istio.module.css';

const EFFECT_LABEL: Record<ImpactEffect, string> = {
  deny: 'Denied',
  'maybe-deny': 'Partly denied',
  allow: 'Allowed again',
  break: 'Breaks',
  reroute: 'Rerouted',
};
const EFFECT_CLASS: Record<ImpactEffect, string | undefined> = {
  deny: styles.effectDeny,
  'maybe-deny': styles.effectReroute,
  allow: styles.badgeValid,
  break: styles.effectBreak,
  reroute: styles.effectReroute,
};
const EFFECT_COLOR: Record<ImpactEffect, string> = {
  deny: '#c9190b',
  'maybe-deny': '#f0ab00',
  allow: '#3e8635',
  break: '#c9190b',
  reroute: '#0066cc',
};
const KINDS = new Set([
  'AuthorizationPolicy',
  'PeerAuthentication',
  'VirtualService',
  'DestinationRule',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
]);

/** The edge's affected traffic: bytes per second for TCP, requests per second otherwise. */
const affected = (e: ImpactEdge) =>
  e.protocol === 'tcp' ? formatBytesRate(e.affectedRate) : formatRate(e.affectedRate);

/** A small two-column graph of the affected edges: callers left, destinations right, coloured by effect. */
function MiniGraph({ impact }: { impact: ImpactEdge[] }) {
  const sources = [...new Set(impact.map((e) => e.source))];
  const targets = [...new Set(impact.map((e) => e.destination))];
  const rowH = 34;
  const height = Math.max(sources.length, targets.length) * rowH + 16;
  const y = (i: number, n: number) => 8 + (height - 16) * ((i + 0.5) / n);
  return (
    <svg
      className={styles.miniGraph}
      width="100%"
      height={height}
      viewBox={`0 0 640 ${height}`}
      role="img"
      aria-label="Affected edges"
    >
      {impact.map((e, i) => {
        const y1 = y(sources.indexOf(e.source), sources.length);
        const y2 = y(targets.indexOf(e.destination), targets.length);
        return (
          <line
            key={i}
            x1={190}
            y1={y1}
            x2={450}
            y2={y2}
            stroke={EFFECT_COLOR[e.effect]}
            strokeWidth={1.5 + Math.min(4, Math.log1p(e.affectedRate))}
            strokeDasharray={e.effect === 'maybe-deny' ? '6 4' : undefined}
          />
        );
      })}
      {sources.map((s, i) => (
        <g key={s}>
          <circle cx={190} cy={y(i, sources.length)} r={6} fill="#fff" stroke="#151515" />
          <text x={180} y={y(i, sources.length) + 4} textAnchor="end" fontSize={12}>
            {s}
          </text>
        </g>
      ))}
      {targets.map((t, i) => (
        <g key={t}>
          <circle cx={450} cy={y(i, targets.length)} r={6} fill="#fff" stroke="#151515" />
          <text x={460} y={y(i, targets.length) + 4} fontSize={12}>
            {t}
          </text>
        </g>
      ))}
    </svg>
  );
}

interface Props {
  before: IstioConfigObject | null;
  after: IstioConfigObject | null;
  /** More changes saved together (a wizard's DestinationRule and VirtualService). */
  changes?: Change[];
  workloads?: { namespace: string; name: string; labels: Record<string, string> }[];
  /** The Services Gateway API routes name (read from the API when absent and a route changes). */
  services?: ImpactService[];
}

/**
 * Impact preview before any save: the observed edges of the last graph window that the change would deny, break or
 * reroute, with their rates, as a list and a small graph (lib/istio/impact).
 */
export function ImpactPreview({ before, after, changes, workloads, services }: Props) {
  const { namespaces: selected } = useGlobalParams();
  const list = useMemo<Change[]>(() => changes ?? [{ before, after }], [changes, before, after]);
  const objects = useMemo(
    () => list.flatMap((c) => [c.before, c.after]).filter((o): o is IstioConfigObject => !!o),
    [list],
  );
  const kindSupported = objects.some((o) => KINDS.has(String(o.kind)));
  const namespaces = useMemo(() => {
    const own = [...new Set(objects.map((o) => String((o.metadata as { namespace?: string }).namespace ?? 'default')))];
    return own.includes('istio-system') && selected.length ? [...new Set([...own, ...selected])] : own;
  }, [objects, selected]);
  const { impact, graph, config, durationSeconds } = useImpact(
    kindSupported ? namespaces : [],
    list,
    workloads,
    services,
  );
  if (!kindSupported) return null;
  const window = durationSeconds >= 60 ? `${Math.round(durationSeconds / 60)} min` : `${durationSeconds} s`;
  return (
    <section className={styles.panel} data-testid={sel.istio.impact} aria-live="polite">
      <h2>Impact on observed traffic (last {window})</h2>
      {graph.isError || config.isError ? (
        <p className={styles.note}>
          Traffic data unavailable ({(graph.error ?? config.error)?.message}); the impact cannot be previewed.
        </p>
      ) : !impact ? (
        <p className={styles.note}>Evaluating against the traffic graph…</p>
      ) : impact.length === 0 ? (
        <p className={styles.note} data-impact="none">
          No observed edge would be denied, broken or rerouted by this change.
        </p>
      ) : (
        <>
          <table className={styles.impactTable}>
            <thead>
              <tr>
                <th>Effect</th>
                <th>Source</th>
                <th>Destination</th>
                <th className="num">Affected</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {impact.map((e, i) => (
                <tr key={i} data-testid={sel.istio.impactEdge(e.source, e.destination)} data-effect={e.effect}>
                  <td className={EFFECT_CLASS[e.effect]}>{EFFECT_LABEL[e.effect]}</td>
                  <td>{e.source}</td>
                  <td>{e.destination}</td>
                  <td className="num">{affected(e)}</td>
                  <td className="muted">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <MiniGraph impact={impact} />
        </>
      )}
    </section>
  );
}
