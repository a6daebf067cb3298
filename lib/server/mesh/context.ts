/**
 * Server side of the mesh API: reads the inventory (lib/k8s, 5 s shared cache), the batched health (three PromQL
 * instant queries for all namespaces, shared for 5 s between concurrent pages) and the validations (computed once per
 * inventory snapshot), and reports a failing Prometheus or validation as a partial error instead of failing the page.
 */
import 'server-only';
import { getConfig } from '@/lib/config';
import { detached, untilAborted } from '@/lib/config/request-deadline';
import { MeshscopeError } from '@/lib/errors';
import type { ServiceAccountRef } from '@/lib/istio/types';
import { getKubeClients, kubeCall } from '@/lib/k8s/client';
import { getInventory, type Inventory } from '@/lib/k8s/inventory';
import { logger } from '@/lib/log';
import { getPrometheusClient, sharedInstantQuery } from '@/lib/prometheus/server';
import { clusterInventory, runOnCluster, type Cluster } from '@/lib/server/clusters';
import { computeNamespacesHealth, type HealthSamples } from '@/lib/server/health/health';
import { buildHealthQueries } from '@/lib/server/health/queries';
import { namespacesToRead } from '@/lib/k8s/model';
import type { NamespacesHealth, PartialErrors, ValidationSummary } from '@/lib/contracts/mesh';
import { snapshotOf, validateSnapshot } from '@/lib/server/istio-config/validations';

export interface MeshContext {
  inventory: Inventory;
  /** Multi-cluster: the cluster this context was read from; absent with one cluster. */
  cluster?: string;
  /** Requested namespaces that exist (all namespaces when none was requested). */
  namespaces: string[];
  health: NamespacesHealth['namespaces'] | null;
  validations: Map<string, ValidationSummary> | null;
  errors: PartialErrors;
  rootNamespace: string;
  /** Unix seconds of the health rates. */
  queryTime: number;
  rateIntervalSeconds: number;
}

export interface MeshContextOptions {
  namespaces: readonly string[];
  health: boolean;
  validate: boolean;
  rateIntervalSeconds: number;
  /**
   * Multi-cluster (issue 18): read this cluster (its inventory as the user, its Prometheus, health scoped to it)
   * instead of the home cluster alone.
   */
  cluster?: Cluster;
}

/**
 * The health samples of the namespaces (three queries, whatever their number); with `cluster`, that cluster's objects
 * from its own Prometheus (or the shared one). @throws MeshscopeError from Prometheus
 */
export async function readHealthSamples(
  namespaces: readonly string[],
  rateIntervalSeconds: number,
  timeSec: number,
  cluster?: Cluster,
): Promise<NonNullable<HealthSamples>> {
  const q = buildHealthQueries(namespaces, rateIntervalSeconds, cluster?.name);
  const client = cluster?.runtime().prometheus();
  const run = (p: string) =>
    !client || client === getPrometheusClient() ? sharedInstantQuery(p, timeSec) : client.instantQuery(p, timeSec);
  const [inbound, services, outbound] = await Promise.all([q.inbound, q.services, q.outbound].map(run));
  return { inbound: inbound ?? [], services: services ?? [], outbound: outbound ?? [] };
}

async function listServiceAccounts(): Promise<ServiceAccountRef[]> {
  const clients = getKubeClients();
  const list = await kubeCall(clients, () => clients.core.listServiceAccountForAllNamespaces());
  return list.items.map((sa) => ({ namespace: sa.metadata?.namespace ?? 'default', name: sa.metadata?.name ?? '' }));
}

const validationCache = new WeakMap<Inventory, Promise<Map<string, ValidationSummary>>>();

/** Validations of the whole cluster for this inventory snapshot (computed once per 5 s inventory). */
export function validationsFor(inventory: Inventory, rootNamespace: string): Promise<Map<string, ValidationSummary>> {
  let hit = validationCache.get(inventory);
  if (!hit) {
    hit = detached(listServiceAccounts)
      .catch((err: unknown) => {
        logger.warn(
          { err: (err as Error).message },
          'mesh: cannot list service accounts; validating with those of pods',
        );
        return [] as ServiceAccountRef[];
      })
      .then((sas) => validateSnapshot(snapshotOf(inventory, sas), rootNamespace));
    validationCache.set(inventory, hit);
  }
  return untilAborted(hit);
}

function asBackendError(
  err: unknown,
  fallback: 'unavailable:prometheus' | 'internal:api',
): { code: string; message: string } {
  if (err instanceof MeshscopeError) return { code: err.code, message: err.message };
  return { code: fallback, message: err instanceof Error ? err.message : String(err) };
}

/** Health's query time: now, rounded down to 5 s so pages refreshing together share one batch of queries. */
export function healthQueryTime(nowMs = Date.now()): number {
  return Math.floor(nowMs / 5000) * 5;
}

/**
 * Loads what the lists, details and overview need. The inventory is required (its failure is thrown:
 * unavailable/timeout/forbidden:k8s); Prometheus and validation failures land in `errors`. With `cluster` (issue 18)
 * everything is read from that cluster, as the current user (lib/server/clusters `runOnCluster`).
 */
export async function loadMeshContext(opts: MeshContextOptions): Promise<MeshContext> {
  const { cluster } = opts;
  if (cluster && !cluster.home) return runOnCluster(cluster, () => readMeshContext(opts));
  return readMeshContext(opts);
}

async function readMeshContext(opts: MeshContextOptions): Promise<MeshContext> {
  const cfg = getConfig();
  const inventory = await (opts.cluster ? clusterInventory(opts.cluster) : getInventory([]));
  const namespaces = namespacesToRead(inventory, opts.namespaces);
  const errors: PartialErrors = {};
  const queryTime = healthQueryTime();
  const healthTask = async () => {
    if (!opts.health) return null;
    let samples: HealthSamples = null;
    if (namespaces.length > 0) {
      try {
        samples = await readHealthSamples(namespaces, opts.rateIntervalSeconds, queryTime, opts.cluster);
      } catch (err) {
        errors.prometheus = asBackendError(err, 'unavailable:prometheus');
      }
    } else samples = { inbound: [], services: [], outbound: [] };
    return computeNamespacesHealth({ inventory, namespaces, samples });
  };
  const validationTask = async () => {
    if (!opts.validate) return null;
    try {
      return await validationsFor(inventory, cfg.istioNamespace);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'mesh: validation failed');
      errors.validation = asBackendError(err, 'internal:api');
      return null;
    }
  };
  const [health, validations] = await Promise.all([healthTask(), validationTask()]);
  return {
    inventory,
    ...(opts.cluster ? { cluster: opts.cluster.name } : {}),
    namespaces,
    health,
    validations,
    errors,
    rootNamespace: cfg.istioNamespace,
    queryTime,
    rateIntervalSeconds: opts.rateIntervalSeconds,
  };
}
