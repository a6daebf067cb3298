/**
 * "Expose this service" (Istio's Ingress Gateways task; Kiali attaches a wizard's route to a gateway), with either API:
 * - Istio: a Gateway (new, or an existing one) that accepts `host` on a port of the ingress gateway, and a
 *   VirtualService bound to it that sends requests under `pathPrefix` to the service (on `servicePort` when the
 *   service has several ports, else IST0112). The VirtualService's hosts are the external host, not the service name,
 *   so it never competes with the service's mesh VirtualService.
 * - Gateway API (Istio's task "with the Gateway API", `bookinfo-gateway.yaml`): a Gateway of class `istio` (new: one
 *   HTTP listener on `port`, hostname `host` unless `*`, routes from its own namespace; Istio deploys `<name>-istio`
 *   for it) or an existing Gateway, and an HTTPRoute whose parentRef is that Gateway, hostnames `[host]` (none for
 *   `*`), one PathPrefix rule to the Service's port.
 * Pure and isomorphic.
 */
import { z } from 'zod';
import { isDns1123Subdomain } from '../names';
import { GATEWAY_API_GROUP } from '../kinds';
import { gatewayFromForm, newGatewayForm } from './gateway';
import { k8sGatewayFromForm, newK8sGatewayForm } from './k8s-gateway';
import type { Json } from './merge';
import { HOST, problemsOf } from './networking-validate';
import type { FormProblem } from './validate';

/** Which API the flow writes: Istio's Gateway and VirtualService, or a Gateway API Gateway and HTTPRoute. */
export type ExposeApi = 'istio' | 'gateway-api';

export interface ExposeForm {
  api: ExposeApi;
  namespace: string;
  service: string;
  /**
   * `new`: create `gatewayName` in the service's namespace; otherwise the existing Gateway `namespace/name` (an Istio
   * Gateway or a Gateway API Gateway, by `api`).
   */
  gateway: 'new' | string;
  gatewayName: string;
  /** The host clients send (`Host:` header), e.g. `httpbin.example.com`; `*` accepts any. */
  host: string;
  /**
   * The gateway's listening port: the pods' port, 8080 for Istio's ingress gateway (its Service maps 80 → 8080); for a
   * Gateway API Gateway the listener port, 80 by default (Istio's deployment listens on it and its Service exposes it).
   */
  port: string;
  pathPrefix: string;
  /** The service port to send to; undefined for a single-port service. */
  servicePort?: number;
  /** The only port of a single-port service (an HTTPRoute's Service backendRef needs its port). */
  defaultPort?: number;
  virtualServiceName: string;
  /** The HTTPRoute's name (Gateway API). */
  routeName: string;
}

/** The default gateway port of each API (see `port`). */
export const EXPOSE_PORT: Record<ExposeApi, string> = { istio: '8080', 'gateway-api': '80' };

/** Defaults for a service: a new `{service}-gateway` on port 8080 (see `newGatewayForm`) for `{service}.example.com`, every path. */
export function newExposeForm(
  namespace: string,
  service: string,
  ports: number[],
  api: ExposeApi = 'istio',
): ExposeForm {
  return {
    api,
    namespace,
    service,
    gateway: 'new',
    gatewayName: `${service}-gateway`,
    host: `${service}.example.com`,
    port: EXPOSE_PORT[api],
    pathPrefix: '/',
    servicePort: ports.length > 1 ? ports[0] : undefined,
    defaultPort: ports[0],
    virtualServiceName: `${service}-ingress`,
    routeName: `${service}-ingress`,
  };
}

const dnsName = (what: string) =>
  z.string().min(1, `A ${what} name is required`).refine(isDns1123Subdomain, "Lower-case letters, digits, '-' and '.'");

const base = {
  gateway: z.string(),
  gatewayName: z.string(),
  host: z.string().regex(HOST, 'A DNS name such as httpbin.example.com, *.example.com or *'),
  port: z
    .string()
    .regex(/^\d+$/, 'A port number is required')
    .refine((p) => Number(p) >= 1 && Number(p) <= 65535, 'Ports are 1 to 65535'),
  pathPrefix: z.string().startsWith('/', 'A path prefix starts with /'),
};
const istioSchema = z.object({ ...base, virtualServiceName: dnsName('VirtualService') });
const gatewayApiSchema = z.object({ ...base, routeName: dnsName('HTTPRoute') });

/** Problems of the expose form (`gatewayName` only matters for a new Gateway; the route name by `api`). */
export function exposeProblems(form: ExposeForm): FormProblem[] {
  const out = problemsOf(form.api === 'gateway-api' ? gatewayApiSchema : istioSchema, form);
  if (form.gateway === 'new' && !isDns1123Subdomain(form.gatewayName))
    out.push({ path: 'gatewayName', message: "A Gateway name: lower-case letters, digits, '-' and '.'" });
  return out;
}

/** The objects the flow writes: the new Gateway (null when an existing one is used) and the VirtualService. */
export function exposeObjects(form: ExposeForm): { gateway: Json | null; virtualService: Json } {
  const gateway =
    form.gateway === 'new'
      ? gatewayFromForm({
          ...newGatewayForm(form.namespace, form.gatewayName, [form.host]),
          servers: [{ port: form.port, portName: `http-${form.port}`, protocol: 'HTTP', hosts: [form.host] }],
        })
      : null;
  const [refNs, refName] = gatewayRef(form);
  const destination: Json = { host: form.service };
  if (form.servicePort !== undefined) destination.port = { number: form.servicePort };
  const virtualService: Json = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: form.virtualServiceName, namespace: form.namespace },
    spec: {
      hosts: [form.host],
      gateways: [refNs === form.namespace ? refName : `${refNs}/${refName}`],
      http: [{ match: [{ uri: { prefix: form.pathPrefix } }], route: [{ destination }] }],
    },
  };
  return { gateway, virtualService };
}

/** The Gateway the route binds to, as `[namespace, name]`: the new one, or the chosen `namespace/name`. */
function gatewayRef(form: ExposeForm): [string, string] {
  const ref = form.gateway === 'new' ? form.gatewayName : form.gateway;
  const slash = ref.indexOf('/');
  return slash < 0 ? [form.namespace, ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
}

/**
 * The Gateway API objects of the flow: the new Gateway (null when an existing one is used) and the HTTPRoute attached
 * to it (parentRef namespace only when it differs from the route's, which the Gateway's `allowedRoutes` must allow).
 */
export function exposeGatewayApiObjects(form: ExposeForm): { gateway: Json | null; route: Json } {
  const wildcard = form.host === '*';
  const gateway =
    form.gateway === 'new'
      ? k8sGatewayFromForm({
          ...newK8sGatewayForm(form.namespace, form.gatewayName, wildcard ? '' : form.host),
          listeners: [
            {
              name: `http-${form.port}`,
              port: form.port,
              protocol: 'HTTP',
              hostname: wildcard ? '' : form.host,
              certificateRefs: [],
              from: 'Same',
            },
          ],
        })
      : null;
  const [refNs, refName] = gatewayRef(form);
  const parentRef: Json = { name: refName };
  if (refNs !== form.namespace) parentRef.namespace = refNs;
  const backendRef: Json = { name: form.service };
  const port = form.servicePort ?? form.defaultPort;
  if (port !== undefined) backendRef.port = port;
  const spec: Json = { parentRefs: [parentRef] };
  if (!wildcard) spec.hostnames = [form.host];
  spec.rules = [{ matches: [{ path: { type: 'PathPrefix', value: form.pathPrefix } }], backendRefs: [backendRef] }];
  const route: Json = {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: form.routeName, namespace: form.namespace },
    spec,
  };
  return { gateway, route };
}

/** The objects the flow writes for its API, in write order (the Gateway first). */
export function exposeWrites(form: ExposeForm): Json[] {
  const built =
    form.api === 'gateway-api'
      ? exposeGatewayApiObjects(form)
      : (({ gateway, virtualService }) => ({ gateway, route: virtualService }))(exposeObjects(form));
  return built.gateway ? [built.gateway, built.route] : [built.route];
}
