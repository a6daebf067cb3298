'use client';
import { useMemo } from 'react';
import { formatBytesRate, formatRate } from '@/components/format';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import type { ImpactEdge, ImpactEffect, ImpactNote, ImpactService } from '@/lib/istio/impact';
import { useGlobalParams } from '@/lib/query/global-params';
import { useImpact, type Change } from './impact-data';
import styles from './istio.module.css';

const EFFECT_LABEL: Record<ImpactEffect, string> = {
  deny: 'Denied',
  'maybe-deny': 'Partly denied',
  allow: 'Allowed again',
  break: 'Breaks',
  abort: 'Aborted (fault)',
  delay: 'Delayed (fault)',
  timeout: 'Timeout',
  retry: 'Retries',
  reroute: 'Rerouted',
};
const EFFECT_CLASS: Record<ImpactEffect, string | undefined> = {
  deny: styles.effectDeny,
  'maybe-deny': styles.effectReroute,
  allow: styles.badgeValid,
  break: styles.effectBreak,
  abort: styles.effectBreak,
  delay: styles.effectReroute,
  timeout: styles.effectReroute,
  retry: styles.effectReroute,
  reroute: styles.effectReroute,
};
const EFFECT_COLOR: Record<ImpactEffect, string> = {
  deny: '#c9190b',
  'maybe-deny': '#f0ab00',
  allow: '#3e8635',
  break: '#c9190b',
  abort: '#c9190b',
  delay: '#f0ab00',
  timeout: '#f0ab00',
  retry: '#f0ab00',
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

/**
 * Columns of the mini graph sized to its labels (12 px text, about 7 px per character), so long names such as
 * `istio-system/istio-ingressgateway` are not clipped at the edge of the drawing.
 */
export function miniGraphLayout(sources: string[], targets: string[]): { x1: number; x2: number; width: number } {
  const charPx = 7;
  const longest = (l: string[]) => Math.max(0, ...l.map((s) => s.length)) * charPx;
  const x1 = 16 + longest(sources);
  const x2 = x1 + 260;
  return { x1, x2, width: x2 + 16 + longest(targets) };
}

/** A small two-column graph of the affected edges: callers left, destinations right, coloured by effect. */
function MiniGraph({ impact }: { impact: ImpactEdge[] }) {
  const sources = [...new Set(impact.map((e) => e.source))];
  const targets = [...new Set(impact.map((e) => e.destination))];
  const rowH = 34;
  const height = Math.max(sources.length, targets.length) * rowH + 16;
  const y = (i: number, n: number) => 8 + (height - 16) * ((i + 0.5) / n);
  const { x1, x2, width } = miniGraphLayout(sources, targets);
  return (
    <svg
      className={styles.miniGraph}
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMinYMin meet"
      role="img"
      aria-label="Affected edges"
    >
      {impact.map((e, i) => {
        const y1 = y(sources.indexOf(e.source), sources.length);
        const y2 = y(targets.indexOf(e.destination), targets.length);
        return (
          <line
            key={i}
            x1={x1}
            y1={y1}
            x2={x2}
            y2={y2}
            stroke={EFFECT_COLOR[e.effect]}
            strokeWidth={1.5 + Math.min(4, Math.log1p(e.affectedRate))}
            strokeDasharray={e.effect === 'maybe-deny' ? '6 4' : undefined}
          />
        );
      })}
      {sources.map((s, i) => (
        <g key={s}>
          <circle cx={x1} cy={y(i, sources.length)} r={6} fill="#fff" stroke="#151515" />
          <text x={x1 - 10} y={y(i, sources.length) + 4} textAnchor="end" fontSize={12}>
            {s}
          </text>
        </g>
      ))}
      {targets.map((t, i) => (
        <g key={t}>
          <circle cx={x2} cy={y(i, targets.length)} r={6} fill="#fff" stroke="#151515" />
          <text x={x2 + 10} y={y(i, targets.length) + 4} fontSize={12}>
            {t}
          </text>
        </g>
      ))}
    </svg>
  );
}

const NOTE_TITLE: Record<ImpactNote['kind'], string> = {
  'not-enforced': 'Enforces nothing',
  'l7-at-ztunnel': 'HTTP rules at ztunnel',
  'selector-behind-waypoint': 'Ignored by the waypoint',
  'mtls-disable-ignored': 'DISABLE ignored in ambient',
  'route-at-waypoint': 'Enforced by the waypoint',
  'route-not-enforced': 'Not enforced for ambient clients',
};

/** Remarks no edge shows (ambient: where the policy is enforced, or that nothing enforces it). */
function Notes({ notes }: { notes: ImpactNote[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className={styles.note}>
      {notes.map((n, i) => (
        <li key={i} data-testid={sel.istio.impactNote(n.kind)}>
          <strong>{NOTE_TITLE[n.kind]}</strong> ({n.object}): {n.detail}
        </li>
      ))}
    </ul>
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
  const { impact, notes, graph, config, durationSeconds } = useImpact(
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
      <Notes notes={notes} />
      {graph.isError || config.isError ? (
        <p className={styles.note}>
          Traffic data unavailable ({(graph.error ?? config.error)?.message}); the impact cannot be previewed.
        </p>
      ) : !impact ? (
        <p className={styles.note}>Evaluating against the traffic graph…</p>
      ) : impact.length === 0 ? (
        <p className={styles.note} data-impact="none">
          No observed edge would be denied, broken, rerouted, delayed, aborted or retried by this change.
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
