/**
 * Runs the island's layouts and says when the result is on screen (`data-layout="running"|"done"` on the container,
 * which tests and the benchmark wait on). Normal mode lays out in place, synchronously. Large mode keeps any single
 * task short (perf-security.md §1b): fcose runs in a web worker, started before the elements are even added, while
 * the main thread adds and styles them; other layouts run in a task of their own after the one that added the
 * elements; rendering is held meanwhile so the unpositioned graph is never drawn (cytoscape draws nothing mid-batch).
 */
import type { Collection, Core, ElementDefinition, Layouts } from 'cytoscape';
import type { LayoutName } from '@/lib/query/graph';
import { clearRoutes, compoundLayoutOf } from './compound-layout-cy';
import { capFitZoom, FIT_PADDING, floorFitZoom, layoutOptions, usesCompoundLayout } from './layouts';
import { applyPositions, layoutJob, sharedLayoutWorker, type LayoutJob, type LayoutWorker } from './worker-layout';

/** Node size (px) large mode draws (styles.ts largeStylesheet), for framing the worker's positions. */
const LARGE_NODE_SIZE = 16;

/** A layout already running off the main thread for the next element list. */
export interface OffThreadLayout {
  job: Omit<LayoutJob, 'id'>;
  positions: Promise<Float64Array>;
}

export interface LayoutView {
  /** Frame the result (first layout, or the user has not moved the viewport). */
  fit(): boolean;
  /** Nodes the user dragged: they keep their place. */
  dragged(): ReadonlySet<string>;
  /** Called once the positions are set (before they are drawn). */
  onLaidOut(): void;
}

export class LayoutRunner {
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private holding = false;
  private current: Layouts | null = null;
  private readonly worker: LayoutWorker | null;

  constructor(
    private readonly cy: Core,
    private readonly large: boolean,
    private readonly view: LayoutView,
  ) {
    this.worker = large ? sharedLayoutWorker() : null;
  }

  /** Starts the worker's script loading (large mode), so it is ready when the data is. */
  warm(): void {
    this.worker?.warm();
  }

  /**
   * Starts `name` on `elements` in the worker when that applies (large mode, fcose, worker available) and `stale()`
   * says the current layout no longer fits them, before the caller patches them into cy; null otherwise. `stale` is
   * asked only when the worker applies, so a small graph's refresh never pays for it.
   */
  startOffThread(
    name: LayoutName,
    elements: readonly ElementDefinition[],
    stale: () => boolean,
  ): OffThreadLayout | null {
    if (!this.worker || name !== 'fcose' || !this.worker.warm() || !stale()) return null;
    const options = layoutOptions(name, { large: true, fit: false });
    const job = layoutJob(elements, options);
    const positions = this.worker.run(job);
    positions.catch(() => undefined); // handled in run(); a superseded job may fail unobserved
    return { job, positions };
  }

  /** Lays out the visible elements with `name` (using `offThread` when given); supersedes any layout in progress. */
  run(name: LayoutName, offThread: OffThreadLayout | null = null): void {
    this.cancel();
    const generation = ++this.generation;
    const cy = this.cy;
    const container = cy.container();
    if (container) container.dataset.layout = 'running';
    if (!this.large) return this.inPlace(name, visibleStyled(cy), generation);
    this.hold();
    if (offThread) {
      // the new elements' style is resolved in a task of its own while the worker lays out, not in the task that
      // added them (at 10,000 workloads the two made the page's longest task: 171 + 355 ms, bench:graph-page)
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!cy.destroyed()) visibleStyled(cy);
      }, 0);
      offThread.positions.then(
        (positions) => {
          if (generation !== this.generation || cy.destroyed()) return;
          this.release();
          const fit = this.view.fit();
          applyPositions(cy, offThread.job, positions, this.view.dragged());
          if (fit) fitToPositions(cy, positions, LARGE_NODE_SIZE, 30);
          this.laidOut(generation);
        },
        () => {
          if (generation !== this.generation || cy.destroyed()) return;
          this.release();
          this.inPlace(name, visibleStyled(cy), generation);
        },
      );
    } else {
      const eles = visibleStyled(cy);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.release();
        if (!cy.destroyed()) this.inPlace(name, eles, generation);
      }, 0);
    }
  }

  /**
   * Stops whatever is in progress and lets cytoscape render again; a worker answer still on its way is ignored (the
   * shared worker stays for the next runner).
   */
  cancel(): void {
    this.current?.stop();
    this.current = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.release();
    this.generation++;
  }

  private inPlace(name: LayoutName, eles: Collection, generation: number): void {
    const locked = this.cy.nodes().filter((n) => this.view.dragged().has(n.id()));
    locked.lock();
    const fit = this.view.fit();
    const compound = usesCompoundLayout(name, this.large);
    if (!compound) clearRoutes(eles);
    const l = compound
      ? compoundLayoutOf(this.cy, eles, { fit, padding: FIT_PADDING })
      : eles.layout(layoutOptions(name, { large: this.large, fit }));
    l.one('layoutstop', () => {
      locked.unlock();
      if (fit) capFitZoom(this.cy);
      if (fit && !this.large) floorFitZoom(this.cy);
      this.laidOut(generation);
    });
    this.current = l;
    const started = performance.now();
    l.run();
    performance.measure('meshscope:graph:layout', { start: started });
  }

  private laidOut(generation: number): void {
    this.view.onLaidOut();
    const container = this.cy.container();
    const stopped = performance.now();
    this.cy.one('render', () => {
      performance.measure('meshscope:graph:draw', { start: stopped });
      if (container && generation === this.generation) container.dataset.layout = 'done';
    });
  }

  private hold(): void {
    if (this.holding) return;
    this.holding = true;
    this.cy.startBatch();
  }

  private release(): void {
    if (!this.holding) return;
    this.holding = false;
    if (!this.cy.destroyed()) this.cy.endBatch();
  }
}

/** The visible elements of `cy`; asking resolves the style of new elements (timed as `meshscope:graph:style`). */
function visibleStyled(cy: Core): Collection {
  const started = performance.now();
  const eles = cy.elements(':visible');
  performance.measure('meshscope:graph:style', { start: started });
  return eles;
}

/** Whether `elements` has a node `cy` lacks or lacks one `cy` has (the layout is then stale). */
export function nodeSetDiffers(cy: Core, elements: readonly ElementDefinition[]): boolean {
  let count = 0;
  for (const el of elements) {
    const d = el.data as { id?: string; source?: string };
    if (d.source !== undefined || d.id === undefined) continue;
    count++;
    if (cy.getElementById(d.id).empty()) return true;
  }
  return count !== cy.nodes().length;
}

/**
 * Frames the points `[x0, y0, x1, y1, …]` (nodes of `nodeSize` px) in the viewport with `padding`, as `cy.fit` would,
 * without measuring 9,000 elements' bounding boxes (a fifth of a second on a large graph).
 */
export function fitToPositions(cy: Core, positions: Float64Array, nodeSize: number, padding: number): void {
  if (positions.length < 2) return;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < positions.length; i += 2) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const w = x1 - x0 + nodeSize;
  const h = y1 - y0 + nodeSize;
  const zoom = Math.min(
    Math.max(Math.min((cy.width() - 2 * padding) / w, (cy.height() - 2 * padding) / h), cy.minZoom()),
    cy.maxZoom(),
  );
  cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (x0 + x1)) / 2, y: (cy.height() - zoom * (y0 + y1)) / 2 } });
}
