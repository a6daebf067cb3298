import { rejection } from '@/lib/errors/test-helpers';
import { describe, expect, it, vi } from 'vitest';
import { setupKubeTestEnv } from '@/lib/k8s/test-helpers';
import { ISTIO_KINDS } from '@/lib/istio/kinds';
import type { IstioObject } from '@/lib/k8s/inventory';
import { createObject, deleteObject, readObjectDetails, updateObject } from './object';
import { listIstioConfig } from './list';

// Meshscope's schema passes on a save, counted (countingSchema).
const schema = vi.hoisted(() => ({ passes: 0 }));
vi.mock('@/lib/istio/schema', async (importOriginal) => {
  const { countingSchema } = await import('@/lib/server/istio-config/test-helpers');
  return countingSchema(await importOriginal(), schema);
});

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

/** Write bodies as the route parses them: a plain write, a dry run. */
const asWrite = (object: IstioObject) => ({ object, dryRun: false, reviewed: false });
const asDryRun = (object: IstioObject) => ({ object, dryRun: true, reviewed: false });
const VS_PATH = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews';

// Against the demo cluster's Kubernetes API over HTTP, through @kubernetes/client-node (no fakes).
describe('Istio object writes against the demo Kubernetes API', () => {
  const cluster = setupKubeTestEnv();
  /** The VirtualService requests the API received: method, path and the dry-run flag. */
  const virtualServiceCalls = () =>
    cluster()
      .requests.map((r) => ({ method: r.method, url: new URL(r.url, cluster().url) }))
      .filter((r) => r.url.pathname.includes('/virtualservices'))
      .map((r) => {
        const dryRun = r.url.searchParams.get('dryRun');
        return `${r.method} ${r.url.pathname}${dryRun ? ` dryRun=${dryRun}` : ''}`;
      });

  it('reads an object with validation and references', async () => {
    const d = await readObjectDetails('bookinfo', DR, 'reviews', true);
    expect(d.object.metadata.resourceVersion).toBeTruthy();
    expect(d.validation?.valid).toBe(true);
    expect(d.references.services.map((s) => s.name)).toEqual(['reviews']);
    expect(d.references.workloads.map((w) => w.name)).toEqual(
      expect.arrayContaining(['reviews-v1', 'reviews-v2', 'reviews-v3']),
    );
  });

  it('creates with a dry run first; a dry run stores nothing', async () => {
    const dry = await createObject('bookinfo', VS, asDryRun(reviewsVs('v1')));
    expect(dry.dryRun).toBe(true);
    expect((await rejection(readObjectDetails('bookinfo', VS, 'reviews', false))).code).toBe('not_found:k8s');
    const created = await createObject('bookinfo', VS, asWrite(reviewsVs('v1')));
    expect(created.object.metadata.resourceVersion).toBeTruthy();
  });

  it('the second of two concurrent saves gets 409 with the live object', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    const rv = loaded.metadata.resourceVersion!;
    const first = await updateObject('bookinfo', VS, asWrite(reviewsVs('v2', rv)));
    expect(first.object.spec?.http).toEqual([{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]);
    const err = await rejection(updateObject('bookinfo', VS, asWrite(reviewsVs('v3', rv))));
    expect(err.code).toBe('conflict:k8s');
    expect(err.status).toBe(409);
    const current = err.details?.current as IstioObject;
    expect(current.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
    expect(JSON.stringify(current.spec)).toContain('v2');
  });

  it('a dry-run update does not change the stored object', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    await updateObject('bookinfo', VS, asDryRun(reviewsVs('v3', loaded.metadata.resourceVersion)));
    const after = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    expect(after.metadata.resourceVersion).toBe(loaded.metadata.resourceVersion);
  });

  it('a save (a dry run, then the reviewed write) is one schema pass, one Kubernetes dry run, one write', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    const object = reviewsVs('v1', loaded.metadata.resourceVersion);
    cluster().requests.length = 0;
    schema.passes = 0;
    const checked = await updateObject('bookinfo', VS, asDryRun(object));
    expect(checked.dryRun).toBe(true);
    const saved = await updateObject('bookinfo', VS, { object, dryRun: false, reviewed: true });
    expect(saved.dryRun).toBe(false);
    expect(saved.object.metadata.resourceVersion).not.toBe(loaded.metadata.resourceVersion);
    expect(virtualServiceCalls()).toEqual([`PUT ${VS_PATH} dryRun=All`, `PUT ${VS_PATH}`]);
    expect(schema.passes).toBe(1);
  });

  it('a write without review is a schema pass and one Kubernetes call (no dry run before it)', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    cluster().requests.length = 0;
    schema.passes = 0;
    await updateObject('bookinfo', VS, asWrite(reviewsVs('v2', loaded.metadata.resourceVersion)));
    expect(virtualServiceCalls()).toEqual([`PUT ${VS_PATH}`]);
    expect(schema.passes).toBe(1);
  });

  it('a reviewed write skips the schema check; Kubernetes still refuses an invalid object (422)', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    const bad = reviewsVs('v1', loaded.metadata.resourceVersion);
    (bad.spec as { http: { route: { weight?: unknown }[] }[] }).http[0]!.route[0]!.weight = 'fifty';
    schema.passes = 0;
    const err = await rejection(updateObject('bookinfo', VS, { object: bad, dryRun: false, reviewed: true }));
    expect(schema.passes).toBe(0);
    expect(err.code).toBe('invalid:k8s');
    expect(err.details?.causes).toEqual([expect.objectContaining({ field: expect.stringContaining('weight') })]);
  });

  it('refuses a schema-invalid object with 422 field causes before it reaches the API', async () => {
    const loaded = (await readObjectDetails('bookinfo', VS, 'reviews', false)).object;
    const bad = reviewsVs('v1', loaded.metadata.resourceVersion);
    (bad.spec as { http: { route: { weight?: unknown }[] }[] }).http[0]!.route[0]!.weight = 'fifty';
    const err = await rejection(updateObject('bookinfo', VS, asWrite(bad)));
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
