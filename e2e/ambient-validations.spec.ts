import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { deleteObject, putObject } from './pages/istio-config-page';
import { ratingsDeleteDeny } from './pages/objects';

/**
 * Kiali's workload validations in ambient mode (issue 14): an AuthorizationPolicy with L7 rules that selects an
 * ambient workload no waypoint serves (ratings in bookinfo-ambient) gives KIA1317 on that workload, shown in the
 * workloads list's Istio config column and on its page, beside the policy's own KIA0109.
 */
const NS = 'bookinfo-ambient';
const POLICY = ratingsDeleteDeny(NS, 'e2e-ratings-l7');

test('an L7 policy on an ambient workload without a waypoint: KIA1317 in the workloads list and on the workload', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const baseURL = String(info.project.use.baseURL);
  await putObject(page.request, baseURL, 'authorizationpolicies', POLICY);
  try {
    const row = page.getByTestId(sel.mesh.listRow(NS, 'ratings-v1'));
    // the validations are shared for a few seconds: reload until the new policy's finding is there
    await expect
      .poll(
        async () => {
          await page.goto(`/workloads?namespaces=${NS}`);
          // the row, its references and its findings come in one response: once it shows, the findings are there
          await expect(row).toBeVisible();
          return row.locator('[data-code="KIA1317"]').count();
        },
        { timeout: 60_000, intervals: [3_000] },
      )
      .toBeGreaterThan(0);
    await expect(row.locator('[data-code="KIA1317"]')).toHaveAttribute(
      'title',
      'This workload has L7 Authorization Policies but no Waypoint',
    );
    // a workload the policy does not select has no such finding
    await expect(page.getByTestId(sel.mesh.listRow(NS, 'details-v1')).locator('[data-code="KIA1317"]')).toHaveCount(0);
    await page.goto(`/namespaces/${NS}/workloads/ratings-v1?namespaces=${NS}`);
    await expect(page.getByTestId(sel.mesh.tabPanel('overview'))).toContainText(
      'KIA1317 This workload has L7 Authorization Policies but no Waypoint',
    );
  } finally {
    await deleteObject(page.request, baseURL, NS, 'authorizationpolicies', 'e2e-ratings-l7');
  }
});
