import 'server-only';
import { getConfig } from '@/lib/config';
import { createPrometheusClient, type PrometheusClient } from './client';

let client: PrometheusClient | undefined;

/** The process-wide Prometheus client built from the config (server only). */
export function getPrometheusClient(): PrometheusClient {
  client ??= createPrometheusClient(getConfig().prometheus);
  return client;
}
