import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { GraphPage, versionedAppGraph, waitForGraph } from './pages/graph-page';
import { ShellPage } from './pages/shell-page';
import { stackControl } from './stack';

// Against the demo mesh: bookinfo with its traffic generator, scraped by a real Prometheus.
const BOOKINFO = 'namespaces=bookinfo&duration=300&refresh=0';

test.describe('traffic graph', () => {
  // A fresh demo stack needs a few scrapes before the graph has traffic: wait for it once, not in every test.
  test.beforeAll(async ({ request }) => {
    await waitForGraph(
      request,
      versionedAppGraph('bookinfo'),
      (g) => g.elements.edges.length,
      0,
      110_000,
    ).toBeGreaterThan(5);
  });

  test('shows the bookinfo apps on the canvas', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await expect(graph.canvas).toBeVisible();
    for (const svc of ['productpage', 'details', 'reviews', 'ratings']) {
      await expect(graph.node('service', svc)).toHaveCount(1);
    }
    await expect(graph.node('app', 'reviews v2')).toHaveCount(1);
    // nothing selected: the graph summary
    await expect(graph.sidePanel).toContainText('bookinfo');
  });

  test('the server-rendered script sends the graph request and the page uses its answer (sent once); the canvas says when the layout is drawn', async ({
    page,
  }) => {
    const graphRequests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/namespaces/graph') graphRequests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await expect(graph.canvas).toHaveAttribute('data-layout', 'done');
    await expect(graph.node('app', 'reviews v2')).toHaveCount(1);
    // the server-rendered script (PREFETCH_CODE, lib/query/prefetch.ts) sent it, and the page used that answer instead of asking
    // again. (Whether it starts before the app shell's own first request depends on how the streamed HTML and the
    // chunks arrive, so that order is not asserted.)
    expect(graphRequests).toHaveLength(1);
    const started = await page.evaluate(() => {
      const graphEntry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/namespaces/graph'));
      const prefetch = performance.getEntriesByName('meshscope:graph:prefetch', 'mark')[0];
      return { graph: graphEntry?.startTime ?? NaN, prefetch: prefetch?.startTime ?? NaN };
    });
    expect(started.prefetch).toBeLessThanOrEqual(started.graph);
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  });

  test('selecting an edge shows its request rate in the side panel', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await graph.select(graph.edge('productpage v1', 'reviews'));
    await expect(graph.panelTitle).toHaveText('productpage v1 → reviews');
    await expect(graph.edgeRate).toHaveText(/^\d+(\.\d+)? rps$/);
    await expect(page).toHaveURL(/focusSelector=/);
    // the selection survives a reload (the URL carries it)
    await page.reload();
    await expect(graph.panelTitle).toHaveText('productpage v1 → reviews');
  });

  test('selecting a node shows its health and traffic, with charts or a named error', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await graph.select(graph.node('app', 'reviews v2'));
    await expect(graph.panelTitle).toHaveText('reviews v2');
    await expect(graph.sidePanel).toContainText('Health');
    await expect(graph.sidePanel.getByRole('link', { name: /Workload reviews-v2/ })).toBeVisible();
    await expect(graph.chart.or(page.getByTestId(sel.graph.chartError))).toBeVisible();
  });

  test('a node opens its node graph (the node and its neighbours), and Back returns to the namespace graph', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await expect(graph.node('app', 'details v1')).toHaveCount(1);
    await graph.select(graph.node('app', 'reviews v2'));
    await page.getByTestId(sel.graph.openNodeGraph).click();
    await expect(page).toHaveURL(/nodeNamespace=bookinfo&nodeKind=app&nodeName=reviews&nodeVersion=v2/);
    await expect(page.getByTestId(sel.graph.nodeGraphBar)).toContainText('app reviews v2 in bookinfo');
    // reviews v2's callers (through the reviews service) and callees (ratings), not the rest of bookinfo
    await expect(graph.node('app', 'reviews v2')).toHaveCount(1);
    await expect(graph.node('service', 'ratings')).toHaveCount(1);
    await expect(graph.node('app', 'details v1')).toHaveCount(0);
    await expect(graph.node('app', 'reviews v1')).toHaveCount(0);
    // the link reproduces it, and the browser's Back leaves it
    await page.reload();
    await expect(page.getByTestId(sel.graph.nodeGraphBar)).toBeVisible();
    await expect(graph.node('app', 'details v1')).toHaveCount(0);
    await page.goBack();
    await expect(page.getByTestId(sel.graph.nodeGraphBar)).toHaveCount(0);
    await expect(graph.node('app', 'details v1')).toHaveCount(1);
  });

  test('the view round-trips through the URL', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await graph.setGraphType('workload');
    await graph.toggleEdgeLabel('rt95');
    await graph.setLayout('grid');
    await graph.toggle('showSecurity');
    await graph.find('! healthy');
    await graph.hide('name = unknown');
    await expect(page).toHaveURL(/graphType=workload/);
    await expect(page).toHaveURL(/edges=trafficRate%2Crt95/);
    await expect(page).toHaveURL(/layout=grid/);
    await expect(page).toHaveURL(/badgeSecurity=true/);
    await expect(page).toHaveURL(/graphFind=/);
    const url = page.url();

    await page.goto(url);
    await expect(page.getByTestId(sel.graph.graphType)).toHaveValue('workload');
    expect(await graph.edgeLabelOn('rt95')).toBe(true);
    expect(await graph.edgeLabelOn('trafficRate')).toBe(true);
    await expect(page.getByTestId(sel.graph.layout)).toHaveValue('grid');
    await expect(page.getByTestId(sel.graph.findInput)).toHaveValue('! healthy');
    await expect(page.getByTestId(sel.graph.hideInput)).toHaveValue('name = unknown');
    await expect(graph.node('workload', 'productpage-v1')).toHaveCount(1);
  });

  test('a bad Find expression shows the parser error inline', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto(BOOKINFO);
    await graph.find('bogus > 3');
    await expect(graph.findError).toBeVisible();
    await expect(graph.canvas).toBeVisible();
  });

  test('without a namespace the page asks for one', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('refresh=0');
    await expect(graph.empty).toContainText('No namespace selected');
  });

  test('with Prometheus stopped, the graph shows an error naming Prometheus and the banner names it', async ({
    page,
    request,
  }) => {
    await stackControl('stop', 'prometheus');
    try {
      const res = await request.get('/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&duration=300s');
      expect(res.status()).toBe(503);
      expect((await res.json()).error.code).toBe('unavailable:prometheus');
      const graph = new GraphPage(page);
      await graph.goto(BOOKINFO);
      await expect(page.getByTestId(sel.graph.error)).toContainText('Prometheus');
      await expect(new ShellPage(page).banner).toContainText('Prometheus unavailable');
    } finally {
      await stackControl('start', 'prometheus');
    }
  });
});
