import { describe, expect, it } from 'vitest';
import { seedManifest } from '../seed';
import { demoStores, R, settle } from '../test-cluster';
import { gateway, httpRoute } from '../traffic/test-fixtures';

const G = 'gateway.networking.k8s.io';
const cluster = demoStores();

type Cond = { type: string; status: string; reason: string };
const conds = (list: unknown) => (list as Cond[]).map((c) => `${c.type}=${c.status}:${c.reason}`);

describe('Gateway API controller (istiod)', () => {
  it('installs the istio, istio-remote and istio-waypoint GatewayClasses, Accepted', () => {
    const store = cluster();
    const names = store
      .list(R.classes)
      .map((c) => c.metadata.name)
      .sort();
    expect(names).toEqual(['istio', 'istio-remote', 'istio-waypoint']);
    const istio = store.get(R.classes, undefined, 'istio')!;
    expect(istio.spec?.controllerName).toBe('istio.io/gateway-controller');
    expect(store.get(R.classes, undefined, 'istio-waypoint')!.spec?.controllerName).toBe('istio.io/mesh-controller');
    expect(conds(istio.status?.conditions)).toEqual(['Accepted=True:Accepted']);
  });

  it("deploys a class istio Gateway as Istio does and writes the Gateway's and the route's status", async () => {
    const store = cluster();
    seedManifest(store, 'bookinfo/gateway-api/bookinfo-gateway.yaml', 'bookinfo');
    await settle();
    const d = store.get(R.deployments, 'bookinfo', 'bookinfo-gateway-istio')!;
    expect(d.metadata.labels).toMatchObject({
      'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway',
      'istio.io/gateway-name': 'bookinfo-gateway',
    });
    expect(d.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Gateway', name: 'bookinfo-gateway' }),
    ]);
    expect(d.spec?.template?.metadata?.labels).toMatchObject({
      'sidecar.istio.io/inject': 'false',
      'service.istio.io/canonical-name': 'bookinfo-gateway-istio',
    });
    const svc = store.get(R.services, 'bookinfo', 'bookinfo-gateway-istio')!;
    expect(svc.spec?.ports).toEqual([
      expect.objectContaining({ name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' }),
      expect.objectContaining({ name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http' }),
    ]);
    expect(svc.spec?.clusterIP).toMatch(/^10\./); // created through the API server's defaulting
    const rv = svc.metadata.resourceVersion;
    await settle();
    expect(store.get(R.services, 'bookinfo', 'bookinfo-gateway-istio')!.metadata.resourceVersion).toBe(rv); // settled
    expect(svc.spec?.selector).toEqual({ 'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway' });
    expect(store.get(R.sa, 'bookinfo', 'bookinfo-gateway-istio')).toBeDefined();
    const gw = store.get(R.gateways, 'bookinfo', 'bookinfo-gateway')!;
    expect(conds(gw.status?.conditions)).toEqual(['Accepted=True:Accepted', 'Programmed=True:Programmed']);
    expect(gw.status?.addresses).toEqual([
      { type: 'Hostname', value: 'bookinfo-gateway-istio.bookinfo.svc.cluster.local' },
    ]);
    const [listener] = gw.status?.listeners as { attachedRoutes: number; conditions: Cond[] }[];
    expect(listener!.attachedRoutes).toBe(1);
    expect(conds(listener!.conditions)).toEqual([
      'Accepted=True:Accepted',
      'Conflicted=False:NoConflicts',
      'Programmed=True:Programmed',
      'ResolvedRefs=True:ResolvedRefs',
    ]);
    const route = store.get(R.httproutes, 'bookinfo', 'bookinfo')!;
    const [parent] = route.status?.parents as { controllerName: string; parentRef: unknown; conditions: Cond[] }[];
    expect(parent!.controllerName).toBe('istio.io/gateway-controller');
    expect(parent!.parentRef).toEqual({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'bookinfo-gateway',
    }); // as stored, defaulted
    expect(conds(parent!.conditions)).toEqual(['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
  });

  it('reports RefNotPermitted for a cross-namespace backend, then ResolvedRefs once a ReferenceGrant allows it', async () => {
    const store = cluster();
    const route = httpRoute('bookinfo', 'reviews', {
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [{ backendRefs: [{ name: 'httpbin', namespace: 'default', port: 8000 }] }],
    });
    store.create(R.httproutes, route);
    await settle();
    const read = () =>
      (store.get(R.httproutes, 'bookinfo', 'reviews')!.status?.parents as { conditions: Cond[] }[])[0]!.conditions;
    expect(conds(read())).toEqual(['Accepted=True:Accepted', 'ResolvedRefs=False:RefNotPermitted']);
    store.create(R.referencegrants, {
      apiVersion: `${G}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: 'bookinfo-routes', namespace: 'default' },
      spec: {
        from: [{ group: G, kind: 'HTTPRoute', namespace: 'bookinfo' }],
        to: [{ group: '', kind: 'Service', name: 'httpbin' }],
      },
    });
    await settle();
    expect(conds(read())).toEqual(['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
  });

  it('removes the gateway deployment when the Gateway is deleted, and leaves other classes alone', async () => {
    const store = cluster();
    seedManifest(store, 'bookinfo/gateway-api/bookinfo-gateway.yaml', 'bookinfo');
    store.create(
      R.gateways,
      gateway('bookinfo', 'elsewhere', {
        gatewayClassName: 'another-vendor',
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
      }),
    );
    await settle();
    expect(store.get(R.deployments, 'bookinfo', 'elsewhere-another-vendor')).toBeUndefined();
    expect(store.get(R.gateways, 'bookinfo', 'elsewhere')!.status).toBeUndefined();
    store.delete(R.gateways, 'bookinfo', 'bookinfo-gateway');
    await settle();
    expect(store.get(R.deployments, 'bookinfo', 'bookinfo-gateway-istio')).toBeUndefined();
    expect(store.get(R.services, 'bookinfo', 'bookinfo-gateway-istio')).toBeUndefined();
    expect(store.list(R.pods, 'bookinfo').filter((p) => p.metadata.name.startsWith('bookinfo-gateway-istio-'))).toEqual(
      [],
    );
  });
});
