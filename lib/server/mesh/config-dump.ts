/**
 * The workload page's ZTunnel and Envoy tabs (Kiali's `/api/namespaces/{ns}/pods/{pod}/config_dump_ztunnel` and
 * `/config_dump`): the admin config dump (port 15000, `/config_dump`) of one of the workload's pods, read through the
 * Kubernetes API's pod proxy (`pods/{pod}:15000/proxy/config_dump`, RBAC `get pods/proxy`), summarised by
 * lib/ambient/config-dump.ts. ztunnel pods (`app=ztunnel`) give ztunnel's dump; waypoints and pods with a sidecar
 * give Envoy's. The pod must belong to the workload, as for the logs.
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import { isWaypointLabels, isZtunnelLabels } from '@/lib/ambient';
import { configDumpView } from '@/lib/ambient/config-dump';
import type { ConfigDumpView } from '@/lib/contracts/config-dump';
import { MeshscopeError } from '@/lib/errors';
import { getKubeClients, kubeCall } from '@/lib/k8s/client';
import { getInventory } from '@/lib/k8s/inventory';
import { podsOfWorkload } from '@/lib/k8s/model';
import { assertDns1123Subdomain } from '@/lib/promql/index';
import { handle, json } from '@/lib/server/http/respond';
import { objectParams } from './params';

const ADMIN_PORT = 15000;

/**
 * The config dump of pod `pod` of workload `namespace/workload`.
 * @throws MeshscopeError not_found:k8s (workload, pod not in it, or a pod with no proxy admin API: no ztunnel,
 *   waypoint or sidecar), unavailable/timeout/forbidden:k8s (the proxy unreachable through the API server: 503)
 */
export async function readConfigDump(namespace: string, workload: string, pod: string): Promise<ConfigDumpView> {
  const inv = await getInventory([]);
  const w = inv.workloads.find((x) => x.namespace === namespace && x.name === workload);
  if (!w) throw new MeshscopeError('not_found:k8s', `Workload ${workload} not found in namespace ${namespace}`);
  const p = podsOfWorkload(inv.pods, w).find((x) => x.name === pod);
  if (!p) throw new MeshscopeError('not_found:k8s', `Pod ${pod} is not a pod of workload ${workload}`);
  const proxy = isZtunnelLabels(p.labels) ? 'ztunnel' : isWaypointLabels(p.labels) || p.hasSidecar ? 'envoy' : null;
  if (!proxy)
    throw new MeshscopeError('not_found:k8s', `Pod ${pod} runs no ztunnel, waypoint or sidecar: it has no config dump`);
  const clients = getKubeClients();
  const body: unknown = await kubeCall(clients, () =>
    clients.core.connectGetNamespacedPodProxyWithPath({ name: `${pod}:${ADMIN_PORT}`, namespace, path: 'config_dump' }),
  );
  // client-node parses a JSON answer itself (despite its `string` type)
  let dump: unknown = body;
  if (typeof body === 'string') {
    try {
      dump = JSON.parse(body);
    } catch {
      throw new MeshscopeError('unavailable:k8s', `The config dump of ${pod} is not JSON`);
    }
  }
  return configDumpView(proxy, pod, dump);
}

type Ctx = { params: Promise<Record<string, string>> };

/**
 * `GET /api/namespaces/{ns}/workloads/{workload}/config_dump?pod=` — `ConfigDumpView` (lib/contracts/config-dump.ts).
 * Errors: 400 `pod` not a DNS-1123 name; 404 unknown workload or pod, or a pod without a proxy; 403/503/504 k8s.
 */
export function configDumpRoute() {
  return handle(async (req: NextRequest, route: Ctx) => {
    const { namespace, name } = await objectParams('workloads', route.params);
    const pod = assertDns1123Subdomain(req.nextUrl.searchParams.get('pod'), 'pod');
    return json(await readConfigDump(namespace, name, pod));
  });
}
