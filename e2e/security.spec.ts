import { request as httpRequest } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { BOOKINFO_EDITOR_TOKEN, BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { PORTAL, TOKEN_URL } from './auth-stack';
import { sel } from '@/components/test-ids';
import { E2E_PORTS } from './stack';

const MAIN_URL = `http://127.0.0.1:${E2E_PORTS.meshscope}`;

/** Signs in on the token-strategy server through the login form, starting from `path`. */
async function signIn(page: Page, token: string, path = '/overview'): Promise<void> {
  await page.goto(`${TOKEN_URL}${path}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByTestId(sel.auth.token).fill(token);
  await page.getByTestId(sel.auth.submit).click();
  await expect(page.getByTestId(sel.auth.user)).toBeVisible();
}

/** Raw HTTP with a chosen Host header (browsers and fetch will not send a foreign one). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.describe('token sign-in and RBAC (bookinfo-viewer)', () => {
  test('signs in with the bookinfo-viewer token and sees only bookinfo in the overview, lists and graph', async ({
    page,
  }) => {
    await signIn(page, BOOKINFO_VIEWER_TOKEN, '/overview');
    await expect(page).toHaveURL(`${TOKEN_URL}/overview`);
    await expect(page.getByTestId(sel.auth.user)).toHaveText('bookinfo-viewer');
    await expect(page.getByTestId(sel.overviewCard('bookinfo'))).toBeVisible();
    for (const ns of ['default', 'istio-system', 'tcp-echo'])
      await expect(page.getByTestId(sel.overviewCard(ns))).toHaveCount(0);

    await page.getByTestId(sel.namespacePicker).click();
    await expect(page.getByTestId(sel.namespaceOption('bookinfo'))).toBeVisible();
    await expect(page.getByTestId(sel.namespaceOption('default'))).toHaveCount(0);
    await page.keyboard.press('Escape');

    await page.goto(`${TOKEN_URL}/workloads`);
    await expect(page.getByTestId(sel.mesh.listRow('bookinfo', 'productpage-v1'))).toBeVisible();
    await expect(page.getByTestId(sel.mesh.listRow('default', 'httpbin'))).toHaveCount(0);
    await expect(page.getByTestId(sel.mesh.listRow('istio-system', 'istiod'))).toHaveCount(0);

    await page.goto(`${TOKEN_URL}/graph?namespaces=bookinfo&graphType=workload`);
    await expect(page.getByTestId(sel.graph.canvas)).toBeVisible();
    // the graph API, as the page calls it with the session: nodes of other namespaces are inaccessible
    const graph = (await (
      await page.request.get(`${TOKEN_URL}/api/namespaces/graph?namespaces=bookinfo&graphType=workload&duration=300s`)
    ).json()) as {
      elements: { nodes: { data: { namespace: string; isInaccessible?: boolean; nodeType: string } }[] };
    };
    const foreign = graph.elements.nodes.filter((n) => n.data.namespace !== 'bookinfo' && n.data.nodeType !== 'box');
    expect(foreign.length).toBeGreaterThan(0); // the ingress gateway in istio-system sends bookinfo its traffic
    for (const n of foreign) expect(n.data.isInaccessible, JSON.stringify(n.data)).toBe(true);
    expect((await page.request.get(`${TOKEN_URL}/api/namespaces/graph?namespaces=bookinfo,default`)).status()).toBe(
      403,
    );
    expect((await page.request.get(`${TOKEN_URL}/api/workloads?namespaces=istio-system`)).status()).toBe(403);
  });

  test('offers no write actions to the viewer, and does to the editor', async ({ browser }) => {
    const viewer = await browser.newPage();
    await signIn(viewer, BOOKINFO_VIEWER_TOKEN, '/istio?namespaces=bookinfo');
    await expect(viewer.getByTestId(sel.istio.row('bookinfo', 'virtualservices', 'bookinfo'))).toBeVisible();
    await expect(viewer.getByTestId(sel.istio.newObject)).toHaveCount(0);
    await expect(viewer.getByTestId(sel.istio.serviceWizards)).toHaveCount(0);
    await viewer.goto(`${TOKEN_URL}/istio/bookinfo/virtualservices/bookinfo`);
    await expect(viewer.getByTestId(sel.istio.objectPage)).toBeVisible();
    await expect(viewer.getByTestId(sel.istio.editor)).toBeVisible();
    await expect(viewer.getByTestId(sel.istio.save)).toHaveCount(0);
    await expect(viewer.getByTestId(sel.istio.delete)).toHaveCount(0);
    await viewer.close();

    const editor = await browser.newPage();
    await signIn(editor, BOOKINFO_EDITOR_TOKEN, '/istio?namespaces=bookinfo');
    await expect(editor.getByTestId(sel.istio.newObject)).toBeVisible();
    await editor.close();
  });

  test('keeps the token out of URLs, HTML, storage and readable cookies (S13), and signs out', async ({ page }) => {
    await signIn(page, BOOKINFO_VIEWER_TOKEN, '/overview');
    expect(page.url()).not.toContain(BOOKINFO_VIEWER_TOKEN);
    expect(await page.content()).not.toContain(BOOKINFO_VIEWER_TOKEN);
    const storage = await page.evaluate(() =>
      JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
    );
    expect(storage).not.toContain(BOOKINFO_VIEWER_TOKEN);
    expect(storage).not.toContain('meshscope-session');
    const [cookie] = (await page.context().cookies(TOKEN_URL)).filter((c) => c.name === 'meshscope-session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'None' });
    expect(cookie!.value).not.toContain(BOOKINFO_VIEWER_TOKEN);
    const res = await page.request.get(`${TOKEN_URL}/api/status`);
    expect(res.headers()['referrer-policy']).toBe('no-referrer');

    await page.getByTestId(sel.auth.signOut).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get(`${TOKEN_URL}/api/namespaces`)).status()).toBe(401);
  });

  test('answers 401 without a session and has no Kubernetes pass-through route (S12)', async ({ request }) => {
    const res = await request.get(`${TOKEN_URL}/api/namespaces`);
    expect(res.status()).toBe(401);
    expect(await res.text()).not.toContain('istio-system');
    for (const base of [TOKEN_URL, MAIN_URL]) {
      expect((await request.get(`${base}/api/k8s/api/v1/secrets`)).status()).toBe(404);
      expect((await request.get(`${base}/api/v1/namespaces/default/secrets`)).status()).toBe(404);
    }
  });
});

test.describe('edge protections', () => {
  test('refuses a foreign Host with 421 on pages, API and static files (S10)', async () => {
    for (const path of ['/overview', '/api/namespaces', '/api/health', '/login']) {
      const res = await rawGet(`${MAIN_URL}${path}`, { Host: `rebind.example:${E2E_PORTS.meshscope}` });
      expect(res.status, path).toBe(421);
      expect(res.body).not.toContain('rebind.example');
    }
    expect((await rawGet(`${MAIN_URL}/api/health`, { Host: `localhost:${E2E_PORTS.meshscope}` })).status).toBe(200);
  });

  test('sends CSP with frame-ancestors, nosniff and no-referrer, and no X-Frame-Options (S8, S21)', async ({
    request,
  }) => {
    const res = await request.get(`${MAIN_URL}/overview`);
    const h = res.headers();
    expect(h['content-security-policy']).toContain(`frame-ancestors 'self' ${PORTAL.allowed}`);
    expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h['x-frame-options']).toBeUndefined();
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
  });

  test('does not reflect a path in the 404 page, and API errors are JSON with nosniff (S21)', async ({
    page,
    request,
  }) => {
    const payload = '<img src=x onerror=alert(1)>';
    let dialog = false;
    page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    const res = await page.goto(`${MAIN_URL}/x/${encodeURIComponent(payload)}`);
    expect(res?.status()).toBe(404);
    expect(await page.content()).not.toContain(payload);
    expect(await page.content()).not.toContain('onerror=alert');
    await expect(page.locator('[onerror]')).toHaveCount(0);
    expect(dialog).toBe(false);
    const api = await request.get(`${MAIN_URL}/api/namespaces/${encodeURIComponent('"><script>')}/workloads/x`);
    expect(api.status()).toBe(400);
    expect(api.headers()['content-type']).toMatch(/^application\/json/);
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('refuses cross-site writes: form posts, no-cors fetches and Origin null (S7)', async ({ request }) => {
    const url = `${MAIN_URL}/api/namespaces/bookinfo/istio/virtualservices`;
    const object = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'csrf', namespace: 'bookinfo' },
      spec: { hosts: ['x'] },
    };
    const form = await request.post(url, {
      headers: { 'Content-Type': 'text/plain', Origin: PORTAL.refused, 'Sec-Fetch-Site': 'cross-site' },
      data: JSON.stringify({ object }),
    });
    expect(form.status()).toBe(403);
    const nullOrigin = await request.post(url, {
      headers: { 'Content-Type': 'application/json', 'X-Meshscope-Request': '1', Origin: 'null' },
      data: { object },
    });
    expect(nullOrigin.status()).toBe(403);
    const noHeader = await request.post(url, {
      headers: { 'Content-Type': 'application/json', Origin: MAIN_URL, 'Sec-Fetch-Site': 'same-origin' },
      data: { object },
    });
    expect(noHeader.status()).toBe(403);
  });
});

test.describe('hostile label values (S3)', () => {
  const PAYLOAD = '"><img src=x onerror=alert(1)>';
  const JS = 'javascript:alert(document.domain)';

  /** Fails the test on any dialog or CSP violation while the page renders hostile data. */
  function watch(page: Page): { dialogs: string[]; csp: string[] } {
    const seen = { dialogs: [] as string[], csp: [] as string[] };
    page.on('dialog', (d) => {
      seen.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) seen.csp.push(m.text());
    });
    return seen;
  }

  test('lists render names and labels taken from Prometheus/Kubernetes as text only', async ({ page }) => {
    const seen = watch(page);
    await page.route('**/api/workloads?*', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as {
        items: { name: string; app: string | null; labels: Record<string, string> }[];
      };
      body.items = body.items.map((w, i) =>
        i === 0 ? { ...w, name: PAYLOAD, app: JS, labels: { ...w.labels, app: PAYLOAD, href: JS } } : w,
      );
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${MAIN_URL}/workloads?namespaces=bookinfo`);
    await expect(page.getByText(PAYLOAD).first()).toBeVisible();
    await expect(page.locator('[onerror]')).toHaveCount(0);
    await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
    expect(seen).toEqual({ dialogs: [], csp: [] });
  });

  test('the graph shows hostile service names in its element list and side panel as text only', async ({ page }) => {
    const seen = watch(page);
    await page.route('**/api/namespaces/graph?*', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { elements: { nodes: { data: Record<string, unknown> }[] } };
      const node = body.elements.nodes.find((n) => n.data.nodeType === 'workload');
      if (node)
        Object.assign(node.data, {
          workload: PAYLOAD,
          app: PAYLOAD,
          destServices: [{ namespace: 'bookinfo', name: PAYLOAD }],
        });
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${MAIN_URL}/graph?namespaces=bookinfo&graphType=workload`);
    const item = page
      .getByTestId(sel.graph.elementList)
      .getByRole('button', { name: new RegExp(PAYLOAD.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first();
    await expect(item).toBeAttached();
    await item.focus();
    await item.press('Enter');
    await expect(page.getByTestId(sel.graph.sidePanel)).toBeVisible();
    await expect(page.locator('[onerror]')).toHaveCount(0);
    expect(seen).toEqual({ dialogs: [], csp: [] });
  });
});
