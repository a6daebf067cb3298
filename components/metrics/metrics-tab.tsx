'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { sel } from '@/components/test-ids';
import { ErrorState } from '@/components/ui/states';
import { DURATIONS, useGlobalParams } from '@/lib/query/global-params';
import { useObjectMetrics } from '@/lib/query/mesh';
import type { MeshKind } from '@/lib/contracts/mesh';
import { CHARTS, chartData, GROUP_BY, metricsParams, type MetricsChoices } from './metrics-model';
import { MetricChart } from './metric-chart';
import styles from './metrics.module.css';

const STEPS = [0, 15, 30, 60, 300, 600];
const REPORTERS = ['source', 'destination', 'both'] as const;

/** The toolbar choices in the URL: `reporter`, `by`, `mduration` (else the page's time range), `step`. */
function useChoices(direction: 'inbound' | 'outbound') {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { durationSeconds } = useGlobalParams();
  const reporterRaw = search.get('reporter');
  const choices: MetricsChoices = {
    direction,
    reporter: (REPORTERS as readonly string[]).includes(reporterRaw ?? '') ? (reporterRaw as MetricsChoices['reporter']) : direction === 'inbound' ? 'destination' : 'source',
    groupBy: GROUP_BY[direction].some((g) => g.value === search.get('by')) ? (search.get('by') ?? '') : '',
    durationSeconds: DURATIONS.some((d) => d.value === Number(search.get('mduration'))) ? Number(search.get('mduration')) : durationSeconds,
    stepSeconds: Number(search.get('step')) > 0 ? Number(search.get('step')) : null,
  };
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  return { choices, set };
}

/**
 * Inbound or Outbound Metrics (Kiali's dashboards): request volume and errors, duration avg/p50/p95/p99, request and
 * response sizes, TCP bytes and connections; toggles for reporter, grouping label, duration and step (in the URL).
 * One metrics request per refresh; a failure is a named error in place of the charts.
 */
export function MetricsTab({ kind, namespace, name, direction }: { kind: MeshKind; namespace: string; name: string; direction: 'inbound' | 'outbound' }) {
  const { refreshMs } = useGlobalParams();
  const { choices, set } = useChoices(direction);
  const metrics = useObjectMetrics(kind, namespace, name, metricsParams(choices), refreshMs);
  const hasTcp = !!metrics.data && ['tcp_sent', 'tcp_received', 'tcp_opened'].some((m) => (metrics.data?.[m] ?? []).some((s) => s.datapoints.length > 0));
  const hasHttp = !!metrics.data && (metrics.data.request_count ?? []).some((s) => s.datapoints.length > 0);
  const charts = CHARTS.filter((c) => !c.tcp || hasTcp || !hasHttp);
  return (
    <div>
      <div className={styles.toolbar} data-testid={sel.mesh.metricsToolbar}>
        <label>
          Reporter
          <select className={styles.select} value={choices.reporter} onChange={(e) => set('reporter', e.target.value)} data-testid={sel.mesh.metricsReporter}>
            <option value="source">Source</option>
            <option value="destination">Destination</option>
            <option value="both">Both</option>
          </select>
        </label>
        <label>
          Group by
          <select className={styles.select} value={choices.groupBy} onChange={(e) => set('by', e.target.value)} data-testid={sel.mesh.metricsGroupBy}>
            {GROUP_BY[direction].map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Duration
          <select className={styles.select} value={choices.durationSeconds} onChange={(e) => set('mduration', e.target.value)} data-testid={sel.mesh.metricsDuration}>
            {DURATIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Step
          <select className={styles.select} value={choices.stepSeconds ?? 0} onChange={(e) => set('step', e.target.value === '0' ? '' : e.target.value)} data-testid={sel.mesh.metricsStep}>
            {STEPS.filter((s) => s === 0 || (s <= choices.durationSeconds / 2 && s >= choices.durationSeconds / 11000)).map((s) => (
              <option key={s} value={s}>
                {s === 0 ? 'Auto' : s < 60 ? `${s}s` : `${s / 60}m`}
              </option>
            ))}
          </select>
        </label>
        {metrics.isFetching && <span className={styles.small}>updating…</span>}
      </div>
      {metrics.isPending ? (
        <p className="muted">Loading metrics…</p>
      ) : metrics.isError && !metrics.data ? (
        <ErrorState title="Metrics unavailable" error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : (
        <>
          {metrics.isError && <ErrorState title="Metrics could not be refreshed (showing the last answer)" error={metrics.error} onRetry={() => void metrics.refetch()} />}
          <div className={styles.grid}>
            {charts.map((spec) => (
              <MetricChart key={spec.id} spec={spec} data={chartData(metrics.data ?? {}, spec, choices.groupBy)} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
