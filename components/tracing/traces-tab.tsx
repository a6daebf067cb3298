'use client';
import { useState } from 'react';
import { sel } from '@/components/test-ids';
import { fieldBinder } from '@/components/ui/bind-field';
import { Checkbox } from '@/components/ui/checkbox';
import { optionsOf, Select } from '@/components/ui/select';
import { QueryStates } from '@/components/ui/states';
import { useGlobalParams } from '@/lib/query/global-params';
import { useTraces, type TraceFilters } from '@/lib/query/mesh';
import type { MeshKind } from '@/lib/contracts/mesh';
import { TraceList } from './trace-list';
import { TraceScatter } from './trace-scatter';
import { TraceView } from './trace-view';
import { aboveByPercentile, PERCENTILES } from './traces-model';
import styles from './tracing.module.css';

const LIMIT_OPTIONS = optionsOf([20, 50, 100, 200, 500], (l) => `${l} traces`);
const PERCENTILE_OPTIONS = optionsOf(PERCENTILES, (p) => (p === 0 ? 'All' : `≥ p${p}`));

/** What the traces area says while loading and on Jaeger failures. */
const TRACES_STATES = {
  loading: 'Loading traces…',
  errorTitle: 'Traces unavailable (Jaeger)',
  staleTitle: 'Traces could not be refreshed (Jaeger)',
};

/**
 * The Traces tab (Kiali's tracing page for an object): filters (limit, minimum duration, errors only, percentile of
 * the loaded durations), a duration-over-time scatter with errors in red, the trace list, and the selected trace's
 * span waterfall. A Jaeger failure is a named error here; the other tabs keep working.
 */
export function TracesTab({ kind, namespace, name }: { kind: MeshKind; namespace: string; name: string }) {
  const { durationSeconds, refreshMs } = useGlobalParams();
  const [filters, setFilters] = useState<TraceFilters>({ limit: 100, minDurationMs: null, errorsOnly: false });
  const [minInput, setMinInput] = useState('');
  const [pct, setPct] = useState(0);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const traces = useTraces(kind, namespace, name, durationSeconds, filters, refreshMs);
  const shown = traces.data ? aboveByPercentile(traces.data.traces, pct) : [];
  const selected =
    shown.find((t) => t.traceId === selectedId) ?? traces.data?.traces.find((t) => t.traceId === selectedId) ?? null;
  const applyMin = () => {
    const v = Number(minInput);
    setFilters((f) => ({ ...f, minDurationMs: minInput.trim() && Number.isFinite(v) && v > 0 ? v : null }));
  };
  const select = fieldBinder(styles.select, { limit: filters.limit, pct }, (key, v) =>
    key === 'pct' ? setPct(Number(v)) : setFilters((f) => ({ ...f, limit: Number(v) })),
  );
  return (
    <div>
      <div className={styles.filters} data-testid={sel.mesh.tracesFilters}>
        <Select label="Limit" testId={sel.mesh.tracesLimit} options={LIMIT_OPTIONS} {...select('limit')} />
        <label>
          Min duration (ms)
          <input
            className={styles.input}
            type="number"
            min={0}
            value={minInput}
            onChange={(e) => setMinInput(e.target.value)}
            onBlur={applyMin}
            onKeyDown={(e) => e.key === 'Enter' && applyMin()}
            data-testid={sel.mesh.tracesMinDuration}
          />
        </label>
        <Checkbox
          label="Errors only"
          checked={filters.errorsOnly}
          onChange={(errorsOnly) => setFilters((f) => ({ ...f, errorsOnly }))}
          testId={sel.mesh.tracesErrorsOnly}
        />
        <Select
          label="Percentile"
          title="Of the loaded traces' durations"
          testId={sel.mesh.tracesPercentile}
          options={PERCENTILE_OPTIONS}
          {...select('pct')}
        />
        {traces.data && (
          <span className={styles.small}>
            {shown.length} of {traces.data.traces.length} traces of <span className="mono">{traces.data.service}</span>{' '}
            (Jaeger {traces.data.api})
          </span>
        )}
        {traces.isFetching && <span className={styles.small}>updating…</span>}
      </div>
      <QueryStates query={traces} {...TRACES_STATES}>
        {(data) => (
          <>
            {shown.length === 0 ? (
              <p className="muted" data-testid={sel.mesh.tracesList} data-empty="true">
                – No traces in this time range{filters.errorsOnly ? ' with errors' : ''}.
              </p>
            ) : (
              <>
                <div className={styles.panel}>
                  <TraceScatter traces={shown} selectedId={selectedId} onSelect={setSelectedId} />
                </div>
                <div className={styles.panel}>
                  <TraceList traces={shown} selectedId={selectedId} onSelect={setSelectedId} />
                </div>
              </>
            )}
            {selected && <TraceView summary={selected} externalUrl={data.externalUrl} />}
          </>
        )}
      </QueryStates>
    </div>
  );
}
