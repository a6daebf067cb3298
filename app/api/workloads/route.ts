import { listRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/workloads?namespaces=a,b&health=true — Workloads list rows; see lib/server/mesh/routes.ts `listRoute`. */
export const GET = listRoute('workloads');
