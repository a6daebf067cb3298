import { listRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/services?namespaces=a,b&health=true — Services list rows; see lib/server/mesh/routes.ts `listRoute`. */
export const GET = listRoute('services');
