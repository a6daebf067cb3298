import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { deleteObject } from './pages/istio-config-page';
import { expectNoTraffic, expectTraffic, getObject, keepSample, saveForm } from './pages/tasks';

/**
 * Istio's ingress task with the Kubernetes Gateway API, done in the UI (issue 13): the Gateway API Gateway form creates
 * a Gateway of class `istio` (the demo's istiod deploys `<name>-istio` for it), then "Expose" on productpage attaches
 * an HTTPRoute to it; Prometheus then shows the gateway's requests reaching productpage. The demo's outside users call
 * `bookinfo-gateway-istio` in `bookinfo-gateway-api` (the address Istio's sample Gateway gets), so the test takes the
 * sample Gateway and route away first and creates a Gateway of that name again from the form.
 */

const NS = 'bookinfo-gateway-api';
const GATEWAY_TO_PRODUCTPAGE = (extra = '') =>
  `sum(increase(istio_requests_total{reporter="source",source_workload="bookinfo-gateway-istio",source_workload_namespace="${NS}",destination_workload="productpage-v1"${extra}}[15s]))`;

test.describe('Expose a service through a Gateway API Gateway, checked in Prometheus', () => {
  let baseURL = '';
  test.beforeAll(({}, info) => {
    baseURL = String(info.project.use.baseURL);
  });

  test('Gateway API Gateway form, then Expose (Gateway API) from the service page: productpage served through it', async ({
    page,
    request,
  }, info) => {
    test.setTimeout(240_000);
    const restoreRoute = await keepSample(request, baseURL, NS, 'k8shttproutes', 'bookinfo');
    const restoreGateway = await keepSample(request, baseURL, NS, 'k8sgateways', 'bookinfo-gateway');
    try {
      await deleteObject(request, baseURL, NS, 'k8shttproutes', 'bookinfo');
      await deleteObject(request, baseURL, NS, 'k8sgateways', 'bookinfo-gateway');
      await expectNoTraffic(GATEWAY_TO_PRODUCTPAGE(), 'the gateway still reaches productpage without a route', 90_000);

      await page.goto(`/istio/new/k8sgateways?namespace=${NS}&namespaces=${NS}`);
      await expect(page.getByRole('heading', { name: /New Gateway \(Gateway API\)/ })).toBeVisible();
      await page.getByTestId(sel.istio.formField('name')).fill('bookinfo-gateway');
      // the class select lists the cluster's GatewayClasses, istio first chosen
      const classes = page.getByTestId(sel.istio.formField('gatewayClassName'));
      await expect(classes).toHaveValue('istio');
      await expect(classes.locator('option', { hasText: 'istio-waypoint' })).toHaveCount(1);
      await expect(page.getByTestId(sel.istio.formField('listener0-port'))).toHaveValue('80');
      await expect(page.getByTestId(sel.istio.formField('listener0-from'))).toHaveValue('Same');
      // a TLS listener without a mode is flagged on its field with the CRD's rule, before any YAML exists
      await page.getByTestId(sel.istio.formField('listener0-protocol')).selectOption('TLS');
      await page.getByTestId(sel.istio.formField('listener0-tlsMode')).selectOption('');
      await expect(page.getByText('tls mode must be set for protocol TLS')).toBeVisible();
      await expect(page.getByTestId(sel.istio.formSave)).toBeDisabled();
      await page.getByTestId(sel.istio.formField('listener0-protocol')).selectOption('HTTP');
      await expect(page.getByText('No problems found.')).toBeVisible();
      await page.screenshot({ path: info.outputPath('k8s-gateway-form.png'), fullPage: true });
      await saveForm(page);
      await expect(page).toHaveURL(new RegExp(`/istio/${NS}/k8sgateways/bookinfo-gateway`));

      await page.goto(`/namespaces/${NS}/services/productpage?namespaces=${NS}`);
      await page.getByTestId(sel.istio.exposeService).click();
      await expect(page).toHaveURL(new RegExp(`/istio/expose/${NS}/productpage`));
      await page.getByTestId(sel.istio.wizardApi('gateway-api')).check();
      // the server's inventory is shared for 5 s: the new Gateway is listed once it has been read again
      const gateway = page.getByTestId(sel.istio.formField('gateway'));
      const option = gateway.locator('option', { hasText: `${NS}/bookinfo-gateway` });
      await expect
        .poll(
          async () => {
            if ((await option.count()) > 0) return true;
            await page.reload();
            await page.getByTestId(sel.istio.wizardApi('gateway-api')).check();
            return false;
          },
          { timeout: 30_000, intervals: [2_000] },
        )
        .toBe(true);
      await gateway.selectOption(`${NS}/bookinfo-gateway`);
      await page.getByTestId(sel.istio.formField('host')).fill('*');
      await expect(page.getByTestId(sel.istio.impact)).toBeVisible();
      await expect(page.getByTestId(sel.istio.formSave)).toHaveText('Create…');
      await page.screenshot({ path: info.outputPath('expose-gateway-api.png'), fullPage: true });
      await saveForm(page);
      await expect(page.getByTestId(sel.istio.saved)).toContainText('Created HTTPRoute productpage-ingress');
      const route = await getObject(request, baseURL, NS, 'k8shttproutes', 'productpage-ingress');
      // toMatchObject: the API server fills the CRD's defaults (parentRef group/kind, backendRef weight)
      expect(route?.spec).toMatchObject({
        parentRefs: [{ name: 'bookinfo-gateway' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'productpage', port: 9080 }],
          },
        ],
      });
      await expectTraffic(
        GATEWAY_TO_PRODUCTPAGE(',response_code="200"'),
        'the Gateway API gateway does not reach productpage through the exposed route',
        90_000,
      );
    } finally {
      await deleteObject(request, baseURL, NS, 'k8shttproutes', 'productpage-ingress');
      await deleteObject(request, baseURL, NS, 'k8sgateways', 'bookinfo-gateway');
      await restoreGateway();
      await restoreRoute();
    }
  });
});
