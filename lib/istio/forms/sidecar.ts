/**
 * Istio `networking.istio.io/v1` Sidecar form model (Istio's "Sidecar" reference; Kiali's Sidecar form): the workload
 * selector (`workloadSelector.labels`; empty = every workload of the namespace), egress listeners (each with the hosts
 * it may reach, `namespace/dnsName`, and an optional port) and the outbound traffic policy (ALLOW_ANY |
 * REGISTRY_ONLY). Ingress listeners and the rest are kept from the original. Pure and isomorphic.
 */
import {
  asList,
  asRecord,
  labelMap,
  mergeKnown,
  mergeList,
  mergeOptional,
  objectFromForm,
  oneOf,
  optString,
  selectorFormBase,
  strings,
  type Json,
  type SelectorObjectForm,
} from './merge';

export const OUTBOUND_MODES = ['ALLOW_ANY', 'REGISTRY_ONLY'] as const;
export type OutboundMode = (typeof OUTBOUND_MODES)[number];

export interface SidecarEgressForm {
  hosts: string[];
  /** Port number as typed; empty = every port. */
  port?: string;
  portProtocol?: string;
  portName?: string;
}

export interface SidecarForm extends SelectorObjectForm {
  egress: SidecarEgressForm[];
  outboundMode?: OutboundMode;
}

export function sidecarToForm(obj: Json): SidecarForm {
  const spec = asRecord(obj.spec);
  const policy = asRecord(spec.outboundTrafficPolicy);
  return {
    ...selectorFormBase(obj, 'networking.istio.io/v1', asRecord(spec.workloadSelector).labels),
    egress: asList(spec.egress).map((e) => {
      const eg = asRecord(e);
      const port = asRecord(eg.port);
      return {
        hosts: strings(eg.hosts) ?? [],
        port: port.number === undefined ? undefined : String(port.number),
        portProtocol: optString(port.protocol),
        portName: optString(port.name),
      };
    }),
    outboundMode: oneOf(OUTBOUND_MODES, policy.mode),
  };
}

export function sidecarFromForm(form: SidecarForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  return objectFromForm('Sidecar', form, original, {
    workloadSelector:
      form.selector === undefined || form.selector.length === 0
        ? undefined
        : mergeKnown(spec.workloadSelector, { labels: labelMap(form.selector) }),
    egress: mergeList(spec.egress, form.egress, (e, oe) => {
      const o = asRecord(oe);
      return mergeKnown(o, {
        hosts: e.hosts,
        port: e.port
          ? mergeKnown(o.port, {
              number: /^\d+$/.test(e.port) ? Number(e.port) : e.port,
              protocol: e.portProtocol || undefined,
              name: e.portName || undefined,
            })
          : undefined,
      });
    }),
    outboundTrafficPolicy: mergeOptional(spec.outboundTrafficPolicy, { mode: form.outboundMode }),
  });
}

/**
 * A new namespace-wide Sidecar limiting egress to the namespace itself and istio-system (Istio's example
 * `./*`, `istio-system/*`).
 */
export function newSidecarForm(namespace: string, name = 'default'): SidecarForm {
  return {
    name,
    namespace,
    apiVersion: 'networking.istio.io/v1',
    egress: [{ hosts: ['./*', 'istio-system/*'] }],
  };
}
