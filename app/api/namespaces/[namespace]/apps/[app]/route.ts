import { detailRoute } from '@/lib/api/mesh-routes';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/apps/{app} — the app's detail model; see lib/api/mesh-routes.ts `detailRoute`. */
export const GET = detailRoute('apps');
