/**
 * Lookup of CRD schemas (Istio's, the Gateway API's, the Inference Extension's) by `apiVersion` + `kind`, over the
 * data generated from `lib/istio/crds/*.yaml` (see `generate.ts`). Pure and isomorphic: the data is a JSON module, so this runs in Node and in the browser bundle.
 */
import crdJson from './crds.gen.json';
import type { CrdData, CrdKindEntry, SchemaFinding, StructuralSchema } from './types';
import * as msg from './messages';

// The JSON module's inferred type is structurally wider than `CrdData` (string vs literal unions); the generator
// guarantees the shape and `schema.test.ts` checks the file is up to date.
const crdData = crdJson as unknown as CrdData;

/** True for API groups served by Istio CRDs (`networking.istio.io`, `security.istio.io`, ...). */
export const isIstioGroup = (group: string): boolean => group === 'istio.io' || group.endsWith('.istio.io');

/** The Gateway API groups whose CRDs Meshscope validates (`gateway.networking.k8s.io`, `inference.networking.k8s.io`). */
export const isGatewayApiGroup = (group: string): boolean =>
  group === 'gateway.networking.k8s.io' || group === 'inference.networking.k8s.io';

/** True for every group whose CRD schemas Meshscope has: Istio's and the Gateway API groups. */
export const isCrdGroup = (group: string): boolean => isIstioGroup(group) || isGatewayApiGroup(group);

/** Split `group/version` (core group has no slash). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Every kind with a CRD schema (Istio's and the Gateway API's), with its served versions. */
export function istioKinds(): CrdKindEntry[] {
  return Object.values(crdData.kinds);
}

const rootSchemas = new Map<number, StructuralSchema>();

/** The version's schema plus the fields every object has (`apiVersion`, `kind`; `metadata` is checked separately). */
function rootSchema(index: number): StructuralSchema {
  let schema = rootSchemas.get(index);
  if (!schema) {
    const base = crdData.schemas[index] as StructuralSchema;
    schema = {
      ...base,
      properties: {
        ...base.properties,
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    rootSchemas.set(index, schema);
  }
  return schema;
}

export type SchemaLookup = { schema: StructuralSchema; entry: CrdKindEntry } | { findings: SchemaFinding[] } | null;

/**
 * Resolve the schema an object declares. Returns findings on `apiVersion`/`kind` when an Istio or Gateway API group does
 * not serve that kind or version, and null for other groups (nothing to validate against here).
 */
export function lookupSchema(apiVersion: unknown, kind: unknown): SchemaLookup {
  const findings: SchemaFinding[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '')
    findings.push({ path: 'apiVersion', message: msg.required() });
  if (typeof kind !== 'string' || kind === '') findings.push({ path: 'kind', message: msg.required() });
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || findings.length > 0) return { findings };
  const { group, version } = splitApiVersion(apiVersion);
  if (!isCrdGroup(group)) return null;
  const kindsInGroup = istioKinds().filter((e) => e.group === group);
  if (kindsInGroup.length === 0) {
    return {
      findings: [
        {
          path: 'apiVersion',
          message: msg.invalid(apiVersion, `no Istio or Gateway API CRD serves the API group "${group}"`),
        },
      ],
    };
  }
  const entry = kindsInGroup.find((e) => e.kind === kind);
  if (!entry) {
    return {
      findings: [
        {
          path: 'kind',
          message: msg.notSupported(
            kind,
            kindsInGroup.map((e) => e.kind),
          ),
        },
      ],
    };
  }
  const index = entry.versions[version];
  if (index === undefined) {
    const served = Object.keys(entry.versions).map((v) => `${group}/${v}`);
    return { findings: [{ path: 'apiVersion', message: msg.notSupported(apiVersion, served) }] };
  }
  return { schema: rootSchema(index), entry };
}
