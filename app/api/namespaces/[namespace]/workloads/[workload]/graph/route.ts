import { graphRoute } from '@/lib/api/graph-route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/graph — Kiali's graph API; see lib/api/graph-route.ts. */
export const GET = graphRoute();
