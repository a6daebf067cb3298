import { describe, expect, it } from 'vitest';
import { compoundLayout } from './compound-layout';
import { DEMO_GRAPHS, demoInput } from './testdata/layout-input';

/** The canvas's shape beside the side panel at 1600×1000 and at 1366×768 (width / height). */
const ASPECTS = [973 / 796, 739 / 531];

// Kiali draws an ambient waypoint as the corner of a triangle client → waypoint → service: the layout keeps it in a
// rank between its clients and the workloads it serves, beside them rather than at the far end of its rank.
describe('the waypoint of the demo ambient namespace', () => {
  for (const name of ['bookinfo-ambient', 'bookinfo, ambient, Gateway API and istio-system', 'all six namespaces'])
    for (const aspect of ASPECTS)
      it(`${name} at aspect ${aspect.toFixed(2)}: between its clients and the workloads it serves`, () => {
        const json = DEMO_GRAPHS[name]!();
        const input = demoInput(name);
        const out = compoundLayout(input.leaves, input.boxes, input.edges, { aspect });
        const waypoints = json.elements.nodes.filter((n) => n.data.isWaypoint).map((n) => n.data.id);
        expect(waypoints.length).toBe(1);
        const w = waypoints[0]!;
        const clients = input.edges.filter((e) => e.target === w).map((e) => e.source);
        const served = input.edges.filter((e) => e.source === w).map((e) => e.target);
        expect(clients.length).toBeGreaterThan(0);
        expect(served.length).toBeGreaterThan(0);
        const at = (id: string) => out.positions.get(id)!;
        // the ranks run left to right or top to bottom, whichever the namespace box took: the way from the clients to
        // the served workloads
        const mean = (ids: string[], k: 'x' | 'y') => ids.reduce((sum, id) => sum + at(id)[k], 0) / ids.length;
        const lr = Math.abs(mean(served, 'x') - mean(clients, 'x')) > Math.abs(mean(served, 'y') - mean(clients, 'y'));
        const rankAxis = lr ? 'x' : 'y';
        const crossAxis = lr ? 'y' : 'x';
        for (const c of clients) expect(at(c)[rankAxis]).toBeLessThan(at(w)[rankAxis]);
        for (const s of served) expect(at(w)[rankAxis]).toBeLessThan(at(s)[rankAxis]);
        // across the ranks, within the span of its neighbours (widened by the waypoint's own size) and its box
        const ends = [...clients, ...served].map((id) => at(id)[crossAxis]);
        const leaf = input.leaves.find((l) => l.id === w)!;
        const half = (lr ? leaf.height : leaf.width) / 2 + 60;
        expect(at(w)[crossAxis]).toBeGreaterThanOrEqual(Math.min(...ends) - half);
        expect(at(w)[crossAxis]).toBeLessThanOrEqual(Math.max(...ends) + half);
      });
});
