/**
 * Test fixture (used only by *.test.ts): a small bookinfo + tcp-echo inventory as lib/k8s/inventory returns it, with
 * Istio config copied from Istio's samples (destination-rule-all, a VirtualService, policies).
 */
import type { Inventory, IstioObject, PodInfo, ServiceInfo, WorkloadInfo } from '@/lib/k8s/inventory';

export function workload(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  extra: Partial<WorkloadInfo> = {},
): WorkloadInfo {
  return {
    namespace,
    name,
    kind: 'Deployment',
    labels,
    annotations: {},
    serviceAccount: `${namespace}-${labels.app ?? name}`,
    desiredReplicas: 1,
    currentReplicas: 1,
    availableReplicas: 1,
    sidecarInjected: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

export function service(namespace: string, name: string, selector: Record<string, string>, port = 9080): ServiceInfo {
  return {
    namespace,
    name,
    labels: { app: name, service: name },
    annotations: {},
    selector,
    ports: [{ name: 'http', port, protocol: 'TCP', appProtocol: null, targetPort: port }],
    type: 'ClusterIP',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

export function pod(w: WorkloadInfo, suffix: string, ready = true): PodInfo {
  return {
    namespace: w.namespace,
    name: `${w.name}-${suffix}`,
    labels: { ...w.labels, 'pod-template-hash': '5f7c' },
    annotations: {},
    phase: ready ? 'Running' : 'Pending',
    ready,
    containers: w.sidecarInjected ? [w.labels.app ?? w.name, 'istio-proxy'] : [w.labels.app ?? w.name],
    hasSidecar: w.sidecarInjected,
    serviceAccount: w.serviceAccount,
    podIP: '10.0.0.1',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

export function istio(kind: string, namespace: string, name: string, spec: Record<string, unknown>): IstioObject {
  const group = ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].includes(kind)
    ? 'security.istio.io'
    : 'networking.istio.io';
  return { apiVersion: `${group}/v1`, kind, metadata: { name, namespace }, spec };
}

/** bookinfo (productpage, details, reviews v1–v3, ratings), tcp-echo, and istio-system's istiod and gateway. */
export function bookinfoInventory(): Inventory {
  const bi = 'bookinfo';
  const workloads = [
    workload(bi, 'productpage-v1', { app: 'productpage', version: 'v1' }),
    workload(bi, 'details-v1', { app: 'details', version: 'v1' }),
    workload(bi, 'reviews-v1', { app: 'reviews', version: 'v1' }),
    workload(bi, 'reviews-v2', { app: 'reviews', version: 'v2' }),
    workload(bi, 'reviews-v3', { app: 'reviews', version: 'v3' }),
    workload(bi, 'ratings-v1', { app: 'ratings', version: 'v1' }),
    workload('tcp-echo', 'tcp-echo-v1', { app: 'tcp-echo', version: 'v1' }),
    workload('tcp-echo', 'curl', { app: 'curl' }, { sidecarInjected: false }),
    workload(
      'istio-system',
      'istiod',
      { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' },
      { sidecarInjected: false },
    ),
    workload('istio-system', 'istio-ingressgateway', { app: 'istio-ingressgateway', istio: 'ingressgateway' }),
  ];
  const services = [
    service(bi, 'productpage', { app: 'productpage' }),
    service(bi, 'details', { app: 'details' }),
    service(bi, 'reviews', { app: 'reviews' }),
    service(bi, 'ratings', { app: 'ratings' }),
    service('tcp-echo', 'tcp-echo', { app: 'tcp-echo' }, 9000),
    service('istio-system', 'istiod', { app: 'istiod' }, 15012),
  ];
  const subsets = (...v: string[]) => v.map((name) => ({ name, labels: { version: name } }));
  const istioConfig = [
    istio('DestinationRule', bi, 'reviews', { host: 'reviews', subsets: subsets('v1', 'v2', 'v3') }),
    istio('DestinationRule', bi, 'ratings', { host: 'ratings', subsets: subsets('v1') }),
    istio('VirtualService', bi, 'reviews', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }],
    }),
    istio('VirtualService', bi, 'bookinfo', {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [{ route: [{ destination: { host: 'productpage', port: { number: 9080 } } }] }],
    }),
    istio('Gateway', bi, 'bookinfo-gateway', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    }),
    istio('AuthorizationPolicy', bi, 'ratings-viewer', {
      selector: { matchLabels: { app: 'ratings' } },
      action: 'ALLOW',
      rules: [{}],
    }),
    istio('PeerAuthentication', bi, 'default', { mtls: { mode: 'STRICT' } }),
    istio('PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'PERMISSIVE' } }),
  ];
  return {
    namespaces: ['bookinfo', 'default', 'istio-system', 'tcp-echo'].map((name) => ({
      name,
      labels: (name === 'istio-system' ? {} : { 'istio-injection': 'enabled' }) as Record<string, string>,
      createdAt: null,
    })),
    workloads,
    services,
    gatewayApi: [],
    pods: workloads.map((w) => pod(w, 'abc12')),
    istioConfig,
  };
}
