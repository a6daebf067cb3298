import 'server-only';
import { getConfig } from '@/lib/config';
import { createPrometheusClient, type PrometheusClient } from './client';

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
