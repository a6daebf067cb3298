import 'server-only';
import { getConfig } from '@/lib/config';
import { requestSignal } from '@/lib/config/request-deadline';
import { createQueryCache, type QueryCache } from '@/lib/graph/query-cache';
import { createPrometheusClient, type PromSample, type PrometheusClient } from './client';

const CLIENT = Symbol.for('meshscope.prometheus.client');

/**
 * The process-wide Prometheus client built from the config (server only). Kept on `globalThis` so every route bundle
 * shares one client, and with it one bound on concurrent queries (PROMETHEUS_CONCURRENCY) and one queue.
 */
export function getPrometheusClient(): PrometheusClient {
  const g = globalThis as unknown as Record<symbol, PrometheusClient | undefined>;
  g[CLIENT] ??= createPrometheusClient(getConfig().prometheus);
  return g[CLIENT];
}

const QUERIES = Symbol.for('meshscope.prometheus.sharedQueries');

/**
 * The process-wide cache of instant queries (lib/graph/query-cache.ts): identical PromQL at the same time in flight or
 * answered within 5 s is sent once, for the graph and the health batches alike (DESIGN.md "Performance").
 */
export function sharedQueryCache(): QueryCache {
  const g = globalThis as unknown as Record<symbol, QueryCache | undefined>;
  g[QUERIES] ??= createQueryCache({ ttlMs: 5_000 });
  return g[QUERIES];
}

/**
 * `instantQuery` through the shared cache: the current request waits until its signal aborts, and the query is
 * cancelled once no request waits for it.
 * @throws MeshscopeError as PrometheusClient.instantQuery, or the request signal's reason
 */
export async function sharedInstantQuery(promql: string, timeSec: number): Promise<PromSample[]> {
  const client = getPrometheusClient();
  const { samples } = await sharedQueryCache().run((q, t, signal) => client.instantQuery(q, t, { signal }), promql, timeSec, requestSignal());
  return samples;
}
