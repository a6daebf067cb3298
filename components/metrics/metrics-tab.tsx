'use client';
import { sel } from '@/components/test-ids';
import { fieldBinder } from '@/components/ui/bind-field';
import { optionsOf, Select } from '@/components/ui/select';
import { QueryStates } from '@/components/ui/states';
import { DURATIONS, shortDuration, useGlobalParams } from '@/lib/query/global-params';
import { useObjectMetrics } from '@/lib/query/mesh';
import { useSearchParamSetter } from '@/lib/query/search-param';
import type { MeshKind } from '@/lib/contracts/mesh';
import { CHARTS, chartData, GROUP_BY, metricsParams, type MetricsChoices } from './metrics-model';
import { MetricChart } from './metric-chart';
import styles from './metrics.module.css';

const STEPS = [0, 15, 30, 60, 300, 600];
const REPORTERS = ['source', 'destination', 'waypoint', 'both'] as const;
const REPORTER_OPTIONS = optionsOf(REPORTERS, (r) => `${r[0]!.toUpperCase()}${r.slice(1)}`);

/** The toolbar choices in the URL: `reporter`, `by`, `mduration` (else the page's time range), `step`. */
function useChoices(direction: 'inbound' | 'outbound') {
  const { search, set } = useSearchParamSetter();
  const { durationSeconds } = useGlobalParams();
  const reporterRaw = search.get('reporter');
  const choices: MetricsChoices = {
    direction,
    reporter: (REPORTERS as readonly string[]).includes(reporterRaw ?? '')
      ? (reporterRaw as MetricsChoices['reporter'])
      : direction === 'inbound'
        ? 'destination'
        : 'source',
    groupBy: GROUP_BY[direction].some((g) => g.value === search.get('by')) ? (search.get('by') ?? '') : '',
    durationSeconds: DURATIONS.some((d) => d.value === Number(search.get('mduration')))
      ? Number(search.get('mduration'))
      : durationSeconds,
    stepSeconds: Number(search.get('step')) > 0 ? Number(search.get('step')) : null,
  };
  return { choices, set };
}

/** What the charts area says while loading and on failures. */
const METRICS_STATES = {
  loading: 'Loading metrics…',
  errorTitle: 'Metrics unavailable',
  staleTitle: 'Metrics could not be refreshed (showing the last answer)',
};

/**
 * Inbound or Outbound Metrics (Kiali's dashboards): request volume and errors, duration avg/p50/p95/p99, request and
 * response sizes, TCP bytes and connections; toggles for reporter, grouping label, duration and step (in the URL).
 * One metrics request per refresh; a failure is a named error in place of the charts.
 */
export function MetricsTab({
  kind,
  namespace,
  name,
  direction,
}: {
  kind: MeshKind;
  namespace: string;
  name: string;
  direction: 'inbound' | 'outbound';
}) {
  const { refreshMs } = useGlobalParams();
  const { choices, set } = useChoices(direction);
  const metrics = useObjectMetrics(kind, namespace, name, metricsParams(choices), refreshMs);
  const hasTcp =
    !!metrics.data &&
    ['tcp_sent', 'tcp_received', 'tcp_opened'].some((m) =>
      (metrics.data?.[m] ?? []).some((s) => s.datapoints.length > 0),
    );
  const hasHttp = !!metrics.data && (metrics.data.request_count ?? []).some((s) => s.datapoints.length > 0);
  const charts = CHARTS.filter((c) => !c.tcp || hasTcp || !hasHttp);
  const d = choices.durationSeconds;
  const steps = STEPS.filter((s) => s === 0 || (s <= d / 2 && s >= d / 11000));
  const stepOptions = optionsOf(steps, (s) => (s ? shortDuration(s) : 'Auto'));
  const values = { reporter: choices.reporter, by: choices.groupBy, mduration: d, step: choices.stepSeconds ?? 0 };
  const select = fieldBinder(styles.select, values, (key, v) => set(key, v, key === 'step' ? '0' : ''));
  return (
    <div>
      <div className={styles.toolbar} data-testid={sel.mesh.metricsToolbar}>
        <Select label="Reporter" testId={sel.mesh.metricsReporter} options={REPORTER_OPTIONS} {...select('reporter')} />
        <Select label="Group by" testId={sel.mesh.metricsGroupBy} options={GROUP_BY[direction]} {...select('by')} />
        <Select label="Duration" testId={sel.mesh.metricsDuration} options={DURATIONS} {...select('mduration')} />
        <Select label="Step" testId={sel.mesh.metricsStep} options={stepOptions} {...select('step')} />
        {metrics.isFetching && <span className={styles.small}>updating…</span>}
      </div>
      <QueryStates query={metrics} {...METRICS_STATES}>
        {(data) => (
          <div className={styles.grid}>
            {charts.map((spec) => (
              <MetricChart key={spec.id} spec={spec} data={chartData(data, spec, choices.groupBy)} />
            ))}
          </div>
        )}
      </QueryStates>
    </div>
  );
}
