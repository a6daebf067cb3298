import { expect, test, type Page } from '@playwright/test';
import { BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { PORTAL, PORTAL_PORTS, TOKEN_URL } from './auth-stack';
import { portalPage, startEmbedServer, type EmbedServer } from './embed-server';
import { sel } from '@/components/test-ids';
import { E2E_PORTS } from './stack';

const MAIN_URL = `http://127.0.0.1:${E2E_PORTS.meshscope}`;

type Received = { origin: string; data: { source?: string; type?: string; path?: string; namespaces?: string[] } };
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Received[] }).received);
/** Polls until the parent has recorded a `navigate` message from the frame for `path`. */
const expectNavigateTo = (page: Page, path: string) =>
  expect
    .poll(async () => (await received(page)).some((m) => m.data.type === 'navigate' && m.data.path === path))
    .toBe(true);
/** Has the portal page post `message` into the frame, addressed to Meshscope's origin. */
const sendToFrame = (page: Page, message: Record<string, string>) =>
  page.evaluate(
    ([m, origin]) => (window as unknown as { sendToFrame(m: unknown, o: string): void }).sendToFrame(m, origin),
    [message, MAIN_URL] as const,
  );

/**
 * Opens the allowed portal with Meshscope's overview in its frame, `?kiosk=<kiosk>` (`true`, or the parent origin
 * Meshscope may talk to), and waits until the overview shows; returns the frame.
 */
async function overviewInPortal(page: Page, kiosk: string) {
  await page.goto(portalPage(PORTAL.allowed, `${MAIN_URL}/overview?kiosk=${encodeURIComponent(kiosk)}`));
  const frame = page.frameLocator('#frame');
  await expect(frame.getByTestId(sel.overviewCard('bookinfo'))).toBeVisible();
  return frame;
}

let portal: EmbedServer;
test.beforeAll(async () => {
  portal = await startEmbedServer([PORTAL_PORTS.allowed, PORTAL_PORTS.refused]);
});
test.afterAll(async () => {
  await portal?.close();
});

test.describe('embedding in an iframe (S8, S9)', () => {
  test('renders inside a portal whose origin is in FRAME_ANCESTORS, in kiosk mode', async ({ page }) => {
    const frame = await overviewInPortal(page, 'true');
    await expect(frame.getByTestId(sel.masthead)).toBeHidden();
    await expect(frame.getByTestId(sel.nav)).toBeHidden();
    await expect(frame.locator('body')).toHaveClass(/kiosk/);
  });

  test('is refused by the browser inside a portal whose origin is not allowed', async ({ page }) => {
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors|Refused to frame/i.test(m.text())) refusals.push(m.text());
    });
    await page.goto(portalPage(PORTAL.refused, `${MAIN_URL}/overview?kiosk=true`));
    await expect.poll(() => refusals.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.frameLocator('#frame').getByTestId(sel.overviewCard('bookinfo'))).toHaveCount(0);
    expect(refusals[0]).toContain('frame-ancestors');
  });

  test("kiosk=<parentOrigin> posts navigation to the parent, which records it, and follows the parent's messages", async ({
    page,
  }) => {
    const frame = await overviewInPortal(page, PORTAL.allowed);
    await expectNavigateTo(page, '/overview');

    // the parent asks for another page and namespace; the frame follows and reports where it went
    await sendToFrame(page, {
      target: 'meshscope',
      type: 'navigate',
      path: '/workloads',
      query: 'namespaces=bookinfo',
    });
    await expect(frame.getByTestId(sel.mesh.listRow('bookinfo', 'productpage-v1'))).toBeVisible();
    await expectNavigateTo(page, '/workloads');
    await expect(frame.getByTestId(sel.masthead)).toBeHidden(); // kiosk kept across navigation

    const messages = await received(page);
    expect(messages.every((m) => m.origin === MAIN_URL && m.data.source === 'meshscope')).toBe(true);
    expect(messages.some((m) => m.data.type === 'namespaces' && m.data.namespaces?.includes('bookinfo'))).toBe(true);
  });

  test('talks only to the origin named in kiosk=: a parent with another origin gets nothing and is not obeyed', async ({
    page,
  }) => {
    const frame = await overviewInPortal(page, PORTAL.refused);
    await sendToFrame(page, { target: 'meshscope', type: 'navigate', path: '/workloads' });
    await page.waitForTimeout(1500);
    await expect(frame.getByTestId(sel.overviewCard('bookinfo'))).toBeVisible();
    expect(await received(page)).toEqual([]);
  });

  test('token sign-in inside a cross-site iframe works (partitioned cookie) or offers a new tab, never a blank page (S9)', async ({
    page,
  }) => {
    await page.goto(portalPage(PORTAL.allowed, `${TOKEN_URL}/overview?kiosk=true`));
    const frame = page.frameLocator('#frame');
    await frame.getByTestId(sel.auth.token).fill(BOOKINFO_VIEWER_TOKEN);
    await frame.getByTestId(sel.auth.submit).click();
    await expect(
      frame.getByTestId(sel.overviewCard('bookinfo')).or(frame.getByTestId(sel.auth.openInNewTab)),
    ).toBeVisible();
  });
});
