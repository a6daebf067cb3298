/**
 * The calls one save makes, counted at both network layers: the browser's `fetch` is a fake that records each request
 * and hands it to the real route handlers (as Next would), which reach the demo cluster's Kubernetes API over HTTP,
 * where every request is recorded too. The save runs through the same flow and mutation options as `useSave`
 * (react-query's `MutationObserver` is what `useMutation` runs on).
 */
import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GET as getObjectRoute,
  PUT as putObjectRoute,
} from '@/app/api/namespaces/[namespace]/istio/[kind]/[name]/route';
import { POST as postObjectRoute } from '@/app/api/namespaces/[namespace]/istio/[kind]/route';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { setupKubeTestEnv } from '@/lib/k8s/test-helpers';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { findObject } from './istio';
import { queryKeys } from './keys';
import {
  initialSaveState,
  saveFlow,
  saveMutations,
  saveReducer,
  type SaveCallbacks,
  type SaveFailure,
  type SaveInput,
  type SaveStage,
} from './save';

// Meshscope's schema passes on a save, counted (countingSchema).
const schema = vi.hoisted(() => ({ passes: 0 }));
vi.mock('@/lib/istio/schema', async (importOriginal) => {
  const { countingSchema } = await import('@/lib/server/istio-config/test-helpers');
  return countingSchema(await importOriginal(), schema);
});

const ORIGIN = 'http://127.0.0.1:20001';
const OBJECT_PATH = /^\/api\/namespaces\/([^/]+)\/istio\/([^/?]+)(?:\/([^/?]+))?/;

/** What the browser sent: method, path, and for writes the body's dryRun/reviewed flags. */
const browser: string[] = [];
const realFetch = globalThis.fetch;

/** The browser's fetch: `/api/...` goes to the route handlers (recorded), anything else (the Kubernetes client) out. */
async function fakeFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = String(input);
  if (!url.startsWith('/api/')) return realFetch(input, init);
  const method = init.method ?? 'GET';
  const body =
    typeof init.body === 'string' ? (JSON.parse(init.body) as { dryRun?: boolean; reviewed?: boolean }) : null;
  browser.push(`${method} ${url.split('?')[0]}${body?.dryRun ? ' dryRun' : ''}${body?.reviewed ? ' reviewed' : ''}`);
  const headers = {
    ...(init.headers as Record<string, string>),
    host: '127.0.0.1:20001',
    origin: ORIGIN,
    'sec-fetch-site': 'same-origin',
  };
  const req = new NextRequest(`${ORIGIN}${url}`, { method, headers, body: init.body ?? undefined });
  const [, namespace, kind, name] = OBJECT_PATH.exec(url) ?? [];
  if (!namespace || !kind) throw new Error(`no route for ${url}`);
  const ctx = { params: Promise.resolve({ namespace, kind, name: name ?? '' }) };
  if (method === 'POST' && !name) return postObjectRoute(req, ctx);
  if (method === 'PUT' && name) return putObjectRoute(req, ctx);
  if (method === 'GET' && name) return getObjectRoute(req, ctx);
  throw new Error(`no route for ${method} ${url}`);
}

/** A save as `useSave` runs it: the reducer, the flow, and the two mutations on a QueryClient. */
function startSave(client: QueryClient, callbacks: SaveCallbacks = {}) {
  let state = initialSaveState;
  const stages: SaveStage[] = [];
  const mutations = saveMutations(client);
  const dryRun = new MutationObserver(client, mutations.dryRun);
  const write = new MutationObserver(client, mutations.write);
  const flow = saveFlow(
    () => state,
    (action) => {
      state = saveReducer(state, action);
      stages.push(state.stage);
    },
    { dryRun: (plan) => dryRun.mutate(plan), write: (plan) => write.mutate(plan) },
    callbacks,
  );
  return { flow, stages, state: () => state };
}

describe('one save through the browser API and the server, calls counted', () => {
  const cluster = setupKubeTestEnv();
  /** Kubernetes requests for Istio objects: method, path, and the dry-run flag. */
  const kube = () =>
    cluster()
      .requests.map((r) => ({ method: r.method, u: new URL(r.url, cluster().url) }))
      .filter(({ u }) => u.pathname.startsWith('/apis/networking.istio.io/'))
      .map(({ method, u }) => {
        const path = u.pathname.replace('/apis/networking.istio.io/v1/namespaces/', '');
        return `${method} ${path}${u.searchParams.has('dryRun') ? ' dryRun' : ''}`;
      });

  beforeAll(async () => {
    vi.stubGlobal('fetch', fakeFetch);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
  });
  beforeEach(() => {
    browser.length = 0;
    cluster().requests.length = 0;
    schema.passes = 0;
  });

  /** The DestinationRule as loaded, and the editor text with one change (a new traffic policy). */
  async function loadAndEdit(): Promise<{ base: IstioConfigObject; text: string }> {
    const base = (await findObject('bookinfo', 'destinationrules', 'reviews'))!;
    const edited = structuredClone(base);
    edited.spec = {
      ...edited.spec,
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 + Math.floor(Math.random() * 100) } } },
    };
    browser.length = 0;
    cluster().requests.length = 0;
    return { base, text: toEditorYaml(edited) };
  }

  it('an editor save: one schema pass, one dry run and one write, then the Istio queries refetch', async () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.istio.object('bookinfo', 'destinationrules', 'reviews'), {});
    client.setQueryData(queryKeys.mesh.detail('apps', 'bookinfo', 'reviews'), {});
    // a page showing the Istio list whose refetch never answers: the save must not wait for it
    const hang = () => new Promise<never>(() => {});
    const list = new QueryObserver(client, { queryKey: queryKeys.istio.list([]), queryFn: hang });
    const unsubscribe = list.subscribe(() => {});
    const saved: IstioConfigObject[][] = [];
    const { flow, stages, state } = startSave(client, { onSaved: (s) => saved.push(s) });
    const { base, text } = await loadAndEdit();

    await flow.review({ text, base });
    expect(state().stage).toBe('review');
    expect(browser).toEqual(['PUT /api/namespaces/bookinfo/istio/destinationrules/reviews dryRun']);
    await flow.confirm();

    expect(stages).toEqual(['dry-run', 'review', 'saving', 'done']);
    expect(browser).toEqual([
      'PUT /api/namespaces/bookinfo/istio/destinationrules/reviews dryRun',
      'PUT /api/namespaces/bookinfo/istio/destinationrules/reviews reviewed',
    ]);
    expect(kube()).toEqual(['PUT bookinfo/destinationrules/reviews dryRun', 'PUT bookinfo/destinationrules/reviews']);
    expect(schema.passes).toBe(1);
    expect(saved).toHaveLength(1);
    expect(Number(saved[0]![0]!.metadata.resourceVersion)).toBeGreaterThan(Number(base.metadata.resourceVersion));
    expect(client.getQueryState(queryKeys.istio.object('bookinfo', 'destinationrules', 'reviews'))?.isInvalidated).toBe(
      true,
    );
    expect(client.getQueryState(queryKeys.mesh.detail('apps', 'bookinfo', 'reviews'))?.isInvalidated).toBe(false);
    unsubscribe();
  });

  it('a 409 at write time (someone saved after the review) opens the conflict view with the user text', async () => {
    const failures: SaveFailure[] = [];
    const mine = startSave(new QueryClient(), { onFailure: (f) => failures.push(f) });
    const { base, text } = await loadAndEdit();
    await mine.flow.review({ text, base });

    // another session saves the same object meanwhile
    const other = startSave(new QueryClient());
    const theirs = structuredClone(base);
    theirs.metadata.labels = { ...theirs.metadata.labels, edited: 'elsewhere' };
    await other.flow.review({ text: toEditorYaml(theirs), base });
    await other.flow.confirm();
    expect(other.state().stage).toBe('done');
    browser.length = 0;
    cluster().requests.length = 0;

    await mine.flow.confirm();
    expect(browser).toEqual(['PUT /api/namespaces/bookinfo/istio/destinationrules/reviews reviewed']);
    // the write, then the server reads the live object for the conflict view
    expect(kube()).toEqual(['PUT bookinfo/destinationrules/reviews', 'GET bookinfo/destinationrules/reviews']);
    expect(mine.state()).toMatchObject({ stage: 'idle', plan: null });
    expect(failures.map((f) => f.kind)).toEqual(['conflict']);
    expect(mine.state().conflict?.oursText).toBe(text);
    expect(mine.state().conflict?.theirs?.metadata.labels).toMatchObject({ edited: 'elsewhere' });
  });

  it('a 422 at the dry run gives field causes and sends no write', async () => {
    const failures: SaveFailure[] = [];
    const { flow, state } = startSave(new QueryClient(), { onFailure: (f) => failures.push(f) });
    const { base, text } = await loadAndEdit();
    await flow.review({ text: text.replace(/maxConnections: \d+/, 'maxConnections: many'), base });
    expect(browser).toEqual(['PUT /api/namespaces/bookinfo/istio/destinationrules/reviews dryRun']);
    expect(kube()).toEqual([]);
    expect(state().stage).toBe('idle');
    const failure = failures[0];
    expect(failure?.kind).toBe('invalid');
    expect(failure?.kind === 'invalid' && failure.causes.map((c) => c.field)).toEqual([
      'spec.trafficPolicy.connectionPool.tcp.maxConnections',
    ]);
  });

  it('a wizard save of two new objects: each dry-run once, then each written once, in order', async () => {
    const dr: IstioConfigObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'save-test', namespace: 'bookinfo' },
      spec: { host: 'details', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    };
    const vs: IstioConfigObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'save-test', namespace: 'bookinfo' },
      spec: { hosts: ['details'], http: [{ route: [{ destination: { host: 'details', subset: 'v1' } }] }] },
    };
    const saved: IstioConfigObject[][] = [];
    const failures: SaveFailure[] = [];
    const { flow, stages } = startSave(new QueryClient(), {
      onSaved: (s) => saved.push(s),
      onFailure: (f) => failures.push(f),
    });
    const input: SaveInput = {
      writes: [
        { object: dr, original: null },
        { object: vs, original: null },
      ],
    };
    await flow.review(input);
    await flow.confirm();
    expect(failures).toEqual([]);
    expect(stages).toEqual(['dry-run', 'review', 'saving', 'done']);
    expect(browser).toEqual([
      'POST /api/namespaces/bookinfo/istio/destinationrules dryRun',
      'POST /api/namespaces/bookinfo/istio/virtualservices dryRun',
      'POST /api/namespaces/bookinfo/istio/destinationrules reviewed',
      'POST /api/namespaces/bookinfo/istio/virtualservices reviewed',
    ]);
    expect(kube()).toEqual([
      'POST bookinfo/destinationrules dryRun',
      'POST bookinfo/virtualservices dryRun',
      'POST bookinfo/destinationrules',
      'POST bookinfo/virtualservices',
    ]);
    expect(schema.passes).toBe(2);
    expect(saved[0]?.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'DestinationRule/save-test',
      'VirtualService/save-test',
    ]);
  });
});
