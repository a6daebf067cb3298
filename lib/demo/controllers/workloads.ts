import { fnv32a, safeEncode, safeSuffix } from '../k8s-api/hash';
import type { KubeObject, ObjectStore } from '../store/object-store';
import { KINDS, nowTimestamp, ownedBy, sameJson } from './kinds';
import { isPodReady, podFromTemplate, runningStatus, type PodIpAllocator, type PodNames } from './pods';

/** Kubernetes' `pod-template-hash`: FNV-32a of the pod template, safe-encoded. */
export function podTemplateHash(template: unknown): string {
  return safeEncode(fnv32a(JSON.stringify(template ?? {})));
}

function revisionOf(obj: KubeObject): number {
  return Number(obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

/** Writes `after` unless it equals `before`; returns what is stored. */
function updateIfChanged(
  store: ObjectStore,
  kind: typeof KINDS.deployments,
  before: KubeObject,
  after: KubeObject,
): KubeObject {
  if (sameJson(before, after)) return before;
  return store.update(kind, { ...after, metadata: { ...after.metadata, resourceVersion: undefined } });
}

/**
 * The Deployment controller, without rolling: the ReplicaSet for the current template (`<name>-<hash>`) gets
 * `spec.replicas`, older ReplicaSets are scaled to 0, and the Deployment's status sums its ReplicaSets.
 */
export function reconcileDeployment(store: ObjectStore, namespace: string, name: string): void {
  const deployment = store.get(KINDS.deployments, namespace, name);
  if (!deployment) return;
  const template = deployment.spec?.template ?? {};
  const hash = podTemplateHash(template);
  const rsName = `${name}-${hash}`;
  const owned = store.list(KINDS.replicaSets, namespace).filter((rs) => ownedBy(rs, deployment.metadata.uid));
  const desired = deployment.spec?.replicas ?? 1;
  let current = owned.find((rs) => rs.metadata.name === rsName);
  const revision = current ? revisionOf(current) : Math.max(0, ...owned.map(revisionOf)) + 1;
  const annotations = {
    'deployment.kubernetes.io/desired-replicas': String(desired),
    'deployment.kubernetes.io/max-replicas': String(desired + Math.ceil(desired / 4)),
    'deployment.kubernetes.io/revision': String(revision),
  };
  if (!current) {
    const labels = { ...template.metadata?.labels, 'pod-template-hash': hash };
    current = store.create(KINDS.replicaSets, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace,
        labels,
        annotations,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deployment.metadata.uid!, controller: true },
        ],
      },
      spec: {
        replicas: desired,
        selector: { matchLabels: { ...deployment.spec?.selector?.matchLabels, 'pod-template-hash': hash } },
        template: { ...structuredClone(template), metadata: { ...template.metadata, labels } },
      },
    });
  } else {
    current = updateIfChanged(store, KINDS.replicaSets, current, {
      ...current,
      metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, ...annotations } },
      spec: { ...current.spec, replicas: desired },
    });
  }
  const all: KubeObject[] = [current];
  for (const old of owned) {
    if (old.metadata.name === rsName) continue;
    all.push(
      old.spec?.replicas === 0
        ? old
        : updateIfChanged(store, KINDS.replicaSets, old, { ...old, spec: { ...old.spec, replicas: 0 } }),
    );
  }
  const sum = (field: string) => all.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
  const ready = sum('readyReplicas');
  const available = sum('availableReplicas');
  const previous = (deployment.status?.conditions ?? []) as {
    type: string;
    status: string;
    lastTransitionTime?: string;
  }[];
  const condition = (type: string, status: string, reason: string, message: string) => {
    const before = previous.find((c) => c.type === type);
    const since = before && before.status === status ? before.lastTransitionTime : nowTimestamp();
    return { type, status, reason, message, lastUpdateTime: since, lastTransitionTime: since };
  };
  const status = {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: sum('replicas'),
    updatedReplicas: current.status?.replicas ?? 0,
    readyReplicas: ready,
    availableReplicas: available,
    ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
    conditions: [
      available >= desired
        ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
        : condition(
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
          ),
      condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`),
    ],
  };
  updateIfChanged(store, KINDS.deployments, deployment, {
    ...deployment,
    metadata: {
      ...deployment.metadata,
      annotations: { ...deployment.metadata.annotations, 'deployment.kubernetes.io/revision': String(revision) },
    },
    status,
  });
}

/**
 * The ReplicaSet controller plus the kubelet: keeps `spec.replicas` pods (`<rs>-<5 chars>`, names derived from
 * the ReplicaSet name and a counter, so a seeded cluster always gets the same names, and a replaced pod a new
 * one), started as Running, and reports the counts in the ReplicaSet's status.
 */
export function reconcileReplicaSet(
  store: ObjectStore,
  ips: PodIpAllocator,
  names: PodNames,
  namespace: string,
  name: string,
): void {
  const rs = store.get(KINDS.replicaSets, namespace, name);
  if (!rs) return;
  let pods = store.list(KINDS.pods, namespace).filter((p) => ownedBy(p, rs.metadata.uid));
  const desired = rs.spec?.replicas ?? 1;
  if (pods.length < desired) {
    const ns = store.get(KINDS.namespaces, undefined, namespace);
    for (let n = 0; pods.length < desired; n++) {
      const podName = `${name}-${safeSuffix(`${namespace}/${name}/${n}`)}`;
      if (!names.claim(namespace, podName) || store.get(KINDS.pods, namespace, podName)) continue;
      const pod = podFromTemplate(rs, podName, ns);
      pod.status = runningStatus(pod, ips.allocate(namespace, podName));
      pods.push(store.create(KINDS.pods, pod));
    }
  } else if (pods.length > desired) {
    const newestFirst = [...pods].sort(
      (a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
        b.metadata.name.localeCompare(a.metadata.name),
    );
    for (const pod of newestFirst.slice(0, pods.length - desired))
      store.delete(KINDS.pods, namespace, pod.metadata.name);
    pods = store.list(KINDS.pods, namespace).filter((p) => ownedBy(p, rs.metadata.uid));
  }
  const ready = pods.filter(isPodReady).length;
  const status = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  updateIfChanged(store, KINDS.replicaSets, rs, { ...rs, status });
}

/** Deletes the objects of a kind in a namespace whose owner (by uid) is gone: garbage collection. */
export function deleteDependents(
  store: ObjectStore,
  kind: typeof KINDS.pods,
  namespace: string,
  ownerUid: string,
): void {
  for (const obj of store.list(kind, namespace)) {
    if (ownedBy(obj, ownerUid)) store.delete(kind, namespace, obj.metadata.name);
  }
}
