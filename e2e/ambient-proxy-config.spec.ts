import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';

/**
 * The ZTunnel and Envoy tabs of the workload page (issue 14; Kiali's ZTunnel tab): ztunnel's config dump, read through
 * the Kubernetes API's pod proxy from the demo's ztunnel, lists the ambient workloads with HBONE and the waypoint of
 * `reviews`; the waypoint's Envoy dump lists a cluster per port of the services attached to it.
 */
const NS = 'bookinfo-ambient';

test.describe('proxy config dump tabs', () => {
  test('ztunnel: workloads, services and certificates of the ambient namespace', async ({ page }, info) => {
    await page.goto(`/namespaces/istio-system/workloads/ztunnel?namespaces=istio-system&tab=proxy`);
    await expect(page.getByTestId(sel.mesh.tab('proxy'))).toHaveText('ZTunnel');
    const workloads = page.getByTestId(sel.mesh.proxyDumpTable('workloads'));
    const productpage = workloads.locator('tr', { hasText: NS }).filter({ hasText: 'productpage' });
    await expect(productpage).toContainText('HBONE');
    const services = page.getByTestId(sel.mesh.proxyDumpTable('services'));
    await expect(services.locator('tr', { hasText: NS }).filter({ hasText: 'reviews' })).toContainText(
      `${NS}/waypoint.${NS}.svc.cluster.local`,
    );
    await expect(page.getByTestId(sel.mesh.proxyDumpTable('certificates'))).toContainText(
      `spiffe://cluster.local/ns/${NS}/sa/bookinfo-productpage`,
    );
    await page.screenshot({ path: info.outputPath('ztunnel-tab.png'), fullPage: true });
  });

  test('waypoint: Envoy listeners and the inbound-vip cluster of reviews', async ({ page }, info) => {
    await page.goto(`/namespaces/${NS}/workloads/waypoint?namespaces=${NS}&tab=proxy`);
    await expect(page.getByTestId(sel.mesh.tab('proxy'))).toHaveText('Envoy');
    await expect(page.getByTestId(sel.mesh.proxyDumpTable('listeners'))).toContainText('connect_terminate');
    await expect(page.getByTestId(sel.mesh.proxyDumpTable('clusters'))).toContainText(
      `inbound-vip|9080|http|reviews.${NS}.svc.cluster.local`,
    );
    await page.screenshot({ path: info.outputPath('waypoint-tab.png'), fullPage: true });
  });

  test('a sidecar workload has no proxy tab', async ({ page }) => {
    await page.goto(`/namespaces/bookinfo/workloads/productpage-v1?namespaces=bookinfo`);
    await expect(page.getByTestId(sel.mesh.tab('logs'))).toBeVisible();
    await expect(page.getByTestId(sel.mesh.tab('proxy'))).toHaveCount(0);
  });
});
