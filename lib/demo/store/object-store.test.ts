import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store';
import { resourceByPlural } from './resources';

const pods = resourceByPlural('', 'pods')!;
const namespaces = resourceByPlural('', 'namespaces')!;

function storeWithPods(): ObjectStore {
  const store = new ObjectStore();
  for (const ns of ['b', 'a']) {
    store.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const name of ['p3', 'p1', 'p2'])
      store.create(pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels: { app: name === 'p2' ? 'skip' : 'keep' } },
      });
  }
  return store;
}

describe('ObjectStore.listPage (the demo API paged list)', () => {
  it('gives the page of the accepted objects in list order, and counts them all', () => {
    const store = storeWithPods();
    const keep = (o: { metadata: { labels?: Record<string, string> } }) => o.metadata.labels?.app === 'keep';
    const page = store.listPage(pods, undefined, keep, 1, 3);
    expect(page.total).toBe(4);
    expect(page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a/p3', 'b/p1']);
    const all = store.list(pods).filter(keep);
    expect(store.listPage(pods, undefined, keep, 0).items).toEqual(all);
    expect(store.listPage(pods, 'b', () => true, 0, 10).items.map((o) => o.metadata.name)).toEqual(['p1', 'p2', 'p3']);
  });

  it('hands out copies: changing a listed object does not change the store', () => {
    const store = storeWithPods();
    const first = store.listPage(pods, 'a', () => true, 0, 1).items[0]!;
    first.metadata.labels = { app: 'changed' };
    expect(store.get(pods, 'a', 'p1')?.metadata.labels).toEqual({ app: 'keep' });
  });
});
