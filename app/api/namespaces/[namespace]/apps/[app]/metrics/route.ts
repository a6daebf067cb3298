import { metricsRoute } from '@/lib/server/mesh/metrics-route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/apps/{app}/metrics — Kiali's metrics API; see lib/server/mesh/metrics-route.ts. */
export const GET = metricsRoute('apps', 'app');
