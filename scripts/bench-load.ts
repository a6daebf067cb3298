/**
 * `npm run bench:load [-- --requests 100 --levels 10,50,100 --cap 120]` (issue 12 item 8): the graph API under
 * concurrent clients. Starts the demo mesh with 40 workloads (4 namespaces), a real Prometheus scraping it and the
 * built Meshscope server (`npm run build` first; copied to .demo/bench-load/app so a rebuild cannot change it
 * mid-run) on ports 21301-21391, loopback only. For 10, 50 and 100 clients it sends a fixed number of requests for the
 * 4-namespace graph the /graph page sends, in two runs: with cache hits (every request at the same queryTime, so
 * identical requests share one computation and the query cache) and without (a distinct queryTime per request, one
 * second apart, so no cache answers). Prints requests/s, p50/p95/p99 of the client's wall time over every answer,
 * the answers by status, and the server's peak RSS. Bounded: each run stops sending after `--cap` seconds, each
 * request gives up after 30 s, and everything it started is stopped at the end (Ctrl-C too).
 * Targets (issue 12): 100 clients p99 < 5 s with cache hits, no errors other than 429, RSS < 1 GiB. Last, it prints
 * `/api/health` p50/p99 with the validate pool idle and busy (lib/bench/health-busy.ts; not asserted).
 */
import os from 'node:os';
import path from 'node:path';
import { graphApiPath } from '@/lib/bench/api';
import { healthBusyLines, measureHealthWhileBusy } from '@/lib/bench/health-busy';
import { childProcessGroups, memoryOnPort } from '@/lib/bench/procfs';
import { meshNamespaces, waitForLiveData } from '@/lib/bench/prom-data';
import { snapshotBuild } from '@/lib/bench/snapshot';
import { percentile } from '@/lib/bench/stats';
import { startStack, type RunningStack, type StackPorts } from '@/lib/demo/stack';

/** Ports of this benchmark: none of the demo's, the e2e tests' or bench:graph's. */
const LOAD_PORTS: StackPorts = { kube: 21343, jaeger: 21386, metrics: 21390, prometheus: 21391, meshscope: 21301 };
const WORKLOADS = 40; // 4 namespaces of 10 (lib/demo/synthetic/seed.ts)
const WINDOW_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 30_000;

interface Options {
  levels: number[];
  /** Requests per run (each level, each cache mode); at least one per client. */
  requests: number;
  /** Seconds after which a run sends no new request. */
  capSeconds: number;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const levels = (get('levels') ?? '10,50,100').split(',').map(Number);
  const requests = Number(get('requests') ?? '200');
  const capSeconds = Number(get('cap') ?? '120');
  if (levels.some((l) => !Number.isInteger(l) || l < 1 || l > 500)) {
    throw new Error('--levels must be client counts from 1 to 500, e.g. 10,50,100');
  }
  if (!Number.isInteger(requests) || requests < 1 || requests > 5000) {
    throw new Error('--requests must be an integer from 1 to 5000');
  }
  if (!Number.isFinite(capSeconds) || capSeconds < 5 || capSeconds > 600) {
    throw new Error('--cap must be 5 to 600 seconds');
  }
  return { levels, requests, capSeconds };
}

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunResult {
  clients: number;
  cache: boolean;
  sent: number;
  seconds: number;
  ms: number[];
  byStatus: Map<string, number>;
  peakRssMiB: number | null;
}

/**
 * One run: `clients` loops, each sending its next request when the last is answered, until `total` requests are sent
 * or `capSeconds` pass. `queryTimeOf(i)` gives request i's queryTime.
 */
async function run(
  baseUrl: string,
  pathAndQuery: string,
  clients: number,
  total: number,
  capSeconds: number,
  queryTimeOf: (i: number) => number,
): Promise<Omit<RunResult, 'cache' | 'peakRssMiB'>> {
  const ms: number[] = [];
  const byStatus = new Map<string, number>();
  let next = 0;
  const stopAt = Date.now() + capSeconds * 1000;
  const started = performance.now();
  const count = (key: string) => byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  const client = async () => {
    while (next < total && Date.now() < stopAt) {
      const i = next++;
      const t0 = performance.now();
      try {
        const url = `${baseUrl}${pathAndQuery}&queryTime=${queryTimeOf(i)}`;
        const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await res.arrayBuffer();
        count(String(res.status));
      } catch (err) {
        count((err as Error).name === 'TimeoutError' ? 'client timeout' : 'network error');
      }
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { clients, sent: next, seconds: (performance.now() - started) / 1000, ms, byStatus };
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function row(r: RunResult): string {
  const statuses = [...r.byStatus]
    .sort()
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  const cells = [
    r.clients,
    r.cache ? 'yes' : 'no',
    r.sent,
    (r.sent / r.seconds).toFixed(1),
    ...[50, 95, 99].map((p) => fmt(percentile(r.ms, p))),
    statuses,
    `${r.peakRssMiB?.toFixed(0) ?? '?'} MiB`,
  ];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..');
  const state = path.join(root, '.demo/bench-load');
  const app = snapshotBuild(root, path.join(state, 'app'));
  let stack: RunningStack | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void Promise.race([stop(), sleep(15_000)]).then(() => {
        for (const pgid of childProcessGroups()) {
          try {
            process.kill(-pgid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        process.exit(130);
      });
    });
  }
  try {
    const per = `${o.requests} requests per run (at least one per client), cap ${o.capSeconds} s per run`;
    log(`load benchmark: clients ${o.levels.join(', ')}; ${per}`);
    const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? '?'}`;
    log(`machine: ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, build ${app.buildId}`);
    const dir = path.join(state, 'stack');
    stack = await startStack({ root: app.root, dir, ports: LOAD_PORTS, workloads: WORKLOADS, scrapeSeconds: 5 });
    const ns = await meshNamespaces(stack.urls.kube);
    // distinct query times step back one second per request: the mesh must be older than the window plus the steps
    const distinct = Math.max(...o.levels.map((c) => Math.max(c, o.requests)));
    const wait = await waitForLiveData({
      promUrl: stack.urls.prometheus,
      namespaces: ns.names.length,
      createdMs: ns.createdMs,
      windowSeconds: WINDOW_SECONDS,
      marginSeconds: distinct + 15,
      maxSeconds: distinct + WINDOW_SECONDS + 300,
      log,
    });
    if (!wait.ok) throw new Error(`no data in Prometheus: ${wait.reason}`);
    const pathAndQuery = graphApiPath(ns.names, 'versionedApp', WINDOW_SECONDS, 'page');
    log(`graph: ${ns.names.length} namespaces (${ns.names.join(', ')}), ${pathAndQuery.slice(0, 100)}…`);
    const results: RunResult[] = [];
    for (const clients of o.levels) {
      for (const cache of [true, false]) {
        await sleep(6_000); // past the query cache's 5 s, so no run starts with another's answers
        const base = Math.floor(Date.now() / 1000) - 2;
        const total = Math.max(clients, o.requests);
        const mode = cache ? 'with cache hits (one queryTime)' : 'no cache hits (a queryTime per request)';
        log(`${clients} clients, ${mode}: ${total} requests…`);
        const queryTimeOf = (i: number) => (cache ? base : base - i);
        const r = await run(stack.urls.meshscope, pathAndQuery, clients, total, o.capSeconds, queryTimeOf);
        const result: RunResult = { ...r, cache, peakRssMiB: memoryOnPort(LOAD_PORTS.meshscope)?.peakRssMiB ?? null };
        results.push(result);
        console.log(row(result));
      }
    }
    // the probe while user text is validated (issue 12): printed, not asserted
    const busyOptions = { clients: 6, samples: 200, keys: 9000 };
    log('/api/health while the validate pool is busy…');
    const busy = await measureHealthWhileBusy(stack.urls.meshscope, busyOptions);
    console.log('\n| clients | cache hits | requests | req/s | p50 | p95 | p99 | answers by status | peak RSS |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of results) console.log(row(r));
    const peak = memoryOnPort(LOAD_PORTS.meshscope)?.peakRssMiB ?? null;
    const hundred = results.find((r) => r.clients === 100 && r.cache);
    const errors = results.flatMap((r) =>
      [...r.byStatus]
        .filter(([s]) => s !== '200' && s !== '429')
        .map(([s, n]) => `${s}×${n} (${r.clients} clients${r.cache ? ', cache' : ''})`),
    );
    console.log(`\nserver peak RSS ${peak?.toFixed(0) ?? '?'} MiB (target < 1024)`);
    if (hundred) console.log(`100 clients with cache hits: p99 ${fmt(percentile(hundred.ms, 99))} (target < 5 s)`);
    console.log(errors.length ? `errors other than 429: ${errors.join(', ')}` : 'no errors other than 429');
    console.log('');
    for (const line of healthBusyLines(busy, busyOptions)) console.log(line);
    return 0;
  } finally {
    log('stopping the stack…');
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:load: ${err.message}`);
    process.exit(1);
  },
);
