import { tracesRoute } from '@/lib/api/mesh-traces';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/traces — Kiali's traces API; see lib/api/mesh-traces.ts. */
export const GET = tracesRoute('workloads');
