import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import { resetKubeClients } from '@/lib/k8s/client';
import { ISTIO_KINDS } from '@/lib/istio/kinds';
import type { IstioObject } from '@/lib/k8s/inventory';
import { createObject, deleteObject, readObjectDetails, updateObject } from './object';
import { listIstioConfig } from './list';

const VS = ISTIO_KINDS.find((k) => k.plural === 'virtualservices')!;
const DR = ISTIO_KINDS.find((k) => k.plural === 'destinationrules')!;

function reviewsVs(subset: string, resourceVersion?: string): IstioObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo', ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset } }] }] },
  };
}

async function rejection(p: Promise<unknown>): Promise<MeshscopeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MeshscopeError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

// Against the demo cluster's Kubernetes API over HTTP, through @kubernetes/client-node (no fakes).
describe('Istio object writes against the demo Kubernetes API', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
    process.env.KUBECONFIG = cluster.kubeconfig;
    resetConfig();
    resetKubeClients();
  });
  afterAll(async () => {
    await cluster?.stop();
    resetKubeClients();
  });

  it('reads an object with validation and references', async () => {
    const d = await readObjectDetails('bookinfo', DR, 'reviews', true);
    expect(d.object.metadata.resourceVersion).toBeTruthy();
    expect(d.validation?.valid).toBe(true);
    expect(d.references.services.map((s) => s.name)).toEqual(['reviews']);
    expect(d.references.workloads.map((w) => w.name)).toEqual(expect.arrayContaining(['reviews-v1', 'reviews-v2', 'reviews-v3']));
  });

  it('creates with a dry run first; a dry run stores nothing', async () => {
    const dry = await createObject('bookinfo', VS, { object: reviewsVs('v1'), dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect((await rejection(readObjectDetails('bookinfo', VS, 'reviews', false))).code).toBe('not_found:k8s');
    const created = await createObject('bookinfo', VS, { object: reviewsVs('v1'), dryRun: false });
    expect(created.object.metadata.resourceVersion).toBeTruthy();
  });

  it('the second of two concurrent saves gets 409 with the live object', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    const rv = loaded.metadata.resourceVersion!;
    const first = await updateObject('bookinfo', VS, { object: reviewsVs('v2', rv), dryRun: false });
    expect(first.object.spec?.http).toEqual([{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]);
    const err = await rejection(updateObject('bookinfo', VS, { object: reviewsVs('v3', rv), dryRun: false }));
    expect(err.code).toBe('conflict:k8s');
    expect(err.status).toBe(409);
    const current = err.details?.current as IstioObject;
    expect(current.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
    expect(JSON.stringify(current.spec)).toContain('v2');
  });

  it('a dry-run update does not change the stored object', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    await updateObject('bookinfo', VS, { object: reviewsVs('v3', loaded.metadata.resourceVersion), dryRun: true });
    const after = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    expect(after.metadata.resourceVersion).toBe(loaded.metadata.resourceVersion);
  });

  it('refuses a schema-invalid object with 422 field causes before it reaches the API', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    const bad = reviewsVs('v1', loaded.metadata.resourceVersion);
    (bad.spec as { http: { route: { weight?: unknown }[] }[] }).http[0]!.route[0]!.weight = 'fifty';
    const err = await rejection(updateObject('bookinfo', VS, { object: bad, dryRun: false }));
    expect(err.status).toBe(422);
    expect(err.details?.causes).toEqual([expect.objectContaining({ field: 'spec.http[0].route[0].weight' })]);
  });

  it('lists the object with its validation across namespaces', async () => {
    const list = await listIstioConfig({ namespaces: ['bookinfo'], kinds: [VS, DR], validate: true, objects: false });
    const names = list.items.map((i) => `${i.kind}/${i.name}`);
    // (the inventory is shared for 5 s, so this sees the seeded objects)
    expect(names).toEqual(expect.arrayContaining(['VirtualService/bookinfo', 'DestinationRule/reviews']));
    expect(list.items.every((i) => i.namespace === 'bookinfo' && i.validation !== null)).toBe(true);
  });

  it('deletes with a resourceVersion precondition', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    await deleteObject('bookinfo', VS, 'reviews', loaded.metadata.resourceVersion);
    expect((await rejection(readObjectDetails('bookinfo', VS, 'reviews', false))).status).toBe(404);
  });
});
