import 'server-only';
import { RECORDED_PREFIX } from '@/lib/graph/queries';
import { RECORDABLE_METRICS } from '@/lib/graph/recording-rules';
import { createSharedCache, type SharedCache } from '@/lib/graph/query-cache';
import { escapeRegex } from '@/lib/promql/index';
import type { PromSample } from './client';

/**
 * Which of the graph's metrics have recorded series on the store (Istio's "Using Prometheus for production-scale
 * monitoring" recording rules, `workload:<metric>`; deploy/kubernetes/components/recording-rules/recording-rules.yaml). One cheap probe, an
 * instant query counting the recorded series by name at the current time:
 * `count by (metric) (label_replace({__name__=~"workload:(istio_requests_total|…)"}, "metric", "$1", "__name__", …))`
 * (the name goes through `label_replace` because the client keeps only a series' labels). The answer is kept for
 * `ttlMs` (default 60 s) and shared by every request; a failed probe is not kept and means "none" (the raw
 * metrics), so a store that cannot answer it still serves the graph.
 */
export interface RecordedSeriesDetector {
  /** The raw metric names whose `workload:` series exist (empty when none, or when the probe failed). */
  get(signal?: AbortSignal): Promise<ReadonlySet<string>>;
}

/** The probe's PromQL. */
export function recordedSeriesProbe(): string {
  const names = [...RECORDABLE_METRICS].map(escapeRegex).join('|');
  const prefix = escapeRegex(RECORDED_PREFIX);
  return `count by (metric) (label_replace({__name__=~"${prefix}(${names})"}, "metric", "$1", "__name__", "${prefix}(.+)"))`;
}

/**
 * A detector over `query` (an instant query at the current time).
 * @param now clock in ms (tests)
 */
export function createRecordedSeriesDetector(
  query: (promql: string, signal?: AbortSignal) => Promise<PromSample[]>,
  options: { ttlMs?: number; now?: () => number } = {},
): RecordedSeriesDetector {
  const cache: SharedCache<{ metrics: ReadonlySet<string> }> = createSharedCache({
    ttlMs: options.ttlMs ?? 60_000,
    maxEntries: 1,
    now: options.now,
  });
  const probe = recordedSeriesProbe();
  return {
    async get(signal) {
      try {
        const { value } = await cache.get(
          'probe',
          async (s) => {
            const rows = await query(probe, s);
            const metrics = new Set<string>();
            for (const r of rows) {
              const m = r.metric.metric;
              if (m && RECORDABLE_METRICS.has(m) && r.value > 0) metrics.add(m);
            }
            return { metrics };
          },
          signal,
        );
        return value.metrics;
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        void err; // the probe failed: read the raw metrics (the graph's own queries report the store's state)
        return new Set();
      }
    },
  };
}
