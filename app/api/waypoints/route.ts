import { waypointsRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/waypoints?namespaces=a,b — ambient waypoints and what they serve; see lib/server/mesh/routes.ts. */
export const GET = waypointsRoute();
