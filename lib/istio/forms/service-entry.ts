/**
 * Istio `networking.istio.io/v1` ServiceEntry form model (Istio's egress tasks: "Accessing external services"):
 * hosts, optional addresses, ports (number, name, protocol, optional targetPort), location (MESH_EXTERNAL |
 * MESH_INTERNAL), resolution (NONE | STATIC | DNS | DNS_ROUND_ROBIN), endpoint addresses and exportTo. Fields the
 * form does not know (endpoint labels, workloadSelector, subjectAltNames...) are kept from the original. Pure and
 * isomorphic.
 */
import {
  asList,
  asRecord,
  mapList,
  mergeKnown,
  mergeList,
  objectFormBase,
  objectFromForm,
  oneOf,
  optString,
  PORT_PROTOCOLS,
  strings,
  type Json,
  type MetadataForm,
  type PortProtocol,
} from './merge';

/** A port's protocol: Istio's `Port.protocol` values (`PORT_PROTOCOLS`). */
export { PORT_PROTOCOLS as SE_PROTOCOLS, type PortProtocol as SeProtocol } from './merge';
export const SE_LOCATIONS = ['MESH_EXTERNAL', 'MESH_INTERNAL'] as const;
export type SeLocation = (typeof SE_LOCATIONS)[number];
export const SE_RESOLUTIONS = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN'] as const;
export type SeResolution = (typeof SE_RESOLUTIONS)[number];

export interface SePortForm {
  number: string;
  name: string;
  protocol: PortProtocol;
  targetPort?: string;
}

export interface ServiceEntryForm extends MetadataForm {
  apiVersion: string;
  hosts: string[];
  addresses?: string[];
  ports: SePortForm[];
  location?: SeLocation;
  resolution: SeResolution;
  /** `endpoints[].address`; undefined = no endpoints field. */
  endpoints?: string[];
  exportTo?: string[];
}

export function serviceEntryToForm(obj: Json): ServiceEntryForm {
  const spec = asRecord(obj.spec);
  return {
    ...objectFormBase(obj, 'networking.istio.io/v1'),
    hosts: strings(spec.hosts) ?? [],
    addresses: strings(spec.addresses),
    ports: asList(spec.ports).map((p) => {
      const port = asRecord(p);
      return {
        number: port.number === undefined ? '' : String(port.number),
        name: optString(port.name) ?? '',
        protocol: oneOf(PORT_PROTOCOLS, String(port.protocol ?? '').toUpperCase()) ?? 'TCP',
        targetPort: port.targetPort === undefined ? undefined : String(port.targetPort),
      };
    }),
    location: oneOf(SE_LOCATIONS, spec.location),
    resolution: oneOf(SE_RESOLUTIONS, spec.resolution) ?? 'NONE',
    endpoints: mapList(spec.endpoints, (e) => optString(asRecord(e).address) ?? ''),
    exportTo: strings(spec.exportTo),
  };
}

const asNumber = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);

export function serviceEntryFromForm(form: ServiceEntryForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  return objectFromForm('ServiceEntry', form, original, {
    hosts: form.hosts,
    addresses: form.addresses,
    ports: mergeList(spec.ports, form.ports, (p, op) =>
      mergeKnown(op, {
        number: asNumber(p.number),
        name: p.name || undefined,
        protocol: p.protocol,
        targetPort: p.targetPort ? asNumber(p.targetPort) : undefined,
      }),
    ),
    location: form.location,
    resolution: form.resolution,
    endpoints: mergeList(spec.endpoints, form.endpoints, (address, oe) => mergeKnown(oe, { address })),
    exportTo: form.exportTo,
  });
}

/** A new external service: HTTPS on 443, DNS resolution, MESH_EXTERNAL (Istio's egress task). */
export function newServiceEntryForm(namespace: string, name = '', host = ''): ServiceEntryForm {
  return {
    name,
    namespace,
    apiVersion: 'networking.istio.io/v1',
    hosts: host ? [host] : [],
    ports: [{ number: '443', name: 'https', protocol: 'TLS' }],
    location: 'MESH_EXTERNAL',
    resolution: 'DNS',
  };
}
