import type { IncomingHttpHeaders } from 'node:http';
import type { KubeObject, ObjectStore } from '../store/object-store';
import { resourceByPlural } from '../store/resources';
import type { ResourceRoute } from './router';
import { notFound } from './status';
import type { WatchHub } from './watch';

/** What every handler shares: the cluster state and the watch fan-out. */
export interface ApiContext {
  store: ObjectStore;
  hub: WatchHub;
}

/** A parsed request for a resource URL. */
export interface ApiRequest {
  method: string;
  route: ResourceRoute;
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body, for writes. */
  body: Buffer;
}

/** A handler's answer: an HTTP code and a JSON body. */
export interface ApiResult {
  code: number;
  body: unknown;
}

/** The object a route names, or a 404 Status. */
export function getOrThrow(ctx: ApiContext, route: ResourceRoute): KubeObject {
  const obj = ctx.store.get(route.resource, route.namespace, route.name!);
  if (!obj) throw notFound(route.resource, route.name!);
  return obj;
}

/** Throws the real server's 404 when a namespaced write targets a namespace that does not exist. */
export function requireNamespace(ctx: ApiContext, namespace: string | undefined): void {
  const namespaces = resourceByPlural('', 'namespaces');
  if (!namespace || !namespaces || ctx.store.get(namespaces, undefined, namespace)) return;
  throw notFound(namespaces, namespace);
}

/** An autoscaling/v1 Scale for a Deployment, ReplicaSet or StatefulSet (the `/scale` subresource). */
export function toScale(obj: KubeObject): KubeObject {
  const selector = (obj.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}
