import 'server-only';
import { getConfig, type MeshscopeConfig } from '@/lib/config';
import { requestSignal } from '@/lib/config/request-deadline';
import { createQueryCache, type QueryCache } from '@/lib/graph/query-cache';
import { createPrometheusClient, type PromSample, type PrometheusClient } from './client';
import { createRecordedSeriesDetector, type RecordedSeriesDetector } from './recorded-series';

interface Shared {
  cfg: MeshscopeConfig['prometheus'];
  client: PrometheusClient;
  queries: QueryCache;
  recorded: RecordedSeriesDetector;
}

const SHARED = Symbol.for('meshscope.prometheus.shared');

/** The client and query cache of the current config (rebuilt when the config is reloaded, as tests do). */
function shared(): Shared {
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  const cfg = getConfig().prometheus;
  if (g[SHARED]?.cfg !== cfg) {
    const client = createPrometheusClient(cfg);
    const recorded = createRecordedSeriesDetector((q, signal) => client.instantQuery(q, undefined, { signal }));
    g[SHARED] = { cfg, client, queries: createQueryCache({ ttlMs: 5_000 }), recorded };
  }
  return g[SHARED];
}

/**
 * The process-wide Prometheus client built from the config (server only). Kept on `globalThis` so every route bundle
 * shares one client, and with it one bound on concurrent queries (PROMETHEUS_CONCURRENCY) and one queue.
 */
export function getPrometheusClient(): PrometheusClient {
  return shared().client;
}

/**
 * The graph metrics with recorded series on the store (lib/prometheus/recorded-series.ts: probed once a minute,
 * shared by every request); empty when PROMETHEUS_RECORDING_RULES=off.
 */
export async function recordedGraphMetrics(signal?: AbortSignal): Promise<ReadonlySet<string>> {
  const { cfg, recorded } = shared();
  return cfg.recordingRules === 'off' ? new Set() : recorded.get(signal);
}

/**
 * The process-wide cache of instant queries (lib/graph/query-cache.ts): identical PromQL at the same time in flight or
 * answered within 5 s is sent once, for the graph and the health batches alike (DESIGN.md "Performance").
 */
export function sharedQueryCache(): QueryCache {
  return shared().queries;
}

/**
 * `instantQuery` through the shared cache: the current request waits until its signal aborts, and the query is
 * cancelled once no request waits for it.
 * @throws MeshscopeError as PrometheusClient.instantQuery, or the request signal's reason
 */
export async function sharedInstantQuery(promql: string, timeSec: number): Promise<PromSample[]> {
  const { client, queries } = shared();
  const query = (q: string, t: number, signal?: AbortSignal) => client.instantQuery(q, t, { signal });
  const { samples } = await queries.run(query, promql, timeSec, requestSignal());
  return samples;
}
