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
 * metrics), so a store that cannot answer it still serves the graph. Once a probe has answered, a request never waits
 * for the next one: past the TTL it gets the last answer while a probe runs in the background (stale while
 * revalidate; at 10,000 workloads the probe over 75,000 recorded series took 3.5 s of a page's graph request,
 * `npm run bench:graph -- --recording-rules`), and the probe's answer (or "none" if it failed) serves from then on.
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
  const fetchProbe = async (s: AbortSignal) => {
    const rows = await query(probe, s);
    const metrics = new Set<string>();
    for (const r of rows) {
      const m = r.metric.metric;
      if (m && RECORDABLE_METRICS.has(m) && r.value > 0) metrics.add(m);
    }
    return { metrics };
  };
  /** The last probe's answer (null before the first): what a request gets while the next probe runs. */
  let last: ReadonlySet<string> | null = null;
  // a failed probe: read the raw metrics (the graph's own queries report the store's state)
  const none: ReadonlySet<string> = new Set();
  return {
    async get(signal) {
      if (last !== null) {
        // past the TTL this starts the next probe, for the requests to come (no request's signal: none waits for it)
        void cache.get('probe', fetchProbe).then(
          ({ value }) => (last = value.metrics),
          () => (last = none),
        );
        return last;
      }
      try {
        const { value } = await cache.get('probe', fetchProbe, signal);
        return (last = value.metrics);
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        void err;
        return none;
      }
    },
  };
}
