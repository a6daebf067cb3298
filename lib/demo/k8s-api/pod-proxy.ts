/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}[:{port}]/proxy/{path}` in the demo API: the pod proxy subresource, for the
 * one thing behind it here — the admin `config_dump` on port 15000 of ztunnel and waypoint pods
 * (`./proxy-config-dump.ts`). Other pods, ports or paths answer 503 as the API server does when the pod does not
 * serve them (`error trying to reach service`); an unknown pod is 404.
 */
import type { ServerResponse } from 'node:http';
import type { ApiContext, ApiRequest } from './context';
import { sendJson } from './http-io';
import { proxyKindOf, waypointConfigDump, ztunnelConfigDump, type DumpInputs } from './proxy-config-dump';
import { resourceByPlural } from '../store/resources';
import { ApiError, notFound } from './status';

const ADMIN_PORT = 15000;

function unreachable(pod: string, port: number, path: string): ApiError {
  return new ApiError(
    503,
    'ServiceUnavailable',
    `error trying to reach service: dial tcp ${pod}:${port}/${path}: connect: connection refused`,
  );
}

/** The objects a config dump reads, from the store. */
function inputsOf(ctx: ApiContext): DumpInputs {
  const list = (group: string, plural: string) => {
    const type = resourceByPlural(group, plural);
    return type ? ctx.store.list(type) : [];
  };
  return {
    namespaces: list('', 'namespaces'),
    pods: list('', 'pods'),
    services: list('', 'services'),
    authorizationPolicies: list('security.istio.io', 'authorizationpolicies'),
    rootNamespace: 'istio-system',
  };
}

/** Serves the pod proxy request (`req.route.proxyPath` is the path after `proxy/`). */
export function handlePodProxy(ctx: ApiContext, req: ApiRequest, res: ServerResponse): void {
  const raw = req.route.name ?? '';
  const colon = raw.lastIndexOf(':');
  const name = colon < 0 ? raw : raw.slice(0, colon);
  const port = colon < 0 ? 80 : Number(raw.slice(colon + 1));
  const pod = ctx.store.get(req.route.resource, req.route.namespace, name);
  if (!pod) throw notFound(req.route.resource, name);
  const path = req.route.proxyPath ?? '';
  const kind = proxyKindOf(pod);
  if (port !== ADMIN_PORT || path !== 'config_dump' || !kind) throw unreachable(name, port, path);
  const inputs = inputsOf(ctx);
  const node = String((pod.spec as { nodeName?: unknown } | undefined)?.nodeName ?? '');
  sendJson(res, 200, kind === 'ztunnel' ? ztunnelConfigDump(inputs, node) : waypointConfigDump(inputs, pod));
}
