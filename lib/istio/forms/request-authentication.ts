/**
 * RequestAuthentication form model (Kiali's `RequestAuthenticationForm`, kiali.md §1.4; Istio `security/v1`
 * `RequestAuthentication` `JWTRule`): workload selector and JWT rules (issuer, audiences, jwksUri or inline jwks,
 * fromHeaders, fromParams, fromCookies, outputPayloadToHeader, outputClaimToHeaders, forwardOriginalToken, timeout).
 * `toForm` then `fromForm` returns the original object unchanged. Pure and isomorphic.
 */
import {
  asRecord,
  mapList,
  mergeKnown,
  mergeList,
  optString,
  policyFormBase,
  policyFromForm,
  strings,
  type Json,
  type SelectorObjectForm,
} from './merge';

export interface JwtHeaderForm {
  name: string;
  prefix?: string;
}

export interface ClaimToHeaderForm {
  header: string;
  claim: string;
}

export interface JwtRuleForm {
  issuer?: string;
  audiences?: string[];
  jwksUri?: string;
  jwks?: string;
  fromHeaders?: JwtHeaderForm[];
  fromParams?: string[];
  fromCookies?: string[];
  outputPayloadToHeader?: string;
  outputClaimToHeaders?: ClaimToHeaderForm[];
  forwardOriginalToken?: boolean;
  timeout?: string;
}

export interface RequestAuthenticationForm extends SelectorObjectForm {
  jwtRules?: JwtRuleForm[];
}

export function requestAuthenticationToForm(obj: Json): RequestAuthenticationForm {
  const spec = asRecord(obj.spec);
  return {
    ...policyFormBase(obj),
    jwtRules: mapList(spec.jwtRules, (r): JwtRuleForm => {
      const rule = asRecord(r);
      return {
        issuer: optString(rule.issuer),
        audiences: strings(rule.audiences),
        jwksUri: optString(rule.jwksUri),
        jwks: optString(rule.jwks),
        fromHeaders: mapList(rule.fromHeaders, (h) => ({
          name: optString(asRecord(h).name) ?? '',
          prefix: optString(asRecord(h).prefix),
        })),
        fromParams: strings(rule.fromParams),
        fromCookies: strings(rule.fromCookies),
        outputPayloadToHeader: optString(rule.outputPayloadToHeader),
        outputClaimToHeaders: mapList(rule.outputClaimToHeaders, (c) => ({
          header: optString(asRecord(c).header) ?? '',
          claim: optString(asRecord(c).claim) ?? '',
        })),
        forwardOriginalToken: typeof rule.forwardOriginalToken === 'boolean' ? rule.forwardOriginalToken : undefined,
        timeout: optString(rule.timeout),
      };
    }),
  };
}

export function requestAuthenticationFromForm(form: RequestAuthenticationForm, original?: Json): Json {
  const spec = asRecord(original?.spec);
  const jwtRules = mergeList(spec.jwtRules, form.jwtRules, (r, o) =>
    mergeKnown(o, {
      issuer: r.issuer,
      audiences: r.audiences,
      jwksUri: r.jwksUri,
      jwks: r.jwks,
      fromHeaders: mergeList(asRecord(o).fromHeaders, r.fromHeaders, (h, oh) =>
        mergeKnown(oh, { name: h.name, prefix: h.prefix }),
      ),
      fromParams: r.fromParams,
      fromCookies: r.fromCookies,
      outputPayloadToHeader: r.outputPayloadToHeader,
      outputClaimToHeaders: mergeList(asRecord(o).outputClaimToHeaders, r.outputClaimToHeaders, (c, oc) =>
        mergeKnown(oc, { header: c.header, claim: c.claim }),
      ),
      forwardOriginalToken: r.forwardOriginalToken,
      timeout: r.timeout,
    }),
  );
  return policyFromForm('RequestAuthentication', form, original, { jwtRules });
}

export function newRequestAuthenticationForm(namespace: string, name = ''): RequestAuthenticationForm {
  return { name, namespace, apiVersion: 'security.istio.io/v1', jwtRules: [{ issuer: '', jwksUri: '' }] };
}
