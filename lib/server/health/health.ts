/**
 * Health of every app, workload and service of a set of namespaces from one batch of samples (health-queries.ts)
 * and the inventory: Kiali's algorithm (lib/health, reference/kiali.md §1.7) applied per object. Pure.
 *
 * Where Meshscope differs from Kiali (and says so): requests that never reached a pod (`destination_workload`
 * "unknown": fault-injection aborts, no healthy upstream) count against the app behind the service they addressed,
 * so a 50% abort on `ratings` turns the `ratings` app red, not only its service. Workloads keep Kiali's rule (such
 * requests cannot be pinned on one workload).
 */
import 'server-only';
import {
  calculateAppHealth,
  calculateServiceHealth,
  calculateWorkloadHealth,
  mergeHealthStatus,
  requestHealthStatus,
  tolerancesFor,
  workloadStatusHealth,
  type CalculatedHealth,
  type HealthConfig,
  type RequestHealth,
  type RequestsByCode,
  type WorkloadStatus,
} from '@/lib/health';
import type { Inventory, WorkloadInfo } from '@/lib/k8s/inventory';
import { responseCodeOf } from './queries';
import { buildApps, canonicalServiceOf } from '@/lib/k8s/model';
import type { HealthStatus, NamespacesHealth, ObjectHealth } from '@/lib/contracts/mesh';

/** One instant-vector sample (labels and value), as the Prometheus client returns it. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** The three health vectors; `null` when Prometheus failed (request health is then unknown, not healthy). */
export type HealthSamples = { inbound: Sample[]; services: Sample[]; outbound: Sample[] } | null;

type RateIndex = Map<string, RequestsByCode>;

function add(index: RateIndex, key: string, metric: Record<string, string>, value: number): void {
  if (!Number.isFinite(value) || value <= 0) return;
  const { protocol, code } = responseCodeOf(metric);
  let byProtocol = index.get(key);
  if (!byProtocol) index.set(key, (byProtocol = {}));
  const byCode = (byProtocol[protocol] ??= {});
  byCode[code] = (byCode[code] ?? 0) + value;
}

function merge(...parts: (RequestsByCode | undefined)[]): RequestsByCode {
  const out: RequestsByCode = {};
  for (const part of parts) {
    for (const [protocol, codes] of Object.entries(part ?? {})) {
      const target = (out[protocol] ??= {});
      for (const [code, v] of Object.entries(codes)) target[code] = (target[code] ?? 0) + v;
    }
  }
  return out;
}

interface Indexes {
  workloadIn: RateIndex;
  canonicalIn: RateIndex;
  serviceIn: RateIndex;
  /** Service requests that reached no pod (destination_workload unknown). */
  serviceUnreached: RateIndex;
  workloadOut: RateIndex;
  canonicalOut: RateIndex;
}

/**
 * Adds each sample to `workloads` under `namespace/workload` and to `canonical` under `namespace/canonical service`
 * of its `peer` (the `destination_*` or `source_*` labels); a peer Istio reports as unknown is left out.
 */
function indexByPeer(
  samples: readonly Sample[],
  peer: 'destination' | 'source',
  workloads: RateIndex,
  canonical: RateIndex,
): void {
  for (const { metric: m, value } of samples) {
    const ns = m[`${peer}_workload_namespace`] ?? '';
    const workload = m[`${peer}_workload`];
    const service = m[`${peer}_canonical_service`];
    if (workload && workload !== 'unknown') add(workloads, `${ns}/${workload}`, m, value);
    if (service && service !== 'unknown') add(canonical, `${ns}/${service}`, m, value);
  }
}

/** Indexes the samples by `namespace/name` for workloads, canonical services and services. */
export function indexHealthSamples(samples: NonNullable<HealthSamples>): Indexes {
  const idx: Indexes = {
    workloadIn: new Map(),
    canonicalIn: new Map(),
    serviceIn: new Map(),
    serviceUnreached: new Map(),
    workloadOut: new Map(),
    canonicalOut: new Map(),
  };
  indexByPeer(samples.inbound, 'destination', idx.workloadIn, idx.canonicalIn);
  for (const { metric: m, value } of samples.services) {
    const key = `${m.destination_service_namespace ?? ''}/${m.destination_service_name ?? ''}`;
    add(idx.serviceIn, key, m, value);
    if (!m.destination_workload || m.destination_workload === 'unknown') add(idx.serviceUnreached, key, m, value);
  }
  indexByPeer(samples.outbound, 'source', idx.workloadOut, idx.canonicalOut);
  return idx;
}

/** Replica counts as Kiali's `WorkloadStatus`; proxy sync is not known here (-1: the rule never fires). */
export function workloadStatusFromInventory(w: WorkloadInfo): WorkloadStatus {
  return {
    name: w.name,
    desiredReplicas: w.desiredReplicas,
    currentReplicas: w.currentReplicas,
    availableReplicas: w.availableReplicas,
    syncedProxies: -1,
  };
}

function toRatio(pct: number): number | null {
  return pct < 0 ? null : pct / 100;
}

function finish(
  calc: CalculatedHealth,
  requests: RequestHealth | null,
  requestStatus: HealthStatus | null,
  podStatus: HealthStatus | null,
  workloadStatuses: WorkloadStatus[],
): ObjectHealth {
  if (!requests) {
    return {
      status: podStatus ?? 'NA',
      errorRatio: null,
      requestsPerSecond: null,
      podStatus,
      requestStatus: null,
      requests: null,
      workloadStatuses,
    };
  }
  return {
    status: calc.status,
    errorRatio: toRatio(calc.errorRatio),
    requestsPerSecond: calc.totalRequestRate,
    podStatus,
    requestStatus,
    requests: { inbound: requests.inbound, outbound: requests.outbound },
    workloadStatuses,
  };
}

const EMPTY: RequestHealth = { inbound: {}, outbound: {}, healthAnnotations: {} };

function requestsOrEmpty(
  idx: Indexes | null,
  inbound: RequestsByCode,
  outbound: RequestsByCode,
  counted: boolean,
): RequestHealth | null {
  if (!idx) return null;
  return counted ? { inbound, outbound, healthAnnotations: {} } : EMPTY;
}

export interface HealthInput {
  inventory: Pick<Inventory, 'workloads' | 'services'>;
  namespaces: readonly string[];
  samples: HealthSamples;
  config?: HealthConfig;
}

/**
 * Computes the health of every object of the namespaces. Workloads outside the mesh (no sidecar, not ambient) get pod
 * health only (Kiali PR #6379 ignores their requests; ambient workloads are in the mesh, their requests counted); services have request health only. With `samples: null` every request part is
 * null and statuses fall back to pod health (services: NA).
 */
export function computeNamespacesHealth(input: HealthInput): NamespacesHealth['namespaces'] {
  const { inventory, config = {} } = input;
  const idx = input.samples ? indexHealthSamples(input.samples) : null;
  const out: NamespacesHealth['namespaces'] = {};
  const wanted = new Set(input.namespaces);
  for (const ns of input.namespaces) out[ns] = { apps: {}, workloads: {}, services: {} };

  for (const w of inventory.workloads) {
    const bucket = out[w.namespace];
    if (!bucket) continue;
    const key = `${w.namespace}/${w.name}`;
    const ws = workloadStatusFromInventory(w);
    const inMesh = w.sidecarInjected || !!w.ambient;
    const requests = requestsOrEmpty(idx, idx?.workloadIn.get(key) ?? {}, idx?.workloadOut.get(key) ?? {}, inMesh);
    const calc = calculateWorkloadHealth(
      w.namespace,
      w.name,
      { workloadStatus: ws, requests: requests ?? EMPTY },
      w.annotations,
      config,
    );
    const reqStatus = requests
      ? requestHealthStatus(requests, tolerancesFor(w.namespace, w.name, 'workload', w.annotations, config.rates))
          .status
      : null;
    bucket.workloads[w.name] = finish(calc, requests, reqStatus, workloadStatusHealth(ws), [ws]);
  }

  for (const app of buildApps(inventory)) {
    const bucket = out[app.namespace];
    if (!bucket || !wanted.has(app.namespace)) continue;
    const canonical = [...new Set(app.workloads.map(canonicalServiceOf))];
    const statuses = app.workloads.map(workloadStatusFromInventory);
    const inbound = merge(
      ...canonical.map((c) => idx?.canonicalIn.get(`${app.namespace}/${c}`)),
      ...app.services.map((s) => idx?.serviceUnreached.get(`${s.namespace}/${s.name}`)),
    );
    const outbound = merge(...canonical.map((c) => idx?.canonicalOut.get(`${app.namespace}/${c}`)));
    const requests = requestsOrEmpty(
      idx,
      inbound,
      outbound,
      app.workloads.some((w) => w.sidecarInjected || !!w.ambient),
    );
    const calc = calculateAppHealth(
      app.namespace,
      app.name,
      { workloadStatuses: statuses, requests: requests ?? EMPTY },
      {},
      config,
    );
    const reqStatus = requests
      ? requestHealthStatus(requests, tolerancesFor(app.namespace, app.name, 'app', {}, config.rates)).status
      : null;
    bucket.apps[app.name] = finish(
      calc,
      requests,
      reqStatus,
      mergeHealthStatus(...statuses.map(workloadStatusHealth)),
      statuses,
    );
  }

  for (const s of inventory.services) {
    const bucket = out[s.namespace];
    if (!bucket) continue;
    const requests = requestsOrEmpty(idx, idx?.serviceIn.get(`${s.namespace}/${s.name}`) ?? {}, {}, true);
    const calc = calculateServiceHealth(s.namespace, s.name, { requests: requests ?? EMPTY }, s.annotations, config);
    const reqStatus = requests
      ? requestHealthStatus(requests, tolerancesFor(s.namespace, s.name, 'service', s.annotations, config.rates)).status
      : null;
    bucket.services[s.name] = finish(calc, requests, reqStatus, null, []);
  }
  return out;
}

/** Counts of statuses, every status present (zeros included). */
export function countStatuses(healths: Iterable<ObjectHealth>): Record<HealthStatus, number> {
  const counts: Record<HealthStatus, number> = { Failure: 0, Degraded: 0, 'Not Ready': 0, Healthy: 0, NA: 0 };
  for (const h of healths) counts[h.status]++;
  return counts;
}
