import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceByPlural } from '@/lib/demo/store/resources';
import type { TestCluster } from '@/lib/demo/test-cluster';
import { rejection } from '@/lib/errors/test-helpers';
import { findKind, GATEWAY_API_GROUP } from '@/lib/istio/kinds';
import { startKubeTestEnv } from '@/lib/k8s/test-helpers';
import type { IstioObject } from '@/lib/k8s/inventory';
import { listIstioConfig } from './list';
import { createObject, readObjectDetails, updateObject } from './object';
import { parseScope, parseWriteBody } from './params';

const ROUTE = findKind(GATEWAY_API_GROUP, 'HTTPRoute')!;
const K8S_GATEWAY = findKind(GATEWAY_API_GROUP, 'Gateway')!;
const ISTIO_GATEWAY = findKind('networking.istio.io', 'Gateway')!;
const CLASS = findKind(GATEWAY_API_GROUP, 'GatewayClass')!;

const reviewsRoute = (backend: { name: string; namespace?: string }): IstioObject => ({
  apiVersion: `${GATEWAY_API_GROUP}/v1`,
  kind: 'HTTPRoute',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
    rules: [{ backendRefs: [{ ...backend, port: 9080 }] }],
  },
});

/** Writes `status` as a controller would (the demo's istiod, lib/demo/controllers/gateway-api.ts, then rewrites it). */
function reportStatus(cluster: TestCluster, plural: string, namespace: string, name: string, status: unknown): void {
  const type = resourceByPlural(GATEWAY_API_GROUP, plural)!;
  const current = cluster.store.get(type, namespace, name)!;
  cluster.store.update(type, { ...current, status } as typeof current);
}

describe('Istio Config list and object page for the Gateway API kinds (demo cluster)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startKubeTestEnv();
    await createObject('bookinfo', ROUTE, {
      object: reviewsRoute({ name: 'reviews-v3', namespace: 'default' }),
      dryRun: false,
      reviewed: false,
    });
    await createObject('bookinfo', K8S_GATEWAY, {
      object: {
        apiVersion: `${GATEWAY_API_GROUP}/v1`,
        kind: 'Gateway',
        metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo' },
        spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
      },
      dryRun: false,
      reviewed: false,
    });
    const condition = (type: string, status: string, reason: string) => ({
      type,
      status,
      reason,
      message: `${type} ${reason}`,
      observedGeneration: 1,
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
    reportStatus(cluster, 'httproutes', 'bookinfo', 'reviews', {
      parents: [
        {
          parentRef: { group: '', kind: 'Service', name: 'reviews', port: 9080 },
          controllerName: 'istio.io/gateway-controller',
          conditions: [
            condition('Accepted', 'True', 'Accepted'),
            condition('ResolvedRefs', 'False', 'RefNotPermitted'),
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("lists Gateway API objects beside Istio's, with the status the cluster reports and their own validation", async () => {
    const list = await listIstioConfig({ namespaces: ['bookinfo'], kinds: [], validate: true, objects: false });
    const rows = list.items.map((i) => `${i.plural} ${i.namespace}/${i.name}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        'gateways bookinfo/bookinfo-gateway',
        'k8sgateways bookinfo/bookinfo-gateway',
        'k8shttproutes bookinfo/reviews',
        'virtualservices bookinfo/bookinfo',
        'k8sgatewayclasses /istio',
      ]),
    );
    const route = list.items.find((i) => i.plural === 'k8shttproutes')!;
    expect(route.reportedStatus).toMatchObject({ health: 'error', summary: 'ResolvedRefs=False (RefNotPermitted)' });
    // Cross-object checks (lib/istio/checks/gateway-api.ts): the backend is in another namespace without a ReferenceGrant
    // (MS1411, as istiod's condition says), and the cluster reports that negative condition (IST0171).
    expect(route.validation?.valid).toBe(false);
    expect(route.validation?.findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      'MS1411 spec.rules[0].backendRefs[0]',
      'IST0171 status.parents[0].conditions[1]',
    ]);
    const istioGw = list.items.find((i) => i.plural === 'gateways')!;
    const k8sGw = list.items.find((i) => i.plural === 'k8sgateways')!;
    expect(istioGw.reportedStatus).toBeNull();
    // The demo's istiod (lib/demo/controllers/gateway-api.ts) deployed the class istio Gateway and wrote its status.
    expect(k8sGw.reportedStatus).toMatchObject({
      health: 'ok',
      summary: 'Accepted=True (Accepted), Programmed=True (Programmed), ResolvedRefs=True (ResolvedRefs)',
    });
    expect(k8sGw.validation?.findings).toEqual([]); // Istio's Gateway checks never run on it
    const cls = list.items.find((i) => i.plural === 'k8sgatewayclasses' && i.name === 'istio')!;
    expect(cls.reportedStatus).toMatchObject({ health: 'ok', summary: 'Accepted=True (Accepted)' });
  });

  it('filters by kind with URL keys: k8sgateways is not gateways', async () => {
    const only = await listIstioConfig({
      namespaces: ['bookinfo'],
      kinds: [K8S_GATEWAY],
      validate: false,
      objects: false,
    });
    expect(only.items.map((i) => `${i.apiVersion} ${i.name}`)).toEqual([`${GATEWAY_API_GROUP}/v1 bookinfo-gateway`]);
    const istio = await listIstioConfig({
      namespaces: ['bookinfo'],
      kinds: [ISTIO_GATEWAY],
      validate: false,
      objects: false,
    });
    expect(istio.items.map((i) => i.apiVersion)).toEqual(['networking.istio.io/v1']);
  });

  it('reads one HTTPRoute with its status section, saves it with a resourceVersion, 409 when stale', async () => {
    const details = await readObjectDetails('bookinfo', ROUTE, 'reviews', true);
    expect(details.plural).toBe('k8shttproutes');
    expect(details.reportedStatus?.scopes.map((s) => s.scope)).toEqual(['Parent Service bookinfo/reviews:9080']);
    expect(details.canWrite).toBe(true);
    expect(details.readOnly).toBeUndefined();
    const fixed = { ...reviewsRoute({ name: 'reviews-v3' }), metadata: { ...details.object.metadata } };
    const dry = await updateObject('bookinfo', ROUTE, { object: fixed, dryRun: true, reviewed: false });
    expect(dry.dryRun).toBe(true);
    await updateObject('bookinfo', ROUTE, { object: fixed, dryRun: false, reviewed: true });
    expect(
      (await rejection(updateObject('bookinfo', ROUTE, { object: fixed, dryRun: false, reviewed: false }))).status,
    ).toBe(409);
  });

  it('refuses a bad HTTPRoute with the 422 field causes before it reaches the API (schema + CEL)', async () => {
    const bad = reviewsRoute({ name: 'reviews-v1' });
    (bad.spec as { rules: unknown[] }).rules = [
      {
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }],
        backendRefs: [{ name: 'r', port: 80 }],
      },
    ];
    bad.metadata.name = 'redirect';
    const err = await rejection(createObject('bookinfo', ROUTE, { object: bad, dryRun: true, reviewed: false }));
    expect(err.status).toBe(422);
    expect(err.details).toEqual({
      causes: [
        {
          field: 'spec.rules[0]',
          message: 'Invalid value: "object": RequestRedirect filter must not be used together with backendRefs',
          reason: 'FieldValueInvalid',
        },
      ],
    });
  });

  it('addresses cluster-scoped GatewayClasses with "-" as the namespace segment', async () => {
    expect(parseScope('-', CLASS)).toBe('');
    expect((await rejection(Promise.resolve().then(() => parseScope('bookinfo', CLASS)))).status).toBe(400);
    expect((await rejection(Promise.resolve().then(() => parseScope('-', ROUTE)))).status).toBe(400);
    const details = await readObjectDetails('', CLASS, 'istio-waypoint', true);
    expect((details.object.spec as { controllerName: string }).controllerName).toBe('istio.io/mesh-controller');
    expect(details.reportedStatus?.scopes[0]?.scope).toBe('GatewayClass');
    const body = parseWriteBody(
      {
        object: {
          ...details.object,
          metadata: { name: 'istio-waypoint', resourceVersion: details.object.metadata.resourceVersion },
        },
      },
      { namespace: '', kind: CLASS, name: 'istio-waypoint' },
    );
    expect(body.object.metadata.namespace).toBeUndefined();
    const withNs = { object: { ...details.object, metadata: { name: 'istio-waypoint', namespace: 'bookinfo' } } };
    expect(
      (
        await rejection(
          Promise.resolve().then(() => parseWriteBody(withNs, { namespace: '', kind: CLASS, name: 'istio-waypoint' })),
        )
      ).status,
    ).toBe(400);
  });
});
