/**
 * `npm run bench:graph-page [-- --sizes 2000,10000 --page-runs 3 --page-variants auto,full+canvas,full+webgl]`
 * (issue 17): the /graph page alone. Starts the built server (`npm run build` first; copied to .demo/bench-page/app)
 * and the bookinfo demo's Kubernetes API on ports of its own, without Prometheus; creates the namespaces `mesh-0`…
 * of each size there (the page checks that the namespaces it shows exist), and answers the page's graph requests
 * with a synthetic versioned-app graph of N workloads shaped like the demo's synthetic mesh
 * (lib/bench/synthetic-graph.ts), so the browser's figures do not wait on a server answering 10,000 workloads. For
 * each size and page variant it prints the first complete render, the longest main-thread task and the pan/zoom
 * frame rate (lib/bench/frames.ts), each load's phases (the page's `meshscope:*` performance measures, the graph
 * answer's request and transfer) and longest tasks, then a Markdown table for README.md. `--cpu-profile` also saves
 * a CPU profile of each load (`.demo/bench-page/profile-<size>-<variant>-<load>.cpuprofile`, DevTools opens it) and
 * prints its self time by script and function; `--port-base B` runs the stack on ports B…B+4.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { startStack, type RunningStack, type StackPorts } from '@/lib/demo/stack';
import { launchBrowser, measurePage } from '@/lib/bench/browser';
import { parsePageVariants } from '@/lib/bench/options';
import { fmtMs, loadBreakdown } from '@/lib/bench/report';
import { snapshotBuild } from '@/lib/bench/snapshot';
import { syntheticVersionedAppGraph } from '@/lib/bench/synthetic-graph';

/**
 * Ports of this benchmark: none of the demo's, the e2e tests' or bench:graph's; `--port-base B` moves them to B…B+4
 * (two benchmarks side by side on one machine).
 */
function ports(): StackPorts {
  const base = Number(arg('port-base', '0'));
  if (!base) return { kube: 16743, jaeger: 16986, metrics: 15390, prometheus: 9390, meshscope: 20301 };
  if (!Number.isInteger(base) || base < 1024 || base > 65530) throw new Error('--port-base: a port from 1024 to 65530');
  return { kube: base, jaeger: base + 1, metrics: base + 2, prometheus: base + 3, meshscope: base + 4 };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Creates `names` in the demo's Kubernetes API (existing ones are fine), 20 at a time. */
async function createNamespaces(kube: string, kubeconfig: string, names: string[]): Promise<void> {
  const token = /token: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(
      names.slice(i, i + 20).map(async (name) => {
        const res = await fetch(`${kube}/api/v1/namespaces`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
        });
        if (!res.ok && res.status !== 409) throw new Error(`creating namespace ${name}: ${res.status}`);
      }),
    );
  }
}

/** Waits until the server's page guard knows `name` (its inventory cache follows the API's watch). */
async function waitForNamespace(meshscope: string, name: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const res = await fetch(`${meshscope}/graph?namespaces=${name}`);
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`the server does not know namespace ${name} after 120 s`);
}

const fps = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} fps` : 'n/a');

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const sizes = arg('sizes', '2000,10000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 20_000))
    throw new Error('--sizes: workload counts from 10 to 20000');
  const runs = Number(arg('page-runs', '3'));
  const panMs = Number(arg('pan-ms', '4000'));
  const variants = parsePageVariants(arg('page-variants', 'auto,full+canvas,full+webgl'));
  const state = path.join(root, '.demo/bench-page');
  const app = snapshotBuild(root, path.join(state, 'app'));
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join('/');
  console.log(`bench:graph-page: commit ${commit}, build ${app.buildId}, ${os.cpus().length} CPUs, load ${load()}`);
  let stack: RunningStack | null = null;
  let browser: Browser | null = null;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  };
  process.on('SIGINT', () => {
    void stop().finally(() => process.exit(130));
  });
  const rows: string[] = [];
  try {
    const dir = path.join(state, 'stack');
    stack = await startStack({ root: app.root, dir, ports: ports(), parts: { prometheus: false } });
    browser = await launchBrowser();
    for (const n of sizes) {
      const graph = syntheticVersionedAppGraph(n);
      const body = JSON.stringify(graph);
      const namespaces = Array.from({ length: Math.max(1, Math.round(n / 10)) }, (_, i) => `mesh-${i}`);
      await createNamespaces(stack.urls.kube, stack.urls.kubeconfig, namespaces);
      await waitForNamespace(stack.urls.meshscope, namespaces[namespaces.length - 1]!);
      const leaves = graph.elements.nodes.filter((x) => x.data.nodeType !== 'box').length;
      console.log(
        `— ${n} workloads: ${leaves} nodes, ${graph.elements.edges.length} edges, ${(body.length / 1e6).toFixed(1)} MB JSON —`,
      );
      for (const v of variants) {
        const view = v.view === 'auto' ? '' : `&namespaceView=${v.view === 'namespace'}`;
        const url = `${stack.urls.meshscope}/graph?namespaces=${namespaces.join(',')}&graphType=versionedApp&duration=60&refresh=0${view}`;
        try {
          const p = await measurePage(browser, url, runs, {
            timeoutMs: 240_000,
            settleMs: 2_000,
            graphBody: body,
            webgl: v.webgl,
            panMs,
            failureShot: path.join(state, `failure-${n}-${v.name}`),
            cpuProfile: process.argv.includes('--cpu-profile') ? path.join(state, `profile-${n}-${v.name}`) : undefined,
          });
          const s = p.runs[0]!;
          const renderer = s.large ? (s.webgl ? 'WebGL' : 'canvas') : 'canvas (normal)';
          const what = s.namespaceView ? `namespace (${fmtMs(s.aggregateMs)} to aggregate)` : 'every node';
          const renders = p.runs.map((r) => fmtMs(r.renderMs)).join(', ');
          const pans = p.runs.map((r) => fps(r.frames?.medianFps ?? NaN)).join(', ');
          console.log(
            `  ${v.name}: ${what}, ${s.cyNodes}/${s.cyEdges} on canvas, ${renderer}; render ${renders}; longest task ${fmtMs(p.longestTaskMs)}; pan ${pans}, worst frame ${fmtMs(p.panWorstFrameMs)}; WebGL2: ${s.webglRenderer.slice(0, 50)}${p.failures.length ? `; FAILED ${p.failures.join(' | ')}` : ''}`,
          );
          p.runs.forEach((r, i) => console.log(loadBreakdown(i, r)));
          rows.push(
            `| ${n} | ${v.name} | ${what} | ${s.cyNodes} / ${s.cyEdges} | ${renderer} | ${fmtMs(p.renderMedianMs)} (${fmtMs(Math.min(...p.runs.map((r) => r.renderMs)))}–${fmtMs(p.renderMaxMs)}) | ${fmtMs(p.longestTaskMs)} | ${fps(p.panFpsMedian)} / ${fmtMs(p.panWorstFrameMs)} |`,
          );
        } catch (err) {
          console.log(`  ${v.name}: FAILED ${(err as Error).message.slice(0, 500)}`);
          rows.push(`| ${n} | ${v.name} | FAILED: ${(err as Error).message.slice(0, 120)} | | | | | |`);
        }
      }
    }
  } finally {
    await stop();
  }
  console.log('\n--- Markdown for README.md ---\n');
  console.log(
    [
      '| Workloads | Page variant | View | Canvas nodes / edges | Renderer | First render median (min–max) | Longest task | Pan/zoom median fps / worst frame |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Measured with \`npm run bench:graph-page -- ${process.argv.slice(2).join(' ')}\` at commit ${commit}, ${runs} loads per row, load average at the end ${load()}.`,
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench:graph-page: ${err.message}`);
    process.exit(1);
  },
);
