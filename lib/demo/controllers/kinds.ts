import type { KubeObject } from '../store/object-store';
import { resourceByPlural, type ResourceType } from '../store/resources';

/** The demo store's resource type for `plural` in API `group`; throws when the store does not serve it. */
export function mustServe(group: string, plural: string): ResourceType {
  const r = resourceByPlural(group, plural);
  if (!r) throw new Error(`the demo store does not serve ${plural}`);
  return r;
}

/** The resource types the controllers read and write. */
export const KINDS = {
  namespaces: mustServe('', 'namespaces'),
  pods: mustServe('', 'pods'),
  services: mustServe('', 'services'),
  endpoints: mustServe('', 'endpoints'),
  serviceAccounts: mustServe('', 'serviceaccounts'),
  deployments: mustServe('apps', 'deployments'),
  replicaSets: mustServe('apps', 'replicasets'),
};

/** Whether `obj` is controlled by the object with `uid`. */
export function ownedBy(obj: KubeObject, uid: string | undefined): boolean {
  return uid !== undefined && (obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid);
}

/** The controlling owner reference of an object of a given kind, if any. */
export function controllerOf(obj: KubeObject, kind: string): { name: string; uid: string } | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.kind === kind && r.controller !== false);
}

/** Current time as Kubernetes writes timestamps (RFC 3339, seconds). */
export function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** JSON equality for plain wire objects (used to skip writes that change nothing). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
