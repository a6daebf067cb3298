import { afterEach } from 'vitest';
import { startControllers } from '../controllers';
import { ObjectStore } from '../store/object-store';
import { seedMeshCluster } from './seed';

/** For tests: a cluster of the multi-cluster demo, seeded and with its controllers running. */
export interface TestMeshCluster {
  name: string;
  store: ObjectStore;
}

/**
 * For a test file, at its top level: a factory of seeded multi-cluster demo stores (one per name, API servers
 * assumed at `servers[i]`, default unreachable placeholders); their controllers stop after the test that made them.
 */
export function meshClusters(): (names: string[], servers?: string[]) => TestMeshCluster[] {
  const stops: (() => void)[] = [];
  afterEach(() => {
    while (stops.length) stops.pop()!();
  });
  return (names, servers) => {
    const apis = names.map((name, i) => ({ name, server: servers?.[i] ?? `http://127.0.0.1:${1 + i}` }));
    return names.map((name, index) => {
      const store = new ObjectStore();
      seedMeshCluster(store, { name, index, clusters: apis });
      stops.push(startControllers(store));
      return { name, store };
    });
  };
}
