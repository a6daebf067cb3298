import { healthRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/health/namespaces?namespaces=a,b — batched health of every object; see lib/server/mesh/routes.ts. */
export const GET = healthRoute();
