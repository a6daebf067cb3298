import { configDumpRoute } from '@/lib/server/mesh/config-dump';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{namespace}/workloads/{workload}/config_dump?pod= — a proxy's config dump; see lib/server/mesh/config-dump.ts. */
export const GET = configDumpRoute();
