/**
 * Route handlers of the overview page: the namespace cards (`/api/overview`) and their request-rate sparklines
 * (`/api/overview/metrics`). Separate so a slow or failing range query only blanks the sparklines.
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { handle, json } from '@/lib/server/http/respond';
import { logger } from '@/lib/log';
import { loadMeshContext } from '@/lib/server/mesh/context';
import { meshComponents, overviewMetricsQueries, overviewNamespaces } from '@/lib/server/mesh/overview';
import { readPods } from '@/lib/server/mesh/pods';
import type { OverviewMetrics, OverviewResponse, PodDetail } from '@/lib/contracts/mesh';
import { getInventory } from '@/lib/k8s/inventory';
import { namespacesToRead } from '@/lib/k8s/model';
import { parseDuration } from '@/lib/promql/index';
import { getPrometheusClient } from '@/lib/prometheus/server';
import { parseHealthRateInterval, parseNamespaces } from './params';

/**
 * `GET /api/overview?namespaces=a,b&rateInterval=60s` — one card per namespace (all when none given): counts of apps,
 * workloads and services by health status (one batch of three PromQL queries for all namespaces), the worst objects,
 * mTLS mode from PeerAuthentications, validation counts of its Istio config; plus istiod and the gateways of the
 * Istio namespace. `errors.prometheus` / `errors.validation` name a failing part while the rest is answered.
 * Errors: 400; 503/504/403 from Kubernetes.
 */
export function overviewRoute() {
  return handle(async (req: NextRequest) => {
    const search = req.nextUrl.searchParams;
    const cfg = getConfig();
    const ctx = await loadMeshContext({
      namespaces: parseNamespaces(search),
      health: true,
      validate: true,
      rateIntervalSeconds: parseHealthRateInterval(search.get('rateInterval')),
    });
    let controlPlanePods: PodDetail[] = [];
    try {
      controlPlanePods = await readPods(
        cfg.istioNamespace,
        ctx.inventory.workloads.filter((w) => w.namespace === cfg.istioNamespace).map((w) => w.labels),
      );
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'overview: control-plane pods unreadable; versions from labels');
    }
    const body: OverviewResponse = {
      namespaces: overviewNamespaces(ctx),
      components: meshComponents(ctx.inventory, cfg.istioNamespace, controlPlanePods),
      istioNamespace: cfg.istioNamespace,
      rateIntervalSeconds: ctx.rateIntervalSeconds,
      errors: ctx.errors,
    };
    return json(body);
  });
}

/**
 * `GET /api/overview/metrics?namespaces=a,b&duration=600&rateInterval=60s` — per namespace, requests and errors per
 * second into its services over the last `duration` (two range queries for all namespaces, ~60 points):
 * `{ stepSeconds, namespaces: { [ns]: { requestsPerSecond: [[unixSec, v]], errorsPerSecond } } }`. A namespace
 * without traffic has empty series (shown as "–"). Errors: 400; 503/504 from Prometheus.
 */
export function overviewMetricsRoute() {
  return handle(async (req: NextRequest) => {
    const search = req.nextUrl.searchParams;
    const cfg = getConfig();
    const durationSeconds = parseDuration(search.get('duration') ?? '600', {
      maxSeconds: cfg.prometheus.retentionSeconds,
      minSeconds: 60,
    });
    const rateIntervalSeconds = parseHealthRateInterval(search.get('rateInterval'));
    const namespaces = namespacesToRead(await getInventory([]), parseNamespaces(search));
    const stepSeconds = Math.max(5, Math.round(durationSeconds / 60));
    const body: OverviewMetrics = {
      stepSeconds,
      namespaces: Object.fromEntries(namespaces.map((n) => [n, { requestsPerSecond: [], errorsPerSecond: [] }])),
    };
    if (namespaces.length === 0) return json(body);
    const end = Math.floor(Date.now() / 1000 / stepSeconds) * stepSeconds;
    const q = overviewMetricsQueries(namespaces, rateIntervalSeconds);
    const prom = getPrometheusClient();
    const [requests, errors] = await Promise.all([
      prom.rangeQuery(q.requests, end - durationSeconds, end, stepSeconds),
      prom.rangeQuery(q.errors, end - durationSeconds, end, stepSeconds),
    ]);
    const fill = (series: typeof requests, key: 'requestsPerSecond' | 'errorsPerSecond') => {
      for (const s of series) {
        const target = body.namespaces[s.metric.destination_service_namespace ?? ''];
        if (target) target[key] = s.values.filter((v) => Number.isFinite(v.value)).map((v) => [v.timeSec, v.value]);
      }
    };
    fill(requests, 'requestsPerSecond');
    fill(errors, 'errorsPerSecond');
    return json(body);
  });
}
