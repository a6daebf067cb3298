import { traceRoute } from '@/lib/server/mesh/traces-route';

export const dynamic = 'force-dynamic';

/** GET /api/traces/{traceId} — one trace with its spans; see lib/server/mesh/traces-route.ts `traceRoute`. */
export const GET = traceRoute();
