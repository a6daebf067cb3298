import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/object-store';
import { demoStores, R, settle } from '../test-cluster';
import { gateway } from '../traffic/test-fixtures';
import { waypointObjects } from './ambient';

const cluster = demoStores();

const REDIRECTION = 'ambient.istio.io/redirection';
const containers = (p: KubeObject) => (p.spec.containers as { name: string }[]).map((c) => c.name);

describe('ztunnel DaemonSet', () => {
  it('runs one ztunnel pod on the node, reports it in the status, and replaces a deleted pod', async () => {
    const store = cluster();
    const pods = () => store.list(R.pods, 'istio-system').filter((p) => p.metadata.labels?.app === 'ztunnel');
    const [pod, ...more] = pods();
    expect(more).toHaveLength(0);
    expect(pod!.metadata.name).toMatch(/^ztunnel-[a-z0-9]{5}$/);
    expect(pod!.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'DaemonSet', name: 'ztunnel', controller: true }),
    ]);
    expect(pod!.status.phase).toBe('Running');
    expect(containers(pod!)).toEqual(['istio-proxy']);
    expect(store.get(R.daemonsets, 'istio-system', 'ztunnel')!.status).toMatchObject({
      desiredNumberScheduled: 1,
      numberReady: 1,
    });
    store.delete(R.pods, 'istio-system', pod!.metadata.name);
    await settle();
    expect(pods()).toHaveLength(1);
  });
});

describe('ambient pods (istio-cni)', () => {
  it('bookinfo-ambient pods run without a sidecar and carry the redirection annotation; others do not', () => {
    const store = cluster();
    const ambient = store.list(R.pods, 'bookinfo-ambient').filter((p) => p.metadata.labels?.app);
    expect(ambient.map((p) => p.metadata.labels!.app).sort()).toEqual([
      'curl',
      'details',
      'productpage',
      'ratings',
      'reviews',
      'reviews',
      'reviews',
    ]);
    for (const p of ambient) {
      expect(containers(p)).not.toContain('istio-proxy');
      expect(p.metadata.annotations?.[REDIRECTION]).toBe('enabled');
    }
    const waypointPod = store
      .list(R.pods, 'bookinfo-ambient')
      .find((p) => p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'])!;
    expect(waypointPod.metadata.annotations?.[REDIRECTION]).toBeUndefined();
    for (const p of store.list(R.pods, 'bookinfo')) expect(p.metadata.annotations?.[REDIRECTION]).toBeUndefined();
  });

  it('labelling a namespace ambient (and back) marks its running pods, as istio-cni enrolls them live', async () => {
    const store = cluster();
    store.create(R.ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } });
    const labels = { app: 'web' };
    store.create(R.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'plain' },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    });
    await settle();
    const annotation = () => store.list(R.pods, 'plain')[0]!.metadata.annotations?.[REDIRECTION];
    expect(annotation()).toBeUndefined();
    const ns = store.get(R.ns, undefined, 'plain')!;
    store.update(R.ns, {
      ...ns,
      metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, 'istio.io/dataplane-mode': 'ambient' } },
    });
    await settle();
    expect(annotation()).toBe('enabled');
    const again = store.get(R.ns, undefined, 'plain')!;
    store.update(R.ns, {
      ...again,
      metadata: { ...again.metadata, labels: { 'kubernetes.io/metadata.name': 'plain' } },
    });
    await settle();
    expect(annotation()).toBeUndefined();
  });
});

describe('waypoints (istiod deployment controller)', () => {
  it('deploys the seeded waypoint Gateway as istiod does: ServiceAccount, Deployment, Service, owned by the Gateway', () => {
    const store = cluster();
    const gw = store.get(R.gateways, 'bookinfo-ambient', 'waypoint')!;
    expect(gw.spec).toMatchObject({
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    });
    const owner = [expect.objectContaining({ kind: 'Gateway', name: 'waypoint', uid: gw.metadata.uid })];
    const d = store.get(R.deployments, 'bookinfo-ambient', 'waypoint')!;
    expect(d.metadata.ownerReferences).toEqual(owner);
    expect(d.metadata.labels).toMatchObject({
      'gateway.istio.io/managed': 'istio.io-mesh-controller',
      'gateway.networking.k8s.io/gateway-name': 'waypoint',
      'istio.io/waypoint-for': 'service',
    });
    expect(d.spec.template.metadata.labels).toMatchObject({
      'istio.io/dataplane-mode': 'none',
      'sidecar.istio.io/inject': 'false',
      'service.istio.io/canonical-name': 'waypoint',
    });
    // pilot-agent's command line as istiod's waypoint template writes it (the sidecar's, with --serviceCluster)
    expect(d.spec.template.spec.containers[0].args).toEqual([
      'proxy',
      'waypoint',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--serviceCluster',
      'waypoint.$(POD_NAMESPACE)',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ]);
    const svc = store.get(R.services, 'bookinfo-ambient', 'waypoint')!;
    expect(svc.spec.ports.map((p: { name: string; port: number }) => `${p.name}:${p.port}`)).toEqual([
      'status-port:15021',
      'mesh:15008',
    ]);
    expect(svc.metadata.ownerReferences).toEqual(owner);
    expect(store.get(R.sa, 'bookinfo-ambient', 'waypoint')!.metadata.ownerReferences).toEqual(owner);
    expect(
      store
        .list(R.pods, 'bookinfo-ambient')
        .filter((p) => p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] === 'waypoint'),
    ).toHaveLength(1);
    const conditions = Object.fromEntries(
      (gw.status.conditions as { type: string; status: string }[]).map((c) => [c.type, c.status]),
    );
    expect(conditions).toEqual({ Accepted: 'True', Programmed: 'True' });
    expect(gw.status.addresses).toEqual([{ type: 'Hostname', value: 'waypoint.bookinfo-ambient.svc.cluster.local' }]);
  });

  it('a new waypoint Gateway gets deployed; deleting it removes what it owned; other classes are left alone', async () => {
    const store = cluster();
    const hbone = (name: string, gatewayClassName: string) =>
      gateway('default', name, { gatewayClassName, listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
    store.create(R.gateways, hbone('wp', 'istio-waypoint'));
    store.create(R.gateways, hbone('ingress', 'istio'));
    await settle();
    expect(store.get(R.deployments, 'default', 'wp')).toBeDefined();
    expect(store.get(R.deployments, 'default', 'ingress')).toBeUndefined();
    store.delete(R.gateways, 'default', 'wp');
    await settle();
    expect(store.get(R.deployments, 'default', 'wp')).toBeUndefined();
    expect(store.get(R.services, 'default', 'wp')).toBeUndefined();
    expect(store.get(R.sa, 'default', 'wp')).toBeUndefined();
  });

  it('waypointObjects copies the Gateway’s labels unless spec.infrastructure sets them', () => {
    const base: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'w', namespace: 'n', uid: 'u', labels: { team: 'a' } },
      spec: { gatewayClassName: 'istio-waypoint' },
    };
    expect(waypointObjects(base)[1]!.metadata.labels).toMatchObject({ team: 'a' });
    const infra = waypointObjects({ ...base, spec: { ...base.spec, infrastructure: { labels: { team: 'b' } } } });
    expect(infra[1]!.metadata.labels).toMatchObject({ team: 'b' });
  });
});
