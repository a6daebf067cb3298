import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { MeshDetailPage } from './pages/mesh-pages';
import { promInstant, startMeshscopeWithoutJaeger } from './pages/mesh-backends';

test.describe('detail pages', () => {
  test('app overview: pods with proxy status, applicable Istio config and the mini graph', async ({ page }) => {
    const d = new MeshDetailPage(page);
    await d.open('applications', 'bookinfo', 'reviews');
    await expect(d.title).toHaveText('reviews');
    const pods = page.getByTestId(sel.mesh.pods);
    await expect(pods.locator('tr[data-testid^="detail-pod-reviews-v"]')).toHaveCount(3);
    await expect(pods).toContainText('Ready');
    await expect(page.getByTestId(sel.mesh.istioConfig).locator('[data-kind="DestinationRule"]')).toContainText(
      'reviews',
    );
    await expect(page.getByTestId(sel.mesh.miniGraph)).toContainText('productpage', { timeout: 30_000 });
  });

  test('traffic tab: inbound and outbound edges with rates and health', async ({ page }) => {
    const d = new MeshDetailPage(page);
    await d.open('workloads', 'bookinfo', 'reviews-v2', 'tab=traffic');
    await expect(d.trafficRow('inbound', 'productpage-v1')).toContainText('rps');
    await expect(d.trafficRow('inbound', 'productpage-v1')).toHaveAttribute('data-health', /Healthy|Degraded|Failure/);
    await expect(d.trafficRow('outbound', 'ratings-v1')).toBeVisible();
  });

  test("reviews-v2's inbound metrics: request volume equals Prometheus at the same instant, and p95 latency", async ({
    page,
  }) => {
    const d = new MeshDetailPage(page);
    await d.open('workloads', 'bookinfo', 'reviews-v2', 'tab=inbound');
    const volume = d.chart('request_count');
    await expect(volume).toHaveAttribute('data-series', '1', { timeout: 30_000 });
    const shown = Number(await volume.getAttribute('data-last'));
    const at = Number(await volume.getAttribute('data-last-time'));
    // the metrics API's default: destination-reported, rate over 1m
    const expected = await promInstant(
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"}[60s]))',
      at,
    );
    expect(expected).not.toBeNull();
    expect(shown).toBeCloseTo(expected!, 6);
    const duration = d.chart('request_duration');
    await expect(duration).toContainText('p95');
    await expect(duration).toContainText(/p95: [\d.]+ ms/);
    await page.getByTestId(sel.mesh.metricsGroupBy).selectOption('source_workload');
    await expect(page).toHaveURL(/by=source_workload/);
    await expect(volume).toContainText('productpage-v1');
  });

  test('productpage traces: a trace across productpage, reviews and ratings, with span tags and Envoy fields', async ({
    page,
  }) => {
    const d = new MeshDetailPage(page);
    await d.open('applications', 'bookinfo', 'productpage', 'tab=traces');
    const list = page.getByTestId(sel.mesh.tracesList);
    await expect(list.locator('tbody tr').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId(sel.mesh.tracesScatter)).toBeVisible();
    await list.locator('tbody tr', { hasText: 'ratings' }).first().click();
    const view = page.getByTestId(sel.mesh.traceView);
    await expect(view).toHaveAttribute('data-services', /productpage\.bookinfo/);
    await expect(view).toHaveAttribute('data-services', /reviews\.bookinfo/);
    await expect(view).toHaveAttribute('data-services', /ratings\.bookinfo/);
    const ratingsSpan = view.locator('[data-service="ratings.bookinfo"]').first();
    await ratingsSpan.click();
    const details = page.getByTestId(sel.mesh.spanDetails);
    await expect(details).toContainText('node_id');
    await expect(details.locator('[data-field="upstream-cluster"]')).toBeVisible();
  });

  test('workload logs: pod and container pickers, tail and timestamps', async ({ page }) => {
    const d = new MeshDetailPage(page);
    await d.open('workloads', 'bookinfo', 'reviews-v2', 'tab=logs');
    const lines = page.getByTestId(sel.mesh.logsLines);
    await expect(lines).not.toHaveAttribute('data-count', '0', { timeout: 30_000 });
    await page.getByTestId(sel.mesh.logsContainer).selectOption('istio-proxy');
    await expect(lines).toContainText('HTTP/1.1');
    await page.getByTestId(sel.mesh.logsTail).selectOption('50');
    await expect(lines).toHaveAttribute('data-count', /^([1-9]|[1-4]\d|50)$/);
  });

  test('an unknown workload is a 404 with the one not-found state, no tab bar', async ({ page }) => {
    const res = await page.goto('/namespaces/bookinfo/workloads/nope-v9?namespaces=bookinfo');
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId(sel.notFound)).toContainText('Workload nope-v9 was not found in namespace bookinfo');
    await expect(page.getByTestId(sel.mesh.tab('overview'))).toHaveCount(0);
  });

  test('a namespace that does not exist is the same 404 on the graph, the lists and the overview', async ({ page }) => {
    for (const path of ['/graph', '/workloads', '/services', '/applications', '/overview']) {
      const res = await page.goto(`${path}?namespaces=nosuchns`);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByTestId(sel.notFound)).toContainText('Namespace nosuchns does not exist');
    }
  });
});

test.describe('detail pages with Jaeger unreachable', () => {
  let server: Awaited<ReturnType<typeof startMeshscopeWithoutJaeger>> | undefined;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    server = await startMeshscopeWithoutJaeger();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('the Traces tab names Jaeger; overview and metrics still work', async ({ page }) => {
    const d = new MeshDetailPage(page);
    await page.goto(`${server!.url}/namespaces/bookinfo/applications/productpage?tab=traces`);
    await expect(d.panel('traces').getByTestId(sel.errorState)).toContainText('Jaeger', { timeout: 30_000 });
    await expect(d.panel('traces').getByTestId(sel.errorState)).toContainText('unreachable');
    await d.tab('overview').click();
    await expect(page.getByTestId(sel.mesh.pods)).toContainText('productpage-v1');
    await d.tab('inbound').click();
    await expect(d.chart('request_count')).toHaveAttribute('data-series', '1', { timeout: 30_000 });
  });
});
