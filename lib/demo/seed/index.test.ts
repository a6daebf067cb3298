import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store/object-store';
import { resourceByPlural } from '../store/resources';
import { BOOKINFO_DEPLOYMENTS, BOOKINFO_SERVICES, SEEDED_NAMESPACES } from '../test-cluster';
import { NODE_NAME } from '../controllers/pods';
import { DEMO_NAMESPACES, loadManifest, seedDemoCluster, seedManifest } from './index';
import { DEMO_REGION, DEMO_ZONE } from './nodes';

const kind = (group: string, plural: string) => resourceByPlural(group, plural)!;
const names = (store: ObjectStore, group: string, plural: string, ns?: string) =>
  store.list(kind(group, plural), ns).map((o) => o.metadata.name);

describe('seedDemoCluster', () => {
  const store = new ObjectStore();
  seedDemoCluster(store);

  it('creates the demo namespaces: sidecar-injected ones, one in ambient mode, and istio-system', () => {
    expect([...DEMO_NAMESPACES].sort()).toEqual(SEEDED_NAMESPACES);
    for (const ns of store.list(kind('', 'namespaces'))) {
      const labels = ns.metadata.labels ?? {};
      expect(labels['kubernetes.io/metadata.name']).toBe(ns.metadata.name);
      const sidecars = !['istio-system', 'bookinfo-ambient'].includes(ns.metadata.name);
      expect(labels['istio-injection']).toBe(sidecars ? 'enabled' : undefined);
      expect(labels['istio.io/dataplane-mode']).toBe(ns.metadata.name === 'bookinfo-ambient' ? 'ambient' : undefined);
    }
    expect(names(store, '', 'namespaces').sort()).toEqual([...DEMO_NAMESPACES].sort());
  });

  it("loads Istio's bookinfo, gateway and destination rules into bookinfo", () => {
    expect(names(store, 'apps', 'deployments', 'bookinfo')).toEqual(BOOKINFO_DEPLOYMENTS);
    // with the per-version Services of bookinfo-versions.yaml, which Istio's Gateway API tasks route to
    expect(names(store, '', 'services', 'bookinfo')).toEqual(BOOKINFO_SERVICES);
    expect(names(store, 'networking.istio.io', 'gateways', 'bookinfo')).toEqual(['bookinfo-gateway']);
    expect(names(store, 'networking.istio.io', 'virtualservices', 'bookinfo')).toEqual(['bookinfo']);
    expect(names(store, 'networking.istio.io', 'destinationrules', 'bookinfo')).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    const reviews = store.get(kind('', 'services'), 'bookinfo', 'reviews')!;
    expect(reviews.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    expect(reviews.spec.ports[0]).toMatchObject({ port: 9080, protocol: 'TCP', targetPort: 9080 });
  });

  it('runs bookinfo on Gateway API routes in bookinfo-gateway-api: a Gateway of class istio and HTTPRoutes', () => {
    const G = 'gateway.networking.k8s.io';
    expect(names(store, 'apps', 'deployments', 'bookinfo-gateway-api')).toEqual(BOOKINFO_DEPLOYMENTS);
    expect(names(store, G, 'gateways', 'bookinfo-gateway-api')).toEqual(['bookinfo-gateway']);
    expect(names(store, G, 'httproutes', 'bookinfo-gateway-api').sort()).toEqual(['bookinfo', 'reviews']);
    expect(names(store, 'networking.istio.io', 'virtualservices', 'bookinfo-gateway-api')).toEqual([]);
  });

  it('loads tcp-echo v1/v2 with a curl client, httpbin with curl, and the GitHub ServiceEntries', () => {
    expect(names(store, 'apps', 'deployments', 'tcp-echo')).toEqual(['curl', 'tcp-echo-v1', 'tcp-echo-v2']);
    expect(names(store, 'apps', 'deployments', 'default')).toEqual(['curl', 'httpbin']);
    expect(names(store, 'networking.istio.io', 'serviceentries', 'default')).toEqual(['github-https', 'github-tcp']);
  });

  it('runs bookinfo and curl in ambient mode, with reviews attached to the waypoint', () => {
    expect(names(store, 'apps', 'deployments', 'bookinfo-ambient')).toEqual(
      expect.arrayContaining(['curl', ...BOOKINFO_DEPLOYMENTS]),
    );
    const services = store.list(kind('', 'services'), 'bookinfo-ambient');
    const attached = services
      .filter((s) => s.metadata.labels?.['istio.io/use-waypoint'])
      .map((s) => `${s.metadata.name}->${s.metadata.labels!['istio.io/use-waypoint']}`);
    expect(attached).toEqual(['reviews->waypoint']);
  });

  it('runs ztunnel as a DaemonSet in istio-system, as the ambient profile installs it', () => {
    const ds = store.get(kind('apps', 'daemonsets'), 'istio-system', 'ztunnel')!;
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'ztunnel' });
    expect(ds.spec.template.metadata.labels).toMatchObject({
      app: 'ztunnel',
      'sidecar.istio.io/inject': 'false',
      'istio.io/dataplane-mode': 'none',
    });
    expect(ds.spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
    });
    expect(ds.spec.template.spec.serviceAccountName).toBe('ztunnel');
    expect(ds.spec.template.spec.containers[0].image).toBe('docker.io/istio/ztunnel:1.24.0');
    expect(names(store, '', 'serviceaccounts', 'istio-system')).toContain('ztunnel');
  });

  it('runs istiod and an ingress gateway in istio-system', () => {
    expect(names(store, 'apps', 'deployments', 'istio-system')).toEqual(['istio-ingressgateway', 'istiod']);
    const gateway = store.get(kind('apps', 'deployments'), 'istio-system', 'istio-ingressgateway')!;
    expect(gateway.spec.template.metadata.labels).toMatchObject({
      app: 'istio-ingressgateway',
      istio: 'ingressgateway',
    });
    const svc = store.get(kind('', 'services'), 'istio-system', 'istio-ingressgateway')!;
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports.find((p: { name: string }) => p.name === 'http2')).toMatchObject({
      port: 80,
      targetPort: 8080,
    });
    expect(names(store, '', 'serviceaccounts', 'istio-system')).toContain('istio-ingressgateway-service-account');
    expect(names(store, '', 'services', 'istio-system')).toContain('istiod');
  });

  it('serves the Node the pods are scheduled on, with its region and zone labels (cluster-scoped)', () => {
    const nodes = store.list(kind('', 'nodes'));
    expect(nodes.map((n) => n.metadata.name)).toEqual([NODE_NAME]);
    expect(nodes[0]!.metadata.namespace).toBeUndefined();
    expect(nodes[0]!.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': NODE_NAME,
      'topology.kubernetes.io/region': DEMO_REGION,
      'topology.kubernetes.io/zone': DEMO_ZONE,
    });
  });

  it('stores objects at their preferred version and gives services distinct cluster IPs', () => {
    for (const se of store.list(kind('networking.istio.io', 'serviceentries')))
      expect(se.apiVersion).toBe('networking.istio.io/v1');
    const ips = store.list(kind('', 'services')).map((s) => s.spec.clusterIP);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('is harmless to run twice', () => {
    const before = store.resourceVersion;
    seedDemoCluster(store);
    expect(store.resourceVersion).toBe(before);
  });

  it('leaves out the sample apps when asked (synthetic meshes)', () => {
    const bare = new ObjectStore();
    seedDemoCluster(bare, { bookinfo: false });
    expect(names(bare, '', 'namespaces')).toEqual(['istio-system']);
    expect(names(bare, 'apps', 'deployments')).toEqual(['istio-ingressgateway', 'istiod']);
  });
});

describe('loadManifest and seedManifest', () => {
  it('reads every document of a sample, and skips kinds the store does not serve', () => {
    const file = 'jwt-server/jwt-server.yaml';
    expect(loadManifest(file).map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([
      'v1 Service',
      'v1 Secret',
      'apps/v1 Deployment',
    ]);
    const store = new ObjectStore();
    seedManifest(store, file, 'default');
    expect(store.resourceVersion).toBe('3'); // the Service and the Deployment; no Secrets in the demo API
  });

  it('loads the Gateway API samples (served since the demo API serves gateway.networking.k8s.io), defaulted', () => {
    const store = new ObjectStore();
    seedManifest(store, 'bookinfo/gateway-api/bookinfo-gateway.yaml', 'bookinfo');
    const route = store.get(resourceByPlural('gateway.networking.k8s.io', 'httproutes')!, 'bookinfo', 'bookinfo');
    expect(route?.spec?.rules?.[0]?.backendRefs?.[0]).toEqual({
      group: '',
      kind: 'Service',
      name: 'productpage',
      port: 9080,
      weight: 1,
    });
    expect(
      store.get(resourceByPlural('gateway.networking.k8s.io', 'gateways')!, 'bookinfo', 'bookinfo-gateway')?.apiVersion,
    ).toBe('gateway.networking.k8s.io/v1');
  });
});
