import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import type { KialiGraphJson } from '@/lib/graph/types';
import { GraphPage, waitForGraph } from './pages/graph-page';
import { deleteObject, IstioObjectPage, putObject } from './pages/istio-config-page';
import { ratingsDeleteDeny } from './pages/objects';
import { E2E_PORTS } from './stack';

/**
 * Ambient mode on the demo mesh (issue 14): `bookinfo-ambient` is labelled `istio.io/dataplane-mode=ambient`, its pods
 * run without sidecars (ztunnel carries their L4 traffic and reports TCP bytes), and the `waypoint` Gateway (class
 * `istio-waypoint`, `istio.io/waypoint-for: service`) serves `reviews` (`istio.io/use-waypoint: waypoint`), reporting
 * its L7 requests with `reporter="waypoint"`.
 */
const NS = 'bookinfo-ambient';
const AMBIENT = `namespaces=${NS}&duration=300&refresh=0&graphType=workload`;

type Graph = KialiGraphJson;

function tcpEdges(g: Graph): number {
  return g.elements.edges.filter((e) => e.data.traffic.protocol === 'tcp').length;
}

test.describe('ambient mode', () => {
  test.beforeAll(async ({ request }) => {
    // a fresh demo needs a few scrapes of the ztunnel and waypoint pods before the graph has L4 and L7 edges
    await waitForGraph(
      request,
      `namespaces=${NS}&graphType=workload&duration=300s`,
      (g) => Math.min(tcpEdges(g), g.elements.edges.filter((e) => e.data.traffic.protocol === 'http').length),
      0,
      110_000,
    ).toBeGreaterThan(0);
  });

  test('the graph API follows ambientTraffic as Kiali does: ztunnel L4 edges, waypoint L7 edges, the waypoint node', async ({
    request,
  }) => {
    const get = async (q: string) =>
      (await (
        await request.get(`/api/namespaces/graph?namespaces=${NS}&graphType=workload&duration=300s&${q}`)
      ).json()) as Graph;
    const total = await get('ambientTraffic=total');
    const waypoint = total.elements.nodes.find((n) => n.data.isWaypoint);
    expect(waypoint?.data.workload).toBe('waypoint');
    expect(total.elements.nodes.some((n) => n.data.isAmbient && !n.data.isWaypoint)).toBe(true);
    expect(total.elements.edges.some((e) => e.data.waypoint?.direction === 'to')).toBe(true);
    // app!="ztunnel": no ztunnel TCP rows, so no L4 edges between ambient workloads
    expect(tcpEdges(await get('ambientTraffic=waypoint'))).toBe(0);
    // reporter="destination" only: the waypoint's L7 rows leave
    const l4 = await get('ambientTraffic=ztunnel');
    expect(tcpEdges(l4)).toBeGreaterThan(0);
    expect(
      l4.elements.edges.filter((e) => e.data.traffic.protocol === 'http' && e.data.target === waypoint?.data.id),
    ).toHaveLength(0);
    const hidden = await get('waypoints=false');
    expect(hidden.elements.nodes.some((n) => n.data.isWaypoint)).toBe(false);
  });

  test('the toolbar’s ambient selector changes the request and the URL', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto(AMBIENT);
    await expect(graph.canvas).toBeVisible();
    await expect(graph.node('workload', 'waypoint')).toHaveCount(1);
    const request = page.waitForRequest(
      (r) => new URL(r.url()).pathname === '/api/namespaces/graph' && r.url().includes('ambientTraffic=ztunnel'),
    );
    await page.getByTestId(sel.graph.ambientTraffic).selectOption('ztunnel');
    await request;
    await expect(page).toHaveURL(/ambientTraffic=ztunnel/);
    await page.getByTestId(sel.graph.displayMenu).click();
    await page.getByTestId(sel.graph.toggle('showWaypoints')).click();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/waypoints=false/);
    await expect(graph.node('workload', 'waypoint')).toHaveCount(0);
  });

  test('the Waypoints view lists the waypoint with what it serves and the services attached', async ({ page }) => {
    await page.goto(`/waypoints?namespaces=${NS}`);
    const row = page.getByTestId(sel.waypoints.row(NS, 'waypoint'));
    await expect(row).toBeVisible();
    await expect(row).toContainText('services');
    await expect(row).toContainText(`${NS}/reviews`);
    await expect(row).toContainText('Deployed');
  });

  test('the namespace card and the workload page say how workloads are in the mesh', async ({ page }) => {
    await page.goto(`/overview?namespaces=${NS}`);
    await expect(page.getByTestId(sel.mesh.ambientBadge(NS))).toContainText('Ambient');
    await page.goto(`/namespaces/${NS}/workloads/reviews-v1?namespaces=${NS}`);
    const mesh = page.getByTestId(sel.mesh.detailMesh);
    await expect(mesh).toContainText('Ambient + waypoint (L7)');
    await expect(mesh).toContainText(`${NS}/waypoint`);
    await expect(mesh).toContainText('istio-system/ztunnel');
    await page.goto(`/namespaces/${NS}/workloads/details-v1?namespaces=${NS}`);
    await expect(page.getByTestId(sel.mesh.detailMesh)).toContainText('Ambient (L4)');
  });

  test.describe('an L7 AuthorizationPolicy on a workload with no waypoint', () => {
    const POLICY = ratingsDeleteDeny(NS, 'e2e-l7-ratings');
    let baseURL = '';
    test.beforeAll(async ({ request }, info) => {
      baseURL = String(info.project.use.baseURL);
      await putObject(request, baseURL, 'authorizationpolicies', POLICY);
    });
    test.afterAll(async ({ request }) => {
      await deleteObject(request, baseURL, NS, 'authorizationpolicies', 'e2e-l7-ratings');
    });

    test('gets the KIA0109 marker on its L7 field, and an L4-only rule does not', async ({ page }) => {
      const editor = new IstioObjectPage(page);
      await editor.open(NS, 'authorizationpolicies', 'e2e-l7-ratings');
      const marker = editor.markers.locator('li', { hasText: 'requires waypoint enrollment' });
      await expect(marker).toBeVisible();
      await expect(marker).toHaveAttribute('data-testid', /^istio-marker-KIA0109-\d+$/);
      // the same rule on ports only is L4: ztunnel enforces it, nothing to flag (and no IST0127: ratings is in the mesh)
      await editor.replace(/methods:\n(\s*)- DELETE/, 'ports:\n$1- "9080"');
      await expect(editor.markers.locator('li', { hasText: 'requires waypoint enrollment' })).toHaveCount(0);
      await expect(editor.markers.locator('li', { hasText: 'No matching workloads' })).toHaveCount(0);
    });
  });

  test.describe('an L7 DENY attached to a Service with no waypoint, then a waypoint (the issue’s done-when flow)', () => {
    const NAME = 'e2e-deny-ratings-get';
    // L4 to start with (a port), so that the editor turns it into the L7 rule before any save
    const POLICY = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: NAME, namespace: NS },
      spec: {
        targetRefs: [{ kind: 'Service', group: '', name: 'ratings' }],
        action: 'DENY',
        rules: [{ to: [{ operation: { ports: ['9999'] } }] }],
      },
    };
    const SERVICE = `http://127.0.0.1:${E2E_PORTS.kube}/api/v1/namespaces/${NS}/services/ratings`;
    /** `kubectl label svc ratings istio.io/use-waypoint=…` through the demo Kubernetes API (null removes it). */
    const labelRatings = async (waypoint: string | null) => {
      const res = await fetch(SERVICE, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({ metadata: { labels: { 'istio.io/use-waypoint': waypoint } } }),
      });
      expect(res.ok).toBe(true);
    };
    let baseURL = '';
    test.beforeAll(async ({ request }, info) => {
      baseURL = String(info.project.use.baseURL);
      await putObject(request, baseURL, 'authorizationpolicies', POLICY);
    });
    test.afterAll(async ({ request }) => {
      await labelRatings(null);
      await deleteObject(request, baseURL, NS, 'authorizationpolicies', NAME);
    });

    test('is flagged in the editor and the save review before save; with a waypoint it denies: 403 edges', async ({
      page,
      request,
    }) => {
      test.setTimeout(150_000);
      const editor = new IstioObjectPage(page);
      await editor.open(NS, 'authorizationpolicies', NAME);
      const flag = editor.markers.locator('li', { hasText: 'requires waypoint enrollment' });
      await expect(flag).toHaveCount(0);
      await editor.replace(/ports:\n(\s*)- "?9999"?/, 'methods:\n$1- GET');
      // unsaved text: KIA0109 on the targetRef, as ratings has no waypoint
      await expect(flag).toBeVisible();
      await expect(flag).toHaveAttribute('data-testid', /^istio-marker-KIA0109-\d+$/);
      // the save review's impact preview says nothing would enforce it
      await page.getByTestId(sel.istio.save).click();
      await expect(page.getByTestId(sel.istio.saveDialog)).toBeVisible();
      await expect(page.getByTestId(sel.istio.impactNote('not-enforced'))).toContainText(
        `Service ${NS}/ratings, which no waypoint serves: nothing enforces this policy`,
        { timeout: 30_000 },
      );
      await page.getByTestId(sel.istio.confirmSave).click();
      await expect(page.getByTestId(sel.istio.saveDialog)).toBeHidden();

      // attach the waypoint to ratings: its L7 traffic now goes through the waypoint, which applies the policy
      await labelRatings('waypoint');
      const graph = `/api/namespaces/graph?namespaces=${NS}&graphType=workload&duration=60s`;
      await expect
        .poll(
          async () => {
            const g = (await (await request.get(graph)).json()) as Graph;
            // the waypoint answers 403 before picking an endpoint (destination_workload="unknown"): Kiali draws the
            // edge to the ratings service node
            const ratings = new Set(
              g.elements.nodes
                .filter((n) => n.data.service === 'ratings' || n.data.workload === 'ratings-v1')
                .map((n) => n.data.id),
            );
            return g.elements.edges.some(
              (e) =>
                ratings.has(e.data.target) &&
                e.data.traffic.protocol === 'http' &&
                Object.keys(e.data.traffic.responses ?? {}).includes('403'),
            );
          },
          { timeout: 120_000, intervals: [3_000] },
        )
        .toBe(true);
      // and the editor no longer flags it
      await editor.open(NS, 'authorizationpolicies', NAME);
      await expect(editor.markers.locator('li', { hasText: 'requires waypoint enrollment' })).toHaveCount(0);
    });
  });
});
