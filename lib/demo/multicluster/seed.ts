import { stringify } from 'yaml';
import { proxyArgs } from '../controllers/pods';
import { seedDemoRbac } from '../k8s-api/auth-seed';
import { kubeconfigObject, type KubeconfigCluster } from '../k8s-api/kubeconfig';
import { gatewayClassObjects, ISTIO_VERSION, istioSystemObjects } from '../seed/istio-system';
import { loadManifest, putObject } from '../seed/index';
import type { KubeObject, ObjectStore } from '../store/object-store';
import { deploymentObject, serviceObject } from '../store/objects';
import { resourceByPlural } from '../store/resources';
import { BOOKINFO_NAMESPACE, bookinfoPlacement, MESH_ID, NETWORK_LABEL, networkName } from './topology';

const NS = 'istio-system';
/** Label and annotation of Istio's remote secrets (pilot/pkg/serviceregistry/kube/controller, multicluster). */
export const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';
export const CLUSTER_ANNOTATION = 'networking.istio.io/cluster';

/** The Secret `istioctl create-remote-secret --name <name>` writes: istiod (and Meshscope) read the cluster from it. */
export function remoteSecretObject(cluster: KubeconfigCluster): KubeObject {
  const kubeconfig = stringify(kubeconfigObject([cluster]));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `istio-remote-secret-${cluster.name}`,
      namespace: NS,
      labels: { [MULTICLUSTER_SECRET_LABEL]: 'true' },
      annotations: { [CLUSTER_ANNOTATION]: cluster.name },
    },
    type: 'Opaque',
    data: { [cluster.name]: Buffer.from(kubeconfig).toString('base64') },
  };
}

/**
 * The east-west gateway of Istio's samples/multicluster (gen-eastwest-gateway.sh with `--network`, and
 * expose-services.yaml): Deployment and LoadBalancer Service `istio-eastwestgateway` labelled with the network,
 * ports 15021 (status), 15443 (tls), 15012 (tls-istiod), 15017 (tls-webhook), and the Gateway
 * `cross-network-gateway` passing `*.local` through on 15443 (`AUTO_PASSTHROUGH`).
 */
export function eastWestGatewayObjects(network: string, lbIp: string): KubeObject[] {
  const labels = { app: 'istio-eastwestgateway', istio: 'eastwestgateway', [NETWORK_LABEL]: network };
  const ports = [
    { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
    { name: 'tls', port: 15443, targetPort: 15443, protocol: 'TCP' },
    { name: 'tls-istiod', port: 15012, targetPort: 15012, protocol: 'TCP' },
    { name: 'tls-webhook', port: 15017, targetPort: 15017, protocol: 'TCP' },
  ];
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'istio-eastwestgateway-service-account', namespace: NS, labels },
    },
    deploymentObject({
      namespace: NS,
      name: 'istio-eastwestgateway',
      labels: { ...labels, 'istio.io/rev': 'default' },
      selector: { istio: 'eastwestgateway' },
      podLabels: {
        ...labels,
        'sidecar.istio.io/inject': 'false',
        'service.istio.io/canonical-name': 'istio-eastwestgateway',
      },
      podAnnotations: { 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' },
      serviceAccountName: 'istio-eastwestgateway-service-account',
      containers: [
        {
          name: 'istio-proxy',
          image: `docker.io/istio/proxyv2:${ISTIO_VERSION}`,
          args: proxyArgs('router', '$(POD_NAMESPACE).svc.cluster.local'),
          env: [
            { name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: network },
            { name: 'ISTIO_META_ROUTER_MODE', value: 'sni-dnat' },
          ],
          ports: ports.map((p) => ({ containerPort: p.targetPort, name: p.name, protocol: 'TCP' })),
        },
      ],
    }),
    {
      ...serviceObject(NS, 'istio-eastwestgateway', labels, {
        type: 'LoadBalancer',
        selector: { istio: 'eastwestgateway' },
        ports,
      }),
      status: { loadBalancer: { ingress: [{ ip: lbIp, ipMode: 'VIP' }] } },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace: NS },
      spec: {
        selector: { istio: 'eastwestgateway' },
        servers: [
          {
            port: { number: 15443, name: 'tls', protocol: 'TLS' },
            tls: { mode: 'AUTO_PASSTHROUGH' },
            hosts: ['*.local'],
          },
        ],
      },
    },
  ];
}

/** istiod of a primary: the default install's, with its cluster, network and mesh (as `istioctl install` sets them). */
function istiodFor(obj: KubeObject, cluster: string, network: string): KubeObject {
  if (obj.kind !== 'Deployment' || obj.metadata.name !== 'istiod') return obj;
  const copy = structuredClone(obj);
  const container = (copy.spec!.template.spec.containers as Record<string, unknown>[])[0]!;
  container.env = [
    { name: 'CLUSTER_ID', value: cluster },
    { name: 'ISTIO_META_NETWORK', value: network },
    { name: 'MESH_ID', value: MESH_ID },
  ];
  return copy;
}

/** One cluster of the multi-cluster demo: its name, its position in the list, and every cluster's API server. */
export interface ClusterSeed {
  name: string;
  index: number;
  /** All clusters of the mesh (this one included), for the remote secrets. */
  clusters: KubeconfigCluster[];
}

/**
 * Seeds one primary cluster: istio-system labelled with its network (`network<N>`), istiod (CLUSTER_ID = the name),
 * the east-west gateway and `cross-network-gateway`, a remote secret per other cluster; the `bookinfo` namespace
 * (sidecar injection) with all of bookinfo's Services, ServiceAccounts and DestinationRules, and only the
 * Deployments this cluster runs (topology.ts). The first cluster also gets the ingress gateway and bookinfo's
 * Gateway and VirtualService; ztunnel and the single-cluster demo's other samples are left out. Also the demo RBAC.
 */
export function seedMeshCluster(store: ObjectStore, seed: ClusterSeed): void {
  const network = networkName(seed.index);
  const first = seed.index === 0;
  const namespaces = resourceByPlural('', 'namespaces')!;
  const ns = (name: string, labels: Record<string, string>) =>
    putObject(store, { apiVersion: 'v1', kind: namespaces.kind, metadata: { name, labels } });
  ns(NS, { [NETWORK_LABEL]: network });
  ns(BOOKINFO_NAMESPACE, { 'istio-injection': 'enabled' });
  ns('default', {});
  for (const obj of istioSystemObjects()) {
    if (obj.metadata.name.startsWith('ztunnel')) continue;
    if (!first && obj.metadata.name.startsWith('istio-ingressgateway')) continue;
    putObject(store, istiodFor(obj, seed.name, network), NS);
  }
  for (const obj of gatewayClassObjects()) putObject(store, obj);
  for (const obj of eastWestGatewayObjects(network, `172.18.${seed.index + 1}.240`)) putObject(store, obj, NS);
  for (const other of seed.clusters) if (other.name !== seed.name) putObject(store, remoteSecretObject(other), NS);
  seedDemoRbac(store);
  const runs = new Set(bookinfoPlacement(seed.index));
  const files = ['bookinfo/platform/kube/bookinfo.yaml', 'bookinfo/platform/kube/bookinfo-versions.yaml'];
  files.push('bookinfo/networking/destination-rule-all.yaml');
  if (first) files.push('bookinfo/networking/bookinfo-gateway.yaml');
  for (const file of files) {
    for (const obj of loadManifest(file)) {
      if (obj.kind === 'Deployment' && !runs.has(obj.metadata.name)) continue;
      putObject(store, obj, BOOKINFO_NAMESPACE);
    }
  }
}
