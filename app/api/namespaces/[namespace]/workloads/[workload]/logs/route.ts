import { logsRoute } from '@/lib/server/mesh/traces-route';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/logs — container logs; see lib/server/mesh/traces-route.ts `logsRoute`. */
export const GET = logsRoute();
