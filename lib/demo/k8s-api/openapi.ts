import { RESOURCE_TYPES, type ResourceType } from '../store/resources';
import { KUBERNETES_VERSION } from './discovery';
import { fnv32a } from './hash';

/**
 * A skeleton of the API server's OpenAPI v3 documents: one PATCH operation per resource, with its
 * `x-kubernetes-group-version-kind` and query parameters, and no schemas. That is what kubectl reads to learn
 * that the server validates fields itself (`fieldValidation`), so `kubectl apply/create/replace` validate
 * server-side instead of downloading schemas. Built-in kinds do not advertise strategic merge patch here, so
 * kubectl computes it from its compiled-in types; Istio CRs get JSON merge patch, as with real CRDs.
 */

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCE_TYPES)
    for (const version of r.versions) seen.set(groupVersionPath(r.group, version), { group: r.group, version });
  return [...seen.values()];
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: name === 'force' ? { type: 'boolean' } : { type: 'string' },
  uniqueItems: true,
}));

function patchOperation(r: ResourceType, version: string): object {
  const body = { schema: { type: 'object' } };
  return {
    tags: [`${r.group || 'core'}_${version}`],
    description: `partially update the specified ${r.kind}`,
    operationId: `patch${r.namespaced ? 'Namespaced' : ''}${r.kind}`,
    'x-kubernetes-action': 'patch',
    'x-kubernetes-group-version-kind': { group: r.group, version, kind: r.kind },
    parameters: QUERY_PARAMS,
    requestBody: {
      content: {
        'application/json-patch+json': body,
        'application/merge-patch+json': body,
        'application/apply-patch+yaml': body,
      },
      required: true,
    },
    responses: { '200': { description: 'OK', content: { 'application/json': body } } },
  };
}

/** `GET /openapi/v3/{api/v1 | apis/group/version}`: the document of one group/version, or undefined. */
export function openApiV3Document(group: string, version: string): object | undefined {
  const types = RESOURCE_TYPES.filter((r) => r.group === group && r.versions.includes(version));
  if (types.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const r of types) {
    const base = `/${groupVersionPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`;
    paths[base] = {
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } },
        ...(r.namespaced
          ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }]
          : []),
      ],
      patch: patchOperation(r, version),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths,
    components: { schemas: {} },
  };
}

/** `GET /openapi/v3`: where each group/version's document is (with a content hash, as kubectl caches by it). */
export function openApiV3Index(): object {
  const paths: Record<string, object> = {};
  for (const { group, version } of groupVersions()) {
    const hash = fnv32a(JSON.stringify(openApiV3Document(group, version)))
      .toString(16)
      .toUpperCase();
    const p = groupVersionPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}
