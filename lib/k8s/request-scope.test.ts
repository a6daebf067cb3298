import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { KubeClients } from './client';
import { currentKubeScope, runInKubeScope, scopeKey, type KubeScope } from './request-scope';

// The scope only carries clients; these tests never call Kubernetes, so a marker object stands in for them.
const scope = (key: string): KubeScope => ({
  key,
  anonymous: key === 'anonymous',
  username: key,
  clients: { server: key } as unknown as KubeClients,
});

describe('request scope', () => {
  it('outside a request there is no scope and the cache key is "server"', () => {
    expect(currentKubeScope()).toBeUndefined();
    expect(scopeKey()).toBe('server');
  });

  it("inside runInKubeScope the scope and its key are current, and f's value is returned", () => {
    const s = scope('alice');
    expect(runInKubeScope(s, () => [currentKubeScope(), scopeKey()])).toEqual([s, 'alice']);
    expect(currentKubeScope()).toBeUndefined();
  });

  it("keeps the scope across awaits and timers, and concurrent requests never see each other's", async () => {
    const seen = await Promise.all(
      ['alice', 'bob', 'carol'].map((key, i) =>
        runInKubeScope(scope(key), async () => {
          await sleep(30 - i * 10); // finish in the reverse order of start
          const afterTimer = scopeKey();
          await Promise.resolve();
          return `${afterTimer}/${scopeKey()}`;
        }),
      ),
    );
    expect(seen).toEqual(['alice/alice', 'bob/bob', 'carol/carol']);
  });

  it('a nested scope replaces the outer one for its duration only', () => {
    const keys = runInKubeScope(scope('outer'), () => [
      scopeKey(),
      runInKubeScope(scope('inner'), () => scopeKey()),
      scopeKey(),
    ]);
    expect(keys).toEqual(['outer', 'inner', 'outer']);
  });

  it('is shared by every copy of the module (route bundles each load their own)', async () => {
    vi.resetModules();
    const other = await import('./request-scope');
    expect(other.runInKubeScope).not.toBe(runInKubeScope); // a second module instance
    expect(runInKubeScope(scope('shared'), () => other.scopeKey())).toBe('shared');
    expect(other.runInKubeScope(scope('back'), () => currentKubeScope()?.key)).toBe('back');
  });
});
