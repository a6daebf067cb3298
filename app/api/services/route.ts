import { listRoute } from '@/lib/api/mesh-routes';

export const dynamic = 'force-dynamic';

/** GET /api/services?namespaces=a,b&health=true — Services list rows; see lib/api/mesh-routes.ts `listRoute`. */
export const GET = listRoute('services');
