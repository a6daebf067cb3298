import { overviewMetricsRoute } from '@/lib/api/mesh-overview';

export const dynamic = 'force-dynamic';

/** GET /api/overview/metrics?namespaces=a,b&duration=600 — request-rate sparklines; see lib/api/mesh-overview.ts. */
export const GET = overviewMetricsRoute();
