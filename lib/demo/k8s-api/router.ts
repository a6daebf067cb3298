import { resourceByPlural, type ResourceType } from '../store/resources';
import { pathNotFound } from './status';

/** A discovery or health document the server answers without touching the store. */
export interface DiscoveryRoute {
  type: 'discovery';
  doc:
    | 'root'
    | 'version'
    | 'health'
    | 'api'
    | 'coreVersion'
    | 'apis'
    | 'group'
    | 'groupVersion'
    | 'openapiIndex'
    | 'openapiDoc';
  group?: string;
  version?: string;
}

/** A resource URL: a collection (no name) or one object, optionally a subresource such as `log` or `scale`. */
export interface ResourceRoute {
  type: 'resource';
  resource: ResourceType;
  /** The API version in the URL (objects are returned in it). */
  version: string;
  /** The namespace in the URL; undefined for cluster-scoped resources and all-namespace lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** `pods/{name}/proxy/{path}`: the path after `proxy` (`config_dump`), without its leading `/`. */
  proxyPath?: string;
  /** The legacy `/watch/` path prefix was used. */
  watchPath: boolean;
}

export type Route = DiscoveryRoute | ResourceRoute;

/** Subresources the server knows, by resource plural. */
const SUBRESOURCES: Record<string, string[]> = {
  pods: ['log', 'status', 'proxy'],
  deployments: ['scale', 'status'],
  replicasets: ['scale', 'status'],
  statefulsets: ['scale', 'status'],
  daemonsets: ['status'],
  namespaces: ['status', 'finalize'],
  services: ['status'],
};

/** The subresources served for a resource (listed in discovery as `pods/log`, ...). */
export function subresourcesOf(resource: ResourceType): string[] {
  return SUBRESOURCES[resource.plural] ?? (resource.istio ? ['status'] : []);
}

function resourcePath(group: string, version: string, segments: string[], path: string): ResourceRoute {
  let rest = segments;
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const candidate = resourceByPlural(group, rest[2]!);
    if (candidate?.namespaced || group !== '') {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const [plural, name, subresource, ...extra] = rest;
  const resource = plural ? resourceByPlural(group, plural) : undefined;
  const proxy = subresource === 'proxy' && resource?.plural === 'pods';
  if (!resource || !resource.versions.includes(version) || (extra.length > 0 && !proxy)) throw pathNotFound(path);
  if (namespace !== undefined && !resource.namespaced) throw pathNotFound(path);
  if (name !== undefined && resource.namespaced && namespace === undefined) throw pathNotFound(path);
  if (subresource !== undefined && !subresourcesOf(resource).includes(subresource)) throw pathNotFound(path);
  const route: ResourceRoute = { type: 'resource', resource, version, namespace, name, subresource, watchPath };
  if (proxy) route.proxyPath = extra.join('/');
  return route;
}

/**
 * Maps a request path to a route: discovery (`/api`, `/apis/{group}/{version}`, ...) or a resource URL
 * (`/api/v1/namespaces/{ns}/pods/{name}/log`, `/apis/{group}/{version}/{plural}`, ...).
 * @throws ApiError 404 for a path the server does not serve.
 */
export function parseRoute(path: string): Route {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return { type: 'discovery', doc: 'root' };
  if (first === 'version' && second === undefined) return { type: 'discovery', doc: 'version' };
  if (['healthz', 'livez', 'readyz'].includes(first)) return { type: 'discovery', doc: 'health' };
  if (first === 'openapi' && second === 'v3') {
    if (third === undefined) return { type: 'discovery', doc: 'openapiIndex' };
    if (third === 'api' && rest.length === 1)
      return { type: 'discovery', doc: 'openapiDoc', group: '', version: rest[0] };
    if (third === 'apis' && rest.length === 2)
      return { type: 'discovery', doc: 'openapiDoc', group: rest[0], version: rest[1] };
  }
  if (first === 'api') {
    if (second === undefined) return { type: 'discovery', doc: 'api' };
    if (second !== 'v1') throw pathNotFound(path);
    if (third === undefined) return { type: 'discovery', doc: 'coreVersion', group: '', version: 'v1' };
    return resourcePath('', 'v1', [third, ...rest], path);
  }
  if (first === 'apis') {
    if (second === undefined) return { type: 'discovery', doc: 'apis' };
    if (third === undefined) return { type: 'discovery', doc: 'group', group: second };
    if (rest.length === 0) return { type: 'discovery', doc: 'groupVersion', group: second, version: third };
    return resourcePath(second, third, rest, path);
  }
  throw pathNotFound(path);
}
