/**
 * Kubernetes Gateway API `gateway.networking.k8s.io/v1` Gateway form model (Istio's Ingress Gateways task with the
 * Gateway API; Kiali's "K8s Gateway" create form): `gatewayClassName` (`istio` deploys a gateway for it) and listeners,
 * each a name, port, protocol, optional hostname, TLS (mode Terminate with certificateRefs, or Passthrough) and the
 * namespaces whose routes may attach (`allowedRoutes.namespaces.from`: Same, All, or Selector with labels). Fields the
 * form does not know (addresses, infrastructure, allowedRoutes.kinds, TLS options) are kept from the original object.
 * Field rules: the v1.6.0 CRD's schema and CEL (`listeners` x-kubernetes-validations). Pure and isomorphic.
 */
import { z } from 'zod';
import { GATEWAY_API_GROUP } from '../kinds';
import { isDns1123Subdomain } from '../names';
import {
  asList,
  asRecord,
  labelMap,
  labelRows,
  mergeKnown,
  mergeList,
  objectFormBase,
  oneOf,
  optString,
  type Json,
  type LabelRow,
  type MetadataForm,
} from './merge';
import { problemsOf } from './networking-validate';
import type { FormProblem } from './validate';

/** The Gateway API's core and extended listener protocols (`ProtocolType`). */
export const LISTENER_PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] as const;
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];
/** `GatewayTLSConfig.mode`. */
export const LISTENER_TLS_MODES = ['Terminate', 'Passthrough'] as const;
export type ListenerTlsMode = (typeof LISTENER_TLS_MODES)[number];
/** `RouteNamespaces.from`. */
export const ROUTES_FROM = ['Same', 'All', 'Selector'] as const;
export type RoutesFrom = (typeof ROUTES_FROM)[number];

export interface ListenerForm {
  name: string;
  /** As typed (checked by the problems). */
  port: string;
  protocol: ListenerProtocol;
  /** Empty: every hostname. */
  hostname: string;
  tlsMode?: ListenerTlsMode;
  /** Secrets as `name` or `namespace/name` (a Secret in another namespace needs a ReferenceGrant). */
  certificateRefs: string[];
  from: RoutesFrom;
  /** Namespace labels when `from` is Selector. */
  selector?: LabelRow[];
}

export interface K8sGatewayForm extends MetadataForm {
  apiVersion: string;
  gatewayClassName: string;
  listeners: ListenerForm[];
}

function listenerToForm(entry: unknown): ListenerForm {
  const l = asRecord(entry);
  const tls = asRecord(l.tls);
  const ns = asRecord(asRecord(l.allowedRoutes).namespaces);
  const from = oneOf(ROUTES_FROM, ns.from) ?? 'Same';
  return {
    name: optString(l.name) ?? '',
    port: l.port === undefined ? '' : String(l.port),
    protocol: oneOf(LISTENER_PROTOCOLS, l.protocol) ?? 'HTTP',
    hostname: optString(l.hostname) ?? '',
    tlsMode: oneOf(LISTENER_TLS_MODES, tls.mode) ?? (l.tls ? 'Terminate' : undefined),
    certificateRefs: asList(tls.certificateRefs).map((r) => {
      const ref = asRecord(r);
      const name = optString(ref.name) ?? '';
      return ref.namespace ? `${String(ref.namespace)}/${name}` : name;
    }),
    from,
    selector: from === 'Selector' ? labelRows(asRecord(ns.selector).matchLabels) : undefined,
  };
}

export function k8sGatewayToForm(obj: Json): K8sGatewayForm {
  const spec = asRecord(obj.spec);
  return {
    ...objectFormBase(obj, `${GATEWAY_API_GROUP}/v1`),
    gatewayClassName: optString(spec.gatewayClassName) ?? '',
    listeners: asList(spec.listeners).map(listenerToForm),
  };
}

/** A certificateRef from `name` or `namespace/name` (kind Secret, core group: the defaults, left out). */
function certificateRef(text: string, original: unknown): Json {
  const slash = text.indexOf('/');
  return mergeKnown(original, {
    name: slash < 0 ? text : text.slice(slash + 1),
    namespace: slash < 0 ? undefined : text.slice(0, slash),
  });
}

function listenerFromForm(l: ListenerForm, original: unknown): Json {
  const o = asRecord(original);
  const tlsProtocol = l.protocol === 'HTTPS' || l.protocol === 'TLS';
  const oldTls = asRecord(o.tls);
  const tls =
    tlsProtocol && l.tlsMode
      ? mergeKnown(oldTls, {
          mode: l.tlsMode,
          certificateRefs:
            l.tlsMode === 'Terminate' && l.certificateRefs.length
              ? l.certificateRefs.map((c, i) => certificateRef(c, asList(oldTls.certificateRefs)[i]))
              : undefined,
        })
      : undefined;
  const oldRoutes = asRecord(o.allowedRoutes);
  const namespaces = mergeKnown(oldRoutes.namespaces, {
    from: l.from,
    selector:
      l.from === 'Selector'
        ? mergeKnown(asRecord(oldRoutes.namespaces).selector, { matchLabels: labelMap(l.selector ?? []) })
        : undefined,
  });
  return mergeKnown(o, {
    name: l.name,
    hostname: l.hostname && l.protocol !== 'TCP' && l.protocol !== 'UDP' ? l.hostname : undefined,
    port: /^\d+$/.test(l.port) ? Number(l.port) : l.port,
    protocol: l.protocol,
    tls,
    allowedRoutes: mergeKnown(oldRoutes, { namespaces }),
  });
}

export function k8sGatewayFromForm(form: K8sGatewayForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  return mergeKnown(original, {
    apiVersion: form.apiVersion,
    kind: 'Gateway',
    metadata: mergeKnown(asRecord(original?.metadata), {
      name: form.name,
      namespace: form.namespace || undefined,
    }),
    spec: mergeKnown(spec, {
      gatewayClassName: form.gatewayClassName,
      listeners: mergeList(spec.listeners, form.listeners, listenerFromForm),
    }),
  });
}

/** A listener for plain HTTP on `port` for `hostname` (empty: any), routes from the Gateway's namespace only. */
export function newListener(port = '80', hostname = ''): ListenerForm {
  return { name: 'http', port, protocol: 'HTTP', hostname, certificateRefs: [], from: 'Same' };
}

/**
 * A new Gateway as Istio's Gateway API ingress task writes it (`bookinfo-gateway.yaml`): class `istio`, one HTTP
 * listener on port 80 (Istio deploys `<name>-istio` whose pods listen on the listener ports), routes from the same
 * namespace.
 */
export function newK8sGatewayForm(namespace: string, name = '', hostname = ''): K8sGatewayForm {
  return {
    name,
    namespace,
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    gatewayClassName: 'istio',
    listeners: [newListener('80', hostname)],
  };
}

/** `SectionName`: a DNS-1123 subdomain (the CRD's pattern), at most 253 characters. */
const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The CRD's listener `Hostname` pattern: a DNS name, optionally with a leading `*.` label. */
export const LISTENER_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY = /^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const listenerSchema = z
  .object({
    name: z
      .string()
      .min(1, 'A listener name is required')
      .max(253)
      .regex(SECTION_NAME, "Lower-case letters, digits, '-' and '.'"),
    port: z
      .string()
      .regex(/^\d+$/, 'A port number is required')
      .refine((p) => Number(p) >= 1 && Number(p) <= 65535, 'Ports are 1 to 65535'),
    protocol: z.enum(LISTENER_PROTOCOLS),
    hostname: z
      .string()
      .refine((h) => h === '' || LISTENER_HOSTNAME.test(h), 'A DNS name such as bookinfo.example.com or *.example.com'),
    tlsMode: z.enum(LISTENER_TLS_MODES).optional(),
    certificateRefs: z.array(
      z
        .string()
        .refine((c) => /^([a-z0-9-]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(c), 'A Secret: name or namespace/name'),
    ),
    from: z.enum(ROUTES_FROM),
    selector: z.array(z.object({ key: z.string().regex(LABEL_KEY, 'Not a label key'), value: z.string() })).optional(),
  })
  .superRefine((l, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((l.protocol === 'TCP' || l.protocol === 'UDP') && l.hostname)
      issue('hostname', "hostname must not be specified for protocols ['TCP', 'UDP']");
    if (l.protocol === 'TLS' && !l.tlsMode) issue('tlsMode', 'tls mode must be set for protocol TLS');
    if (l.protocol === 'HTTPS' && l.tlsMode === 'Passthrough')
      issue('tlsMode', 'tls mode must be Terminate for protocol HTTPS (Passthrough needs protocol TLS)');
    if (l.protocol === 'HTTPS' && !l.tlsMode) issue('tlsMode', 'HTTPS listeners terminate TLS: set mode Terminate');
    if ((l.protocol === 'HTTPS' || l.protocol === 'TLS') && l.tlsMode === 'Terminate' && !l.certificateRefs.length)
      issue('certificateRefs', 'certificateRefs or options must be specified when mode is Terminate');
    if (l.from === 'Selector' && !l.selector?.length)
      issue('selector', 'Selector must be specified when from is Selector (namespace labels)');
  });

const gatewaySchema = z
  .object({
    name: z.string().min(1, 'A name is required').refine(isDns1123Subdomain, "Lower-case letters, digits, '-' and '.'"),
    gatewayClassName: z.string().min(1, 'A GatewayClass is required'),
    listeners: z.array(listenerSchema).min(1, 'A Gateway needs at least one listener').max(64, 'At most 64 listeners'),
  })
  .superRefine((g, ctx) => {
    const names = new Set<string>();
    const keys = new Set<string>();
    g.listeners.forEach((l, i) => {
      if (names.has(l.name))
        ctx.addIssue({
          code: 'custom',
          path: ['listeners', i, 'name'],
          message: 'Listener name must be unique within the Gateway',
        });
      names.add(l.name);
      const key = `${l.port}/${l.protocol}/${l.hostname}`;
      if (keys.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['listeners', i, 'hostname'],
          message: 'Combination of port, protocol and hostname must be unique for each listener',
        });
      keys.add(key);
    });
  });

/** Problems of a Gateway API Gateway form, at form paths (`listeners.0.tlsMode`), with the CRD's CEL messages. */
export const k8sGatewayProblems = (f: K8sGatewayForm): FormProblem[] => problemsOf(gatewaySchema, f);
