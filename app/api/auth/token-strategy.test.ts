import { afterEach, describe, expect, it, vi } from 'vitest';
import { POST as loginHandler } from '@/app/api/auth/login/route';
import { POST as logoutHandler } from '@/app/api/auth/logout/route';
import { GET as sessionInfoHandler } from '@/app/api/auth/session/route';
import { GET as istioListHandler } from '@/app/api/istio/route';
import { POST as createIstioHandler } from '@/app/api/namespaces/[namespace]/istio/[kind]/route';
import { GET as metricsHandler } from '@/app/api/namespaces/[namespace]/workloads/[workload]/metrics/route';
import { GET as graphHandler } from '@/app/api/namespaces/graph/route';
import { GET as namespacesHandler } from '@/app/api/namespaces/route';
import { GET as permissionsHandler } from '@/app/api/permissions/route';
import { GET as statusHandler } from '@/app/api/status/route';
import { GET as workloadsHandler } from '@/app/api/workloads/route';
import {
  BOOKINFO_EDITOR_TOKEN,
  BOOKINFO_LIMITED_TOKEN,
  BOOKINFO_VIEWER_LONG_TOKEN,
  BOOKINFO_VIEWER_TOKEN,
} from '@/lib/demo/k8s-api/auth-users';
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';
import { SESSION_COOKIE } from '@/lib/auth/session';
import {
  cookiesFrom,
  INGRESS_TO_PRODUCTPAGE,
  pageRequest,
  params,
  route,
  tokenSessionsForFile,
} from '@/lib/auth/test-helpers';

const login = route(loginHandler);
const logout = route(logoutHandler);
const sessionInfo = route(sessionInfoHandler);
const istioList = route(istioListHandler);
const createIstio = route(createIstioHandler);
const metrics = route(metricsHandler);
const graph = route(graphHandler);
const namespaces = route(namespacesHandler);
const permissions = route(permissionsHandler);
const status = route(statusHandler);
const workloads = route(workloadsHandler);

const { env, signIn } = tokenSessionsForFile(loginHandler);
/** A session of its own (not the shared one), for tests that sign out or let it idle. */
async function freshSession(token: string): Promise<string> {
  const res = await login(pageRequest('/api/auth/login', { method: 'POST', body: { token } }));
  expect(res.status).toBe(200);
  return cookiesFrom(res);
}
const names = async (res: Response) =>
  ((await res.json()) as { namespaces: { name: string }[] }).namespaces.map((n) => n.name);

describe('AUTH_STRATEGY=token', () => {
  it("answers 401 without a session on every API, never the server account's data (S12), also with x-middleware-subrequest (S17)", async () => {
    for (const res of [
      await namespaces(pageRequest('/api/namespaces')),
      await namespaces(
        pageRequest('/api/namespaces', {
          headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
        }),
      ),
      await workloads(pageRequest('/api/workloads')),
      await status(pageRequest('/api/status')),
      await graph(pageRequest('/api/namespaces/graph?namespaces=bookinfo'), params()),
    ]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized:api');
    }
    expect(env.promQueries).toEqual([]);
  });

  it('signs in with a token the API accepts: sealed HttpOnly cookie, the token never echoed (S13)', async () => {
    const res = await login(pageRequest('/api/auth/login', { method: 'POST', body: { token: BOOKINFO_VIEWER_TOKEN } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(BOOKINFO_VIEWER_TOKEN);
    expect(JSON.parse(text)).toMatchObject({ user: { username: 'bookinfo-viewer' } });
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain(BOOKINFO_VIEWER_TOKEN);
    const info = await (await sessionInfo(pageRequest('/api/auth/session', { cookie: cookiesFrom(res) }))).json();
    expect(info).toMatchObject({ strategy: 'token', authenticated: true, user: { username: 'bookinfo-viewer' } });
  });

  it('refuses a token the API does not accept with a generic 401, and cross-origin or header-less logins with 403', async () => {
    const bad = await login(pageRequest('/api/auth/login', { method: 'POST', body: { token: 'stolen-or-made-up' } }));
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('stolen-or-made-up');
    const cross = await login(
      pageRequest('/api/auth/login', {
        method: 'POST',
        body: { token: BOOKINFO_VIEWER_TOKEN },
        headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      }),
    );
    expect(cross.status).toBe(403);
    expect(cross.headers.getSetCookie()).toEqual([]);
  });

  it('works with tokens over 4 KB (chunked cookies)', async () => {
    const cookie = await signIn(BOOKINFO_VIEWER_LONG_TOKEN);
    expect(cookie).toContain(`${SESSION_COOKIE}.1=`);
    expect(await names(await namespaces(pageRequest('/api/namespaces', { cookie })))).toEqual(['bookinfo']);
  });

  it('shows bookinfo-viewer only bookinfo, and the admin everything, from the same caches (S13)', async () => {
    expect(
      (await names(await namespaces(pageRequest('/api/namespaces', { cookie: await signIn(DEMO_TOKEN) })))).length,
    ).toBeGreaterThan(2);
    expect(
      await names(await namespaces(pageRequest('/api/namespaces', { cookie: await signIn(BOOKINFO_VIEWER_TOKEN) }))),
    ).toEqual(['bookinfo']);
    const rows = (
      (await (
        await workloads(pageRequest('/api/workloads?health=false', { cookie: await signIn(BOOKINFO_VIEWER_TOKEN) }))
      ).json()) as { items: { namespace: string }[] }
    ).items;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.namespace))).toEqual(new Set(['bookinfo']));
  });

  it('refuses namespaces the user cannot get with 403 before Prometheus is asked (S2)', async () => {
    const cookie = await signIn(BOOKINFO_VIEWER_TOKEN);
    const before = env.promQueries.length;
    const g = await graph(
      pageRequest('/api/namespaces/graph?namespaces=bookinfo,default&graphType=workload', { cookie }),
      params(),
    );
    expect(g.status).toBe(403);
    expect(((await g.json()) as { error: { message: string } }).error.message).toBe(
      'Namespace [default] is not accessible.',
    );
    expect(
      (
        await metrics(
          pageRequest('/api/namespaces/istio-system/workloads/istiod/metrics', { cookie }),
          params({ namespace: 'istio-system', workload: 'istiod' }),
        )
      ).status,
    ).toBe(403);
    expect((await workloads(pageRequest('/api/workloads?namespaces=tcp-echo', { cookie }))).status).toBe(403);
    expect((await workloads(pageRequest('/api/workloads?namespaces=does-not-exist', { cookie }))).status).toBe(403);
    expect(env.promQueries.length).toBe(before);
  });

  it("builds the graph of the user's namespaces, asking Prometheus about no other, and marks foreign nodes isInaccessible", async () => {
    const cookie = await signIn(BOOKINFO_VIEWER_TOKEN);
    const ingress = { ...INGRESS_TO_PRODUCTPAGE, response_code: '200', response_flags: '-' };
    env.promAnswer = (q) =>
      q.includes('istio_requests_total{') && !q.includes('_bucket') ? [{ metric: ingress, value: [0, '1'] }] : [];
    // a minute ahead: the demo namespaces were created a moment ago, and the graph clips its window to their lifetime
    const queryTime = Math.floor(Date.now() / 1000) + 60;
    const res = await graph(
      pageRequest(`/api/namespaces/graph?namespaces=bookinfo&graphType=workload&duration=60s&queryTime=${queryTime}`, {
        cookie,
      }),
      params(),
    );
    env.promAnswer = () => [];
    expect(res.status).toBe(200);
    const nodes = (
      (await res.json()) as {
        elements: { nodes: { data: { namespace: string; workload?: string; isInaccessible?: boolean } }[] };
      }
    ).elements.nodes.map((n) => n.data);
    expect(nodes.find((n) => n.workload === 'istio-ingressgateway')).toMatchObject({
      namespace: 'istio-system',
      isInaccessible: true,
    });
    expect(nodes.find((n) => n.workload === 'productpage-v1')?.isInaccessible).toBeUndefined();
    expect(env.promQueries.length).toBeGreaterThan(0);
    expect(
      env.promQueries.every((q) => !q.includes('namespace="default"') && !q.includes('namespace="istio-system"')),
    ).toBe(true);
  });

  it('reads only what RBAC allows: bookinfo-limited sees no Deployments and no VirtualServices (S14)', async () => {
    const cookie = await signIn(BOOKINFO_LIMITED_TOKEN);
    const rows = (
      (await (await workloads(pageRequest('/api/workloads?namespaces=bookinfo&health=false', { cookie }))).json()) as {
        items: unknown[];
      }
    ).items;
    expect(rows).toEqual([]);
    const istio = (
      (await (await istioList(pageRequest('/api/istio?namespaces=bookinfo&validate=false', { cookie }))).json()) as {
        items: { plural: string }[];
      }
    ).items;
    expect(istio.some((i) => i.plural === 'destinationrules')).toBe(true);
    expect(istio.some((i) => i.plural === 'virtualservices')).toBe(false);
  });

  it("writes as the user: the API server's 403 reaches the client verbatim (S14)", async () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'as-viewer', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
    };
    const createAs = async (token: string) =>
      createIstio(
        pageRequest('/api/namespaces/bookinfo/istio/virtualservices', {
          method: 'POST',
          cookie: await signIn(token),
          body: { object: vs, dryRun: true },
        }),
        params({ namespace: 'bookinfo', kind: 'virtualservices' }),
      );
    const viewer = await createAs(BOOKINFO_VIEWER_TOKEN);
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { message: string } }).error.message).toBe(
      'virtualservices.networking.istio.io is forbidden: User "bookinfo-viewer" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    );
    const editor = await createAs(BOOKINFO_EDITOR_TOKEN);
    expect(editor.status).toBe(200);
  });

  it('reports write permissions per namespace for the UI', async () => {
    const viewer = (await (
      await permissions(pageRequest('/api/permissions', { cookie: await signIn(BOOKINFO_VIEWER_TOKEN) }))
    ).json()) as { canWriteIstio: boolean; namespaces: Record<string, { reason: string }> };
    expect(viewer.canWriteIstio).toBe(false);
    expect(Object.keys(viewer.namespaces)).toEqual(['bookinfo']);
    expect(viewer.namespaces.bookinfo!.reason).toContain('does not allow');
    const editor = (await (
      await permissions(
        pageRequest('/api/permissions?namespaces=bookinfo', { cookie: await signIn(BOOKINFO_EDITOR_TOKEN) }),
      )
    ).json()) as { canWriteIstio: boolean; namespaces: Record<string, { istio: Record<string, { create: boolean }> }> };
    expect(editor.canWriteIstio).toBe(true);
    expect(editor.namespaces.bookinfo!.istio.virtualservices!.create).toBe(true);
  });

  it('refuses a tampered or foreign cookie with 401, and logout clears the session (S16)', async () => {
    const cookie = await signIn(BOOKINFO_VIEWER_TOKEN);
    const tampered = cookie.replace(
      /(=v1\.[A-Za-z0-9_-]{10})(.)/,
      (_m, p: string, c: string) => `${p}${c === 'A' ? 'B' : 'A'}`,
    );
    expect(tampered).not.toBe(cookie);
    expect((await namespaces(pageRequest('/api/namespaces', { cookie: tampered }))).status).toBe(401);
    expect(
      (
        await namespaces(
          pageRequest('/api/namespaces', { cookie: `${SESSION_COOKIE}=${JSON.stringify({ token: DEMO_TOKEN })}` }),
        )
      ).status,
    ).toBe(401);
    const out = await logout(pageRequest('/api/auth/logout', { method: 'POST', cookie, body: {} }));
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().every((c) => c.includes('Max-Age=0'))).toBe(true);
  });

  it('ends the session server-side on logout: a copy of the cookie gets 401 on every API afterwards (S27)', async () => {
    const cookie = await freshSession(BOOKINFO_VIEWER_TOKEN);
    const copy = cookie;
    expect((await namespaces(pageRequest('/api/namespaces', { cookie: copy }))).status).toBe(200);
    expect((await logout(pageRequest('/api/auth/logout', { method: 'POST', cookie, body: {} }))).status).toBe(200);
    const after = await namespaces(pageRequest('/api/namespaces', { cookie: copy }));
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'unauthorized:api',
      message: expect.stringContaining('signed out'),
    });
    expect(
      (await graph(pageRequest('/api/namespaces/graph?namespaces=bookinfo', { cookie: copy }), params())).status,
    ).toBe(401);
    expect(await (await sessionInfo(pageRequest('/api/auth/session', { cookie: copy }))).json()).toMatchObject({
      authenticated: false,
    });
    // another session of the same user is not affected
    expect(
      (await namespaces(pageRequest('/api/namespaces', { cookie: await freshSession(BOOKINFO_VIEWER_TOKEN) }))).status,
    ).toBe(200);
  });

  it('refuses a cookie whose sealed session id was tampered with (S27)', async () => {
    const cookie = await freshSession(BOOKINFO_VIEWER_TOKEN);
    // the sid is the first sealed field: ciphertext byte 10 lies inside it (iv 12 + tag 16 bytes come first)
    const tampered = cookie.replace(/=v1\.([A-Za-z0-9_-]+)/, (_m, b64: string) => {
      const raw = Buffer.from(b64, 'base64url');
      raw[28 + 10]! ^= 1;
      return `=v1.${raw.toString('base64url')}`;
    });
    expect(tampered).not.toBe(cookie);
    expect((await namespaces(pageRequest('/api/namespaces', { cookie: tampered }))).status).toBe(401);
    expect((await namespaces(pageRequest('/api/namespaces', { cookie }))).status).toBe(200);
  });

  describe('idle timeout (SESSION_IDLE_TIMEOUT, default 30m)', () => {
    afterEach(() => vi.useRealTimers());
    const at = (offsetSec: number, start: number) => vi.setSystemTime(start + offsetSec * 1000);

    it('refuses a session unused for over 30 minutes; use renews it (at most once a minute)', async () => {
      const start = Date.now();
      vi.useFakeTimers({ toFake: ['Date'], now: start });
      let cookie = await freshSession(BOOKINFO_VIEWER_TOKEN);
      const original = cookie;
      at(30, start);
      const early = await namespaces(pageRequest('/api/namespaces', { cookie }));
      expect(early.status).toBe(200);
      expect(early.headers.getSetCookie()).toEqual([]); // less than a minute since the last renewal
      at(29 * 60, start);
      const used = await namespaces(pageRequest('/api/namespaces', { cookie }));
      expect(used.status).toBe(200);
      expect(used.headers.getSetCookie()).toHaveLength(1);
      cookie = cookiesFrom(used);
      at(29 * 60 + 29 * 60, start); // 58 minutes after sign-in, 29 after the last use
      expect((await namespaces(pageRequest('/api/namespaces', { cookie }))).status).toBe(200);
      expect((await namespaces(pageRequest('/api/namespaces', { cookie: original }))).status).toBe(401); // the old copy idled out
      at(58 * 60 + 31 * 60, start); // the renewal at 58 min is now 31 minutes old
      const idle = await namespaces(pageRequest('/api/namespaces', { cookie }));
      expect(idle.status).toBe(401);
      expect(((await idle.json()) as { error: { message: string } }).error.message).toContain('30 minutes without use');
    });

    it('does not count the session poll (GET /api/auth/session) as use', async () => {
      const start = Date.now();
      vi.useFakeTimers({ toFake: ['Date'], now: start });
      const cookie = await freshSession(BOOKINFO_VIEWER_TOKEN);
      for (let minute = 1; minute <= 31; minute++) {
        at(minute * 60, start);
        const poll = await sessionInfo(pageRequest('/api/auth/session', { cookie }));
        expect(poll.headers.getSetCookie().some((c) => !c.includes('Max-Age=0'))).toBe(false);
      }
      expect((await namespaces(pageRequest('/api/namespaces', { cookie }))).status).toBe(401);
    });
  });
});
