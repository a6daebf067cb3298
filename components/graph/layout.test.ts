import cytoscape, { type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KialiGraphJson } from '@/lib/graph/types';
import fixture from './testdata/bookinfo-versionedApp.json';
import { toCyElements } from './elements';
import { fitToPositions, LayoutRunner, nodeSetDiffers } from './layout-runner';
import { capFitZoom, FIT_MAX_ZOOM, layoutOptions } from './layouts';
import { graphStylesheet, LARGE_LABEL_ZOOM } from './styles';
import { labelsFollowZoom } from './create-cy';
import { applyPositions, layoutJob, LayoutWorker, type LayoutAnswer, type LayoutJob } from './worker-layout';

const graph = fixture as unknown as KialiGraphJson;
const large = toCyElements(graph, { edgeLabels: ['trafficRate'], showSecurity: false, large: true });

beforeAll(() => {
  cytoscape.use(fcose);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Runs layout-worker.ts in this process: `self` is a stand-in whose postMessage collects the answers. */
async function loadWorker(): Promise<{ send(job: LayoutJob): void; answers: LayoutAnswer[] }> {
  const answers: LayoutAnswer[] = [];
  const self: { onmessage: ((e: { data: LayoutJob }) => void) | null; postMessage(a: LayoutAnswer): void } = {
    onmessage: null,
    postMessage: (a) => answers.push(a),
  };
  vi.stubGlobal('self', self);
  vi.resetModules();
  await import('./layout-worker');
  return { send: (job) => self.onmessage!({ data: job }), answers };
}

describe('layout worker', () => {
  it('answers with a finite position for every node of the job, spread out (draft quality may stack a few)', async () => {
    const worker = await loadWorker();
    const job = layoutJob(large, layoutOptions('fcose', { large: true, fit: false }));
    expect(job.nodes.length).toBe(large.filter((e) => e.group === 'nodes').length);
    expect(job.edges.length).toBe(2 * large.filter((e) => e.group === 'edges').length);
    worker.send({ ...job, id: 7 });
    const answer = worker.answers[0]!;
    expect(answer.id).toBe(7);
    expect(answer.error).toBeUndefined();
    const p = answer.positions!;
    expect(p.length).toBe(job.nodes.length * 2);
    expect([...p].every(Number.isFinite)).toBe(true);
    const points = new Set<string>();
    for (let i = 0; i < p.length; i += 2) points.add(`${Math.round(p[i]!)},${Math.round(p[i + 1]!)}`);
    expect(points.size).toBeGreaterThanOrEqual(Math.ceil(job.nodes.length * 0.8));
    const xs = [...p].filter((_, i) => i % 2 === 0);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(16 * 3);
  });

  it('answers with the error instead of positions when the job is broken', async () => {
    const worker = await loadWorker();
    worker.send({ id: 1, nodes: ['a'], edges: ['a', 'missing'], options: { name: 'fcose' } });
    expect(worker.answers[0]).toMatchObject({ id: 1, error: expect.any(String) });
    expect(worker.answers[0]!.positions).toBeUndefined();
  });
});

describe('layoutJob and applyPositions', () => {
  it('drops edges whose ends are not nodes of the job (e.g. to a hidden box)', () => {
    const els: ElementDefinition[] = [
      { group: 'nodes', data: { id: 'a' } },
      { group: 'nodes', data: { id: 'b' } },
      { group: 'edges', data: { id: 'ab', source: 'a', target: 'b' } },
      { group: 'edges', data: { id: 'ax', source: 'a', target: 'x' } },
    ];
    expect(layoutJob(els, { name: 'fcose' })).toMatchObject({ nodes: ['a', 'b'], edges: ['a', 'b'] });
  });

  it('moves every node except the ones the user dragged, and rejects a short answer', () => {
    const cy = cytoscape({ headless: true, elements: [{ data: { id: 'a' } }, { data: { id: 'b' } }] });
    cy.getElementById('b').position({ x: 5, y: 5 });
    applyPositions(cy, { nodes: ['a', 'b'] }, Float64Array.from([10, 20, 30, 40]), new Set(['b']));
    expect(cy.getElementById('a').position()).toEqual({ x: 10, y: 20 });
    expect(cy.getElementById('b').position()).toEqual({ x: 5, y: 5 });
    expect(() => applyPositions(cy, { nodes: ['a', 'b'] }, Float64Array.from([1, 2]), new Set())).toThrow(
      /1 positions for 2 nodes/,
    );
  });
});

describe('LayoutWorker', () => {
  class FakeWorker {
    static last: FakeWorker | null = null;
    onmessage: ((e: { data: LayoutAnswer }) => void) | null = null;
    onerror: ((e: { message: string }) => void) | null = null;
    posted: LayoutJob[] = [];
    terminated = false;
    constructor() {
      FakeWorker.last = this;
    }
    postMessage(job: LayoutJob) {
      this.posted.push(job);
    }
    terminate() {
      this.terminated = true;
    }
  }

  it('matches answers to jobs by id', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const w = new LayoutWorker();
    const first = w.run({ nodes: ['a'], edges: [], options: {} });
    const second = w.run({ nodes: ['b'], edges: [], options: {} });
    const fake = FakeWorker.last!;
    const [j1, j2] = fake.posted;
    fake.onmessage!({ data: { id: j2!.id, positions: Float64Array.from([3, 4]), ms: { build: 1, layout: 1 } } });
    fake.onmessage!({ data: { id: j1!.id, error: 'boom' } });
    await expect(second).resolves.toEqual(Float64Array.from([3, 4]));
    await expect(first).rejects.toThrow('layout worker: boom');
  });

  it('rejects what is waiting when the worker fails, and starts afresh on the next job', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const w = new LayoutWorker();
    const job = w.run({ nodes: ['a'], edges: [], options: {} });
    const broken = FakeWorker.last!;
    broken.onerror!({ message: 'script failed to load' });
    await expect(job).rejects.toThrow('script failed to load');
    expect(broken.terminated).toBe(true);
    void w.run({ nodes: ['a'], edges: [], options: {} }).catch(() => undefined);
    expect(FakeWorker.last).not.toBe(broken);
  });

  it('rejects at once where there are no workers (the caller lays out in place)', async () => {
    vi.stubGlobal('Worker', undefined);
    await expect(new LayoutWorker().run({ nodes: [], edges: [], options: {} })).rejects.toThrow('no layout worker');
  });
});

/** cytoscape's `batching()` (missing from @types/cytoscape). */
const batching = (cy: cytoscape.Core) => (cy as unknown as { batching(): boolean }).batching();

describe('LayoutRunner (large mode)', () => {
  /** A styled headless graph of the large sample and a large-mode runner over it, with a spy for `onLaidOut`. */
  const largeRunner = () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: graphStylesheet(true, { labels: false }),
      elements: large,
    });
    const v = { fit: () => true, dragged: () => new Set<string>(), onLaidOut: vi.fn() };
    return { cy, v, runner: new LayoutRunner(cy, true, v) };
  };

  it('holds rendering until the layout task, then lays out every node', async () => {
    const { cy, v, runner } = largeRunner();
    runner.run('grid');
    expect(batching(cy)).toBe(true); // no frame of the unpositioned graph
    expect(v.onLaidOut).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 5));
    expect(batching(cy)).toBe(false);
    expect(v.onLaidOut).toHaveBeenCalledTimes(1);
    const xs = new Set(cy.nodes().map((n) => Math.round(n.position().x)));
    expect(xs.size).toBeGreaterThan(1);
  });

  it('with the worker: resolves the style in a task after the one that added the elements, then applies its positions', async () => {
    const { cy, v, runner } = largeRunner();
    const job = layoutJob(large, layoutOptions('fcose', { large: true, fit: false }));
    const positions = new Float64Array(job.nodes.length * 2).map((_, i) => (i % 2 ? 3 * i : 7 * i));
    performance.clearMeasures('meshscope:graph:style');
    runner.run('fcose', { job, positions: Promise.resolve(positions) });
    expect(performance.getEntriesByName('meshscope:graph:style')).toHaveLength(0);
    expect(batching(cy)).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(performance.getEntriesByName('meshscope:graph:style')).toHaveLength(1);
    expect(batching(cy)).toBe(false);
    expect(v.onLaidOut).toHaveBeenCalledTimes(1);
    expect(cy.getElementById(job.nodes[1]!).position()).toEqual({ x: 14, y: 9 });
  });

  it('a newer run supersedes a pending one: one layout, rendering released once', async () => {
    const { cy, v, runner } = largeRunner();
    runner.run('grid');
    runner.run('grid');
    await new Promise((r) => setTimeout(r, 5));
    expect(v.onLaidOut).toHaveBeenCalledTimes(1);
    expect(batching(cy)).toBe(false);
    runner.run('grid');
    runner.cancel();
    expect(batching(cy)).toBe(false);
  });
});

describe('nodeSetDiffers', () => {
  it('is false for the same nodes (edges and data changes do not count) and true for an added or removed node', () => {
    const cy = cytoscape({ headless: true, elements: large });
    expect(nodeSetDiffers(cy, large)).toBe(false);
    expect(
      nodeSetDiffers(
        cy,
        large.filter((e) => e.group === 'nodes'),
      ),
    ).toBe(false);
    expect(nodeSetDiffers(cy, [...large, { group: 'nodes', data: { id: 'new' } }])).toBe(true);
    const firstNode = large.findIndex((e) => e.group === 'nodes');
    expect(
      nodeSetDiffers(
        cy,
        large.filter((_, i) => i !== firstNode),
      ),
    ).toBe(true);
  });
});

describe('large-mode labels', () => {
  const labelled = (sheet: ReturnType<typeof graphStylesheet>) =>
    sheet.filter((b) => 'label' in (b.style as object)).map((b) => b.selector);

  it('the large stylesheet has no labels unless asked, and the normal one always has them', () => {
    expect(labelled(graphStylesheet(true, { labels: false }))).toEqual([]);
    expect(labelled(graphStylesheet(true, { labels: true }))).toEqual(['node', 'edge']);
    expect(labelled(graphStylesheet(false))).toEqual(expect.arrayContaining(['node', 'edge']));
  });

  it('turns labels on when the user zooms in past LARGE_LABEL_ZOOM and off again below it, not on a programmatic fit', () => {
    vi.useFakeTimers();
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: graphStylesheet(true, { labels: false }),
      elements: large,
    });
    let user = false;
    const stop = labelsFollowZoom(cy, () => user);
    const label = () => String(cy.nodes()[0]!.style('label') ?? '');
    cy.zoom(LARGE_LABEL_ZOOM + 0.5);
    vi.advanceTimersByTime(250);
    expect(label()).toBe('');
    user = true;
    cy.zoom(LARGE_LABEL_ZOOM + 0.6);
    vi.advanceTimersByTime(250);
    expect(label()).not.toBe('');
    cy.zoom(LARGE_LABEL_ZOOM / 2);
    vi.advanceTimersByTime(250);
    expect(label()).toBe('');
    stop();
  });
});

describe('fitToPositions', () => {
  const core = (width: number, height: number, maxZoom = 4) => {
    const cy = cytoscape({ headless: true, maxZoom, elements: [] });
    // headless cores have no size: give it a container's
    return Object.assign(cy, { width: () => width, height: () => height });
  };

  it('frames the nodes (their size included) within the padding, centred', () => {
    const cy = core(800, 600);
    fitToPositions(cy, Float64Array.from([-100, 0, 300, 200]), 16, 30);
    // nodes span x −108…308 (416 px), y −8…208 (216 px): width-bound, zoom = (800 − 60) / 416
    expect(cy.zoom()).toBeCloseTo(740 / 416, 6);
    expect(cy.pan().x).toBeCloseTo((800 - (740 / 416) * 200) / 2, 6);
    expect(cy.pan().y).toBeCloseTo((600 - (740 / 416) * 200) / 2, 6);
  });

  it("keeps the zoom within the core's limits (one node does not zoom to 30×)", () => {
    const cy = core(800, 600, 4);
    fitToPositions(cy, Float64Array.from([50, 50]), 16, 30);
    expect(cy.zoom()).toBe(4);
    expect(cy.pan()).toEqual({ x: 400 - 4 * 50, y: 300 - 4 * 50 });
  });
});

describe('capFitZoom (Kiali safeFit)', () => {
  const core = (zoom: number) => {
    const cy = cytoscape({
      headless: true,
      maxZoom: 4,
      layout: { name: 'preset' },
      elements: [{ data: { id: 'a' }, position: { x: 50, y: 20 } }],
    });
    Object.assign(cy, { width: () => 800, height: () => 600 });
    cy.zoom(zoom);
    return cy;
  };

  it('zooms a fit of a few nodes out to 2.5×, centred on them', () => {
    const cy = core(4);
    capFitZoom(cy);
    expect(cy.zoom()).toBe(FIT_MAX_ZOOM);
    // the node (50, 20) is in the middle of the 800×600 viewport
    expect(cy.pan().x + FIT_MAX_ZOOM * 50).toBeCloseTo(400, 6);
    expect(cy.pan().y + FIT_MAX_ZOOM * 20).toBeCloseTo(300, 6);
  });

  it('leaves a fit at or below 2.5× alone', () => {
    const cy = core(1.2);
    const pan = { ...cy.pan() };
    capFitZoom(cy);
    expect(cy.zoom()).toBe(1.2);
    expect(cy.pan()).toEqual(pan);
  });
});
