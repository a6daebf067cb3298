import { graphRoute } from '@/lib/server/graph/route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/applications/{app}/versions/{version}/graph — Kiali's graph API; see lib/server/graph/route.ts. */
export const GET = graphRoute();
