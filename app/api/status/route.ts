import { handle, json } from '@/lib/server/http/respond';
import { checkBackends } from '@/lib/server/status';

export const dynamic = 'force-dynamic';

/**
 * GET /api/status — each backend's state: `{ clusterName, istioNamespace, authStrategy, viewOnly, frameAncestors,
 * checkedAt, backends: [{ name, url, reachable, version, latencyMs, error: {code,message}|null }], inventory: { mode,
 * ready, readySince, kinds: [{ key, state, version, objects, error }], error } }` (the inventory cache:
 * InventoryStatus in lib/contracts/status.ts), `clusters: [{ name, home, source, apiServer, reachable, version, latencyMs,
 * prometheusUrl, jaegerUrl, since, error }]` (every known cluster, ClusterStatus) and `clusterProblems`. Always 200: a backend being down is data here, not a failure (Kiali's
 * component status).
 */
export const GET = handle(async () => json(await checkBackends()));
