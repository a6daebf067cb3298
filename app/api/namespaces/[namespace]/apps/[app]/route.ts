import { detailRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/apps/{app} — the app's detail model; see lib/server/mesh/routes.ts `detailRoute`. */
export const GET = detailRoute('apps');
