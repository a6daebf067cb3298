import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { failure, withDemoCluster } from './test-helpers';
import { startTestCluster, type TestCluster } from '../test-cluster';

let cluster: TestCluster;
let custom: k8s.CustomObjectsApi;

const GW = 'gateway.networking.k8s.io';
const ROUTES = { group: GW, version: 'v1', plural: 'httproutes' };

function httpRoute(name: string, rule: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }], rules: [rule] },
  };
}

const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${cluster.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
};

withDemoCluster((c, kc) => {
  cluster = c;
  custom = kc.makeApiClient(k8s.CustomObjectsApi);
});

describe('the demo API serves the Gateway API groups', () => {
  it('in discovery: gateway.networking.k8s.io v1 preferred, then v1beta1, v1alpha3, v1alpha2; inference v1', async () => {
    const { body: group } = await getJson<{ preferredVersion: { version: string }; versions: { version: string }[] }>(
      `/apis/${GW}`,
    );
    expect(group.preferredVersion.version).toBe('v1');
    expect(group.versions.map((v) => v.version)).toEqual(['v1', 'v1beta1', 'v1alpha3', 'v1alpha2']);
    const { body: v1 } = await getJson<{
      resources: { name: string; namespaced: boolean; kind: string; shortNames?: string[]; categories?: string[] }[];
    }>(`/apis/${GW}/v1`);
    const byName = new Map(v1.resources.map((r) => [r.name, r]));
    expect([...byName.keys()].filter((n) => !n.includes('/')).sort()).toEqual([
      'backendtlspolicies',
      'gatewayclasses',
      'gateways',
      'grpcroutes',
      'httproutes',
      'referencegrants',
      'tcproutes',
      'tlsroutes',
      'udproutes',
    ]);
    expect(byName.get('gatewayclasses')).toMatchObject({
      namespaced: false,
      kind: 'GatewayClass',
      shortNames: ['gc'],
      categories: ['gateway-api'],
    });
    expect(byName.get('gateways')).toMatchObject({ namespaced: true, kind: 'Gateway', shortNames: ['gtw'] });
    expect(byName.has('httproutes/status')).toBe(true);
    const { body: alpha2 } = await getJson<{ resources: { name: string }[] }>(`/apis/${GW}/v1alpha2`);
    expect(
      alpha2.resources
        .map((r) => r.name)
        .filter((n) => !n.includes('/'))
        .sort(),
    ).toEqual(['tcproutes', 'tlsroutes', 'udproutes']);
    const { body: inference } = await getJson<{ resources: { name: string; shortNames?: string[] }[] }>(
      '/apis/inference.networking.k8s.io/v1',
    );
    expect(inference.resources.find((r) => r.name === 'inferencepools')?.shortNames).toEqual(['infpool']);
    const { body: all } = await getJson<{ groups: { name: string }[] }>('/apis');
    expect(all.groups.map((g) => g.name)).toEqual(expect.arrayContaining([GW, 'inference.networking.k8s.io']));
  });

  it('starts with the GatewayClasses istiod creates, Accepted', async () => {
    const list = (await custom.listClusterCustomObject({ group: GW, version: 'v1', plural: 'gatewayclasses' })) as {
      items: k8s.KubernetesObject[];
    };
    const classes = list.items as {
      metadata: { name: string };
      spec: { controllerName: string };
      status: { conditions: { type: string; status: string }[] };
    }[];
    expect(classes.map((c) => [c.metadata.name, c.spec.controllerName])).toEqual([
      ['istio', 'istio.io/gateway-controller'],
      ['istio-remote', 'istio.io/unmanaged-gateway'],
      ['istio-waypoint', 'istio.io/mesh-controller'],
    ]);
    expect(classes.every((c) => c.status.conditions.some((x) => x.type === 'Accepted' && x.status === 'True'))).toBe(
      true,
    );
    const v1beta1 = (await custom.getClusterCustomObject({
      group: GW,
      version: 'v1beta1',
      plural: 'gatewayclasses',
      name: 'istio',
    })) as { apiVersion: string };
    expect(v1beta1.apiVersion).toBe(`${GW}/v1beta1`);
  });

  it('creates an HTTPRoute with the CRD defaults applied (backendRef group/kind/weight, rule matches)', async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...ROUTES,
      namespace: 'bookinfo',
      body: httpRoute('reviews-defaults', { backendRefs: [{ name: 'reviews-v1', port: 9080 }] }),
    })) as { spec: { rules: { backendRefs: unknown[]; matches: unknown[] }[] }; metadata: { resourceVersion: string } };
    expect(created.spec.rules[0]?.backendRefs[0]).toEqual({
      group: '',
      kind: 'Service',
      name: 'reviews-v1',
      port: 9080,
      weight: 1,
    });
    expect(created.spec.rules[0]?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
  });

  it('answers a CEL rule violation with 422 and the field cause, as the API server does', async () => {
    const bad = httpRoute('reviews-redirect', {
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }],
      backendRefs: [{ name: 'reviews-v1', port: 9080 }],
    });
    const { code, status } = await failure(
      custom.createNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', body: bad }),
    );
    expect(code).toBe(422);
    expect(status.reason).toBe('Invalid');
    expect(status.message).toContain('HTTPRoute.gateway.networking.k8s.io "reviews-redirect" is invalid');
    expect(status.details?.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.rules[0]',
        message: 'Invalid value: "object": RequestRedirect filter must not be used together with backendRefs',
      },
    ]);
    const noPort = httpRoute('reviews-noport', { backendRefs: [{ name: 'reviews-v1' }] });
    const second = await failure(
      custom.createNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', body: noPort }),
    );
    expect(second.status.details?.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.rules[0].backendRefs[0]',
        message: 'Invalid value: "object": Must have port for Service reference',
      },
    ]);
    const typed = httpRoute('reviews-typed', { backendRefs: [{ name: 'reviews-v1', port: 'http' }] });
    const third = await failure(custom.createNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', body: typed }));
    expect(third.status.details?.causes?.map((c) => c.field)).toEqual(['spec.rules[0].backendRefs[0].port']);
  });

  it('refuses a stale resourceVersion with 409, stores nothing on dryRun=All', async () => {
    const body = httpRoute('reviews-rv', { backendRefs: [{ name: 'reviews-v1', port: 9080 }] });
    const dry = (await custom.createNamespacedCustomObject({
      ...ROUTES,
      namespace: 'bookinfo',
      body,
      dryRun: 'All',
    })) as { metadata: { name: string } };
    expect(dry.metadata.name).toBe('reviews-rv');
    expect(
      (await failure(custom.getNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', name: 'reviews-rv' }))).code,
    ).toBe(404);
    await custom.createNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', body });
    // istiod (the demo controller) writes the route's status after the create: replace what a read returns.
    const current = (await custom.getNamespacedCustomObject({
      ...ROUTES,
      namespace: 'bookinfo',
      name: 'reviews-rv',
    })) as { metadata: { resourceVersion: string } };
    const update = { ...body, metadata: { name: 'reviews-rv', resourceVersion: current.metadata.resourceVersion } };
    await custom.replaceNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', name: 'reviews-rv', body: update });
    const stale = await failure(
      custom.replaceNamespacedCustomObject({ ...ROUTES, namespace: 'bookinfo', name: 'reviews-rv', body: update }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe('Conflict');
  });

  it("prints the CRDs' printer columns for kubectl get (by group: Istio's Gateway keeps its own)", async () => {
    const table = async (path: string) => {
      const res = await fetch(`${cluster.url}${path}`, {
        headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
      });
      return (await res.json()) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    };
    const classes = await table(`/apis/${GW}/v1/gatewayclasses`);
    expect(classes.columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Controller',
      'Accepted',
      'Age',
      'Description',
    ]);
    expect(classes.rows.find((r) => r.cells[0] === 'istio-waypoint')?.cells.slice(1, 3)).toEqual([
      'istio.io/mesh-controller',
      'True',
    ]);
    expect((await table(`/apis/${GW}/v1/namespaces/bookinfo/gateways`)).columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Class',
      'Address',
      'Programmed',
      'Age',
    ]);
    expect(
      (await table('/apis/networking.istio.io/v1/namespaces/bookinfo/gateways')).columnDefinitions.map((c) => c.name),
    ).toEqual(['Name', 'Age']);
  });

  it("keeps Istio's Gateway and the Gateway API's Gateway apart", async () => {
    const istio = (await custom.listNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'gateways',
    })) as { items: { kind: string; apiVersion: string }[] };
    expect(istio.items.map((g) => g.apiVersion)).toEqual(['networking.istio.io/v1']);
    const gw = {
      apiVersion: `${GW}/v1`,
      kind: 'Gateway',
      metadata: { name: 'bookinfo-gateway' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    };
    await custom.createNamespacedCustomObject({
      group: GW,
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'gateways',
      body: gw,
    });
    const k8sGateways = (await custom.listNamespacedCustomObject({
      group: GW,
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'gateways',
    })) as { items: { apiVersion: string; spec: { listeners: { allowedRoutes?: unknown }[] } }[] };
    expect(k8sGateways.items.map((g) => g.apiVersion)).toEqual([`${GW}/v1`]);
    // The CRD default: routes from the Gateway's own namespace.
    expect(k8sGateways.items[0]?.spec.listeners[0]?.allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
  });
});

describe('a cluster without the Gateway API CRDs', () => {
  it('answers 404 for the group and leaves it out of /apis', async () => {
    const bare = await startTestCluster({ withoutGroups: [GW, 'inference.networking.k8s.io'] });
    try {
      expect((await fetch(`${bare.url}/apis/${GW}`)).status).toBe(404);
      expect((await fetch(`${bare.url}/apis/${GW}/v1/httproutes`)).status).toBe(404);
      const all = (await (await fetch(`${bare.url}/apis`)).json()) as { groups: { name: string }[] };
      expect(all.groups.map((g) => g.name)).not.toContain(GW);
      expect(all.groups.map((g) => g.name)).toContain('networking.istio.io');
    } finally {
      await bare.stop();
    }
  });
});
