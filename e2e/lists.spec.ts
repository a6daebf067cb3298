import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { MeshListPage } from './pages/mesh-pages';
import { stackControl } from './stack';

test.describe('lists', () => {
  test('applications: health, versions, Istio config with validation, and links to details', async ({ page }) => {
    const list = new MeshListPage(page, 'apps');
    await list.open('namespaces=bookinfo');
    await expect(list.rows).toHaveCount(4);
    const reviews = list.row('bookinfo', 'reviews');
    await expect(reviews).toContainText('v1, v2, v3');
    await expect(list.rowHealth('bookinfo', 'reviews')).toHaveAttribute('data-status', /Healthy|Degraded|Failure/);
    // the sample DestinationRule for ratings names subsets no pod has (IST0173): an invalid reference
    await expect(list.row('bookinfo', 'ratings').locator('[data-kind="DestinationRule"]')).toHaveAttribute(
      'data-valid',
      'false',
    );
    await reviews.getByRole('link', { name: 'reviews', exact: true }).click();
    await expect(page).toHaveURL(/\/namespaces\/bookinfo\/applications\/reviews\?.*namespaces=bookinfo/);
  });

  test('filters and sorting live in the URL and survive a reload', async ({ page }) => {
    const list = new MeshListPage(page, 'workloads');
    await list.open('namespaces=bookinfo');
    await page.getByTestId(sel.mesh.listFilter).fill('reviews');
    await expect(page).toHaveURL(/q=reviews/);
    await expect(list.rows).toHaveCount(3);
    await list.sortBy('name');
    // the second click toggles what the URL holds: wait for the first to land (a click during the navigation reads
    // the old sort, seen flaky)
    await expect(page).toHaveURL(/sort=name/);
    await list.sortBy('name');
    await expect(page).toHaveURL(/sort=-name/);
    await expect(list.rows.first()).toContainText('reviews-v3');
    await page.reload();
    await expect(list.rows).toHaveCount(3);
    await expect(list.rows.first()).toContainText('reviews-v3');
    await expect(page.getByTestId(sel.mesh.listFilter)).toHaveValue('reviews');
  });

  test('workloads: sidecar status and the sidecar filter', async ({ page }) => {
    const list = new MeshListPage(page, 'workloads');
    await list.open('namespaces=istio-system,bookinfo&sidecar=missing');
    await expect(list.row('istio-system', 'istiod')).toContainText('Missing sidecar');
    await expect(list.row('bookinfo', 'reviews-v1')).toHaveCount(0);
  });

  test('services: ports and health; the health filter', async ({ page }) => {
    const list = new MeshListPage(page, 'services');
    await list.open('namespaces=bookinfo,tcp-echo');
    await expect(list.row('tcp-echo', 'tcp-echo')).toContainText('9000');
    await page.getByTestId(sel.mesh.listHealthFilter).selectOption('NA');
    await expect(page).toHaveURL(/health=NA/);
    await expect(list.row('tcp-echo', 'tcp-echo')).toBeVisible();
    await expect(list.row('bookinfo', 'productpage')).toHaveCount(0);
  });

  test('with Prometheus stopped, rows still list with pod health and a named Prometheus error', async ({ page }) => {
    await stackControl('stop', 'prometheus');
    try {
      const list = new MeshListPage(page, 'workloads');
      await list.open('namespaces=bookinfo');
      await expect(list.rows).toHaveCount(6);
      await expect(page.getByTestId(sel.mesh.partialError('prometheus'))).toContainText('Prometheus unavailable');
      await expect(list.rowHealth('bookinfo', 'reviews-v2')).toHaveAttribute('data-status', 'Healthy');
      await expect(list.rowHealth('bookinfo', 'reviews-v2')).toContainText('?');
    } finally {
      await stackControl('start', 'prometheus');
    }
  });
});
