import { randomUUID } from 'node:crypto';
import type { ResourceType } from './resources';

/** A stored Kubernetes object: the wire JSON, with metadata filled in by the store. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  // Kubernetes objects carry arbitrary kind-specific fields (spec, status, data, subsets, ...).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
}

/** Errors the store raises; the HTTP layer maps them to Kubernetes `Status` objects. */
export class StoreError extends Error {
  constructor(
    readonly reason: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest',
    message: string,
  ) {
    super(message);
  }
}

function typeKey(resource: ResourceType): string {
  return `${resource.group}/${resource.plural}`;
}

function namespaceKey(resource: ResourceType, namespace: string | undefined): string {
  return resource.namespaced ? (namespace ?? '') : '';
}

/**
 * The demo cluster's state: an in-memory object store with a cluster-wide `resourceVersion` counter, as etcd
 * gives a real API server. Writes check `metadata.resourceVersion` (optimistic concurrency, 409 on a stale write)
 * and notify watchers synchronously. Objects are deep-copied in and out, so callers cannot mutate stored state.
 */
export class ObjectStore {
  /** Objects by type, then namespace ('' for cluster-scoped), then name: a list reads only what it returns. */
  private objects = new Map<string, Map<string, Map<string, KubeObject>>>();
  private listeners = new Set<(event: WatchEvent) => void>();
  private revision = 1;

  /** The latest resourceVersion handed out (a list's `metadata.resourceVersion`). */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  watch(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lists objects of a type, in one namespace or all (namespace undefined), sorted by namespace then name. */
  list(resource: ResourceType, namespace?: string): KubeObject[] {
    return this.stored(resource, namespace).map((o) => structuredClone(o));
  }

  /**
   * One page of a list: the objects that `keep` accepts, in list order, from index `start` up to `end` (exclusive;
   * all when undefined), copied; `total` counts every accepted object. Only the page is copied: a page of 500 pods
   * out of 10,000 took 3 s when the whole list was copied for each page (the inventory cache lists in pages).
   */
  listPage(
    resource: ResourceType,
    namespace: string | undefined,
    keep: (o: KubeObject) => boolean,
    start: number,
    end?: number,
  ): { items: KubeObject[]; total: number } {
    const all = this.stored(resource, namespace).filter(keep);
    return { items: all.slice(start, end).map((o) => structuredClone(o)), total: all.length };
  }

  /** The stored objects themselves (not copies: never hand them out), sorted as `list`. */
  private stored(resource: ResourceType, namespace?: string): KubeObject[] {
    const byNamespace = this.objects.get(typeKey(resource));
    if (!byNamespace) return [];
    const buckets =
      namespace !== undefined && resource.namespaced ? [byNamespace.get(namespace)] : [...byNamespace.values()];
    const out: KubeObject[] = [];
    for (const bucket of buckets) for (const obj of bucket?.values() ?? []) out.push(obj);
    return out.sort(
      (a, b) =>
        (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
  }

  /** Gets one object, or undefined. */
  get(resource: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.lookup(resource, namespace, name);
    return obj ? structuredClone(obj) : undefined;
  }

  private lookup(resource: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(typeKey(resource))?.get(namespaceKey(resource, namespace))?.get(name);
  }

  private put(resource: ResourceType, obj: KubeObject): void {
    let byNamespace = this.objects.get(typeKey(resource));
    if (!byNamespace) this.objects.set(typeKey(resource), (byNamespace = new Map()));
    const ns = namespaceKey(resource, obj.metadata.namespace);
    let bucket = byNamespace.get(ns);
    if (!bucket) byNamespace.set(ns, (bucket = new Map()));
    bucket.set(obj.metadata.name, obj);
  }

  private remove(resource: ResourceType, namespace: string | undefined, name: string): void {
    const byNamespace = this.objects.get(typeKey(resource));
    const ns = namespaceKey(resource, namespace);
    const bucket = byNamespace?.get(ns);
    bucket?.delete(name);
    if (bucket?.size === 0) byNamespace!.delete(ns);
  }

  /**
   * Creates an object. Fills uid, resourceVersion, generation and creationTimestamp.
   * @throws StoreError AlreadyExists when the name is taken.
   */
  create(resource: ResourceType, obj: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    if (this.lookup(resource, obj.metadata.namespace, obj.metadata.name)) {
      throw new StoreError(
        'AlreadyExists',
        `${resource.plural}${resource.group ? '.' + resource.group : ''} "${obj.metadata.name}" already exists`,
      );
    }
    const stored = structuredClone(obj);
    stored.metadata = {
      ...stored.metadata,
      uid: randomUUID(),
      generation: 1,
      creationTimestamp: stored.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(opts.dryRun ? this.revision : this.revision + 1),
    };
    if (!resource.namespaced) delete stored.metadata.namespace;
    if (opts.dryRun) return stored;
    this.revision++;
    this.put(resource, stored);
    this.emit({ type: 'ADDED', resource, object: stored });
    return structuredClone(stored);
  }

  /**
   * Replaces an object. When `obj.metadata.resourceVersion` is set it must equal the stored one, else Conflict
   * (Kubernetes' optimistic concurrency). `generation` increases when anything but metadata/status changes.
   * @throws StoreError NotFound, Conflict.
   */
  update(resource: ResourceType, obj: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    const current = this.lookup(resource, obj.metadata.namespace, obj.metadata.name);
    if (!current) {
      throw new StoreError(
        'NotFound',
        `${resource.plural}${resource.group ? '.' + resource.group : ''} "${obj.metadata.name}" not found`,
      );
    }
    const sentVersion = obj.metadata.resourceVersion;
    if (sentVersion && sentVersion !== current.metadata.resourceVersion) {
      throw new StoreError(
        'Conflict',
        `Operation cannot be fulfilled on ${resource.plural}${resource.group ? '.' + resource.group : ''} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const stored = structuredClone(obj);
    const specChanged = JSON.stringify(specOf(stored)) !== JSON.stringify(specOf(current));
    stored.metadata = {
      ...stored.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      resourceVersion: String(opts.dryRun ? current.metadata.resourceVersion : this.revision + 1),
    };
    if (opts.dryRun) return stored;
    this.revision++;
    this.put(resource, stored);
    this.emit({ type: 'MODIFIED', resource, object: stored });
    return structuredClone(stored);
  }

  /**
   * Deletes an object and returns it. @throws StoreError NotFound.
   */
  delete(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: { dryRun?: boolean } = {},
  ): KubeObject {
    const current = this.lookup(resource, namespace, name);
    if (!current) {
      throw new StoreError(
        'NotFound',
        `${resource.plural}${resource.group ? '.' + resource.group : ''} "${name}" not found`,
      );
    }
    if (opts.dryRun) return structuredClone(current);
    this.revision++;
    this.remove(resource, namespace, name);
    this.emit({ type: 'DELETED', resource, object: current });
    return structuredClone(current);
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) listener(structuredClone(event));
  }
}

function specOf(obj: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}
