/**
 * Build-time script: turns the CRDs in `lib/istio/crds/` (Istio's `crd-all.gen.yaml`, the Gateway API's
 * `gateway-api-crd.yaml` and the Inference Extension's `gateway-api-inference-extension-crd.yaml`) into
 * `crds.gen.json`, the data module the pure validator imports. Only the groups of `SCHEMA_GROUPS` are kept (the
 * Gateway API file also carries the experimental `gateway.networking.x-k8s.io` kinds, which Meshscope does not
 * serve). Run it after replacing a CRD file:
 *
 *   npx tsx lib/istio/schema/generate.ts
 *
 * Why a generated JSON module instead of parsing YAML at runtime: the validator must be importable by the browser
 * bundle, where there is no `fs`; a JSON import works the same in Node (tsx, vitest) and in Next's bundler, and the
 * data shrinks from ~960 KB of YAML to a fraction by dropping `description` text and sharing identical per-version
 * schemas. `schema.test.ts` re-runs `buildCrdData()` and fails if the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { CrdData, StructuralSchema } from './types';

/** Keywords that carry no validation meaning and are dropped from the generated data. */
const DROPPED_KEYWORDS = new Set(['description', 'title', 'example', 'externalDocs']);

/** Recursively copy a schema node without documentation keywords; keys are sorted for a stable output. */
export function stripSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    const value = (node as Record<string, unknown>)[key];
    if (key === 'properties' && value && typeof value === 'object') {
      // Property names are data, not keywords: a field literally named "description" must survive.
      const props: Record<string, unknown> = {};
      for (const name of Object.keys(value).sort()) props[name] = stripSchema((value as Record<string, unknown>)[name]);
      out[key] = props;
    } else {
      out[key] = stripSchema(value);
    }
  }
  return out;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean; storage?: boolean; schema?: { openAPIV3Schema?: unknown } }[];
  };
}

/** True for the API groups whose CRD schemas are generated: Istio's and the two Gateway API groups Istio implements. */
export const isSchemaGroup = (group: string): boolean =>
  group === 'istio.io' ||
  group.endsWith('.istio.io') ||
  group === 'gateway.networking.k8s.io' ||
  group === 'inference.networking.k8s.io';

/**
 * Parse multi-document CRD YAML texts (in order) and build the deduplicated schema table; CRDs of groups outside
 * `isSchemaGroup` are skipped. Pure apart from its input strings.
 */
export function buildCrdData(...crdYamls: string[]): CrdData {
  const data: CrdData = { kinds: {}, schemas: [] };
  const indexByJson = new Map<string, number>();
  for (const doc of crdYamls.flatMap((text) => parseAllDocuments(text))) {
    const crd = doc.toJS() as CrdDocument | null;
    if (!crd || crd.kind !== 'CustomResourceDefinition' || !crd.spec || !isSchemaGroup(crd.spec.group)) continue;
    const { group, names, scope } = crd.spec;
    const versions: Record<string, number> = {};
    let storageVersion = '';
    for (const version of crd.spec.versions) {
      if (!version.served || !version.schema?.openAPIV3Schema) continue;
      const schema = stripSchema(version.schema.openAPIV3Schema) as StructuralSchema;
      const json = JSON.stringify(schema);
      let index = indexByJson.get(json);
      if (index === undefined) {
        index = data.schemas.length;
        data.schemas.push(schema);
        indexByJson.set(json, index);
      }
      versions[version.name] = index;
      if (version.storage) storageVersion = version.name;
    }
    data.kinds[`${group}/${names.kind}`] = {
      group,
      kind: names.kind,
      plural: names.plural,
      scope,
      storageVersion,
      versions,
    };
  }
  return data;
}

const CRDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'crds');
/** The CRD files, in the order their kinds appear in the generated data. */
export const CRD_YAML_PATHS = [
  'crd-all.gen.yaml',
  'gateway-api-crd.yaml',
  'gateway-api-inference-extension-crd.yaml',
].map((f) => path.join(CRDS_DIR, f));
export const CRD_YAML_PATH = CRD_YAML_PATHS[0]!;
export const CRD_JSON_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crds.gen.json');

/** Serialise exactly as committed (indented so that a CRD upgrade gives a readable diff; bundlers minify it anyway). */
export function serializeCrdData(data: CrdData): string {
  return JSON.stringify(data, null, 1) + '\n';
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const data = buildCrdData(...CRD_YAML_PATHS.map((p) => readFileSync(p, 'utf8')));
  writeFileSync(CRD_JSON_PATH, serializeCrdData(data));
  console.log(
    `wrote ${CRD_JSON_PATH}: ${Object.keys(data.kinds).length} kinds, ${data.schemas.length} distinct schemas`,
  );
}
