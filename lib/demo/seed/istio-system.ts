import { proxyArgs } from '../controllers/pods';
import type { KubeObject } from '../store/object-store';
import { deploymentObject, serviceObject } from '../store/objects';

/** Istio's release the demo control plane claims to run. */
export const ISTIO_VERSION = '1.24.0';
const NS = 'istio-system';

function serviceAccount(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS, labels } };
}

/** A one-replica Deployment in istio-system whose pods run `container` as `serviceAccountName`. */
function deployment(d: {
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  serviceAccountName: string;
  container: Record<string, unknown>;
}): KubeObject {
  const { container, ...rest } = d;
  return deploymentObject({ namespace: NS, ...rest, containers: [container] });
}

function service(name: string, labels: Record<string, string>, spec: Record<string, unknown>): KubeObject {
  return serviceObject(NS, name, labels, spec);
}

const istiodLabels = { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' };
const gatewayLabels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/** The mesh config istiod reads (the `istio` ConfigMap, key `mesh`), as a default install writes it. */
const MESH_CONFIG = `accessLogFile: /dev/stdout
defaultConfig:
  discoveryAddress: istiod.istio-system.svc:15012
  tracing:
    zipkin:
      address: zipkin.istio-system:9411
defaultProviders:
  metrics:
  - prometheus
enablePrometheusMerge: true
rootNamespace: istio-system
trustDomain: cluster.local
`;

const ztunnelLabels = {
  app: 'ztunnel',
  'app.kubernetes.io/name': 'ztunnel',
  'app.kubernetes.io/instance': 'ztunnel',
  'app.kubernetes.io/part-of': 'istio',
  'app.kubernetes.io/version': ISTIO_VERSION,
  'app.kubernetes.io/managed-by': 'Helm',
};

/**
 * ztunnel as Istio's `ztunnel` chart (1.24) installs it: a DaemonSet (one pod per node) running
 * `docker.io/istio/ztunnel`, scraped on 15020, its pods out of injection and of ambient capture.
 */
export function ztunnelObjects(): KubeObject[] {
  return [
    serviceAccount('ztunnel', ztunnelLabels),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ztunnel', namespace: NS, labels: ztunnelLabels },
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        selector: { matchLabels: { app: 'ztunnel' } },
        template: {
          metadata: {
            labels: { ...ztunnelLabels, 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none' },
            annotations: {
              'sidecar.istio.io/inject': 'false',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
            },
          },
          spec: {
            serviceAccountName: 'ztunnel',
            priorityClassName: 'system-node-critical',
            containers: [
              {
                name: 'istio-proxy',
                image: `docker.io/istio/ztunnel:${ISTIO_VERSION}`,
                args: ['proxy', 'ztunnel'],
                ports: [{ containerPort: 15020, name: 'ztunnel-stats', protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 } },
                securityContext: {
                  capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'], drop: ['ALL'] },
                  runAsUser: 0,
                },
              },
            ],
          },
        },
      },
    },
  ];
}

/**
 * The control plane and ingress gateway a default Istio install leaves in `istio-system`: istiod
 * (Deployment, Service, ServiceAccount, the `istio` mesh ConfigMap) and `istio-ingressgateway` (Deployment running
 * the proxy as a router, a LoadBalancer Service, ServiceAccount), and ztunnel (ztunnelObjects: the ambient profile).
 */
export function istioSystemObjects(): KubeObject[] {
  return [
    serviceAccount('istiod', { app: 'istiod' }),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio', namespace: NS, labels: { 'istio.io/rev': 'default', release: 'istio' } },
      data: { mesh: MESH_CONFIG, meshNetworks: 'networks: {}' },
    },
    deployment({
      name: 'istiod',
      labels: istiodLabels,
      selector: { istio: 'pilot' },
      podLabels: { ...istiodLabels, 'sidecar.istio.io/inject': 'false' },
      podAnnotations: { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true' },
      serviceAccountName: 'istiod',
      container: {
        name: 'discovery',
        image: `docker.io/istio/pilot:${ISTIO_VERSION}`,
        args: [
          'discovery',
          '--monitoringAddr=:15014',
          '--log_output_level=default:info',
          '--domain',
          'cluster.local',
          '--keepaliveMaxServerConnectionAge',
          '30m',
        ],
        ports: [8080, 15010, 15017].map((containerPort) => ({ containerPort, protocol: 'TCP' })),
      },
    }),
    service(
      'istiod',
      { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' },
      {
        selector: { app: 'istiod', istio: 'pilot' },
        ports: [
          { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
          { name: 'https-dns', port: 15012, protocol: 'TCP' },
          { name: 'https-webhook', port: 443, targetPort: 15017, protocol: 'TCP' },
          { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
        ],
      },
    ),
    serviceAccount('istio-ingressgateway-service-account', gatewayLabels),
    deployment({
      name: 'istio-ingressgateway',
      labels: { ...gatewayLabels, 'istio.io/rev': 'default' },
      selector: gatewayLabels,
      podLabels: {
        ...gatewayLabels,
        'sidecar.istio.io/inject': 'false',
        'service.istio.io/canonical-name': 'istio-ingressgateway',
        'service.istio.io/canonical-revision': 'latest',
        'istio.io/rev': 'default',
      },
      podAnnotations: {
        'prometheus.io/path': '/stats/prometheus',
        'prometheus.io/port': '15020',
        'prometheus.io/scrape': 'true',
      },
      serviceAccountName: 'istio-ingressgateway-service-account',
      container: {
        name: 'istio-proxy',
        image: `docker.io/istio/proxyv2:${ISTIO_VERSION}`,
        args: proxyArgs('router', '$(POD_NAMESPACE).svc.cluster.local'),
        ports: [
          { containerPort: 15021, name: 'status-port', protocol: 'TCP' },
          { containerPort: 8080, name: 'http2', protocol: 'TCP' },
          { containerPort: 8443, name: 'https', protocol: 'TCP' },
          { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
        ],
      },
    }),
    ...ztunnelObjects(),
    {
      ...service(
        'istio-ingressgateway',
        { ...gatewayLabels, 'istio.io/rev': 'default' },
        {
          type: 'LoadBalancer',
          selector: gatewayLabels,
          ports: [
            { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
            { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
            { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          ],
        },
      ),
      status: { loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] } },
    },
  ];
}

/**
 * The GatewayClasses istiod creates when it finds the Gateway API CRDs (pilot/pkg/config/kube/gateway, its built-in
 * classes): `istio` (istiod deploys a gateway per Gateway), `istio-remote` (gateways Istio does not deploy) and
 * `istio-waypoint` (ambient waypoints), each Accepted by istiod as its status says.
 */
export function gatewayClassObjects(): KubeObject[] {
  const accepted = {
    conditions: [
      {
        type: 'Accepted',
        status: 'True',
        reason: 'Accepted',
        message: 'Handled by Istio controller',
        observedGeneration: 1,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  };
  const gatewayClass = (name: string, controllerName: string, description: string): KubeObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name, generation: 1 },
    spec: { controllerName, description },
    status: accepted,
  });
  return [
    gatewayClass('istio', 'istio.io/gateway-controller', 'The default Istio GatewayClass'),
    gatewayClass(
      'istio-remote',
      'istio.io/unmanaged-gateway',
      'Remote to this cluster. Does not deploy or affect configuration.',
    ),
    gatewayClass('istio-waypoint', 'istio.io/mesh-controller', 'The default Istio waypoint GatewayClass'),
  ];
}
