/**
 * The watch-based inventory cache (issue 17): one client-node informer (`ListWatch`: list once, paged, then watch from
 * the list's resourceVersion) per kind the inventory reads — namespaces, Deployments, StatefulSets, DaemonSets,
 * Services, Pods and every kind of the kinds table (lib/istio/kinds.ts) the cluster serves — read with the server's
 * own credentials and shared by every request and user. What a request may see of it is decided per request by
 * lib/k8s/inventory.ts (the identity's namespaces and list permissions); this module never answers a user directly.
 *
 * Readiness: ready once every kind has listed and is watching (a kind whose CRD is not installed counts as ready and
 * empty). A kind whose list or watch fails makes the cache not ready until it is restarted (back-off 1 s doubling to
 * 60 s); while not ready the inventory falls back to lists (lib/k8s/inventory.ts), so an API that went away shows as
 * errors (the partial view and banner of a cluster that is down) rather than as its last state. Serving the last state
 * instead, as client-go's informers do, was tried and hid a stopped cluster (e2e/multicluster). Kiali keeps the same
 * kind of cache (its "kube cache") for the same reason: listing a big cluster on every request does not scale. State
 * changes are logged (a failure as a warning, naming the kind).
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { getConfig } from '@/lib/config';
import { processGlobal } from '@/lib/config/process-global';
import { detached } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';
import { logger } from '@/lib/log';
import type { InventoryKindStatus, InventoryStatus } from '@/lib/contracts/status';
import { ISTIO_KINDS, type IstioKind } from '@/lib/istio/kinds';
import { kubeCall, type KubeClients } from './client';
import { isGroupServed, unknownServedVersions } from './discovery';

/** One kind the cache follows. */
export interface CachedKind {
  /** Unique key: `namespaces`, `deployments`, …, or the kinds table's `plural` (`virtualservices`, `k8sgateways`). */
  key: string;
  /** API group ('' for the core group) and resource plural, as RBAC names them. */
  group: string;
  resource: string;
  namespaced: boolean;
  /** The kinds-table entry for Istio and Gateway API kinds. */
  istio?: IstioKind;
}

/** The built-in kinds the inventory reads (lib/k8s/inventory.ts), then the kinds table's. */
export const CACHED_KINDS: readonly CachedKind[] = [
  { key: 'namespaces', group: '', resource: 'namespaces', namespaced: false },
  { key: 'deployments', group: 'apps', resource: 'deployments', namespaced: true },
  { key: 'statefulsets', group: 'apps', resource: 'statefulsets', namespaced: true },
  { key: 'daemonsets', group: 'apps', resource: 'daemonsets', namespaced: true },
  { key: 'services', group: '', resource: 'services', namespaced: true },
  { key: 'pods', group: '', resource: 'pods', namespaced: true },
  ...ISTIO_KINDS.map((k) => ({
    key: k.plural,
    group: k.group,
    resource: k.resource,
    namespaced: k.namespaced,
    istio: k,
  })),
];

/** A Kubernetes object as the cache keeps it. */
export interface CachedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: k8s.V1ObjectMeta;
  [field: string]: unknown;
}

export type KindState = InventoryKindStatus['state'];

/** The cache's own part of /api/status `inventory`. */
export type InventoryCacheStatus = Pick<InventoryStatus, 'ready' | 'readySince' | 'kinds'>;

/** Objects per page of the informers' lists (the API server's own chunking default is 500). */
export const LIST_PAGE_SIZE = 500;
const BACKOFF_MS = { first: 1_000, max: 60_000 };

interface KindEntry {
  kind: CachedKind;
  state: KindState;
  version: string | null;
  error: string | null;
  informer?: k8s.ListWatch<CachedObject>;
  backoffMs: number;
  timer?: NodeJS.Timeout;
  /** Listed and watching at least once (a later failure is then a restart, logged as such). */
  synced: boolean;
}

type Page = { metadata?: k8s.V1ListMeta; items: CachedObject[] };
type Paging = { limit: number; _continue?: string };

/** The typed list call (every namespace, one page) of each built-in kind, by key; the kinds table's are custom objects. */
const BUILTIN_LISTS: Record<string, (c: KubeClients, paging: Paging) => Promise<unknown>> = {
  namespaces: (c, p) => c.core.listNamespace(p),
  deployments: (c, p) => c.apps.listDeploymentForAllNamespaces(p),
  statefulsets: (c, p) => c.apps.listStatefulSetForAllNamespaces(p),
  daemonsets: (c, p) => c.apps.listDaemonSetForAllNamespaces(p),
  services: (c, p) => c.core.listServiceForAllNamespaces(p),
  pods: (c, p) => c.core.listPodForAllNamespaces(p),
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The watch path of a kind at `version` (`/api/v1/pods`, `/apis/apps/v1/deployments`, `/apis/{group}/{v}/{plural}`). */
export function watchPath(kind: CachedKind, version: string): string {
  return kind.group === '' ? `/api/${version}/${kind.resource}` : `/apis/${kind.group}/${version}/${kind.resource}`;
}

/** The shared inventory cache over one set of server clients. */
export class InventoryCache {
  private readonly entries: KindEntry[];
  private generation = 0;
  private stopped = false;
  private readySince: Date | null = null;
  private waiters: (() => void)[] = [];
  private memo: { generation: number; value: unknown } | undefined;

  constructor(readonly clients: KubeClients) {
    this.entries = CACHED_KINDS.map((kind) => ({
      kind,
      state: 'starting',
      version: null,
      error: null,
      backoffMs: 0,
      synced: false,
    }));
  }

  /** Starts every informer (outside any request's deadline); resolves when each has tried once. */
  start(): Promise<void> {
    return detached(async () => {
      await Promise.all(this.entries.map((e) => this.startEntry(e)));
    });
  }

  /** Stops every informer and pending restart. */
  stop(): void {
    this.stopped = true;
    for (const e of this.entries) {
      clearTimeout(e.timer);
      void e.informer?.stop();
    }
    this.wake();
  }

  /** True when every kind is listed and watched (or not served). */
  get ready(): boolean {
    return !this.stopped && this.entries.every((e) => e.state === 'ready' || e.state === 'absent');
  }

  /** True while some kind has not yet tried its first list (no failure seen yet). */
  get starting(): boolean {
    return !this.stopped && this.entries.some((e) => e.state === 'starting');
  }

  /** Resolves when the cache is ready, or when `ms` have passed; returns `ready` then. */
  async whenReady(ms: number): Promise<boolean> {
    if (this.ready || this.stopped) return this.ready;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
    clearTimeout(timer);
    return this.ready;
  }

  /** Counts every change seen (add, update, delete, relist); derived views are recomputed when it moves. */
  get changes(): number {
    return this.generation;
  }

  /** The objects of `key` (a CACHED_KINDS key), sorted by namespace then name as the API server lists them. */
  list(key: string): CachedObject[] {
    const e = this.entries.find((x) => x.kind.key === key);
    return [...(e?.informer?.list() ?? [])].sort(byNamespaceAndName);
  }

  /**
   * A value derived from the cache, recomputed only when the cache changed since the last call (`derive` must be
   * pure over `list`).
   */
  derived<T>(derive: () => T): T {
    if (this.memo?.generation !== this.generation) this.memo = { generation: this.generation, value: derive() };
    return this.memo.value as T;
  }

  /** The state of each kind and of the whole; `counts`: include each kind's object count (else null). */
  status(counts: boolean): InventoryCacheStatus {
    return {
      ready: this.ready,
      readySince: this.readySince?.toISOString() ?? null,
      kinds: this.entries.map((e) => ({
        key: e.kind.key,
        state: e.state,
        version: e.kind.istio ? e.version : null,
        objects: counts ? (e.informer?.list().length ?? 0) : null,
        error: e.error,
      })),
    };
  }

  private changed = (): void => {
    this.generation++;
  };

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private setState(e: KindEntry, state: KindState, error: string | null = null): void {
    const wasReady = this.ready;
    e.state = state;
    e.error = error;
    if (state === 'ready') e.synced = true;
    if (!wasReady && this.ready) {
      this.readySince = new Date();
      logger.info({ kinds: this.entries.length }, 'inventory cache ready');
      this.wake();
    }
    if (wasReady && !this.ready) this.readySince = null;
  }

  private async startEntry(e: KindEntry): Promise<void> {
    if (this.stopped) return;
    try {
      if (!e.informer) {
        const version = await this.resolveVersion(e.kind);
        if (version === null) return this.setState(e, 'absent');
        e.version = version;
        e.informer = this.makeInformer(e, version);
      }
      let failed = false;
      const onError = () => {
        failed = true;
      };
      e.informer.on(k8s.ERROR, onError);
      try {
        await e.informer.start();
      } finally {
        e.informer.off(k8s.ERROR, onError);
      }
      if (!failed && !this.stopped) {
        e.backoffMs = 0;
        this.changed(); // a relist may have replaced objects without a callback per change
        this.setState(e, 'ready');
      }
    } catch (err) {
      this.fail(e, err);
    }
  }

  private fail(e: KindEntry, err: unknown): void {
    if (this.stopped) return;
    this.setState(e, 'failed', message(err));
    e.backoffMs = Math.min(BACKOFF_MS.max, e.backoffMs ? e.backoffMs * 2 : BACKOFF_MS.first);
    logger.warn(
      { kind: e.kind.key, retryInMs: e.backoffMs, synced: e.synced, error: e.error },
      e.synced
        ? 'inventory cache: a kind failed after its sync; lists per request until it restarts'
        : 'inventory cache: a kind failed before its first sync',
    );
    clearTimeout(e.timer);
    e.timer = setTimeout(() => void this.startEntry(e), e.backoffMs);
    e.timer.unref();
  }

  private makeInformer(e: KindEntry, version: string): k8s.ListWatch<CachedObject> {
    const path = watchPath(e.kind, version);
    const informer = new k8s.ListWatch<CachedObject>(
      path,
      new k8s.Watch(this.clients.kubeConfig),
      () => detached(() => this.listAll(e.kind, version)) as unknown as Promise<k8s.KubernetesListObject<CachedObject>>,
      false,
    );
    const keep = (obj: CachedObject) => {
      // managedFields are most of an object's bytes and nothing Meshscope reads
      if (obj.metadata) delete obj.metadata.managedFields;
      this.changed();
    };
    informer.on(k8s.ADD, keep);
    informer.on(k8s.UPDATE, keep);
    informer.on(k8s.DELETE, this.changed);
    informer.on(k8s.ERROR, (err) => this.fail(e, err));
    return informer;
  }

  /** Lists every object of `kind` at `version`, LIST_PAGE_SIZE at a time; the list's resourceVersion is the first page's. */
  private async listAll(kind: CachedKind, version: string): Promise<Page> {
    const items: CachedObject[] = [];
    let first: k8s.V1ListMeta | undefined;
    let cont: string | undefined;
    do {
      const page = await kubeCall(this.clients, () => this.listPage(kind, version, cont));
      first ??= page.metadata;
      items.push(...page.items);
      // typed lists name it `_continue`, custom objects' raw JSON `continue`
      cont = page.metadata?._continue || (page.metadata as { continue?: string } | undefined)?.continue || undefined;
    } while (cont);
    return { metadata: first, items };
  }

  private listPage(kind: CachedKind, version: string, cont: string | undefined): Promise<Page> {
    const paging = { limit: LIST_PAGE_SIZE, _continue: cont };
    const builtin = kind.istio ? undefined : BUILTIN_LISTS[kind.key];
    const page = builtin
      ? builtin(this.clients, paging)
      : this.clients.custom.listClusterCustomObject({ group: kind.group, version, plural: kind.resource, ...paging });
    return page as Promise<Page>;
  }

  /**
   * The version to list and watch: `v1` for the built-ins; for the kinds table, the first of its versions the API
   * serves, else a served version the table does not know (its objects are shown read-only); null when the kind is
   * not served at all (its group is not installed, or every version answers 404).
   */
  private async resolveVersion(kind: CachedKind): Promise<string | null> {
    const istio = kind.istio;
    if (!istio) return 'v1';
    if (!(await isGroupServed(this.clients, istio.group))) return null;
    const candidates = [...istio.versions, ...(await unknownServedVersions(this.clients, istio))];
    for (const version of candidates) {
      try {
        await kubeCall(this.clients, () =>
          this.clients.custom.listClusterCustomObject({
            group: istio.group,
            version,
            plural: istio.resource,
            limit: 1,
          }),
        );
        return version;
      } catch (err) {
        if (err instanceof MeshscopeError && err.type === 'not_found') continue;
        throw err;
      }
    }
    return null;
  }
}

function byNamespaceAndName(a: CachedObject, b: CachedObject): number {
  const ka = `${a.metadata?.namespace ?? ''}\u0000${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}\u0000${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const holder = processGlobal('meshscope.k8s.inventoryCache', () => ({
  cache: undefined as InventoryCache | undefined,
  key: '',
}));

/**
 * The process's cache over `clients` (the server's own), started on first use. One per process: route bundles may
 * each hold their own `clients` object for the same configuration, so the cache is keyed by the configuration (API
 * server and KUBECONFIG), not by the object; a cache over another configuration (tests) is stopped and replaced.
 */
export function inventoryCacheFor(clients: KubeClients): InventoryCache {
  const key = cacheKey(clients);
  if (!holder.cache || holder.key !== key) {
    holder.cache?.stop();
    holder.cache = new InventoryCache(clients);
    holder.key = key;
    void holder.cache.start();
  }
  return holder.cache;
}

/**
 * The running cache when it is the one over `clients`' configuration (what `inventoryCacheFor(clients)` would
 * return), without starting one; undefined otherwise.
 */
export function runningInventoryCacheFor(clients: KubeClients): InventoryCache | undefined {
  return holder.cache && holder.key === cacheKey(clients) ? holder.cache : undefined;
}

/** What a cache is kept for: the API server and the KUBECONFIG (see inventoryCacheFor). */
function cacheKey(clients: KubeClients): string {
  return `${clients.server}|${getConfig().kube.kubeconfig ?? '(in-cluster)'}`;
}

/** The running cache, if one was started (for /api/status). */
export function currentInventoryCache(): InventoryCache | undefined {
  return holder.cache;
}

/** Stops and forgets the cache (tests, shutdown). */
export function stopInventoryCache(): void {
  holder.cache?.stop();
  holder.cache = undefined;
}
