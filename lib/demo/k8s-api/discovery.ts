import { RESOURCE_TYPES, type ResourceType } from '../store/resources';
import { subresourcesOf } from './router';

/** The Kubernetes version the demo API server claims to be. */
export const KUBERNETES_VERSION = 'v1.32.0';

/** `GET /version`. */
export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: KUBERNETES_VERSION,
    gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T17:59:15Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `GET /api`: the core group's versions. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupNames(): string[] {
  return [...new Set(RESOURCE_TYPES.filter((r) => r.group !== '').map((r) => r.group))];
}

/**
 * Kubernetes' version priority (apimachinery `CompareKubeAwareVersionStrings`): GA before beta before alpha, higher
 * major and then higher pre-release number first (`v1`, `v1beta1`, `v1alpha3`, `v1alpha2`).
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(beta|alpha)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    return [m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [pa, pb] = [parse(a), parse(b)];
  return pb[0]! - pa[0]! || pb[1]! - pa[1]! || pb[2]! - pa[2]! || a.localeCompare(b);
}

/** Versions of a group in preference order: each resource's preferred version first, then the rest by priority. */
function groupVersions(group: string): string[] {
  const types = RESOURCE_TYPES.filter((r) => r.group === group);
  const versions: string[] = [];
  for (const r of types) if (r.versions[0] && !versions.includes(r.versions[0])) versions.push(r.versions[0]);
  const rest = [...new Set(types.flatMap((r) => r.versions))]
    .filter((v) => !versions.includes(v))
    .sort(compareKubeVersions);
  return [...versions, ...rest];
}

/** `GET /apis/{group}`: one APIGroup, or undefined for an unknown group. */
export function apiGroup(group: string): object | undefined {
  const versions = groupVersions(group);
  if (group === '' || versions.length === 0) return undefined;
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: list, preferredVersion: list[0] };
}

/** `GET /apis`: every named group with its served versions; `preferredVersion` is the first served version. */
export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupNames().map((g) => {
      const { kind: _k, apiVersion: _a, ...rest } = apiGroup(g) as Record<string, unknown>;
      return rest;
    }),
  };
}

function categoriesOf(resource: ResourceType): string[] | undefined {
  if (['pods', 'services', 'deployments', 'replicasets', 'statefulsets', 'daemonsets'].includes(resource.plural)) {
    return ['all'];
  }
  if (resource.categories) return resource.categories;
  if (resource.group.endsWith('.k8s.io')) return undefined;
  if (resource.istio) return ['istio-io', `${resource.group.split('.')[0]}-istio-io`];
  return undefined;
}

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  log: ['get'],
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  finalize: ['update'],
};

/**
 * `GET /api/v1` and `GET /apis/{group}/{version}`: the APIResourceList with kinds, verbs, short names and
 * subresources, or undefined when the group/version is not served.
 */
export function apiResourceList(group: string, version: string): object | undefined {
  const types = RESOURCE_TYPES.filter((r) => r.group === group && r.versions.includes(version));
  if (types.length === 0) return undefined;
  const resources: object[] = [];
  for (const r of types) {
    const categories = categoriesOf(r);
    resources.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames && r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(categories ? { categories } : {}),
    });
    for (const sub of subresourcesOf(r)) {
      const kind = sub === 'scale' ? 'Scale' : r.kind;
      resources.push({
        name: `${r.plural}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
        kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

/** `GET /`: the paths the server serves. */
export function rootPaths(): object {
  const paths = ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/version'];
  for (const g of groupNames()) {
    paths.push(`/apis/${g}`);
    for (const v of groupVersions(g)) paths.push(`/apis/${g}/${v}`);
  }
  return { paths: paths.sort() };
}
