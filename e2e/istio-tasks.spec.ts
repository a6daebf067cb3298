import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { deleteObject } from './pages/istio-config-page';
import { IstioWizardPage } from './pages/istio-wizard-page';
import { promSum } from './pages/prometheus';
import { expectNoTraffic, expectTraffic, getObject, keepSample, saveForm } from './pages/tasks';

/**
 * Istio's traffic-management tasks done entirely in the UI against the demo mesh (issue 16), each checked in the
 * traffic Prometheus scrapes from the demo (5 s scrapes; windows of 15–20 s so a change shows within a few scrapes).
 */

test.describe('Istio tasks from the UI, checked in Prometheus', () => {
  let baseURL = '';
  test.beforeAll(({}, info) => {
    baseURL = String(info.project.use.baseURL);
  });

  /**
   * A task test: `body` creates and checks; afterwards, passed or failed, each `created` object (namespace, plural,
   * name) is deleted in order. `timeout` (ms) replaces the test's default when given.
   */
  const taskTest = (
    title: string,
    { timeout, created }: { timeout?: number; created: [ns: string, plural: string, name: string][] },
    body: (fixtures: { page: Page; request: APIRequestContext }) => Promise<void>,
  ) =>
    test(title, async ({ page, request }) => {
      if (timeout) test.setTimeout(timeout);
      try {
        await body({ page, request });
      } finally {
        for (const [ns, plural, name] of created) await deleteObject(request, baseURL, ns, plural, name);
      }
    });

  taskTest(
    'TCP traffic shifting: tcp-echo port 9000 to v2 only; the VirtualService passes validation (no IST0112)',
    {
      timeout: 150_000,
      created: [
        ['tcp-echo', 'virtualservices', 'tcp-echo'],
        ['tcp-echo', 'destinationrules', 'tcp-echo'],
      ],
    },
    async ({ page, request }) => {
      const wizard = new IstioWizardPage(page);
      await wizard.open('tcp-echo', 'tcp-echo', 'tcp-traffic-shifting');
      await expect(page.getByTestId(sel.istio.wizardTcpPort)).toHaveValue('9000');
      await wizard.setWeights({ v1: 0, v2: 100 });
      await expect(wizard.preview).toContainText('number: 9000');
      // IST0112 used to block this: the destination now names the port, so Create is enabled
      await expect(page.getByTestId(sel.istio.wizardSave)).toBeEnabled();
      await expect(wizard.preview).not.toContainText('IST0112');
      await expect(page.getByTestId(sel.istio.wizardSave)).toHaveText('Create…');
      await wizard.save();
      const vs = await getObject(request, baseURL, 'tcp-echo', 'virtualservices', 'tcp-echo');
      expect((vs?.spec as { tcp: unknown }).tcp).toEqual([
        {
          match: [{ port: 9000 }],
          route: [{ destination: { host: 'tcp-echo', subset: 'v2', port: { number: 9000 } } }],
        },
      ]);
      // every new connection lands on v2: v1's destination-side count stops growing
      await expectNoTraffic(
        'sum(increase(istio_tcp_connections_opened_total{reporter="destination",destination_workload="tcp-echo-v1"}[15s]))',
        'tcp-echo-v1 still receives connections',
        90_000,
      );
      expect(
        await promSum(
          'sum(increase(istio_tcp_connections_opened_total{reporter="destination",destination_workload="tcp-echo-v2"}[15s]))',
        ),
      ).toBeGreaterThan(0);
    },
  );

  taskTest(
    'fault injection on details creates the HTTP rule, aborts with 503, and Delete removes only what the wizard created',
    { timeout: 180_000, created: [['bookinfo', 'virtualservices', 'details']] },
    async ({ page, request }) => {
      const wizard = new IstioWizardPage(page);
      await wizard.open('bookinfo', 'details', 'fault-injection');
      await expect(page.getByTestId(sel.istio.wizardCreatesRule)).toBeVisible();
      await page.getByRole('checkbox', { name: 'Abort' }).check();
      await expect(page.getByLabel('Abort status')).toHaveValue('503');
      await expect(page.getByTestId(sel.istio.wizardSave)).toHaveText('Create…');
      // the preview says what the fault does to the observed productpage → details requests
      await expect(wizard.impact.locator('tr[data-effect=abort]').first()).toContainText('bookinfo/productpage-v1', {
        timeout: 60_000,
      });
      await wizard.save();
      // after the save: nothing left to write, and no stale impact table
      await expect(page.getByText('No changes.')).toBeVisible();
      await expect(page.getByTestId(sel.istio.impact)).toHaveCount(0);
      await expectTraffic(
        'sum(increase(istio_requests_total{reporter="source",destination_service_name="details",response_code="503",response_flags="FI"}[15s]))',
        'no injected 503 (FI) on productpage → details',
      );

      // Delete: the wizard's VirtualService ticked, the sample's DestinationRule not
      await page.getByTestId(sel.istio.wizardDeleteRouting).click();
      await expect(page.getByTestId(sel.istio.wizardDeleteItem('VirtualService', 'details'))).toBeChecked();
      await expect(page.getByTestId(sel.istio.wizardDeleteItem('DestinationRule', 'details'))).not.toBeChecked();
      await page.getByTestId(sel.istio.confirmDelete).click();
      await expect(page.getByTestId(sel.istio.saved)).toContainText('Deleted VirtualService details');
      expect(await getObject(request, baseURL, 'bookinfo', 'virtualservices', 'details')).toBeNull();
      expect(await getObject(request, baseURL, 'bookinfo', 'destinationrules', 'details')).not.toBeNull();
      await expectNoTraffic(
        'sum(increase(istio_requests_total{reporter="source",destination_service_name="details",response_flags="FI"}[15s]))',
        'injected faults continue after the delete',
        90_000,
      );
    },
  );

  taskTest(
    'request timeout on details: the Timeouts tab creates the rule, productpage gets 504 UT',
    { timeout: 150_000, created: [['bookinfo', 'virtualservices', 'details']] },
    async ({ page }) => {
      const wizard = new IstioWizardPage(page);
      await wizard.open('bookinfo', 'details', 'timeouts');
      await expect(page.getByTestId(sel.istio.wizardCreatesRule)).toBeVisible();
      await page.getByRole('checkbox', { name: 'Timeout' }).check();
      await page.getByRole('textbox', { name: 'Timeout' }).fill('1ms');
      await expect(wizard.preview).toContainText('timeout: 1ms');
      await wizard.save();
      await expectTraffic(
        'sum(increase(istio_requests_total{reporter="source",destination_service_name="details",response_code="504",response_flags="UT"}[15s]))',
        'no 504 UT on productpage → details',
      );
    },
  );

  test('circuit breaking on ratings saves despite the sample’s own findings, and overflows show as 503 UO', async ({
    page,
    request,
  }) => {
    test.setTimeout(150_000);
    const restore = await keepSample(request, baseURL, 'bookinfo', 'destinationrules', 'ratings');
    try {
      const wizard = new IstioWizardPage(page);
      await wizard.open('bookinfo', 'ratings', 'traffic-policy');
      await page.getByTestId(sel.istio.formField('connectionPool')).check();
      await expect(page.getByTestId(sel.istio.wizardSave)).toHaveText('Update…');
      await expect(page.getByTestId(sel.istio.blockingFindings)).toBeVisible();
      await expect(page.getByTestId(sel.istio.blockingFindings).getByRole('alert')).toHaveCount(0);
      await wizard.save();
      const dr = await getObject(request, baseURL, 'bookinfo', 'destinationrules', 'ratings');
      expect((dr?.spec as { trafficPolicy: unknown }).trafficPolicy).toMatchObject({
        connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } },
      });
      await expectTraffic(
        'sum(increase(istio_requests_total{reporter="source",destination_service_name="ratings",response_flags="UO"}[15s]))',
        'no overflow (503 UO) towards ratings',
      );
    } finally {
      await restore();
    }
  });

  taskTest(
    'ServiceEntry form: declaring pypi.org lets curl’s calls through (egress)',
    { timeout: 120_000, created: [['default', 'serviceentries', 'pypi']] },
    async ({ page }) => {
      expect(
        await promSum('sum(increase(istio_tcp_connections_opened_total{destination_service_name="pypi.org"}[15s]))'),
      ).toBe(0);
      await page.goto('/istio/new/serviceentries?namespace=default&namespaces=default');
      await page.getByTestId(sel.istio.formField('name')).fill('pypi');
      await page.getByTestId(sel.istio.formField('hosts')).fill('pypi.org');
      await expect(page.getByTestId(sel.istio.formField('port0-number'))).toHaveValue('443');
      await saveForm(page);
      await expect(page).toHaveURL(/\/istio\/default\/serviceentries\/pypi/);
      await expectTraffic(
        'sum(increase(istio_tcp_connections_opened_total{reporter="source",source_workload="curl",destination_service_name="pypi.org"}[15s]))',
        'no connections to pypi.org after declaring it',
      );
    },
  );

  test('Gateway form, then Expose from the service page: productpage served through the new Gateway', async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    // the sample's Gateway and route are taken away first, so the only way in is what the UI creates (the sample's
    // Gateway would also hold port 8080 for every host: a second one is IST0145, which blocks the save)
    const restoreRoute = await keepSample(request, baseURL, 'bookinfo', 'virtualservices', 'bookinfo');
    const restoreGateway = await keepSample(request, baseURL, 'bookinfo', 'gateways', 'bookinfo-gateway');
    try {
      await deleteObject(request, baseURL, 'bookinfo', 'virtualservices', 'bookinfo');
      await deleteObject(request, baseURL, 'bookinfo', 'gateways', 'bookinfo-gateway');
      await expectNoTraffic(
        'sum(increase(istio_requests_total{reporter="source",source_workload="istio-ingressgateway",destination_workload="productpage-v1"}[15s]))',
        'ingress still reaches productpage without a route',
        90_000,
      );

      await page.goto('/istio/new/gateways?namespace=bookinfo&namespaces=bookinfo');
      await page.getByTestId(sel.istio.formField('name')).fill('public');
      await expect(page.getByTestId(sel.istio.formField('selector'))).toHaveValue('istio=ingressgateway');
      await expect(page.getByTestId(sel.istio.formField('server0-hosts'))).toHaveValue('*');
      // the port the ingress gateway's pods listen on (its Service maps 80 → 8080): no IST0162, no finding at all
      await expect(page.getByTestId(sel.istio.formField('server0-port'))).toHaveValue('8080');
      await expect(page.getByText('No problems found.')).toBeVisible();
      await saveForm(page);
      await expect(page).toHaveURL(/\/istio\/bookinfo\/gateways\/public/);

      await page.goto('/namespaces/bookinfo/services/productpage?namespaces=bookinfo');
      await page.getByTestId(sel.istio.exposeService).click();
      await expect(page).toHaveURL(/\/istio\/expose\/bookinfo\/productpage/);
      // the server's inventory is shared for 5 s: the new Gateway is listed once it has been read again
      const option = page.getByTestId(sel.istio.formField('gateway')).locator('option', { hasText: 'bookinfo/public' });
      await expect
        .poll(
          async () => {
            if ((await option.count()) > 0) return true;
            await page.reload();
            return false;
          },
          { timeout: 30_000, intervals: [2_000] },
        )
        .toBe(true);
      await page.getByTestId(sel.istio.formField('gateway')).selectOption('bookinfo/public');
      await page.getByTestId(sel.istio.formField('host')).fill('*');
      await expect(page.getByTestId(sel.istio.formSave)).toHaveText('Create…');
      await saveForm(page);
      await expect(page.getByTestId(sel.istio.saved)).toContainText('Created VirtualService productpage-ingress');
      const vs = await getObject(request, baseURL, 'bookinfo', 'virtualservices', 'productpage-ingress');
      expect(vs?.spec).toMatchObject({ hosts: ['*'], gateways: ['public'] });
      await expectTraffic(
        'sum(increase(istio_requests_total{reporter="source",source_workload="istio-ingressgateway",destination_workload="productpage-v1",response_code="200"}[15s]))',
        'ingress does not reach productpage through the exposed route',
        90_000,
      );
    } finally {
      await deleteObject(request, baseURL, 'bookinfo', 'virtualservices', 'productpage-ingress');
      await deleteObject(request, baseURL, 'bookinfo', 'gateways', 'public');
      await restoreGateway();
      await restoreRoute();
    }
  });

  taskTest(
    'Sidecar form: a namespace-wide Sidecar with REGISTRY_ONLY is created and validates',
    { created: [['tcp-echo', 'sidecars', 'default']] },
    async ({ page, request }) => {
      await page.goto('/istio/new/sidecars?namespace=tcp-echo&namespaces=tcp-echo');
      await expect(page.getByTestId(sel.istio.formField('egress0-hosts'))).toHaveValue('./*, istio-system/*');
      await page.getByTestId(sel.istio.formField('outboundMode')).selectOption('REGISTRY_ONLY');
      await saveForm(page);
      await expect(page).toHaveURL(/\/istio\/tcp-echo\/sidecars\/default/);
      const sc = await getObject(request, baseURL, 'tcp-echo', 'sidecars', 'default');
      expect(sc?.spec).toEqual({
        egress: [{ hosts: ['./*', 'istio-system/*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      });
    },
  );
});
