import { detailRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/services/{service} — the service's detail; see lib/server/mesh/routes.ts. */
export const GET = detailRoute('services');
