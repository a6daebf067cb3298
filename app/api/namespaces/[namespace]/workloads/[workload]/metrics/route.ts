import { metricsRoute } from '@/lib/server/mesh/metrics-route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/metrics — Kiali's metrics API; see lib/server/mesh/metrics-route.ts. */
export const GET = metricsRoute('workloads', 'workload');
