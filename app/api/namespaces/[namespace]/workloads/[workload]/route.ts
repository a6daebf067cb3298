import { detailRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload} — the workload's detail; see lib/server/mesh/routes.ts. */
export const GET = detailRoute('workloads');
