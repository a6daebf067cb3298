import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { PORTAL } from './auth-stack';
import { ShellPage } from './pages/shell-page';
import { E2E_BACKEND, stackControl } from './stack';

test.describe('status page', () => {
  test('shows all three backends reachable with versions and latency', async ({ page }) => {
    await page.goto('/status');
    for (const name of ['prometheus', 'jaeger', 'kubernetes']) {
      const row = page.getByTestId(sel.statusRow(name));
      await expect(row).toHaveAttribute('data-reachable', 'true');
      await expect(row).toContainText('Reachable');
      await expect(row).toContainText(/\d+ ms/);
    }
    await expect(page.getByTestId(sel.statusRow('kubernetes'))).toContainText('v1.32');
    // Prometheus' build info; VictoriaMetrics does not serve /api/v1/status/buildinfo, so its version is unknown (–)
    await expect(page.getByTestId(sel.statusRow('prometheus'))).toContainText(
      E2E_BACKEND === 'prometheus' ? /2\.\d+/ : /Reachable\S*–/,
    );
    await expect(new ShellPage(page).banner).toHaveCount(0);
  });

  test('/api/status reports each backend', async ({ request }) => {
    const res = await request.get('/api/status');
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.backends.map((b: { name: string; reachable: boolean }) => [b.name, b.reachable])).toEqual([
      ['prometheus', true],
      ['jaeger', true],
      ['kubernetes', true],
    ]);
    // the effective CSP frame-ancestors, as the pages are served with it
    expect(body.frameAncestors).toEqual(["'self'", PORTAL.allowed]);
    const page = await request.get('/overview');
    expect(page.headers()['content-security-policy']).toContain(`frame-ancestors ${body.frameAncestors.join(' ')}`);
  });

  test('with Prometheus stopped, the banner names it and the rest of the page works', async ({ page }) => {
    await stackControl('stop', 'prometheus');
    try {
      await page.goto('/status');
      const row = page.getByTestId(sel.statusRow('prometheus'));
      await expect(row).toHaveAttribute('data-reachable', 'false');
      await expect(row).toContainText('unavailable:prometheus');
      await expect(new ShellPage(page).banner).toContainText('Prometheus unavailable');
      await expect(page.getByTestId(sel.statusRow('kubernetes'))).toHaveAttribute('data-reachable', 'true');
    } finally {
      await stackControl('start', 'prometheus');
    }
  });
});
