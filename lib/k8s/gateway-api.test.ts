import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import type { TestCluster } from '@/lib/demo/test-cluster';
import { findKind, GATEWAY_API_GROUP, INFERENCE_GROUP } from '@/lib/istio/kinds';
import { rejection } from '@/lib/errors/test-helpers';
import { getInventory, type IstioObject } from './inventory';
import { createIstioObject, deleteIstioObject, getIstioObject, replaceIstioObject } from './istio-config';
import { readPermissions } from './permissions';
import { asUser, startKubeTestEnv } from './test-helpers';

const ROUTE = findKind(GATEWAY_API_GROUP, 'HTTPRoute')!;
const CLASS = findKind(GATEWAY_API_GROUP, 'GatewayClass')!;
const K8S_GATEWAY = findKind(GATEWAY_API_GROUP, 'Gateway')!;
const ISTIO_GATEWAY = findKind('networking.istio.io', 'Gateway')!;

const httpRoute = (name: string, weight = 1): IstioObject => ({
  apiVersion: `${GATEWAY_API_GROUP}/v1`,
  kind: 'HTTPRoute',
  metadata: { name },
  spec: { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }], rules: [{ backendRefs: [{ name: 'reviews-v3', port: 9080, weight }] }] },
});
const keys = (objects: IstioObject[]) => objects.map((o) => `${o.apiVersion.split('/')[0]} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`).sort();

describe('lib/k8s and the Gateway API kinds (demo cluster with the CRDs)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startKubeTestEnv();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('creates, reads, replaces (409 when stale) and deletes an HTTPRoute; the stored object carries the CRD defaults', async () => {
    const created = await createIstioObject('bookinfo', ROUTE, httpRoute('reviews-v3'));
    expect((created.spec as { rules: { backendRefs: object[] }[] }).rules[0]?.backendRefs[0]).toEqual({ group: '', kind: 'Service', name: 'reviews-v3', port: 9080, weight: 1 });
    const got = await getIstioObject('bookinfo', ROUTE, 'reviews-v3');
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const update = { ...httpRoute('reviews-v3', 5), metadata: { name: 'reviews-v3', resourceVersion: created.metadata.resourceVersion } };
    await replaceIstioObject('bookinfo', ROUTE, update);
    const stale = await rejection(replaceIstioObject('bookinfo', ROUTE, update));
    expect(stale.code).toBe('conflict:k8s');
    expect(stale.message).toMatch(/^HTTPRoute bookinfo\/reviews-v3 was changed by someone else/);
    const invalid = await rejection(createIstioObject('bookinfo', ROUTE, { ...httpRoute('bad'), spec: { rules: [{ backendRefs: [{ name: 'r' }] }] } }));
    expect(invalid.code).toBe('invalid:k8s');
    await deleteIstioObject('bookinfo', ROUTE, 'reviews-v3');
    expect((await rejection(getIstioObject('bookinfo', ROUTE, 'reviews-v3'))).code).toBe('not_found:k8s');
  });

  it('reads and writes a cluster-scoped GatewayClass without a namespace (the namespace argument is ignored)', async () => {
    const istio = await getIstioObject('bookinfo', CLASS, 'istio');
    expect(istio.metadata.namespace).toBeUndefined();
    expect((istio.spec as { controllerName: string }).controllerName).toBe('istio.io/gateway-controller');
    const dry = await createIstioObject('bookinfo', CLASS, { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'GatewayClass', metadata: { name: 'mine' }, spec: { controllerName: 'example.com/gw' } }, { dryRun: true });
    expect(dry.metadata.namespace).toBeUndefined();
    expect((await rejection(getIstioObject('default', CLASS, 'mine'))).code).toBe('not_found:k8s');
  });

  it("keeps Istio's Gateway and the Gateway API's Gateway apart in reads, writes and the inventory", async () => {
    const gw: IstioObject = {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'Gateway',
      metadata: { name: 'bookinfo-gateway' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    };
    await createIstioObject('bookinfo', K8S_GATEWAY, gw);
    expect((await getIstioObject('bookinfo', ISTIO_GATEWAY, 'bookinfo-gateway')).apiVersion).toBe('networking.istio.io/v1');
    expect((await getIstioObject('bookinfo', K8S_GATEWAY, 'bookinfo-gateway')).apiVersion).toBe(`${GATEWAY_API_GROUP}/v1`);
    const inv = await asUser(DEMO_TOKEN, () => getInventory(['bookinfo']));
    expect(keys(inv.istioConfig).filter((k) => k.includes('Gateway'))).toEqual(['networking.istio.io Gateway bookinfo/bookinfo-gateway']);
    expect(keys(inv.gatewayApi)).toEqual([
      'gateway.networking.k8s.io Gateway bookinfo/bookinfo-gateway',
      'gateway.networking.k8s.io GatewayClass -/istio',
      'gateway.networking.k8s.io GatewayClass -/istio-remote',
      'gateway.networking.k8s.io GatewayClass -/istio-waypoint',
    ]);
    await deleteIstioObject('bookinfo', K8S_GATEWAY, 'bookinfo-gateway');
  });

  it('a namespace viewer sees the namespaced Gateway API objects of its namespace but no cluster-scoped class', async () => {
    await createIstioObject('bookinfo', ROUTE, httpRoute('viewer-sees'));
    const inv = await asUser(BOOKINFO_VIEWER_TOKEN, () => getInventory([]));
    expect(keys(inv.gatewayApi)).toEqual(['gateway.networking.k8s.io HTTPRoute bookinfo/viewer-sees']);
    const perms = await asUser(BOOKINFO_EDITOR_TOKEN, () => readPermissions(['bookinfo']));
    expect(perms.namespaces.bookinfo?.istio.k8shttproutes).toEqual({ create: true, update: true, delete: true });
    expect(perms.namespaces.bookinfo?.istio.k8sgatewayclasses).toEqual({ create: false, update: false, delete: false });
  });
});

describe('a cluster without the Gateway API CRDs (discovery 404)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startKubeTestEnv({}, { withoutGroups: [GATEWAY_API_GROUP, INFERENCE_GROUP] });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('simply has none of them: the inventory reads without error, Istio config is all there', async () => {
    const inv = await asUser(DEMO_TOKEN, () => getInventory([]));
    expect(inv.gatewayApi).toEqual([]);
    expect(keys(inv.istioConfig)).toContain('networking.istio.io Gateway bookinfo/bookinfo-gateway');
  });

  it('a read of one object is a plain not_found', async () => {
    expect((await rejection(asUser(DEMO_TOKEN, () => getIstioObject('bookinfo', ROUTE, 'reviews')))).code).toBe('not_found:k8s');
  });
});
