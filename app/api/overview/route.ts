import { overviewRoute } from '@/lib/api/mesh-overview';

export const dynamic = 'force-dynamic';

/** GET /api/overview?namespaces=a,b — the overview's namespace cards and mesh components; see lib/api/mesh-overview.ts. */
export const GET = overviewRoute();
