import { healthRoute } from '@/lib/api/mesh-routes';

export const dynamic = 'force-dynamic';

/** GET /api/health/namespaces?namespaces=a,b — batched health of every object; see lib/api/mesh-routes.ts. */
export const GET = healthRoute();
