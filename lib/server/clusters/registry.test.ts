import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClusterRegistry, type ClusterRuntime, type RegistryChange } from './registry';
import { readClusterDir, specsFromRemoteSecrets, type ClusterSpec } from './spec';

const KUBECONFIG = (server: string) => `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`;

interface FakeRuntime extends ClusterRuntime {
  name: string;
  spec: ClusterSpec | undefined;
  stopped: boolean;
}

const limits = { maxClusters: 3, maxFileBytes: 4096 };

describe('cluster registry over a directory', () => {
  let dir: string;
  let built: FakeRuntime[];
  let registry: ClusterRegistry<FakeRuntime>;
  const make = (extra: Partial<ConstructorParameters<typeof ClusterRegistry<FakeRuntime>>[0]> = {}) =>
    new ClusterRegistry<FakeRuntime>({
      homeName: 'east',
      dir,
      limits,
      pollIntervalMs: 60_000,
      makeRuntime: (name, spec) => {
        const r: FakeRuntime = { name, spec, stopped: false, stop: () => void (r.stopped = true) };
        built.push(r);
        return r;
      },
      ...extra,
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'clusters-'));
    built = [];
    registry = make();
  });
  afterEach(() => {
    registry.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds only the home cluster when the directory is empty', async () => {
    await registry.refresh();
    expect(registry.list().map((c) => [c.name, c.home, c.source])).toEqual([['east', true, 'home']]);
  });

  it('adds, changes and removes clusters as their files come, change and go', async () => {
    writeFileSync(path.join(dir, 'west.kubeconfig'), KUBECONFIG('https://west:6443'));
    writeFileSync(path.join(dir, 'west.json'), JSON.stringify({ prometheusUrl: 'http://prom-west:9090/' }));
    writeFileSync(path.join(dir, 'north.yaml'), KUBECONFIG('https://north:6443'));
    expect(await registry.refresh()).toEqual<RegistryChange>({ added: ['north', 'west'], removed: [], changed: [] });
    expect(registry.list().map((c) => c.name)).toEqual(['east', 'north', 'west']);
    expect(registry.get('west')?.prometheusUrl).toBe('http://prom-west:9090');
    expect(registry.get('north')?.prometheusUrl).toBeUndefined();

    const west = registry.get('west')!.runtime();
    expect(west.spec?.kubeconfig).toContain('https://west:6443');
    expect(registry.get('west')!.runtime()).toBe(west); // built once

    // unchanged files: nothing happens
    expect(await registry.refresh()).toEqual({ added: [], removed: [], changed: [] });

    writeFileSync(path.join(dir, 'west.kubeconfig'), KUBECONFIG('https://west-2:6443'));
    expect(await registry.refresh()).toEqual({ added: [], removed: [], changed: ['west'] });
    expect(west.stopped).toBe(true);
    expect(registry.get('west')!.runtime().spec?.kubeconfig).toContain('west-2');

    unlinkSync(path.join(dir, 'north.yaml'));
    expect(await registry.refresh()).toEqual({ added: [], removed: ['north'], changed: [] });
    expect(registry.get('north')).toBeUndefined();
  });

  it('finds a new file through the directory watch, without being asked to refresh', async () => {
    let resolveAdded: (names: string[]) => void = () => undefined;
    const added = new Promise<string[]>((resolve) => (resolveAdded = resolve));
    registry = make({ onChange: (c) => c.added.length > 0 && resolveAdded(c.added) });
    registry.start();
    await registry.ready();
    writeFileSync(path.join(dir, 'west.kubeconfig'), KUBECONFIG('https://west:6443'));
    expect(await added).toEqual(['west']);
    expect(registry.get('west')?.source).toBe('dir');
  });

  it('takes the home cluster backends from its file, and never makes the home cluster a remote one', async () => {
    writeFileSync(path.join(dir, 'east.kubeconfig'), KUBECONFIG('https://east:6443'));
    writeFileSync(path.join(dir, 'east.json'), JSON.stringify({ prometheusUrl: 'http://prom-east:9090' }));
    await registry.refresh();
    const east = registry.get('east')!;
    expect([east.home, east.source, east.prometheusUrl]).toEqual([true, 'home', 'http://prom-east:9090']);
    expect(registry.list()).toHaveLength(1);
  });

  it('skips bad files with a problem naming them, and keeps the limit on clusters', async () => {
    writeFileSync(path.join(dir, 'bad name!.kubeconfig'), KUBECONFIG('https://x'));
    writeFileSync(path.join(dir, 'big.kubeconfig'), 'x'.repeat(5000));
    writeFileSync(path.join(dir, '0typo.kubeconfig'), KUBECONFIG('https://typo'));
    writeFileSync(path.join(dir, '0typo.json'), JSON.stringify({ promURL: 'http://p' }));
    for (const n of ['a', 'b', 'c', 'd']) writeFileSync(path.join(dir, `${n}.kubeconfig`), KUBECONFIG(`https://${n}`));
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    await registry.refresh();
    expect(registry.list().map((c) => c.name)).toEqual(['east', 'a', 'b', 'c']);
    const problems = registry.problems().map((p) => `${path.basename(p.where)}: ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^0typo.kubeconfig: 0typo.json: .*Unrecognized key/),
      'bad name!.kubeconfig: "bad name!" is not a cluster name (letters, digits, . _ -; at most 63)',
      'big.kubeconfig: larger than 4096 bytes (CLUSTERS_MAX_FILE_BYTES)',
      'd.kubeconfig: more than 3 clusters (CLUSTERS_MAX); ignored',
    ]);
  });

  it('keeps the clusters of a source that cannot be read, and drops them once it reads empty', async () => {
    let secrets: Parameters<typeof specsFromRemoteSecrets>[0] | Error = [remoteSecret('west', 'https://west')];
    registry.stop();
    registry = make({
      readSecrets: async () => {
        if (secrets instanceof Error) throw secrets;
        return secrets;
      },
    });
    expect((await registry.refresh()).added).toEqual(['west']);
    expect(registry.get('west')?.source).toBe('remote-secret');
    secrets = new Error('connection refused');
    expect(await registry.refresh()).toEqual({ added: [], removed: [], changed: [] });
    expect(registry.problems()).toEqual([{ where: 'remote secrets', message: 'cannot list them: connection refused' }]);
    secrets = [];
    expect((await registry.refresh()).removed).toEqual(['west']);
  });

  it('prefers the directory over a remote secret of the same cluster', async () => {
    writeFileSync(path.join(dir, 'west.kubeconfig'), KUBECONFIG('https://from-dir'));
    registry.stop();
    registry = make({ readSecrets: async () => [remoteSecret('west', 'https://from-secret')] });
    await registry.refresh();
    expect(registry.get('west')?.source).toBe('dir');
    expect(registry.get('west')!.runtime().spec?.kubeconfig).toContain('https://from-dir');
    expect(registry.problems()).toEqual([]);
  });
});

function remoteSecret(name: string, server: string) {
  return {
    metadata: {
      name: `istio-remote-secret-${name}`,
      namespace: 'istio-system',
      labels: { 'istio/multiCluster': 'true' },
    },
    data: { [name]: Buffer.from(KUBECONFIG(server)).toString('base64') },
  };
}

describe('cluster specs', () => {
  it('reads remote secrets as istioctl create-remote-secret writes them, ignoring unlabelled ones', () => {
    const unlabelled = { ...remoteSecret('south', 'https://s'), metadata: { name: 'x', labels: {} } };
    const { specs, problems } = specsFromRemoteSecrets(
      [remoteSecret('west', 'https://west'), unlabelled, { ...remoteSecret('w2', 'x'), data: { 'bad/name': 'eA==' } }],
      limits,
    );
    expect(specs.map((s) => [s.name, s.source])).toEqual([['west', 'remote-secret']]);
    expect(specs[0]!.kubeconfig).toContain('https://west');
    expect(problems).toEqual([
      { where: 'secret istio-system/istio-remote-secret-w2 key bad/name', message: '"bad/name" is not a cluster name' },
    ]);
  });

  it('fails on a directory that cannot be listed', async () => {
    await expect(readClusterDir('/nonexistent-clusters-dir', limits)).rejects.toThrow(/ENOENT/);
  });
});
