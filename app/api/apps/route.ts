import { listRoute } from '@/lib/server/mesh/routes';

export const dynamic = 'force-dynamic';

/** GET /api/apps?namespaces=a,b&health=true — Applications list rows; see lib/server/mesh/routes.ts `listRoute`. */
export const GET = listRoute('apps');
