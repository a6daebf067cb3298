import { fnv32a } from '../k8s-api/hash';
import type { KubeObject, ObjectStore } from '../store/object-store';
import { KINDS, nowTimestamp } from './kinds';

/** The Istio proxy image injected as the sidecar and run by gateways. */
export const PROXY_IMAGE = 'docker.io/istio/proxyv2:1.24.0';
/** The single node every demo pod runs on. */
export const NODE_NAME = 'meshscope-demo-node';
const HOST_IP = '172.18.0.2';

const SIDECAR_STATUS = JSON.stringify({
  initContainers: ['istio-init'],
  containers: ['istio-proxy'],
  volumes: [
    'workload-socket',
    'credential-socket',
    'workload-certs',
    'istio-envoy',
    'istio-data',
    'istio-podinfo',
    'istio-token',
    'istiod-ca-cert',
  ],
  imagePullSecrets: null,
  revision: 'default',
});

/** Pod names the ReplicaSet controller has used, so a replaced pod gets a new name, as in a real cluster. */
export class PodNames {
  private used = new Set<string>();

  constructor(store: ObjectStore) {
    for (const pod of store.list(KINDS.pods)) this.used.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  /** Claims a name; false when it was used before. */
  claim(namespace: string, name: string): boolean {
    const key = `${namespace}/${name}`;
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }
}

/** Hands out stable pod IPs in 10.244.0.0/16, derived from the pod's namespace/name, never two alike. */
export class PodIpAllocator {
  private used = new Set<string>();

  constructor(store: ObjectStore) {
    for (const pod of store.list(KINDS.pods)) if (pod.status?.podIP) this.used.add(pod.status.podIP);
  }

  /** A free address for the pod. */
  allocate(namespace: string, name: string): string {
    let offset = fnv32a(`${namespace}/${name}`) % 65536;
    for (;;) {
      const ip = `10.244.${offset >> 8}.${offset & 255}`;
      if ((offset & 255) > 1 && (offset & 255) < 255 && !this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
      offset = (offset + 1) % 65536;
    }
  }

  /** Returns an address to the pool. */
  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip);
  }
}

/** Whether pods in this namespace get the sidecar (`istio-injection=enabled`, unless the pod opts out). */
export function wantsSidecar(
  namespace: KubeObject | undefined,
  podLabels: Record<string, string>,
  podAnnotations: Record<string, string>,
): boolean {
  const optOut =
    podLabels['sidecar.istio.io/inject'] === 'false' || podAnnotations['sidecar.istio.io/inject'] === 'false';
  const optIn = podLabels['sidecar.istio.io/inject'] === 'true';
  const nsLabels = namespace?.metadata.labels ?? {};
  return !optOut && (optIn || nsLabels['istio-injection'] === 'enabled' || nsLabels['istio.io/rev'] !== undefined);
}

/** The annotation istio-cni puts on pods whose traffic it redirects to ztunnel (ambient mode). */
export const REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';

/** Whether istio-cni redirects a pod to ztunnel: ambient namespace or pod label, no sidecar, not opted out. */
export function ambientRedirected(namespace: KubeObject | undefined, pod: KubeObject): boolean {
  const mode =
    pod.metadata.labels?.['istio.io/dataplane-mode'] ?? namespace?.metadata.labels?.['istio.io/dataplane-mode'];
  const hasSidecar =
    (pod.spec?.containers ?? []).some((c: { name?: string }) => c.name === 'istio-proxy') ||
    (pod.spec?.initContainers ?? []).some((c: { name?: string }) => c.name === 'istio-proxy');
  return mode === 'ambient' && !hasSidecar;
}

/**
 * The pilot-agent command line of an `istio-proxy` container, as Istio's sidecar injection template and its gateway
 * and waypoint deployment templates write it: `proxy <type> --domain <domain>`, then `extra` (the waypoint's
 * `--serviceCluster`), then Istio's default log levels (warning; misc:error; default:info).
 */
export function proxyArgs(type: 'sidecar' | 'router' | 'waypoint', domain: string, extra: string[] = []): string[] {
  return [
    'proxy',
    type,
    '--domain',
    domain,
    ...extra,
    '--proxyLogLevel=warning',
    '--proxyComponentLogLevel=misc:error',
    '--log_output_level=default:info',
  ];
}

function sidecarContainer(namespace: string): object {
  return {
    name: 'istio-proxy',
    image: PROXY_IMAGE,
    args: proxyArgs('sidecar', `${namespace}.svc.cluster.local`),
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, periodSeconds: 15 },
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '10m', memory: '40Mi' } },
    imagePullPolicy: 'IfNotPresent',
  };
}

const INIT_CONTAINER = {
  name: 'istio-init',
  image: PROXY_IMAGE,
  args: [
    'istio-iptables',
    '-p',
    '15001',
    '-z',
    '15006',
    '-u',
    '1337',
    '-m',
    'REDIRECT',
    '-i',
    '*',
    '-x',
    '',
    '-b',
    '*',
    '-d',
    '15090,15021,15020',
    '--log_output_level=default:info',
  ],
  imagePullPolicy: 'IfNotPresent',
};

/**
 * A pod for a ReplicaSet: the template's labels (with `pod-template-hash`), the template's spec, and, when the
 * namespace is injected, Istio's sidecar (`istio-proxy`, `istio-init`, the `sidecar.istio.io/status` annotation and
 * the canonical-service labels) the way istiod's injector would add them; in an ambient namespace, istio-cni's
 * `ambient.istio.io/redirection: enabled` annotation instead.
 */
export function podFromTemplate(rs: KubeObject, name: string, namespace: KubeObject | undefined): KubeObject {
  const template = structuredClone(rs.spec?.template ?? {});
  const labels: Record<string, string> = { ...template.metadata?.labels };
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  const spec = template.spec ?? {};
  const ns = rs.metadata.namespace ?? 'default';
  spec.containers = spec.containers ?? [];
  if (wantsSidecar(namespace, labels, annotations)) {
    const appContainer = spec.containers[0]?.name;
    spec.initContainers = [...(spec.initContainers ?? []), structuredClone(INIT_CONTAINER)];
    spec.containers = [...spec.containers, sidecarContainer(ns)];
    labels['security.istio.io/tlsMode'] = 'istio';
    labels['service.istio.io/canonical-name'] ??= labels.app ?? labels['app.kubernetes.io/name'] ?? rs.metadata.name;
    labels['service.istio.io/canonical-revision'] ??= labels.version ?? labels['app.kubernetes.io/version'] ?? 'latest';
    Object.assign(annotations, {
      'sidecar.istio.io/status': SIDECAR_STATUS,
      'istio.io/rev': 'default',
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '15020',
      'prometheus.io/path': '/stats/prometheus',
      ...(appContainer
        ? {
            'kubectl.kubernetes.io/default-container': appContainer,
            'kubectl.kubernetes.io/default-logs-container': appContainer,
          }
        : {}),
    });
  }
  if (ambientRedirected(namespace, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec }))
    annotations[REDIRECTION_ANNOTATION] = 'enabled';
  spec.nodeName = NODE_NAME;
  spec.serviceAccountName ??= 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true },
      ],
    },
    spec,
  };
}

/** 64 hex characters derived from a seed, shaped like a container ID or an image digest. */
function hex64(seed: string): string {
  return Array.from({ length: 8 }, (_, i) => fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0')).join('');
}

/** The status the kubelet reports for a started pod: Running, Ready, every container ready, a pod IP. */
export function runningStatus(pod: KubeObject, podIP: string): KubeObject['status'] {
  const now = nowTimestamp();
  const containerStatus = (c: { name: string; image?: string }, i: number) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: `${(c.image ?? '').split(':')[0]}@sha256:${hex64(c.image ?? '')}`,
    containerID: `containerd://${hex64(`${pod.metadata.namespace}/${pod.metadata.name}/${c.name}/${i}`)}`,
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: now } },
    lastState: {},
  });
  const initStatus = (c: { name: string; image?: string }, i: number) => ({
    ...containerStatus(c, i),
    ready: true,
    started: false,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
  });
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    hostIP: HOST_IP,
    hostIPs: [{ ip: HOST_IP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    qosClass: 'Burstable',
    ...(pod.spec?.initContainers?.length ? { initContainerStatuses: pod.spec.initContainers.map(initStatus) } : {}),
    containerStatuses: (pod.spec?.containers ?? []).map(containerStatus),
  };
}

/** Whether a pod counts as ready (its Ready condition is True). */
export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
}
