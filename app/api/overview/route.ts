import { overviewRoute } from '@/lib/server/mesh/overview-route';

export const dynamic = 'force-dynamic';

/** GET /api/overview?namespaces=a,b — the overview's namespace cards and mesh components; see lib/server/mesh/overview-route.ts. */
export const GET = overviewRoute();
