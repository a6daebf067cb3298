import type { NextRequest } from 'next/server';
import { parseNamespace } from '@/lib/server/istio-config/params';
import { listServiceTargets } from '@/lib/server/istio-config/services';
import { handle, json } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * GET /api/istio/services?namespaces=a,b — services as the routing wizards need them: `{ services: [{ namespace, name,
 * ports, workloads: [{ name, labels, serviceAccount }], virtualServices: [names], destinationRules: [names],
 * routes: [{ kind, namespace, name }] }], gatewayApi: boolean }` (`routes`: Gateway API routes whose parentRef is the
 * service; `gatewayApi`: the cluster serves `gateway.networking.k8s.io`).
 * Errors: 400 `bad_request:api` naming `namespaces`; 403/503/504 from Kubernetes.
 */
export const GET = handle(async (req: NextRequest) => {
  const raw = req.nextUrl.searchParams.get('namespaces');
  const namespaces = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((ns) => parseNamespace(ns, 'namespaces'));
  return json(await listServiceTargets(namespaces));
});
