import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { GraphPage, versionedAppGraph, waitForGraph } from './pages/graph-page';

// Issue 16 "the graph, readable at a glance": the default view (default layout) of the demo's graphs on common desktop
// and laptop screens has labels of 10 px or more on screen and no two namespace boxes overlapping. A graph whose fit
// draws labels that large is fitted, filling the canvas in at least one direction; a larger one opens zoomed in to
// 10 px labels at its top-left, with the overview (minimap) showing where the view is, and the toolbar's Fit shows it
// all (layouts.ts floorFitZoom).
// `fits`: the screens (width) where the fit keeps labels of 10 px: bookinfo and the four namespaces (about 20
// nodes) down to 1366×768; the three bookinfo copies with istio-system (35-odd nodes) at 1600×1000 (about 9 px when
// fitted at 1366×768: the canvas is 805×565 px beside the side panel); every namespace (45-odd nodes) neither.
// `shot`: the name of the README's screenshot (public/graph/<shot>-<width>x<height>.png), written when the run has
// GRAPH_SCREENSHOTS=1 (`GRAPH_SCREENSHOTS=1 npx playwright test e2e/graph-readable.spec.ts`).
const VIEWS: { name: string; namespaces: string; fits: number[]; shot?: string }[] = [
  { name: 'bookinfo', namespaces: 'bookinfo', fits: [1600, 1366], shot: 'bookinfo' },
  {
    name: 'four namespaces',
    namespaces: 'bookinfo,default,istio-system,tcp-echo',
    fits: [1600, 1366],
    shot: 'four-namespaces',
  },
  {
    name: 'bookinfo, ambient, Gateway API and istio-system',
    namespaces: 'bookinfo,bookinfo-ambient,bookinfo-gateway-api,istio-system',
    fits: [1600],
    shot: 'bookinfo-ambient-gateway-api',
  },
  {
    name: 'every demo namespace',
    namespaces: 'bookinfo,bookinfo-ambient,bookinfo-gateway-api,default,istio-system,tcp-echo',
    fits: [],
  },
];
const SCREENS = [
  { width: 1600, height: 1000 },
  { width: 1366, height: 768 },
];

test.describe('graph readable at a glance', () => {
  // a fresh demo needs a few scrapes before every namespace has traffic (and so its nodes)
  test.beforeAll(async ({ request }) => {
    await waitForGraph(
      request,
      versionedAppGraph('bookinfo,tcp-echo,default,bookinfo-ambient,bookinfo-gateway-api'),
      (g) => [...new Set(g.elements.nodes.map((n) => n.data.namespace))].sort(),
      [],
      140_000,
    ).toEqual(expect.arrayContaining(['bookinfo', 'bookinfo-ambient', 'bookinfo-gateway-api', 'default', 'tcp-echo']));
  });

  for (const screen of SCREENS)
    for (const view of VIEWS) {
      const fits = view.fits.includes(screen.width);
      test(`${view.name} at ${screen.width}×${screen.height}: labels of 10 px or more, no boxes overlapping, ${fits ? 'the fit filling the canvas' : 'the overview showing the part in view, Fit showing it all'}`, async ({
        page,
      }) => {
        await page.setViewportSize(screen);
        const graph = new GraphPage(page);
        await graph.goto(`namespaces=${view.namespaces}&duration=300&refresh=0`);
        // the overview redraws on the next animation frame after the layout
        await page.evaluate(
          () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
        );
        const f = await graph.layoutFigures();
        test.info().annotations.push({ type: 'figures', description: JSON.stringify(f) });
        console.log(`graph-readable ${view.name} ${screen.width}x${screen.height}: ${JSON.stringify(f)}`);
        if (process.env.GRAPH_SCREENSHOTS && view.shot)
          await page.screenshot({ path: `public/graph/${view.shot}-${screen.width}x${screen.height}.png` });
        expect(f.nodes).toBeGreaterThan(5);
        expect(f.overlaps).toEqual([]);
        expect(f.edgeLabels).toBeGreaterThan(5);
        expect(f.nodeLabelPx).toBeGreaterThanOrEqual(10);
        expect(f.edgeLabelPx).toBeGreaterThanOrEqual(10);
        expect(Math.max(f.fill.width, f.fill.height)).toBeGreaterThan(0.85);
        // where it fits, it must; a large view may fit on a wide screen when the demo's traffic leaves a node idle
        // (seen once for every namespace at 1600×1000): the overview shows exactly when part of it is out of view
        if (fits) expect(f.inside).toBe(true);
        expect(f.overview).toBe(!f.inside);
        if (f.inside) return;
        // Fit: everything in view (labels smaller), the overview gone
        await page.getByTestId(sel.graph.fitButton).click();
        await expect.poll(async () => (await graph.layoutFigures()).overview).toBe(false);
        const all = await graph.layoutFigures();
        console.log(`graph-readable ${view.name} ${screen.width}x${screen.height} after Fit: ${JSON.stringify(all)}`);
        expect(all.inside).toBe(true);
        expect(all.overlaps).toEqual([]);
      });
    }
});
