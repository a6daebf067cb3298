import { tracesRoute } from '@/lib/server/mesh/traces-route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/traces — Kiali's traces API; see lib/server/mesh/traces-route.ts. */
export const GET = tracesRoute('workloads');
