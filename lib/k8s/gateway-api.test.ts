import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import type { TestCluster } from '@/lib/demo/test-cluster';
import { findKind, GATEWAY_API_GROUP, INFERENCE_GROUP } from '@/lib/istio/kinds';
import { rejection } from '@/lib/errors/test-helpers';
import { getInventory, type IstioObject } from './inventory';
import { createIstioObject, deleteIstioObject, getIstioObject, replaceIstioObject } from './istio-config';
import { readPermissions } from './permissions';
import { request } from 'node:http';
import { runInKubeScope } from './request-scope';
import { asUser, clientsAt, scopeWith, startHttpStub, startKubeTestEnv } from './test-helpers';

const ROUTE = findKind(GATEWAY_API_GROUP, 'HTTPRoute')!;
const CLASS = findKind(GATEWAY_API_GROUP, 'GatewayClass')!;
const K8S_GATEWAY = findKind(GATEWAY_API_GROUP, 'Gateway')!;
const ISTIO_GATEWAY = findKind('networking.istio.io', 'Gateway')!;

const httpRoute = (name: string, weight = 1): IstioObject => ({
  apiVersion: `${GATEWAY_API_GROUP}/v1`,
  kind: 'HTTPRoute',
  metadata: { name },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
    rules: [{ backendRefs: [{ name: 'reviews-v3', port: 9080, weight }] }],
  },
});
const keys = (objects: IstioObject[]) =>
  objects
    .map((o) => `${o.apiVersion.split('/')[0]} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`)
    .sort();

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
    expect((created.spec as { rules: { backendRefs: object[] }[] }).rules[0]?.backendRefs[0]).toEqual({
      group: '',
      kind: 'Service',
      name: 'reviews-v3',
      port: 9080,
      weight: 1,
    });
    // The demo's istiod writes the route's status right after the create, as istiod does: a newer resourceVersion.
    const got = await getIstioObject('bookinfo', ROUTE, 'reviews-v3');
    expect(got.metadata.uid).toBe(created.metadata.uid);
    expect(
      (got.status as { parents: { conditions: { type: string; status: string }[] }[] }).parents[0]?.conditions[0],
    ).toMatchObject({ type: 'Accepted', status: 'True' });
    const update = {
      ...httpRoute('reviews-v3', 5),
      metadata: { name: 'reviews-v3', resourceVersion: got.metadata.resourceVersion },
    };
    await replaceIstioObject('bookinfo', ROUTE, update);
    const stale = await rejection(replaceIstioObject('bookinfo', ROUTE, update));
    expect(stale.code).toBe('conflict:k8s');
    expect(stale.message).toMatch(/^HTTPRoute bookinfo\/reviews-v3 was changed by someone else/);
    const invalid = await rejection(
      createIstioObject('bookinfo', ROUTE, {
        ...httpRoute('bad'),
        spec: { rules: [{ backendRefs: [{ name: 'r' }] }] },
      }),
    );
    expect(invalid.code).toBe('invalid:k8s');
    await deleteIstioObject('bookinfo', ROUTE, 'reviews-v3');
    expect((await rejection(getIstioObject('bookinfo', ROUTE, 'reviews-v3'))).code).toBe('not_found:k8s');
  });

  it('reads and writes a cluster-scoped GatewayClass without a namespace (the namespace argument is ignored)', async () => {
    const istio = await getIstioObject('bookinfo', CLASS, 'istio');
    expect(istio.metadata.namespace).toBeUndefined();
    expect((istio.spec as { controllerName: string }).controllerName).toBe('istio.io/gateway-controller');
    const dry = await createIstioObject(
      'bookinfo',
      CLASS,
      {
        apiVersion: `${GATEWAY_API_GROUP}/v1`,
        kind: 'GatewayClass',
        metadata: { name: 'mine' },
        spec: { controllerName: 'example.com/gw' },
      },
      { dryRun: true },
    );
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
    expect((await getIstioObject('bookinfo', ISTIO_GATEWAY, 'bookinfo-gateway')).apiVersion).toBe(
      'networking.istio.io/v1',
    );
    expect((await getIstioObject('bookinfo', K8S_GATEWAY, 'bookinfo-gateway')).apiVersion).toBe(
      `${GATEWAY_API_GROUP}/v1`,
    );
    const inv = await asUser(DEMO_TOKEN, () => getInventory(['bookinfo']));
    expect(keys(inv.istioConfig).filter((k) => k.includes('Gateway'))).toEqual([
      'networking.istio.io Gateway bookinfo/bookinfo-gateway',
    ]);
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
    cluster.requests.length = 0;
    const inv = await asUser(DEMO_TOKEN, () => getInventory([]));
    expect(inv.gatewayApi).toEqual([]);
    expect(keys(inv.istioConfig)).toContain('networking.istio.io Gateway bookinfo/bookinfo-gateway');
    // Discovery said so: no 404 per kind and version.
    expect(cluster.requests.filter((r) => r.url.includes('networking.k8s.io'))).toEqual([]);
    expect(cluster.requests.filter((r) => r.url === '/apis')).toHaveLength(1);
  });

  it('permissions say no for its kinds without asking a review for them', async () => {
    cluster.requests.length = 0;
    const perms = await asUser(BOOKINFO_EDITOR_TOKEN, () => readPermissions(['bookinfo']));
    expect(perms.namespaces.bookinfo?.istio.k8shttproutes).toEqual({ create: false, update: false, delete: false });
    expect(perms.namespaces.bookinfo?.istio.virtualservices).toEqual({ create: true, update: true, delete: true });
    const reviews = cluster.requests.filter((r) => r.url.includes('selfsubjectaccessreviews')).length;
    // 6 namespace visibility reviews (one per demo namespace) (access.ts), Istio's 12 kinds x create/update/delete, none for the Gateway API
    expect(reviews).toBe(6 + 12 * 3);
  });

  it('a read of one object is a plain not_found', async () => {
    expect((await rejection(asUser(DEMO_TOKEN, () => getIstioObject('bookinfo', ROUTE, 'reviews')))).code).toBe(
      'not_found:k8s',
    );
  });
});

describe('an object served only at an API version Meshscope does not know', () => {
  let cluster: TestCluster;
  let proxy: { url: string; close(): Promise<void> };
  const OLD = `${GATEWAY_API_GROUP}/v1alpha9`;
  beforeAll(async () => {
    cluster = await startKubeTestEnv();
    await createIstioObject('bookinfo', ROUTE, httpRoute('legacy'));
    // A cluster whose CRD serves HTTPRoute only as v1alpha9: known versions 404, v1alpha9 answers (from v1, relabelled).
    const upstream = new URL(cluster.url);
    proxy = await startHttpStub((req, res) => {
      const path = req.url ?? '/';
      const known = /^\/apis\/gateway\.networking\.k8s\.io\/(v1|v1beta1)\/.*httproutes/.test(path);
      if (known) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: 'the server could not find the requested resource',
            reason: 'NotFound',
            code: 404,
          }),
        );
        return;
      }
      const forwardPath = path.replace('/gateway.networking.k8s.io/v1alpha9/', '/gateway.networking.k8s.io/v1/');
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: forwardPath,
          headers: { ...req.headers, 'accept-encoding': 'identity' },
        },
        (up) => {
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            let body = Buffer.concat(chunks).toString('utf8');
            if (path !== forwardPath) body = body.replaceAll(`"${GATEWAY_API_GROUP}/v1"`, `"${OLD}"`);
            if (path === '/apis')
              body = body.replace(
                `{"groupVersion":"${GATEWAY_API_GROUP}/v1","version":"v1"}`,
                `{"groupVersion":"${OLD}","version":"v1alpha9"}`,
              );
            res.writeHead(up.statusCode ?? 502, { 'Content-Type': 'application/json' });
            res.end(body);
          });
        },
      );
      req.pipe(forward);
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
  });

  it('is listed and read at that version (discovery), never dropped', async () => {
    const clients = clientsAt(proxy.url);
    const inv = await runInKubeScope(scopeWith(clients), () => getInventory(['bookinfo']));
    expect(
      inv.gatewayApi.filter((o) => o.kind === 'HTTPRoute').map((o) => `${o.apiVersion} ${o.metadata.name}`),
    ).toEqual([`${OLD} legacy`]);
    const one = await runInKubeScope(scopeWith(clients), () => getIstioObject('bookinfo', ROUTE, 'legacy'));
    expect(one.apiVersion).toBe(OLD);
  });
});
