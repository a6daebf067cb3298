import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetchPrefetched } from './fetch';
import { graphApiPath, graphApiPathFor, parseGraphParams } from './graph-url';
import { parseGlobalParams } from './global-url';
import { PREFETCH_CODE, PREFETCH_KEY, PREFETCH_MAX_AGE_MS, takePrefetched, type ParkedRequest } from './prefetch';

afterEach(() => vi.unstubAllGlobals());

/** Runs PREFETCH_CODE as the browser would, as the current script with `data-url` = `url`. */
function runScript(
  url: string | null,
  fetchImpl: (url: string, init: RequestInit) => Promise<Response>,
  now = 1234,
  mark?: (name: string) => void,
) {
  const context: Record<string, unknown> = {
    fetch: fetchImpl,
    performance: { now: () => now, mark },
    document: { currentScript: { getAttribute: (name: string) => (name === 'data-url' ? url : null) } },
  };
  context.window = context;
  vm.runInNewContext(PREFETCH_CODE, context);
  return context as { [PREFETCH_KEY]?: Record<string, ParkedRequest> };
}

describe('the graph prefetch script (PREFETCH_CODE)', () => {
  it('starts the request at once with the session cookie and Accept: application/json, and parks it by URL', async () => {
    const fetchSpy = vi.fn(async (_url: string, _init: RequestInit) => new Response('{"a":1}'));
    const url = '/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp';
    const mark = vi.fn();
    const ctx = runScript(url, fetchSpy, 1234, mark);
    expect(mark).toHaveBeenCalledWith('meshscope:graph:prefetch');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(fetchSpy).toHaveBeenCalledWith(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const parked = ctx[PREFETCH_KEY]?.[url];
    expect(parked?.at).toBe(1234);
    await expect((await parked!.response).json()).resolves.toEqual({ a: 1 });
  });

  it('does nothing without a data-url', () => {
    const fetchSpy = vi.fn(async () => new Response(''));
    const ctx = runScript(null, fetchSpy);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(ctx[PREFETCH_KEY]).toBeUndefined();
  });

  it('marks a failed request as handled (no unhandled rejection in the page)', async () => {
    const ctx = runScript('/api/x', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(ctx[PREFETCH_KEY]!['/api/x']!.response).rejects.toThrow('Failed to fetch');
  });
});

describe('takePrefetched', () => {
  const park = (at: number) => ({ [PREFETCH_KEY]: { '/api/a': { at, response: Promise.resolve(new Response('x')) } } });

  it('gives the parked response once, and nothing for another URL', () => {
    const scope = park(100);
    expect(takePrefetched('/api/b', scope, 200)).toBeNull();
    expect(takePrefetched('/api/a', scope, 200)).toBeInstanceOf(Promise);
    expect(takePrefetched('/api/a', scope, 200)).toBeNull();
  });

  it('drops a response parked longer than the maximum age', () => {
    const scope = park(0);
    expect(takePrefetched('/api/a', scope, PREFETCH_MAX_AGE_MS + 1)).toBeNull();
    expect(scope[PREFETCH_KEY]['/api/a']).toBeUndefined();
  });

  it('is null where nothing was parked', () => {
    expect(takePrefetched('/api/a', {}, 0)).toBeNull();
  });
});

describe('apiFetchPrefetched', () => {
  const stubWindow = (response: Promise<Response>) => {
    vi.stubGlobal('window', { [PREFETCH_KEY]: { '/api/g': { at: performance.now(), response } } });
  };

  it('uses the parked response and sends no request of its own; the next call fetches', async () => {
    const fetchSpy = vi.fn(async () => new Response('{"n":2}'));
    vi.stubGlobal('fetch', fetchSpy);
    stubWindow(Promise.resolve(new Response('{"n":1}')));
    await expect(apiFetchPrefetched('/api/g')).resolves.toEqual({ n: 1 });
    expect(fetchSpy).not.toHaveBeenCalled();
    await expect(apiFetchPrefetched('/api/g')).resolves.toEqual({ n: 2 });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('turns a parked error answer into the same ApiError as a normal request', async () => {
    vi.stubGlobal('fetch', vi.fn());
    stubWindow(
      Promise.resolve(
        new Response(JSON.stringify({ error: { code: 'unavailable:prometheus', message: 'down' } }), { status: 503 }),
      ),
    );
    await expect(apiFetchPrefetched('/api/g')).rejects.toMatchObject({
      status: 503,
      code: 'unavailable:prometheus',
      message: 'down',
    });
  });

  it('sends the request itself when the parked one failed on the network', async () => {
    const fetchSpy = vi.fn(async () => new Response('{"ok":true}'));
    vi.stubGlobal('fetch', fetchSpy);
    stubWindow(Promise.reject(new TypeError('Failed to fetch')));
    await expect(apiFetchPrefetched('/api/g')).resolves.toEqual({ ok: true });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});

describe('graphApiPath', () => {
  it('is the request the page sends for the same URL', () => {
    const search = new URLSearchParams(
      'namespaces=bookinfo,default&duration=300&graphType=workload&edges=rt99&badgeSecurity=true&boxNamespace=false',
    );
    expect(graphApiPath(search)).toBe(graphApiPathFor(parseGlobalParams(search), parseGraphParams(search)));
    const q = new URLSearchParams(graphApiPath(search)!.split('?')[1]);
    expect(q.get('namespaces')).toBe('bookinfo,default');
    expect(q.get('graphType')).toBe('workload');
    expect(q.get('duration')).toBe('300s');
    expect(q.get('responseTime')).toBe('99');
    expect(q.get('appenders')).toContain('securityPolicy');
  });

  it('is null when no (valid) namespace is selected', () => {
    expect(graphApiPath(new URLSearchParams('graphType=app'))).toBeNull();
    expect(graphApiPath(new URLSearchParams('namespaces=Bad_Name'))).toBeNull();
  });
});
