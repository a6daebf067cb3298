/**
 * The page's side of the layout worker (layout-worker.ts): fcose for large graphs runs there while the main thread
 * adds and styles the elements, instead of after it (perf-security.md §1b C4–C6: a layout must not block the page
 * for seconds). Falls back to the main thread where workers are unavailable or the worker fails.
 */
import type { Core, ElementDefinition, LayoutOptions } from 'cytoscape';

export interface LayoutJob {
  id: number;
  /** Node ids. */
  nodes: string[];
  /** Edge ends, flattened: [source0, target0, source1, target1, …]. */
  edges: string[];
  options: Record<string, unknown>;
}

export type LayoutAnswer =
  | {
      id: number;
      positions: Float64Array;
      error?: undefined;
      /** Time in the worker: building its graph, and the layout. */ ms: { build: number; layout: number };
    }
  | { id: number; error: string; positions?: undefined };

/** The worker's input for `elements` (nodes and the edges between them; compound parents are not sent). */
export function layoutJob(elements: readonly ElementDefinition[], options: LayoutOptions): Omit<LayoutJob, 'id'> {
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const el of elements) {
    const d = el.data as { id?: string; source?: string; target?: string };
    if (d.source !== undefined && d.target !== undefined) edges.push(d.source, d.target);
    else if (d.id !== undefined) nodes.push(d.id);
  }
  const known = new Set(nodes);
  const kept: string[] = [];
  for (let i = 0; i < edges.length; i += 2)
    if (known.has(edges[i]!) && known.has(edges[i + 1]!)) kept.push(edges[i]!, edges[i + 1]!);
  return { nodes, edges: kept, options: options as unknown as Record<string, unknown> };
}

/**
 * Moves the nodes of `cy` to the worker's positions (one batch), leaving the ids in `keep` (nodes the user dragged)
 * where they are.
 * @throws Error when the answer does not hold two numbers per node of the job.
 */
export function applyPositions(
  cy: Core,
  job: Pick<LayoutJob, 'nodes'>,
  positions: Float64Array,
  keep: ReadonlySet<string>,
): void {
  if (positions.length !== job.nodes.length * 2)
    throw new Error(`layout worker answered ${positions.length / 2} positions for ${job.nodes.length} nodes`);
  cy.batch(() => {
    job.nodes.forEach((id, i) => {
      if (keep.has(id)) return;
      const node = cy.getElementById(id);
      if (node.nonempty()) node.position({ x: positions[2 * i]!, y: positions[2 * i + 1]! });
    });
  });
}

/** A lazily started layout worker; `run` answers with positions or rejects (the caller then lays out in place). */
export class LayoutWorker {
  private worker: Worker | null = null;
  private next = 1;
  private waiting = new Map<number, { resolve(p: Float64Array): void; reject(e: Error): void }>();

  /** Starts the worker ahead of need (its script loads while the graph request is out). False where unavailable. */
  warm(): boolean {
    if (this.worker) return true;
    if (typeof Worker === 'undefined') return false;
    try {
      this.worker = new Worker(new URL('./layout-worker.ts', import.meta.url));
    } catch {
      return false;
    }
    this.worker.onmessage = (e: MessageEvent<LayoutAnswer>) => {
      const w = this.waiting.get(e.data.id);
      this.waiting.delete(e.data.id);
      if (!w) return;
      if (e.data.positions) {
        const end = performance.now();
        performance.measure('meshscope:graph:worker-build', {
          start: end - e.data.ms.build - e.data.ms.layout,
          duration: e.data.ms.build,
        });
        performance.measure('meshscope:graph:worker-layout', {
          start: end - e.data.ms.layout,
          duration: e.data.ms.layout,
        });
        w.resolve(e.data.positions);
      } else w.reject(new Error(`layout worker: ${e.data.error}`));
    };
    this.worker.onerror = (e) => this.fail(new Error(`layout worker failed: ${e.message}`));
    return true;
  }

  /** Positions for `job`'s nodes; rejects when the worker is unavailable or fails. */
  run(job: Omit<LayoutJob, 'id'>): Promise<Float64Array> {
    const id = this.next++;
    return new Promise<Float64Array>((resolve, reject) => {
      if (!this.warm() || !this.worker) return reject(new Error('no layout worker'));
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...job, id });
    });
  }

  private fail(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    this.worker?.terminate();
    this.worker = null;
  }
}

let shared: LayoutWorker | null = null;

/** The page's one layout worker (kept for the page's life once started, so its script loads once). */
export function sharedLayoutWorker(): LayoutWorker {
  shared ??= new LayoutWorker();
  return shared;
}
