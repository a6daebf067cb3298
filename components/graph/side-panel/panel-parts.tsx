'use client';
import type { ReactNode } from 'react';
import type { HealthData, WorkloadStatus } from '@/lib/health/types';
import { DASH, formatPercent, formatRate } from '@/components/format';
import { COLORS } from '../styles';

/** A titled block of the side panel. */
export function PanelSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="graph-panel-section">
      <h4>{title}</h4>
      {children}
    </section>
  );
}

/** Label/value rows (a `<dl>`); null values render as "–". */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts graph-facts">
      {rows.map(([k, v]) => (
        <div key={k} className="graph-fact">
          <dt>{k}</dt>
          <dd>{v ?? DASH}</dd>
        </div>
      ))}
    </dl>
  );
}

const STATUS_COLOR: Record<string, string> = {
  Healthy: COLORS.healthy,
  Degraded: COLORS.degraded,
  Failure: COLORS.failure,
  'Not Ready': COLORS.na,
  NA: COLORS.na,
};

function workloadStatuses(h: HealthData): WorkloadStatus[] {
  if ('workloadStatuses' in h) return h.workloadStatuses ?? [];
  if ('workloadStatus' in h && h.workloadStatus) return [h.workloadStatus];
  return [];
}

/** Why a node has its health: request error ratio and pod availability (Kiali's health reasons). */
export function healthReasons(h: HealthData | null): string[] {
  if (!h) return [];
  const reasons: string[] = [];
  const s = h.status;
  if (s?.ratioOf && s.errorRatio >= 0 && s.ratioOf.requestRate > 0) {
    // the ratio's own base: one direction and protocol (a service's requests pass in and out: summing both
    // directions, Kiali's totalRequestRate, would count them twice)
    const { direction, protocol, requestRate } = s.ratioOf;
    reasons.push(
      `${formatPercent(s.errorRatio)} of ${formatRate(requestRate)} ${direction} ${protocol.toUpperCase()} are errors`,
    );
  } else if (s && s.errorRatio >= 0 && s.totalRequestRate > 0) {
    reasons.push(`${formatPercent(s.errorRatio)} of ${formatRate(s.totalRequestRate)} (in and out) are errors`);
  }
  for (const w of workloadStatuses(h)) {
    const pods = `${w.name}: ${w.availableReplicas}/${w.desiredReplicas} pods available`;
    const proxies =
      w.syncedProxies >= 0 && w.syncedProxies < w.desiredReplicas ? `, ${w.syncedProxies} proxies synced` : '';
    reasons.push(pods + proxies);
  }
  return reasons;
}

/** Health status with a coloured dot and its reasons; missing health reads "No health data", never Healthy. */
export function HealthLine({ health, idle }: { health: HealthData | null; idle?: boolean }) {
  const status = idle ? 'Idle' : (health?.status?.status ?? 'NA');
  const label = status === 'NA' ? 'No health data' : status;
  const reasons = healthReasons(health);
  return (
    <div className="graph-health">
      <span className="graph-health-status">
        <span className="dot" style={{ background: STATUS_COLOR[status] ?? COLORS.idle }} aria-hidden /> {label}
      </span>
      {reasons.length > 0 && (
        <ul className="graph-health-reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
