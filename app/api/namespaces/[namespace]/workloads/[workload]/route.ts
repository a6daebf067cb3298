import { detailRoute } from '@/lib/api/mesh-routes';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload} — the workload's detail; see lib/api/mesh-routes.ts. */
export const GET = detailRoute('workloads');
