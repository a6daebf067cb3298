import { overviewMetricsRoute } from '@/lib/server/mesh/overview-route';

export const dynamic = 'force-dynamic';

/** GET /api/overview/metrics?namespaces=a,b&duration=600 — request-rate sparklines; see lib/server/mesh/overview-route.ts. */
export const GET = overviewMetricsRoute();
