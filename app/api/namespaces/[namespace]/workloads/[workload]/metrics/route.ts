import { metricsRoute } from '@/lib/api/metrics-route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/metrics — Kiali's metrics API; see lib/api/metrics-route.ts. */
export const GET = metricsRoute('workloads', 'workload');
