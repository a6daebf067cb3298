/**
 * Input validation for the Istio config API (DESIGN.md: every API input is validated before it reaches the Kubernetes
 * API). Bad input is a 400 `bad_request:api` whose message and `details.parameter` name the parameter.
 */
import 'server-only';
import { z } from 'zod';
import { MeshscopeError } from '@/lib/errors';
import { CLUSTER_SCOPE, ISTIO_KINDS, type IstioKind } from '@/lib/istio/kinds';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/istio/names';
import type { IstioObject } from '@/lib/k8s/inventory';

export const bad = (parameter: string, message: string) =>
  new MeshscopeError('bad_request:api', `${parameter}: ${message}`, { parameter });

/** A namespace name: a DNS-1123 label of at most 63 characters. @throws 400 naming `parameter`. */
export function parseNamespace(value: string | null | undefined, parameter = 'namespace'): string {
  if (!isDns1123Label(value)) {
    const got = JSON.stringify(value ?? '');
    throw bad(parameter, `must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got ${got}`);
  }
  return value;
}

/**
 * The namespace segment of an object URL for `kind`: a namespace (DNS-1123 label) for namespaced kinds; `-`
 * (`CLUSTER_SCOPE`) for cluster-scoped ones (GatewayClass), answered as ''. @throws 400 naming `parameter`.
 */
export function parseScope(value: string | null | undefined, kind: IstioKind, parameter = 'namespace'): string {
  if (kind.namespaced) return parseNamespace(value, parameter);
  if (value !== CLUSTER_SCOPE)
    throw bad(
      parameter,
      `must be ${JSON.stringify(CLUSTER_SCOPE)} for the cluster-scoped ${kind.kind}, got ${JSON.stringify(value ?? '')}`,
    );
  return '';
}

/** An object name: a DNS-1123 subdomain of at most 253 characters. @throws 400 naming `parameter`. */
export function parseName(value: string | null | undefined, parameter = 'name'): string {
  if (!isDns1123Subdomain(value)) {
    const got = JSON.stringify(value ?? '');
    const rule = "DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253)";
    throw bad(parameter, `must be a ${rule}, got ${got}`);
  }
  return value;
}

/** A kind given by its plural (`virtualservices`) as in Kubernetes URLs. @throws 400 listing the known kinds. */
export function parseKind(value: string | null | undefined, parameter = 'kind'): IstioKind {
  const kind = ISTIO_KINDS.find((k) => k.plural === value);
  if (!kind)
    throw bad(
      parameter,
      `unknown Istio kind ${JSON.stringify(value ?? '')}; one of ${ISTIO_KINDS.map((k) => k.plural).join(', ')}`,
    );
  return kind;
}

function csv(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface ListQuery {
  /** Empty = all namespaces the server can see. */
  namespaces: string[];
  /** Empty = every kind. */
  kinds: IstioKind[];
  validate: boolean;
  /** Include each full object (impact previews need the specs). */
  objects: boolean;
  /** Multi-cluster: one cluster's objects only (checked against the known clusters by the list). */
  clusterName?: string;
}

const bool = (search: URLSearchParams, name: string): boolean => {
  const v = search.get(name);
  if (v !== null && v !== 'true' && v !== 'false') throw bad(name, 'must be true or false');
  return v === 'true';
};

/** `?namespaces=a,b&kinds=virtualservices,gateways&validate=true&objects=true`. @throws 400 naming the parameter. */
export function parseListQuery(search: URLSearchParams): ListQuery {
  const namespaces = csv(search.get('namespaces')).map((ns) => parseNamespace(ns, 'namespaces'));
  if (namespaces.length > 200) throw bad('namespaces', 'at most 200 namespaces');
  const kinds = csv(search.get('kinds')).map((k) => parseKind(k, 'kinds'));
  return {
    namespaces: [...new Set(namespaces)],
    kinds: [...new Set(kinds)],
    validate: bool(search, 'validate'),
    objects: bool(search, 'objects'),
    ...(search.get('clusterName') ? { clusterName: search.get('clusterName')! } : {}),
  };
}

const objectShape = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({
    name: z.string().optional(),
    namespace: z.string().optional(),
    resourceVersion: z.string().optional(),
  }),
  spec: z.record(z.string(), z.unknown()).optional(),
});

const writeBody = z
  .object({
    object: z.looseObject(objectShape.shape),
    dryRun: z.boolean().optional(),
    reviewed: z.boolean().optional(),
  })
  .strict();

export interface WriteBody {
  object: IstioObject;
  dryRun: boolean;
  /** The object passed this API's dry run unchanged (the review step): the write skips the schema check. */
  reviewed: boolean;
}

/**
 * The body of PUT and POST: `{ object, dryRun?, reviewed? }`. The object must be of the URL's kind (any served
 * version), in the URL's namespace (or none), and for PUT carry the URL's name; `reviewed` marks a write (not a dry
 * run) of an object that passed a dry run of this API unchanged. @throws 400 naming the field.
 */
export function parseWriteBody(
  body: unknown,
  target: { namespace: string; kind: IstioKind; name?: string },
): WriteBody {
  const parsed = writeBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['body', ...(issue?.path ?? [])].join('.');
    throw bad(field, issue?.message ?? 'invalid body; expected { object, dryRun?, reviewed? }');
  }
  const object = parsed.data.object as unknown as IstioObject;
  const { kind, namespace } = target;
  const [group, version] = object.apiVersion.split('/');
  if (object.kind !== kind.kind)
    throw bad('object.kind', `must be ${kind.kind} for /${kind.plural}, got ${object.kind}`);
  if (group !== kind.group || !version || !kind.versions.includes(version)) {
    throw bad(
      'object.apiVersion',
      `must be one of ${kind.versions.map((v) => `${kind.group}/${v}`).join(', ')}, got ${object.apiVersion}`,
    );
  }
  if (!kind.namespaced && object.metadata.namespace) {
    throw bad(
      'object.metadata.namespace',
      `must be absent: ${kind.kind} is cluster-scoped, got ${object.metadata.namespace}`,
    );
  }
  if (kind.namespaced && object.metadata.namespace !== undefined && object.metadata.namespace !== namespace) {
    throw bad(
      'object.metadata.namespace',
      `must be ${namespace} (the URL's namespace), got ${object.metadata.namespace}`,
    );
  }
  parseName(object.metadata.name, 'object.metadata.name');
  if (target.name !== undefined && object.metadata.name !== target.name) {
    throw bad('object.metadata.name', `must be ${target.name} (the URL's name); renaming creates a new object`);
  }
  const dryRun = parsed.data.dryRun ?? false;
  const reviewed = parsed.data.reviewed ?? false;
  if (dryRun && reviewed) throw bad('body.reviewed', 'applies to the write after a dry run, not to a dry run');
  const metadata = { ...object.metadata, namespace };
  if (!kind.namespaced) delete (metadata as { namespace?: string }).namespace;
  return { object: { ...object, metadata }, dryRun, reviewed };
}
