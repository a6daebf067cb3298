import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import { sel } from '@/components/test-ids';
import type { KialiGraphJson } from '@/lib/graph/types';
import { TestIdPage } from './test-id-page';

/** Escapes text for use inside a RegExp. */
function re(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Polls the graph API (`/api/namespaces/graph?<query>`) every 2 s for up to `timeout` ms: each answer is measured by
 * `measure`, a failed request measures `failed`. Returns the poll for the caller's matcher, e.g.
 * `await pollGraph(request, q, (g) => g.elements.edges.length, 0, 60_000).toBeGreaterThan(5)` (a fresh demo stack
 * needs a few scrapes before the graph has traffic).
 */
export function pollGraph<T>(
  request: APIRequestContext,
  query: string,
  measure: (graph: KialiGraphJson) => T,
  failed: T,
  timeout: number,
) {
  return expect.poll(
    async () => {
      const res = await request.get(`/api/namespaces/graph?${query}`);
      return res.ok() ? measure((await res.json()) as KialiGraphJson) : failed;
    },
    { timeout, intervals: [2_000] },
  );
}

/**
 * For a `test.beforeAll` that waits for the demo's traffic: gives the hook `timeout` + 10 s, then polls the graph API
 * as `pollGraph` does for up to `timeout` ms. Returns the poll for the caller's matcher.
 */
export function waitForGraph<T>(
  request: APIRequestContext,
  query: string,
  measure: (graph: KialiGraphJson) => T,
  failed: T,
  timeout: number,
) {
  test.setTimeout(timeout + 10_000);
  return pollGraph(request, query, measure, failed, timeout);
}

/** Graph API query: the versioned-app graph of `namespaces` (comma-separated) over 5 minutes, with service nodes. */
export const versionedAppGraph = (namespaces: string): string =>
  `namespaces=${namespaces}&graphType=versionedApp&duration=300s&injectServiceNodes=true`;

/**
 * Page object for the traffic graph. The canvas has no DOM per element, so nodes and edges are reached through
 * the page's accessible element list (the same buttons keyboard and screen-reader users get); activating one
 * selects it exactly like a click on the canvas.
 */
export class GraphPage extends TestIdPage {
  readonly root = this.byTestId(sel.graph.page);
  readonly canvas = this.byTestId(sel.graph.canvas);
  readonly sidePanel = this.byTestId(sel.graph.sidePanel);
  readonly panelTitle = this.byTestId(sel.graph.panelTitle);
  readonly edgeRate = this.byTestId(sel.graph.edgeRate);
  readonly empty = this.byTestId(sel.graph.empty);
  readonly error = this.byTestId(sel.graph.error);
  readonly chart = this.byTestId(sel.graph.chart);
  readonly elementList = this.byTestId(sel.graph.elementList);
  readonly findError = this.byTestId(sel.graph.findError);

  async goto(query: string): Promise<void> {
    await this.page.goto(`/graph?${query}`);
  }

  /** The list entry of a node, e.g. `node('service', 'reviews')` or `node('app', 'reviews v2')`. */
  node(nodeType: string, name: string): Locator {
    return this.elementList.getByRole('button', { name: new RegExp(`^${re(nodeType)} ${re(name)} \\(`) });
  }

  /** The list entry of the edge between two nodes, named as the panel names them (`productpage v1`, `reviews`). */
  edge(from: string, to: string): Locator {
    return this.elementList.getByRole('button', { name: new RegExp(`^edge ${re(from)} → ${re(to)},`) });
  }

  /**
   * Figures of the drawn graph, read from the page's cytoscape instance (cytoscape keeps it on its container): the
   * number of (leaf) nodes and of labelled edges, the smallest node and edge label on screen (font size × zoom, px; 0
   * when there is none), the pairs of namespace boxes whose rectangles (titles included) overlap, the share of the
   * canvas's width and height the drawing spans at the current zoom, and whether it is all in view.
   */
  async layoutFigures(): Promise<{
    zoom: number;
    nodes: number;
    edgeLabels: number;
    nodeLabelPx: number;
    edgeLabelPx: number;
    overlaps: string[];
    fill: { width: number; height: number };
    inside: boolean;
    /** The overview (minimap) is shown: the view holds only part of the graph. */
    overview: boolean;
  }> {
    await expect(this.canvas).toHaveAttribute('data-layout', 'done');
    return this.canvas.evaluate((el) => {
      type Box = { x1: number; y1: number; x2: number; y2: number; w: number; h: number };
      type Ele = {
        style(name: string): string;
        data(name: string): unknown;
        isParent(): boolean;
        hasClass(c: string): boolean;
        boundingBox(o: object): Box;
        renderedBoundingBox(o: object): Box;
      };
      type Coll = { filter(f: (e: Ele) => boolean): Ele[] } & { renderedBoundingBox(o: object): Box };
      const cy = (el as unknown as { _cyreg: { cy: Record<string, (...a: unknown[]) => unknown> } })._cyreg.cy;
      const zoom = cy.zoom!() as number;
      const nodes = cy.nodes!(':visible') as unknown as Coll;
      const edges = cy.edges!(':visible') as unknown as Coll;
      const px = (e: Ele) => parseFloat(e.style('font-size')) * zoom;
      const labelled = (list: Ele[]) => list.filter((e) => !!e.data('label')).map(px);
      const least = (list: number[]) => (list.length ? Math.min(...list) : 0);
      const leaves = nodes.filter((n) => !n.isParent());
      const edgeLabels = labelled(edges.filter(() => true));
      const boxes = nodes.filter((n) => n.isParent() && n.hasClass('box-namespace'));
      const rects = boxes.map((b) => ({ id: String(b.data('label')), r: b.boundingBox({ includeLabels: true }) }));
      const overlaps: string[] = [];
      rects.forEach((a, i) =>
        rects.slice(i + 1).forEach((b) => {
          if (a.r.x1 < b.r.x2 && b.r.x1 < a.r.x2 && a.r.y1 < b.r.y2 && b.r.y1 < a.r.y2)
            overlaps.push(`${a.id}/${b.id}`);
        }),
      );
      const all = cy.elements!(':visible') as unknown as Coll;
      const rb = all.renderedBoundingBox({ includeLabels: true });
      const w = cy.width!() as number;
      const h = cy.height!() as number;
      return {
        zoom,
        nodes: leaves.length,
        edgeLabels: edgeLabels.length,
        nodeLabelPx: least(labelled(leaves)),
        edgeLabelPx: least(edgeLabels),
        overlaps,
        fill: { width: rb.w / w, height: rb.h / h },
        inside: rb.x1 >= -1 && rb.y1 >= -1 && rb.x2 <= w + 1 && rb.y2 <= h + 1,
        overview: (el.querySelector('.graph-minimap') as HTMLElement | null)?.style.display === 'block',
      };
    });
  }

  /**
   * The boxes of one kind drawn on the canvas (`cluster`, `namespace`, `app`), read from the page's cytoscape
   * instance: each box's label and the names of the (leaf) nodes inside it, sorted.
   */
  async boxes(kind: 'cluster' | 'namespace' | 'app'): Promise<Record<string, string[]>> {
    await expect(this.canvas).toHaveAttribute('data-layout', 'done');
    return this.canvas.evaluate((el, boxClass) => {
      type Ele = { data(name: string): unknown; isParent(): boolean; descendants(): Ele[] & { toArray(): Ele[] } };
      const cy = (el as unknown as { _cyreg: { cy: { nodes(s: string): { toArray(): Ele[] } } } })._cyreg.cy;
      // the label's first line, without the badges before the name ("(istio-system)" under an outside node goes)
      const name = (e: Ele) => String(e.data('label')).split('\n')[0]!.split(' ').pop() ?? '';
      return Object.fromEntries(
        cy
          .nodes(`node.${boxClass}`)
          .toArray()
          .map((box) => [
            String(box.data('label')),
            box
              .descendants()
              .toArray()
              .filter((n) => !n.isParent())
              .map(name)
              .sort(),
          ]),
      );
    }, `box-${kind}`);
  }

  /** Selects a node or edge through its list entry (keyboard activation; the list is visually hidden). */
  async select(entry: Locator): Promise<void> {
    await entry.focus();
    await this.page.keyboard.press('Enter');
  }

  async setGraphType(type: 'app' | 'versionedApp' | 'workload' | 'service'): Promise<void> {
    await this.byTestId(sel.graph.graphType).selectOption(type);
  }

  async setLayout(layout: 'dagre' | 'fcose' | 'breadthfirst' | 'grid'): Promise<void> {
    await this.byTestId(sel.graph.layout).selectOption(layout);
  }

  /** Opens a toolbar menu (test id `menu`), clicks its item (test id `item`) and closes the menu (Escape). */
  private async clickMenuItem(menu: string, item: string): Promise<void> {
    await this.byTestId(menu).click();
    await this.byTestId(item).click();
    await this.page.keyboard.press('Escape');
  }

  /** Switches one edge label on or off in the Edge labels menu (`trafficRate`, `rt95`, …), then closes the menu. */
  async toggleEdgeLabel(mode: string): Promise<void> {
    await this.clickMenuItem(sel.graph.edgeLabels, sel.graph.edgeLabel(mode));
  }

  /** Whether an edge label is on, read from the open-and-closed menu (`aria-checked` of its item). */
  async edgeLabelOn(mode: string): Promise<boolean> {
    await this.byTestId(sel.graph.edgeLabels).click();
    const on = (await this.byTestId(sel.graph.edgeLabel(mode)).getAttribute('aria-checked')) === 'true';
    await this.page.keyboard.press('Escape');
    return on;
  }

  /** Flips a display toggle (`boxByNamespace`, `idleNodes`, `showSecurity`, `animation`, ...). */
  async toggle(key: string): Promise<void> {
    await this.clickMenuItem(sel.graph.displayMenu, sel.graph.toggle(key));
  }

  /** Types an expression into the Find or Hide input (test id `input`) and applies it (Enter). */
  private async applyExpression(input: string, expression: string): Promise<void> {
    await this.byTestId(input).fill(expression);
    await this.byTestId(input).press('Enter');
  }

  /** Types a Find expression and applies it (Enter). */
  async find(expression: string): Promise<void> {
    await this.applyExpression(sel.graph.findInput, expression);
  }

  /** Types a Hide expression and applies it (Enter). */
  async hide(expression: string): Promise<void> {
    await this.applyExpression(sel.graph.hideInput, expression);
  }
}
