import { traceRoute } from '@/lib/api/mesh-traces';

export const dynamic = 'force-dynamic';

/** GET /api/traces/{traceId} — one trace with its spans; see lib/api/mesh-traces.ts `traceRoute`. */
export const GET = traceRoute();
