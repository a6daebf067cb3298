/**
 * Cheap traffic animation: edges with traffic turn dashed and their `line-dash-offset` advances on one
 * requestAnimationFrame loop (about 30 fps). Busier edges move faster, in three speed bands so each frame is
 * three collection-wide style writes. Never used in large mode.
 */
import type { Core, EdgeCollection } from 'cytoscape';

const FRAME_MS = 33;
const SPEEDS = [0.35, 0.8, 1.4]; // px per frame for the slow, medium and fast bands

/** Starts the animation on the edges with traffic (not idle, not hidden); returns the function that stops it. */
export function startTrafficAnimation(cy: Core, rateOf: (edgeId: string) => number | null): () => void {
  const moving = cy.edges().filter((e) => !e.hasClass('idle') && !e.hasClass('hidden'));
  const rates = moving.map((e) => rateOf(e.id()) ?? 0);
  const max = Math.max(0, ...rates);
  const bands: EdgeCollection[] = SPEEDS.map(() => cy.collection() as EdgeCollection);
  moving.forEach((edge, i) => {
    const share = max > 0 ? (rates[i] ?? 0) / max : 0;
    const band = share > 0.5 ? 2 : share > 0.1 ? 1 : 0;
    bands[band] = bands[band]!.union(edge) as EdgeCollection;
  });
  moving.addClass('animated');
  const offsets = SPEEDS.map(() => 0);
  let last = 0;
  let frame = 0;
  const step = (now: number) => {
    frame = requestAnimationFrame(step);
    if (now - last < FRAME_MS) return;
    last = now;
    cy.batch(() => {
      SPEEDS.forEach((speed, i) => {
        offsets[i] = ((offsets[i] ?? 0) - speed) % 1300; // a multiple of the 13 px dash pattern
        const band = bands[i];
        if (band && band.nonempty()) band.style('line-dash-offset', offsets[i]);
      });
    });
  };
  frame = requestAnimationFrame(step);
  return () => {
    cancelAnimationFrame(frame);
    if (cy.destroyed()) return;
    cy.batch(() => {
      moving.removeClass('animated');
      moving.removeStyle('line-dash-offset');
    });
  };
}
