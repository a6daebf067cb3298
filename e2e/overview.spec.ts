import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { MeshDetailPage, MeshListPage, MeshOverviewPage } from './pages/mesh-pages';
import { applyRatingsFault, removeRatingsFault } from './pages/mesh-backends';
import { stackControl } from './stack';

const SUM = (el: { getAttribute(n: string): Promise<string | null> }) =>
  Promise.all(['failure', 'degraded', 'not-ready', 'healthy', 'na'].map((s) => el.getAttribute(`data-${s}`))).then(
    (v) => v.reduce((n, x) => n + Number(x ?? 0), 0),
  );

test.describe('overview', () => {
  test('shows bookinfo, default and tcp-echo with health counts, mTLS, validations, traffic and the mesh components', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const overview = new MeshOverviewPage(page);
    await overview.open('namespaces=bookinfo,default,tcp-echo');
    for (const ns of ['bookinfo', 'default', 'tcp-echo']) await expect(overview.card(ns)).toBeVisible();
    await expect(overview.card('istio-system')).toHaveCount(0);
    // bookinfo: 4 apps, 6 workloads, 10 services (the 4 of bookinfo.yaml and the 6 per-version ones of
    // bookinfo-versions.yaml), every one with a health status and none failing
    // (faults injected by earlier specs age out of the 60 s health window: allow for it, as the page refreshes)
    await expect(overview.health('bookinfo', 'apps')).toHaveAttribute('data-failure', '0', { timeout: 90_000 });
    expect(await SUM(overview.health('bookinfo', 'apps'))).toBe(4);
    expect(await SUM(overview.health('bookinfo', 'workloads'))).toBe(6);
    expect(await SUM(overview.health('bookinfo', 'services'))).toBe(10);
    await expect(overview.health('bookinfo', 'apps')).toHaveAttribute('data-na', '0');
    // tcp-echo speaks TCP only: its services have no request health (NA), its workloads are healthy pods
    await expect(overview.health('tcp-echo', 'services')).toHaveAttribute('data-healthy', '0');
    await expect(page.getByTestId(sel.mesh.overviewMtls('bookinfo'))).toHaveAttribute(
      'data-mode',
      /STRICT|PERMISSIVE|DISABLE|UNSET/,
    );
    await expect(page.getByTestId(sel.mesh.overviewValidations('bookinfo'))).toHaveAttribute('data-error', /\d+/);
    await expect(overview.sparkline('bookinfo')).toHaveAttribute('data-state', 'data');
    for (const c of ['prometheus', 'jaeger', 'kubernetes', 'istiod']) await expect(overview.component(c)).toBeVisible();
    await expect(overview.component('istiod')).toHaveAttribute('data-status', 'Healthy');
  });

  test('a 50% abort on ratings turns ratings Failure on the overview, its list row and its detail page', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await applyRatingsFault(50);
    try {
      const overview = new MeshOverviewPage(page);
      await overview.open('namespaces=bookinfo&refresh=10000');
      // two refreshes plus Prometheus' scrape and rate window; generous so a slow machine does not fail the test
      await expect(overview.unhealthy('bookinfo')).toContainText('ratings', { timeout: 90_000 });
      await expect(overview.unhealthy('bookinfo').locator('li', { hasText: 'ratings app · Failure' })).toHaveCount(1, {
        timeout: 60_000,
      });
      expect(Number(await overview.health('bookinfo', 'services').getAttribute('data-failure'))).toBeGreaterThanOrEqual(
        1,
      );

      const apps = new MeshListPage(page, 'apps');
      await apps.open('namespaces=bookinfo&refresh=10000');
      await expect(apps.rowHealth('bookinfo', 'ratings')).toHaveAttribute('data-status', 'Failure', {
        timeout: 60_000,
      });
      const services = new MeshListPage(page, 'services');
      await services.open('namespaces=bookinfo&refresh=10000');
      await expect(services.rowHealth('bookinfo', 'ratings')).toHaveAttribute('data-status', 'Failure', {
        timeout: 60_000,
      });

      const detail = new MeshDetailPage(page);
      await detail.open('applications', 'bookinfo', 'ratings', 'refresh=10000');
      await expect(detail.health).toHaveAttribute('data-status', 'Failure', { timeout: 60_000 });
    } finally {
      await removeRatingsFault();
    }
  });

  test('with Prometheus stopped, the cards stay and name the failure; request health is unknown, not healthy', async ({
    page,
  }) => {
    await stackControl('stop', 'prometheus');
    try {
      const overview = new MeshOverviewPage(page);
      await overview.open('namespaces=bookinfo,tcp-echo');
      await expect(overview.card('bookinfo')).toBeVisible();
      await expect(overview.partialError('prometheus')).toContainText('Prometheus unavailable');
      await expect(overview.partialError('prometheus')).toContainText('unavailable:prometheus');
      // services have request health only: unknown without Prometheus
      await expect(overview.health('bookinfo', 'services')).toHaveAttribute('data-na', '10');
      await expect(overview.sparkline('bookinfo')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
      await expect(overview.component('prometheus')).toHaveAttribute('data-reachable', 'false');
    } finally {
      await stackControl('start', 'prometheus');
    }
  });
});
