/**
 * Istio `networking.istio.io/v1` Gateway form model (Istio's ingress and egress tasks; Kiali's Gateway wizard):
 * the gateway workload selector (`istio: ingressgateway` by default) and servers, each a port (number, name,
 * protocol), the hosts it serves (`host` or `namespace/host`) and optional TLS (mode, credentialName,
 * httpsRedirect). Fields the form does not know are kept from the original object. Pure and isomorphic.
 */
import {
  asList,
  asRecord,
  labelMap,
  mergeKnown,
  mergeList,
  objectFromForm,
  oneOf,
  optString,
  PORT_PROTOCOLS,
  selectorFormBase,
  strings,
  type Json,
  type SelectorObjectForm,
  type PortProtocol,
} from './merge';

/** A server's port protocol: Istio's `Port.protocol` values (`PORT_PROTOCOLS`). */
export { PORT_PROTOCOLS as GATEWAY_PROTOCOLS, type PortProtocol as GatewayProtocol } from './merge';
/** `ServerTLSSettings.mode`. */
export const SERVER_TLS_MODES = [
  'PASSTHROUGH',
  'SIMPLE',
  'MUTUAL',
  'AUTO_PASSTHROUGH',
  'ISTIO_MUTUAL',
  'OPTIONAL_MUTUAL',
] as const;
export type ServerTlsMode = (typeof SERVER_TLS_MODES)[number];

export interface GatewayServerForm {
  /** Port number as typed (checked by the problems). */
  port: string;
  portName: string;
  protocol: PortProtocol;
  hosts: string[];
  tlsMode?: ServerTlsMode;
  credentialName?: string;
  httpsRedirect?: boolean;
}

export interface GatewayForm extends SelectorObjectForm {
  servers: GatewayServerForm[];
}

export function gatewayToForm(obj: Json): GatewayForm {
  const spec = asRecord(obj.spec);
  return {
    ...selectorFormBase(obj, 'networking.istio.io/v1', spec.selector),
    servers: asList(spec.servers).map((s) => {
      const server = asRecord(s);
      const port = asRecord(server.port);
      const tls = asRecord(server.tls);
      return {
        port: port.number === undefined ? '' : String(port.number),
        portName: optString(port.name) ?? '',
        protocol: oneOf(PORT_PROTOCOLS, String(port.protocol).toUpperCase()) ?? 'HTTP',
        hosts: strings(server.hosts) ?? [],
        tlsMode: oneOf(SERVER_TLS_MODES, tls.mode),
        credentialName: optString(tls.credentialName),
        httpsRedirect: typeof tls.httpsRedirect === 'boolean' ? tls.httpsRedirect : undefined,
      };
    }),
  };
}

export function gatewayFromForm(form: GatewayForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  return objectFromForm('Gateway', form, original, {
    // Gateway.selector is a plain label map (not matchLabels)
    selector: form.selector === undefined ? undefined : labelMap(form.selector),
    servers: mergeList(spec.servers, form.servers, (s, os) => {
      const o = asRecord(os);
      const tlsKnown = {
        mode: s.tlsMode,
        credentialName: s.credentialName || undefined,
        httpsRedirect: s.httpsRedirect,
      };
      const tls = Object.values(tlsKnown).some((v) => v !== undefined) ? mergeKnown(o.tls, tlsKnown) : undefined;
      return mergeKnown(o, {
        port: mergeKnown(o.port, {
          number: /^\d+$/.test(s.port) ? Number(s.port) : s.port,
          name: s.portName || undefined,
          protocol: s.protocol,
        }),
        hosts: s.hosts,
        tls,
      });
    }),
  });
}

/**
 * A new ingress Gateway: `istio: ingressgateway`, one HTTP server on port 8080 for `hosts`. 8080 is where the gateway
 * chart's pods listen (its Service maps 80 → 8080), as in Istio's `bookinfo-gateway.yaml`; a server on 80 would get
 * IST0162 (istioctl analyze checks the Service's targetPort).
 */
export function newGatewayForm(namespace: string, name = '', hosts: string[] = ['*']): GatewayForm {
  return {
    name,
    namespace,
    apiVersion: 'networking.istio.io/v1',
    selector: [{ key: 'istio', value: 'ingressgateway' }],
    servers: [{ port: '8080', portName: 'http', protocol: 'HTTP', hosts }],
  };
}
