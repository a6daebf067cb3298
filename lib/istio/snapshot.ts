/**
 * Build a `ClusterSnapshot` from plain Kubernetes objects, as `istioctl analyze` does with local files: Namespaces,
 * Services, Pods, Nodes, CustomResourceDefinitions (name and annotations), Mutating and ValidatingWebhookConfigurations,
 * Istio's ConfigMaps (named `istio*`), Secrets (whether they hold a usable certificate, never their keys), ServiceAccounts, workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob: their
 * pod templates), Istio objects and Gateway API objects (in `gatewayApi`). Other kinds are ignored; `List` objects are flattened. Pure.
 */
import { isWaypointLabels } from '@/lib/ambient';
import { isIstioControlPlane, runsAsProxyUid } from './checks/application-uid';
import { configKey, configKeyOf } from './kinds';
import { isGatewayApiGroup, isIstioGroup, splitApiVersion } from './schema';
import { secretRef, type DerCheck } from './secrets';
import type { ClusterSnapshot, IstioObject, Labels, V1Pod, V1Service, WorkloadRef } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringMap = (v: unknown): Labels =>
  isObject(v) ? (Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Labels) : {};
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'DeploymentConfig',
]);

/** Flatten `kind: List` (and `*List`) objects into their items. */
export function flattenObjects(objects: unknown[]): Json[] {
  return objects.flatMap((o) =>
    isObject(o) && Array.isArray(o.items) && String(o.kind ?? '').endsWith('List')
      ? flattenObjects(o.items)
      : isObject(o)
        ? [o]
        : [],
  );
}

function podTemplate(obj: Json): Json {
  const spec = isObject(obj.spec) ? obj.spec : {};
  if (obj.kind === 'CronJob') {
    const jobSpec = isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
    return isObject(jobSpec.template) ? jobSpec.template : {};
  }
  return isObject(spec.template) ? spec.template : {};
}

/** `util.hasIstioProxy` on a pod template's containers: one named `istio-proxy` with an image. */
function hasProxyContainer(podSpec: Json): boolean {
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return containers.some((c) => isObject(c) && c.name === 'istio-proxy' && typeof c.image === 'string' && !!c.image);
}

/** `hasAutoImage`: an `istio-proxy` container with `image: auto`, which injection replaces (manual gateway deployments). */
export function hasAutoImage(podSpec: unknown): boolean {
  const containers = isObject(podSpec) && Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return containers.some((c) => isObject(c) && c.name === 'istio-proxy' && c.image === 'auto');
}

/** A container of the pod template sets `BLOCKED_CIDRS_IN_JWKS_URIS` to a non-empty value (istiod's JWKS fetches). */
function setsJwksCidrs(podSpec: Json): boolean {
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return containers.some(
    (c) =>
      isObject(c) &&
      Array.isArray(c.env) &&
      c.env.some(
        (e) => isObject(e) && e.name === 'BLOCKED_CIDRS_IN_JWKS_URIS' && typeof e.value === 'string' && !!e.value,
      ),
  );
}

function workload(obj: Json): WorkloadRef {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const template = podTemplate(obj);
  const templateMeta = isObject(template.metadata) ? template.metadata : {};
  const templateSpec = isObject(template.spec) ? template.spec : {};
  const sa = templateSpec.serviceAccountName ?? templateSpec.serviceAccount;
  return {
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
    name: String(meta.name ?? ''),
    kind: String(obj.kind),
    labels: stringMap(templateMeta.labels),
    annotations: stringMap(templateMeta.annotations),
    serviceAccount: typeof sa === 'string' ? sa : null,
    ...(runsAsProxyUid(templateSpec) && !isIstioControlPlane(stringMap(meta.labels)) ? { runsAsProxyUid: true } : {}),
    ...(hasProxyContainer(templateSpec) ? { proxyContainer: true } : {}),
    ...(hasAutoImage(templateSpec) ? { autoImage: true } : {}),
    ...(Object.keys(stringMap(meta.annotations)).length
      ? { ownMetadata: { annotations: stringMap(meta.annotations), labels: stringMap(meta.labels) } }
      : {}),
    ...(isWaypointLabels(stringMap(meta.labels)) ? { meshController: true } : {}),
    ...(stringMap(meta.labels).app === 'istiod'
      ? { istiod: { blockedCidrsInJwksUris: setsJwksCidrs(templateSpec) } }
      : {}),
  };
}

/** Keep only well-formed list fields of a Service so that checks can read it as `V1Service`. */
function service(obj: Json): V1Service {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const ports = Array.isArray(spec.ports)
    ? spec.ports.filter((p): p is Json => isObject(p) && typeof p.port === 'number')
    : [];
  return {
    ...obj,
    spec: { ...spec, ports, selector: isObject(spec.selector) ? stringMap(spec.selector) : undefined },
  } as unknown as V1Service;
}

/**
 * Group objects into a snapshot. `isWellTyped` can drop Istio objects whose fields have the wrong JSON types;
 * `checkDer` checks the certificates of Secrets (lib/istio/secrets.ts; only their keys and PEM framing without it).
 * `secrets` is set only when some Secret is among the objects.
 */
export function snapshotFromObjects(
  objects: unknown[],
  isWellTyped: (obj: Json) => boolean = () => true,
  checkDer?: DerCheck,
): ClusterSnapshot {
  const snapshot: ClusterSnapshot = {
    namespaces: [],
    services: [],
    workloads: [],
    pods: [],
    serviceAccounts: [],
    istioConfig: [],
  };
  for (const obj of flattenObjects(objects)) {
    const kind = String(obj.kind ?? '');
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default';
    const { group } = splitApiVersion(String(obj.apiVersion ?? ''));
    if (isIstioGroup(group)) {
      if (isWellTyped(obj))
        snapshot.istioConfig.push({ ...obj, metadata: { ...meta, name: String(meta.name ?? '') } } as IstioObject);
    } else if (isGatewayApiGroup(group)) {
      if (isWellTyped(obj))
        (snapshot.gatewayApi ??= []).push({
          ...obj,
          metadata: { ...meta, name: String(meta.name ?? '') },
        } as IstioObject);
    } else if (group === '' && kind === 'Namespace') {
      const annotations = stringMap(meta.annotations);
      snapshot.namespaces.push({
        name: String(meta.name ?? ''),
        labels: stringMap(meta.labels),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      });
    } else if (group === '' && kind === 'Service') {
      snapshot.services.push(service(obj));
    } else if (group === '' && kind === 'Pod') {
      snapshot.pods.push(obj as V1Pod);
    } else if (group === '' && kind === 'Node') {
      (snapshot.nodes ??= []).push({ name: String(meta.name ?? ''), labels: stringMap(meta.labels) });
    } else if (group === 'admissionregistration.k8s.io' && kind === 'MutatingWebhookConfiguration') {
      (snapshot.webhookConfigurations ??= []).push(obj);
    } else if (group === 'admissionregistration.k8s.io' && kind === 'ValidatingWebhookConfiguration') {
      (snapshot.validatingWebhookConfigurations ??= []).push(obj);
    } else if (group === '' && kind === 'ConfigMap' && String(meta.name ?? '').startsWith('istio')) {
      (snapshot.configMaps ??= []).push({ namespace, name: String(meta.name ?? ''), data: stringMap(obj.data) });
    } else if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') {
      (snapshot.customResourceDefinitions ??= []).push({
        name: String(meta.name ?? ''),
        annotations: stringMap(meta.annotations),
      });
    } else if (group === '' && kind === 'Secret') {
      (snapshot.secrets ??= []).push(secretRef(obj, checkDer));
    } else if (group === '' && kind === 'ServiceAccount') {
      snapshot.serviceAccounts.push({ namespace, name: String(meta.name ?? '') });
    } else if (WORKLOAD_KINDS.has(kind)) {
      snapshot.workloads.push(workload(obj));
    }
  }
  return snapshot;
}

/**
 * The live cluster with the given objects applied on top (`istioctl analyze -k -f`): an object of the overlay replaces
 * the live one of the same kind, namespace and name; the rest of the live cluster stays as it is.
 */
export function overlaySnapshot(base: ClusterSnapshot, overlay: ClusterSnapshot): ClusterSnapshot {
  const ns = (m?: { namespace?: string }) => m?.namespace || 'default';
  const merge = <T>(live: T[], files: T[], key: (x: T) => string): T[] => {
    const replaced = new Set(files.map(key));
    return [...live.filter((x) => !replaced.has(key(x))), ...files];
  };
  return {
    namespaces: merge(base.namespaces, overlay.namespaces, (n) => n.name),
    services: merge(base.services, overlay.services, (s) => `${ns(s.metadata)}/${s.metadata?.name}`),
    workloads: merge(base.workloads, overlay.workloads, (w) => `${w.kind}/${w.namespace}/${w.name}`),
    pods: merge(base.pods, overlay.pods, (p) => `${ns(p.metadata)}/${p.metadata?.name}`),
    serviceAccounts: merge(base.serviceAccounts, overlay.serviceAccounts, (s) => `${s.namespace}/${s.name}`),
    istioConfig: merge(base.istioConfig, overlay.istioConfig, configKeyOf),
    gatewayApi: merge(base.gatewayApi ?? [], overlay.gatewayApi ?? [], configKeyOf),
    nodes: merge(base.nodes ?? [], overlay.nodes ?? [], (n) => n.name),
    ...(overlay.webhookConfigurations
      ? {
          webhookConfigurations: merge(base.webhookConfigurations ?? [], overlay.webhookConfigurations, (w) =>
            String(isObject(w.metadata) ? w.metadata.name : ''),
          ),
        }
      : {}),
    ...(overlay.validatingWebhookConfigurations
      ? {
          validatingWebhookConfigurations: merge(
            base.validatingWebhookConfigurations ?? [],
            overlay.validatingWebhookConfigurations,
            (w) => String(isObject(w.metadata) ? w.metadata.name : ''),
          ),
        }
      : {}),
    ...(base.configMaps || overlay.configMaps
      ? { configMaps: merge(base.configMaps ?? [], overlay.configMaps ?? [], (c) => `${c.namespace}/${c.name}`) }
      : {}),
    ...(base.customResourceDefinitions || overlay.customResourceDefinitions
      ? {
          customResourceDefinitions: merge(
            base.customResourceDefinitions ?? [],
            overlay.customResourceDefinitions ?? [],
            (c) => c.name,
          ),
        }
      : {}),
    // unknown Secrets (a live cluster's) stay unknown: some from files do not make the others absent
    ...(base.secrets ? { secrets: merge(base.secrets, overlay.secrets ?? [], (s) => `${s.namespace}/${s.name}`) } : {}),
  };
}

/**
 * The snapshot as it would be with `object` applied (replacing the live object of the same group, kind, namespace and
 * name, or added; Gateway API objects go to `gatewayApi`), so that the checks judge unsaved text against the rest of
 * the cluster. `replacing` (same group as `object`) also removes the object being edited when its name changed.
 */
export function withObject(
  snapshot: ClusterSnapshot,
  object: IstioObject,
  replacing?: { kind: string; namespace: string; name: string },
): ClusterSnapshot {
  const group = splitApiVersion(typeof object.apiVersion === 'string' ? object.apiVersion : '').group;
  const drop = new Set([configKeyOf(object)]);
  if (replacing) drop.add(configKey({ group, ...replacing }));
  const keep = (list: IstioObject[]) => list.filter((o) => !drop.has(configKeyOf(o)));
  if (isGatewayApiGroup(group)) return { ...snapshot, gatewayApi: [...keep(snapshot.gatewayApi ?? []), object] };
  return { ...snapshot, istioConfig: [...keep(snapshot.istioConfig), object] };
}
