/**
 * `npm run bench:graph-build [-- --sizes 500,2000,10000 --runs 15,7,3 --graph-types versionedApp,workload]` (issue
 * 17): the graph API's own work after its Prometheus phase, in process (no servers, no Prometheus): `buildGraph` over
 * the demo's synthetic mesh of N workloads with every query answered at once from answers computed beforehand
 * (lib/bench/graph-build-inputs.ts), the request the /graph page sends with
 * `edges=trafficRate,rt95,throughputResponse&badgeSecurity=true` (the view `npm run bench:graph` measures), batched
 * queries (the server's default). One warm-up build, then `runs` builds per graph type, each after a full `gc()`.
 *
 * Prints, per size and graph type, for each part of `buildPhasesMs` (the same parts as the API's Server-Timing:
 * `maps` — here every namespace's rows and appenders, as all answers are in at once, so it is the worst case of the
 * server's `build-maps`; `merge`; `finalizers`; `json`) and for the whole build: the median, min and max of
 * - the wall time in ms;
 * - the process's CPU time in ms (user + system, every thread, `process.cpuUsage()`: another process's load adds
 *   little to it, unlike the wall time);
 * - the MB allocated on the V8 heap (used-heap growth plus what each garbage collection in the part freed, from
 *   `v8.GCProfiler`; a full collection runs before each build, so little older garbage is counted; memory outside the
 *   V8 heap, such as Buffers, is not);
 * - the ms spent in garbage collection.
 * CPU and MB of `maps` count from the call of `buildGraph` (they include populating every namespace's map from the
 * answers, which the server mostly does while other queries are out); its wall time counts from the last answer.
 * Also the nodes, edges, JSON bytes and a hash of the JSON, so two commits can be checked to build the same graph.
 *
 * Run with `--expose-gc` (the npm script does). Figures depend on the machine's load: print `uptime` alongside.
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { graphApiPath } from '@/lib/bench/api';
import { meshInputs, recordedPrometheus } from '@/lib/bench/graph-build-inputs';
import { buildGraph, type BuildResult } from '@/lib/graph/build';
import { parseGraphOptions } from '@/lib/graph/options';
import type { GraphType } from '@/lib/query/graph-url';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('sizes') ?? '500,2000,10000').split(',').map(Number);
const RUNS = (arg('runs') ?? '15,7,3').split(',').map(Number);
const GRAPH_TYPES = (arg('graph-types') ?? 'versionedApp,workload').split(',') as GraphType[];
const PAGE_PARAMS = arg('page-params') ?? 'edges=trafficRate,rt95,throughputResponse&badgeSecurity=true';
const DURATION_SECONDS = 60;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:graph-build does)');

type Part = keyof BuildResult['buildPhasesMs'];
const PARTS: Part[] = ['maps', 'merge', 'finalizers', 'json'];
interface Sample {
  ms: Record<Part | 'build', number>;
  cpuMs: Record<Part | 'build', number>;
  bytes: Record<Part | 'build', number>;
  gcMs: Record<Part | 'build', number>;
}

/** Heap used now and, since the last call, the bytes freed and ms spent by garbage collections. */
function heapMeter() {
  let profiler = new v8.GCProfiler();
  profiler.start();
  return () => {
    const stats = profiler.stop()?.statistics ?? [];
    profiler = new v8.GCProfiler();
    const used = v8.getHeapStatistics().used_heap_size;
    profiler.start();
    let freed = 0;
    let gcMs = 0;
    for (const s of stats) {
      freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
      gcMs += s.cost / 1000; // microseconds
    }
    return { used, freed, gcMs };
  };
}

/** One build, measured part by part (see the file comment). */
async function measuredBuild(start: (onPart: (p: Part) => void) => Promise<BuildResult>) {
  gc!();
  const meter = heapMeter();
  const zero = meter();
  let last = zero.used;
  const bytes = {} as Sample['bytes'];
  const gcMs = {} as Sample['gcMs'];
  const cpuMs = {} as Sample['cpuMs'];
  let allBytes = 0;
  let allGc = 0;
  const cpu0 = process.cpuUsage();
  let lastCpu = cpu0;
  const t0 = performance.now();
  const result = await start((part) => {
    const cpu = process.cpuUsage();
    cpuMs[part] = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    lastCpu = cpu;
    const m = meter();
    bytes[part] = m.used - last + m.freed;
    gcMs[part] = m.gcMs;
    allBytes += bytes[part];
    allGc += m.gcMs;
    last = m.used;
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const ms = { ...result.buildPhasesMs, build: wall } as Sample['ms'];
  return {
    result,
    sample: {
      ms,
      cpuMs: { ...cpuMs, build: (cpu.user + cpu.system) / 1000 },
      bytes: { ...bytes, build: allBytes },
      gcMs: { ...gcMs, build: allGc },
    },
  };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const med = (xs: number[]) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmtMs = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtMB = (x: number) => (x / 1e6).toFixed(1);
const spread = (xs: number[], f: (x: number) => string) =>
  `${f(med(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;

async function main() {
  console.log(`bench:graph-build — node ${process.version}, ${new Date().toISOString()}`);
  for (const [i, workloads] of SIZES.entries()) {
    const runs = RUNS[i] ?? RUNS[RUNS.length - 1]!;
    const t = performance.now();
    const mesh = meshInputs(workloads);
    const prom = recordedPrometheus(mesh.series);
    console.log(
      `\n${workloads} workloads: ${mesh.namespaces.length} namespaces, ${mesh.series.length} series, inputs in ` +
        `${((performance.now() - t) / 1000).toFixed(1)} s; ${runs} builds per graph type after 1 warm-up`,
    );
    for (const graphType of GRAPH_TYPES) {
      const path = graphApiPath(mesh.namespaces, graphType, DURATION_SECONDS, 'page', PAGE_PARAMS);
      const params = new URL(`http://x${path}`).searchParams;
      params.set('queryTime', String(mesh.queryTime));
      const options = parseGraphOptions(params);
      const build = (onPart: (p: Part) => void) =>
        buildGraph(options, mesh.inventory, prom.query, { queryStrategy: 'batched', onPart });
      const first = await build(() => undefined); // warm-up; also answers every query once
      const text = JSON.stringify(first.graph);
      const samples: Sample[] = [];
      for (let r = 0; r < runs; r++) {
        prom.fresh();
        const { result, sample } = await measuredBuild(build);
        if (JSON.stringify(result.graph) !== text) throw new Error('two builds of the same inputs differ');
        samples.push(sample);
      }
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
      const { nodes, edges } = first.graph.elements;
      console.log(
        `  ${graphType}: ${nodes.length} nodes, ${edges.length} edges, ${first.queryStats.length} queries, JSON ` +
          `${fmtMB(Buffer.byteLength(text))} MB sha256 ${hash}`,
      );
      console.log(
        `    ${'part'.padEnd(11)}${'ms median (min–max)'.padEnd(26)}${'CPU ms'.padEnd(26)}${'MB allocated'.padEnd(26)}GC ms`,
      );
      for (const part of [...PARTS, 'build'] as const) {
        console.log(
          `    ${part.padEnd(11)}${spread(
            samples.map((s) => s.ms[part]),
            fmtMs,
          ).padEnd(26)}${spread(
            samples.map((s) => s.cpuMs[part]),
            fmtMs,
          ).padEnd(26)}${spread(
            samples.map((s) => s.bytes[part]),
            fmtMB,
          ).padEnd(26)}${spread(
            samples.map((s) => s.gcMs[part]),
            fmtMs,
          )}`,
        );
      }
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
