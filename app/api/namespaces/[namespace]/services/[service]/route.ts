import { detailRoute } from '@/lib/api/mesh-routes';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/services/{service} — the service's detail; see lib/api/mesh-routes.ts. */
export const GET = detailRoute('services');
