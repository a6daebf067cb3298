import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { deleteObject, IstioObjectPage, putObject } from './pages/istio-config-page';
import { serviceRoute } from './pages/objects';
import { E2E_PORTS } from './stack';

const GW = 'gateway.networking.k8s.io';

/**
 * An HTTPRoute for reviews whose backend is in another namespace with no ReferenceGrant: Istio reports it with
 * ResolvedRefs=False (RefNotPermitted) on its parent. The fixture writes that status itself, as istiod would, so the
 * test does not depend on the demo's status controller (which, when present, reports the same condition).
 */
const ROUTE = serviceRoute('bookinfo', 'e2e-cross-ns', 'reviews', [
  { backendRefs: [{ name: 'httpbin', namespace: 'default', port: 8000 }] },
]);

/** A small route for the save test (no status: the page object reads the editor's rendered lines). */
const SAVE_ROUTE = serviceRoute('bookinfo', 'e2e-save', 'details', [
  { backendRefs: [{ name: 'details', port: 9080 }] },
]);

const STATUS = {
  parents: [
    {
      parentRef: { group: '', kind: 'Service', name: 'reviews', port: 9080 },
      controllerName: 'istio.io/gateway-controller',
      conditions: [
        {
          type: 'Accepted',
          status: 'True',
          reason: 'Accepted',
          message: 'Route was valid',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
        {
          type: 'ResolvedRefs',
          status: 'False',
          reason: 'RefNotPermitted',
          message:
            'backendRef httpbin/default not accessible to a HTTPRoute in namespace "bookinfo" (missing a ReferenceGrant?)',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    },
  ],
};

/** Writes the route's status through the demo Kubernetes API's status subresource, as the controller does. */
async function reportStatus(): Promise<void> {
  const url = `http://127.0.0.1:${E2E_PORTS.kube}/apis/${GW}/v1/namespaces/bookinfo/httproutes/e2e-cross-ns`;
  const live = (await (await fetch(url)).json()) as Record<string, unknown>;
  const res = await fetch(`${url}/status`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...live, status: STATUS }),
  });
  expect(res.ok).toBe(true);
}

test.describe('Gateway API in Istio Config', () => {
  let baseURL = '';
  test.beforeAll(async ({ request }, info) => {
    baseURL = String(info.project.use.baseURL);
    await putObject(request, baseURL, 'k8shttproutes', ROUTE);
    await putObject(request, baseURL, 'k8shttproutes', SAVE_ROUTE);
    await reportStatus();
  });
  test.afterAll(async ({ request }) => {
    await deleteObject(request, baseURL, 'bookinfo', 'k8shttproutes', 'e2e-cross-ns');
    await deleteObject(request, baseURL, 'bookinfo', 'k8shttproutes', 'e2e-save');
  });

  test('the list shows an HTTPRoute with the status the cluster reports, and filters the Gateway API kinds apart', async ({
    page,
  }) => {
    await page.goto('/istio?namespaces=bookinfo');
    const row = page.getByTestId(sel.istio.row('bookinfo', 'k8shttproutes', 'e2e-cross-ns'));
    await expect(row).toBeVisible();
    await expect(row).toContainText('HTTPRoute');
    const reported = page.getByTestId(sel.istio.rowReported('bookinfo', 'k8shttproutes', 'e2e-cross-ns'));
    await expect(reported).toHaveAttribute('data-health', 'error');
    await expect(reported).toContainText('ResolvedRefs=False (RefNotPermitted)');
    await expect(page.getByTestId(sel.istio.rowStatus('bookinfo', 'k8shttproutes', 'e2e-cross-ns'))).toHaveAttribute(
      'data-status',
      /valid|warning|error/,
    );
    // The GatewayClasses istiod creates are cluster-scoped rows, Accepted.
    await expect(page.getByTestId(sel.istio.rowReported('-', 'k8sgatewayclasses', 'istio'))).toHaveAttribute(
      'data-health',
      'ok',
    );

    await page.getByTestId(sel.istio.filterKind).selectOption('k8shttproutes');
    await expect(page).toHaveURL(/kind=k8shttproutes/);
    await expect(row).toBeVisible();
    await expect(page.getByTestId(sel.istio.row('bookinfo', 'gateways', 'bookinfo-gateway'))).toHaveCount(0);

    await row.getByRole('link', { name: 'e2e-cross-ns' }).click();
    const status = page.getByTestId(sel.istio.reportedStatus);
    await expect(status).toContainText('Parent Service bookinfo/reviews:9080');
    await expect(status.locator('[data-condition="ResolvedRefs"]')).toHaveAttribute('data-status', 'False');
  });

  test('a CEL rule the HTTPRoute breaks gets a marker on its line before saving', async ({ page }) => {
    const editor = new IstioObjectPage(page);
    await editor.open('bookinfo', 'k8shttproutes', 'e2e-cross-ns');
    // A backendRef to a Service must have a port (the CRD's CEL rule on backendRefs).
    const text = await editor.replace(/\n(\s*)port: 8000/, '');
    expect(text).not.toContain('port: 8000');
    const marker = editor.markers.locator('li', { hasText: 'Must have port for Service reference' });
    await expect(marker).toBeVisible();
    await expect(marker).toHaveAttribute('data-testid', /^istio-marker-IST0106-\d+$/);
    await expect(page.getByTestId(sel.istio.editor).locator('.cm-lintRange-error').first()).toBeVisible();
    await expect(page.getByTestId(sel.istio.saved)).toHaveCount(0);
  });

  test('an HTTPRoute saves through the dry run and the diff, like a VirtualService', async ({ page }) => {
    const editor = new IstioObjectPage(page);
    await editor.open('bookinfo', 'k8shttproutes', 'e2e-save');
    await editor.replace('weight: 1', 'weight: 2');
    await page.getByTestId(sel.istio.save).click();
    await expect(page.getByTestId(sel.istio.saveDialog)).toBeVisible();
    await expect(page.getByTestId(sel.istio.diff)).toContainText('weight: 2');
    await page.getByTestId(sel.istio.confirmSave).click();
    await expect(page.getByTestId(sel.istio.saved)).toBeVisible();
  });

  test('a cluster-scoped GatewayClass opens at /istio/-/k8sgatewayclasses/{name} with its status', async ({ page }) => {
    await page.goto('/istio/-/k8sgatewayclasses/istio-waypoint');
    await expect(page.getByTestId(sel.istio.objectPage)).toContainText('Cluster-scoped');
    await expect(page.getByTestId(sel.istio.editor)).toContainText('istio.io/mesh-controller');
    await expect(page.getByTestId(sel.istio.reportedStatus).locator('[data-condition="Accepted"]')).toHaveAttribute(
      'data-status',
      'True',
    );
  });
});
