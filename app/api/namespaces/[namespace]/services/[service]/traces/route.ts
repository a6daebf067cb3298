import { tracesRoute } from '@/lib/api/mesh-traces';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/services/{service}/traces — Kiali's traces API; see lib/api/mesh-traces.ts. */
export const GET = tracesRoute('services');
