/**
 * The routing form model behind the service wizards (Kiali `IstioWizards/*`, kiali.md §1.4): one VirtualService and
 * one DestinationRule for a service, as form values. HTTP rules carry matches (uri, method, scheme, authority,
 * headers; exact | prefix | regex, or header presence), weighted destinations, mirroring with a percentage, fault
 * injection (delay, abort), timeout and retries; TCP rules carry weighted destinations; the DestinationRule carries
 * subsets and the traffic policy (see traffic-policy.ts). Everything else is kept from the original objects by
 * merging (match fields like `queryParams`, `gateways`, `exportTo`, annotations...). Pure and isomorphic.
 */
import {
  asRecord,
  isRecord,
  labelMap,
  labelRows,
  mapList,
  mergeKnown,
  mergeList,
  mergeOptional,
  mergePart,
  objectFormBase,
  objectFromForm,
  optString,
  strings,
  type Json,
  type LabelRow,
  type MetadataForm,
} from './merge';
import { trafficPolicyFromForm, trafficPolicyToForm, type TrafficPolicyForm } from './traffic-policy';

export type MatchOp = 'exact' | 'prefix' | 'regex';
/** Istio `StringMatch`; `present` is an empty match (header present with any value). */
export interface StringMatchForm {
  op: MatchOp | 'present';
  value: string;
}
export const STRING_MATCH_FIELDS = ['uri', 'method', 'scheme', 'authority'] as const;
export type StringMatchField = (typeof STRING_MATCH_FIELDS)[number];

export interface HttpMatchForm extends Partial<Record<StringMatchField, StringMatchForm>> {
  headers?: { name: string; match: StringMatchForm }[];
  /** The port the request was sent to. */
  port?: number;
}

export interface DestinationForm {
  host: string;
  subset?: string;
  port?: number;
  weight?: number;
}

export interface FaultForm {
  delay?: { percent?: number; fixedDelay?: string };
  abort?: { percent?: number; httpStatus?: number };
}

export interface RetriesForm {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
}

export interface HttpRuleForm {
  name?: string;
  match?: HttpMatchForm[];
  route?: DestinationForm[];
  mirror?: { host: string; subset?: string };
  /** `mirrorPercentage.value`, 0–100. */
  mirrorPercent?: number;
  fault?: FaultForm;
  timeout?: string;
  retries?: RetriesForm;
}

/** A TCP rule's match: the service port the connection was sent to (`spec.tcp[].match[].port`). */
export interface TcpMatchForm {
  port?: number;
}

export interface TcpRuleForm {
  match?: TcpMatchForm[];
  route?: DestinationForm[];
}

export interface VirtualServiceForm extends MetadataForm {
  apiVersion: string;
  hosts?: string[];
  gateways?: string[];
  http?: HttpRuleForm[];
  tcp?: TcpRuleForm[];
}

export interface SubsetForm {
  name: string;
  labels?: LabelRow[];
}

export interface DestinationRuleForm extends MetadataForm {
  apiVersion: string;
  host?: string;
  subsets?: SubsetForm[];
  trafficPolicy?: TrafficPolicyForm;
}

export interface RoutingForm {
  virtualService: VirtualServiceForm | null;
  destinationRule: DestinationRuleForm | null;
}

export interface RoutingObjects {
  virtualService: Json | null;
  destinationRule: Json | null;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function stringMatchToForm(v: unknown): StringMatchForm | undefined {
  if (!isRecord(v)) return undefined;
  for (const op of ['exact', 'prefix', 'regex'] as const)
    if (typeof v[op] === 'string') return { op, value: v[op] as string };
  return { op: 'present', value: '' };
}

function stringMatchFromForm(m: StringMatchForm | undefined, original: unknown): Json | undefined {
  if (!m) return undefined;
  if (m.op === 'present') return mergeKnown(original, { exact: undefined, prefix: undefined, regex: undefined });
  return mergeKnown(original, { exact: undefined, prefix: undefined, regex: undefined, [m.op]: m.value });
}

function destinationToForm(v: unknown): DestinationForm {
  const r = asRecord(v);
  const d = asRecord(r.destination);
  return {
    host: optString(d.host) ?? '',
    subset: optString(d.subset),
    port: num(asRecord(d.port).number),
    weight: num(r.weight),
  };
}

function destinationFromForm(f: DestinationForm, original: unknown): Json {
  const o = asRecord(original);
  const od = asRecord(o.destination);
  const port = mergePart(f.port, od.port, (number) => ({ number }));
  return mergeKnown(o, {
    destination: mergeKnown(od, { host: f.host, subset: f.subset || undefined, port }),
    weight: f.weight,
  });
}

function httpRuleToForm(v: unknown): HttpRuleForm {
  const r = asRecord(v);
  const fault = asRecord(r.fault);
  const delay = asRecord(fault.delay);
  const abort = asRecord(fault.abort);
  const retries = asRecord(r.retries);
  return {
    name: optString(r.name),
    match: mapList(r.match, (m): HttpMatchForm => {
      const mm = asRecord(m);
      const out: HttpMatchForm = {};
      for (const f of STRING_MATCH_FIELDS) {
        const sm = stringMatchToForm(mm[f]);
        if (sm) out[f] = sm;
      }
      if (isRecord(mm.headers))
        out.headers = Object.entries(mm.headers).map(([name, hm]) => ({
          name,
          match: stringMatchToForm(hm) ?? { op: 'present', value: '' },
        }));
      if (typeof mm.port === 'number') out.port = mm.port;
      return out;
    }),
    route: mapList(r.route, destinationToForm),
    mirror: isRecord(r.mirror)
      ? { host: optString(r.mirror.host) ?? '', subset: optString(r.mirror.subset) }
      : undefined,
    mirrorPercent: num(asRecord(r.mirrorPercentage).value),
    fault: isRecord(r.fault)
      ? {
          delay: isRecord(fault.delay)
            ? { percent: num(asRecord(delay.percentage).value), fixedDelay: optString(delay.fixedDelay) }
            : undefined,
          abort: isRecord(fault.abort)
            ? { percent: num(asRecord(abort.percentage).value), httpStatus: num(abort.httpStatus) }
            : undefined,
        }
      : undefined,
    timeout: optString(r.timeout),
    retries: isRecord(r.retries)
      ? {
          attempts: num(retries.attempts),
          perTryTimeout: optString(retries.perTryTimeout),
          retryOn: optString(retries.retryOn),
        }
      : undefined,
  };
}

function httpRuleFromForm(f: HttpRuleForm, original: unknown): Json {
  const o = asRecord(original);
  const of = asRecord(o.fault);
  const percentage = (p: number | undefined, orig: unknown) => mergePart(p, orig, (value) => ({ value }));
  const fault = mergePart(f.fault, of, (fault) => ({
    delay: mergePart(fault.delay, of.delay, (delay) => ({
      percentage: percentage(delay.percent, asRecord(of.delay).percentage),
      fixedDelay: delay.fixedDelay,
    })),
    abort: mergePart(fault.abort, of.abort, (abort) => ({
      percentage: percentage(abort.percent, asRecord(of.abort).percentage),
      httpStatus: abort.httpStatus,
    })),
  }));
  return mergeKnown(o, {
    name: f.name,
    match: mergeList(o.match, f.match, (m, om) => {
      const omr = asRecord(om);
      const known: Json = {};
      for (const field of STRING_MATCH_FIELDS) known[field] = stringMatchFromForm(m[field], omr[field]);
      known.headers =
        m.headers === undefined
          ? undefined
          : Object.fromEntries(
              m.headers
                .filter((h) => h.name)
                .map((h) => [h.name, stringMatchFromForm(h.match, asRecord(omr.headers)[h.name])]),
            );
      known.port = m.port;
      return mergeKnown(omr, known);
    }),
    route: mergeList(o.route, f.route, destinationFromForm),
    mirror: mergePart(f.mirror, o.mirror, (mirror) => ({ host: mirror.host, subset: mirror.subset || undefined })),
    mirrorPercentage: percentage(f.mirrorPercent, o.mirrorPercentage),
    fault,
    timeout: f.timeout || undefined,
    retries:
      f.retries === undefined
        ? undefined
        : mergeOptional(o.retries, {
            attempts: f.retries.attempts,
            perTryTimeout: f.retries.perTryTimeout || undefined,
            retryOn: f.retries.retryOn || undefined,
          }),
  });
}

export function virtualServiceToForm(obj: Json): VirtualServiceForm {
  const spec = asRecord(obj.spec);
  return {
    ...objectFormBase(obj, 'networking.istio.io/v1'),
    hosts: strings(spec.hosts),
    gateways: strings(spec.gateways),
    http: mapList(spec.http, httpRuleToForm),
    tcp: mapList(spec.tcp, (t) => {
      const r = asRecord(t);
      return {
        match: mapList(r.match, (m) => ({ port: num(asRecord(m).port) })),
        route: mapList(r.route, destinationToForm),
      };
    }),
  };
}

export function virtualServiceFromForm(form: VirtualServiceForm, original: Json | null): Json {
  const spec = asRecord(original?.spec);
  return objectFromForm('VirtualService', form, original, {
    hosts: form.hosts,
    gateways: form.gateways,
    http: mergeList(spec.http, form.http, httpRuleFromForm),
    tcp: mergeList(spec.tcp, form.tcp, (t, ot) =>
      mergeKnown(ot, {
        match: mergeList(asRecord(ot).match, t.match, (m, om) => mergeKnown(om, { port: m.port })),
        route: mergeList(asRecord(ot).route, t.route, destinationFromForm),
      }),
    ),
  });
}

export function destinationRuleToForm(obj: Json): DestinationRuleForm {
  const spec = asRecord(obj.spec);
  return {
    ...objectFormBase(obj, 'networking.istio.io/v1'),
    host: optString(spec.host),
    subsets: mapList(spec.subsets, (s) => ({
      name: optString(asRecord(s).name) ?? '',
      labels: labelRows(asRecord(s).labels),
    })),
    trafficPolicy: isRecord(spec.trafficPolicy) ? trafficPolicyToForm(spec.trafficPolicy) : undefined,
  };
}

export function destinationRuleFromForm(form: DestinationRuleForm, original: Json | null): Json {
  const spec = asRecord(original?.spec);
  return objectFromForm('DestinationRule', form, original, {
    host: form.host,
    subsets: mergeList(spec.subsets, form.subsets, (s, os) =>
      mergeKnown(os, { name: s.name, labels: labelMap(s.labels) }),
    ),
    trafficPolicy:
      form.trafficPolicy === undefined ? undefined : trafficPolicyFromForm(form.trafficPolicy, spec.trafficPolicy),
  });
}

/** Reads the routing form of a service from its VirtualService and DestinationRule (either may be null). */
export function routingToForm(vs: Json | null, dr: Json | null): RoutingForm {
  return {
    virtualService: vs ? virtualServiceToForm(vs) : null,
    destinationRule: dr ? destinationRuleToForm(dr) : null,
  };
}

/** Builds the objects from the form, merged onto the originals (null original = a new object). */
export function routingFromForm(form: RoutingForm, originals: RoutingObjects): RoutingObjects {
  return {
    virtualService: form.virtualService ? virtualServiceFromForm(form.virtualService, originals.virtualService) : null,
    destinationRule: form.destinationRule
      ? destinationRuleFromForm(form.destinationRule, originals.destinationRule)
      : null,
  };
}
