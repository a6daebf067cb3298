/**
 * Web worker: runs the fcose layout of a large graph on a headless cytoscape, off the page's main thread, so the
 * page adds and styles the elements meanwhile (components/graph/worker-layout.ts). Message in: LayoutJob; out:
 * LayoutAnswer with the positions of `nodes`, in order, as [x0, y0, x1, y1, …] (model coordinates, pixels).
 */
import cytoscape, { type ElementDefinition, type LayoutOptions } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutAnswer, LayoutJob } from './worker-layout';

cytoscape.use(fcose);

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LayoutJob>) => void) | null;
  postMessage(message: LayoutAnswer, transfer: Transferable[]): void;
};

scope.onmessage = (e) => {
  const { id, nodes, edges, options } = e.data;
  try {
    const started = performance.now();
    const elements: ElementDefinition[] = nodes.map((n) => ({ group: 'nodes', data: { id: n } }));
    for (let i = 0; i < edges.length; i += 2)
      elements.push({ group: 'edges', data: { id: `e${i}`, source: edges[i]!, target: edges[i + 1]! } });
    // no stylesheet: fcose's draft (spectral) layout spaces nodes by edge length, and style resolution would cost a
    // third of the worker's time
    const cy = cytoscape({ headless: true, styleEnabled: false, elements });
    const built = performance.now();
    cy.layout({ ...options, fit: false, animate: false } as LayoutOptions).run();
    const laidOut = performance.now();
    const positions = new Float64Array(nodes.length * 2);
    nodes.forEach((n, i) => {
      const p = cy.getElementById(n).position();
      positions[2 * i] = p.x;
      positions[2 * i + 1] = p.y;
    });
    cy.destroy();
    scope.postMessage({ id, positions, ms: { build: built - started, layout: laidOut - built } }, [positions.buffer]);
  } catch (err) {
    scope.postMessage({ id, error: String((err as Error)?.message ?? err) }, []);
  }
};
