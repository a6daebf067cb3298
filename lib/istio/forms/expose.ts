/**
 * "Expose this service" (Istio's Ingress Gateways task; Kiali attaches a wizard's route to a gateway): a Gateway
 * (new, or an existing one) that accepts `host` on a port of the ingress gateway, and a VirtualService bound to it that
 * sends requests under `pathPrefix` to the service (on `servicePort` when the service has several ports, else IST0112).
 * The VirtualService's hosts are the external host, not the service name, so it never competes with the service's
 * mesh VirtualService. Pure and isomorphic.
 */
import { z } from 'zod';
import { isDns1123Subdomain } from '../names';
import { gatewayFromForm, newGatewayForm } from './gateway';
import type { Json } from './merge';
import { HOST, problemsOf } from './networking-validate';
import type { FormProblem } from './validate';

export interface ExposeForm {
  namespace: string;
  service: string;
  /** `new`: create `gatewayName` in the service's namespace; otherwise the existing Gateway `namespace/name`. */
  gateway: 'new' | string;
  gatewayName: string;
  /** The host clients send (`Host:` header), e.g. `httpbin.example.com`; `*` accepts any. */
  host: string;
  /** The gateway's listening port: the pods' port, 8080 for Istio's ingress gateway (its Service maps 80 → 8080). */
  port: string;
  pathPrefix: string;
  /** The service port to send to; undefined for a single-port service. */
  servicePort?: number;
  virtualServiceName: string;
}

/** Defaults for a service: a new `{service}-gateway` on port 8080 (see `newGatewayForm`) for `{service}.example.com`, every path. */
export function newExposeForm(namespace: string, service: string, ports: number[]): ExposeForm {
  return {
    namespace,
    service,
    gateway: 'new',
    gatewayName: `${service}-gateway`,
    host: `${service}.example.com`,
    port: '8080',
    pathPrefix: '/',
    servicePort: ports.length > 1 ? ports[0] : undefined,
    virtualServiceName: `${service}-ingress`,
  };
}

const dnsName = (what: string) =>
  z.string().min(1, `A ${what} name is required`).refine(isDns1123Subdomain, "Lower-case letters, digits, '-' and '.'");

const schema = z.object({
  gateway: z.string(),
  gatewayName: z.string(),
  virtualServiceName: dnsName('VirtualService'),
  host: z.string().regex(HOST, 'A DNS name such as httpbin.example.com, *.example.com or *'),
  port: z
    .string()
    .regex(/^\d+$/, 'A port number is required')
    .refine((p) => Number(p) >= 1 && Number(p) <= 65535, 'Ports are 1 to 65535'),
  pathPrefix: z.string().startsWith('/', 'A path prefix starts with /'),
});

/** Problems of the expose form (`gatewayName` only matters for a new Gateway). */
export function exposeProblems(form: ExposeForm): FormProblem[] {
  const out = problemsOf(schema, form);
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
  const ref = form.gateway === 'new' ? form.gatewayName : form.gateway;
  const [refNs, refName] = ref.includes('/') ? ref.split('/') : [form.namespace, ref];
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
