import { logsRoute } from '@/lib/api/mesh-traces';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/logs — container logs; see lib/api/mesh-traces.ts `logsRoute`. */
export const GET = logsRoute();
