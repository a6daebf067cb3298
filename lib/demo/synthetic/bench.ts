/**
 * Benchmark of the demo mesh's engine and /metrics rendering on a synthetic mesh (not a test: timings vary by
 * machine). Usage: `npx tsx lib/demo/synthetic/bench.ts [workloads=2000] [ticks=30]`.
 */
import { renderMetrics } from '../metrics/render';
import { ObjectStore } from '../store/object-store';
import { createTrafficEngine } from '../traffic/engine';
import { recommendedHistograms } from '../traffic/telemetry';
import { seedSynthetic } from './seed';

const workloads = Number(process.argv[2] ?? 2000);
const ticks = Number(process.argv[3] ?? 30);
const store = new ObjectStore();
let t = performance.now();
const callGraph = seedSynthetic(store, { workloads, seed: 1 });
const seedMs = performance.now() - t;
const histograms = recommendedHistograms(workloads);
const engine = createTrafficEngine(store, { seed: 1, callGraph, histograms });
const t0 = Date.now();
t = performance.now();
for (let i = 1; i <= ticks; i++) engine.tick(t0 + i * 1000);
const tickMs = (performance.now() - t) / ticks;
const renders: number[] = [];
let bytes = 0;
for (let i = 0; i < 5; i++) {
  t = performance.now();
  bytes = renderMetrics(engine).length;
  renders.push(performance.now() - t);
}
renders.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    workloads,
    histograms,
    edges: callGraph.edges.length,
    series: engine.telemetry.size,
    seedMs: Math.round(seedMs),
    tickMs: Math.round(tickMs),
    renderMsMedian: Math.round(renders[2]!),
    metricsMB: +(bytes / 1e6).toFixed(1),
    traces: engine.traces.size,
  }),
);
engine.dispose();
