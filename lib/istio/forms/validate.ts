/**
 * Field validation of the authorization forms, before any YAML exists: the rules Istio's CRDs and webhook enforce
 * (DNS-1123 names, `provider` only with CUSTOM, ports as numbers, `when` needs values or notValues, IP blocks) and
 * Kiali's KIA0102 (methods must be HTTP methods or Istio wildcards). Each problem has the form path it belongs to, so
 * the form shows it next to the field. Pure and isomorphic.
 */
import { DNS1123_LABEL_FMT, DNS1123_SUBDOMAIN_FMT, isDns1123Subdomain, isLabelValue } from '../names';
import type { AuthorizationPolicyForm } from './authorization-policy';
import type { PeerAuthenticationForm } from './peer-authentication';
import type { RequestAuthenticationForm } from './request-authentication';

export interface FormProblem {
  /** Form path: `name`, `rules.0.to.1.methods`, `portLevelMtls.2.port`. */
  path: string;
  message: string;
}

/** A namespace, a prefix or suffix match (`*` at one end) or `*` (Istio's `source.namespaces`). */
const NAMESPACE_PATTERN = new RegExp(`^\\*?${DNS1123_LABEL_FMT}\\*?$|^\\*$`);
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+(\/\d{1,3})?$/;
const LABEL_KEY = new RegExp(`^(${DNS1123_SUBDOMAIN_FMT}\\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`);

function name(form: { name: string }, out: FormProblem[]): void {
  if (!form.name) out.push({ path: 'name', message: 'A name is required' });
  else if (!isDns1123Subdomain(form.name)) {
    out.push({ path: 'name', message: "Lower-case letters, digits, '-' and '.'" });
  }
}

function selector(rows: { key: string; value: string }[] | undefined, out: FormProblem[]): void {
  (rows ?? []).forEach((r, i) => {
    if (!LABEL_KEY.test(r.key)) out.push({ path: `selector.${i}`, message: `"${r.key}" is not a label key` });
    else if (!isLabelValue(r.value)) out.push({ path: `selector.${i}`, message: `"${r.value}" is not a label value` });
  });
}

const isPort = (p: string) => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 65535;
const isIpBlock = (v: string) => IPV4_CIDR.test(v) || (v.includes(':') && IPV6_CIDR.test(v));

/** Problems of an AuthorizationPolicy form. */
export function authorizationPolicyProblems(form: AuthorizationPolicyForm): FormProblem[] {
  const out: FormProblem[] = [];
  name(form, out);
  selector(form.selector, out);
  if (form.action === 'CUSTOM' && !form.provider)
    out.push({ path: 'provider', message: 'CUSTOM needs an extension provider name' });
  if (form.action !== 'CUSTOM' && form.provider)
    out.push({ path: 'provider', message: 'A provider is only allowed with action CUSTOM' });
  (form.rules ?? []).forEach((rule, r) => {
    (rule.from ?? []).forEach((src, s) => {
      for (const field of ['namespaces', 'notNamespaces'] as const) {
        for (const ns of src[field] ?? [])
          if (!NAMESPACE_PATTERN.test(ns))
            out.push({
              path: `rules.${r}.from.${s}.${field}`,
              message: `"${ns}" is not a namespace (or a prefix/suffix * pattern)`,
            });
      }
      for (const field of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const) {
        for (const ip of src[field] ?? [])
          if (!isIpBlock(ip))
            out.push({ path: `rules.${r}.from.${s}.${field}`, message: `"${ip}" is not an IP address or CIDR block` });
      }
      for (const field of ['principals', 'notPrincipals'] as const) {
        for (const p of src[field] ?? [])
          if (/\s/.test(p))
            out.push({ path: `rules.${r}.from.${s}.${field}`, message: `"${p}" must not contain spaces` });
      }
    });
    (rule.to ?? []).forEach((op, o) => {
      for (const field of ['methods', 'notMethods'] as const) {
        for (const m of op[field] ?? []) {
          const bare = m.replace(/^\*|\*$/g, '');
          if (m !== '*' && !(HTTP_METHODS.has(m) || (m.includes('*') && /^[A-Z]+$/.test(bare)))) {
            out.push({
              path: `rules.${r}.to.${o}.${field}`,
              message: `"${m}" is not an HTTP method (KIA0102: GET, POST, ... or a * pattern)`,
            });
          }
        }
      }
      for (const field of ['ports', 'notPorts'] as const) {
        for (const p of op[field] ?? [])
          if (!isPort(p)) out.push({ path: `rules.${r}.to.${o}.${field}`, message: `"${p}" is not a port number` });
      }
      for (const field of ['paths', 'notPaths'] as const) {
        for (const p of op[field] ?? [])
          if (!p.startsWith('/') && !p.startsWith('*'))
            out.push({ path: `rules.${r}.to.${o}.${field}`, message: `"${p}" must start with / (or *)` });
      }
    });
    (rule.when ?? []).forEach((c, w) => {
      if (!c.key)
        out.push({
          path: `rules.${r}.when.${w}.key`,
          message: 'A condition needs a key (e.g. request.headers[x-user])',
        });
      if (!c.values?.length && !c.notValues?.length)
        out.push({ path: `rules.${r}.when.${w}.values`, message: 'Give values or notValues' });
    });
  });
  return out;
}

/** Problems of a PeerAuthentication form. */
export function peerAuthenticationProblems(form: PeerAuthenticationForm): FormProblem[] {
  const out: FormProblem[] = [];
  name(form, out);
  selector(form.selector, out);
  const seen = new Set<string>();
  (form.portLevelMtls ?? []).forEach((p, i) => {
    if (!isPort(p.port)) out.push({ path: `portLevelMtls.${i}.port`, message: `"${p.port}" is not a port number` });
    if (seen.has(p.port)) out.push({ path: `portLevelMtls.${i}.port`, message: `Port ${p.port} is listed twice` });
    seen.add(p.port);
  });
  if ((form.portLevelMtls ?? []).length && !(form.selector ?? []).length)
    out.push({ path: 'portLevelMtls', message: 'Port-level mTLS only applies to policies with a workload selector' });
  return out;
}

/** Problems of a RequestAuthentication form. */
export function requestAuthenticationProblems(form: RequestAuthenticationForm): FormProblem[] {
  const out: FormProblem[] = [];
  name(form, out);
  selector(form.selector, out);
  (form.jwtRules ?? []).forEach((r, i) => {
    if (!r.issuer) out.push({ path: `jwtRules.${i}.issuer`, message: 'An issuer is required' });
    if (r.jwksUri && !/^https?:\/\//.test(r.jwksUri))
      out.push({ path: `jwtRules.${i}.jwksUri`, message: 'jwksUri must be an http(s) URL' });
    if (r.jwksUri && r.jwks) out.push({ path: `jwtRules.${i}.jwks`, message: 'Give jwksUri or jwks, not both' });
  });
  return out;
}
