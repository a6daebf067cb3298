/**
 * PeerAuthentication form model (Kiali's `PeerAuthenticationForm`, kiali.md §1.4; Istio `security/v1`
 * `PeerAuthentication`): workload selector, mTLS mode (UNSET | DISABLE | PERMISSIVE | STRICT) and port-level mTLS.
 * Port-level settings only apply with a selector (Istio ignores them on namespace-wide policies; KIA/IST checks say
 * so). `toForm` then `fromForm` returns the original object unchanged. Pure and isomorphic.
 */
import {
  asRecord,
  mergeKnown,
  mergeOptional,
  oneOf,
  policyFormBase,
  policyFromForm,
  type Json,
  type SelectorObjectForm,
} from './merge';

export const MTLS_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

export interface PortMtlsForm {
  port: string;
  mode?: MtlsMode;
}

export interface PeerAuthenticationForm extends SelectorObjectForm {
  /** `spec.mtls.mode`; undefined = absent (inherits from the namespace or mesh). */
  mode?: MtlsMode;
  /** `spec.portLevelMtls`; undefined = absent. */
  portLevelMtls?: PortMtlsForm[];
}

const modeOf = (v: unknown): MtlsMode | undefined => oneOf(MTLS_MODES, v);

export function peerAuthenticationToForm(obj: Json): PeerAuthenticationForm {
  const spec = asRecord(obj.spec);
  const ports = spec.portLevelMtls;
  return {
    ...policyFormBase(obj),
    mode: modeOf(asRecord(spec.mtls).mode),
    portLevelMtls:
      ports && typeof ports === 'object'
        ? Object.entries(asRecord(ports)).map(([port, m]) => ({ port, mode: modeOf(asRecord(m).mode) }))
        : undefined,
  };
}

export function peerAuthenticationFromForm(form: PeerAuthenticationForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  const origPorts = asRecord(spec.portLevelMtls);
  const portLevelMtls =
    form.portLevelMtls === undefined
      ? undefined
      : Object.fromEntries(
          form.portLevelMtls
            .filter((p) => p.port)
            .map((p) => [p.port, mergeKnown(origPorts[p.port], { mode: p.mode })]),
        );
  return policyFromForm('PeerAuthentication', form, original, {
    mtls: mergeOptional(spec.mtls, { mode: form.mode }),
    portLevelMtls,
  });
}

export function newPeerAuthenticationForm(namespace: string, name = 'default'): PeerAuthenticationForm {
  return { name, namespace, apiVersion: 'security.istio.io/v1', mode: 'STRICT' };
}
