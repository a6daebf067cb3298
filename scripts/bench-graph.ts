/**
 * `npm run bench:graph [-- --sizes 50,500,2000 ...]` (issue 3): for each size, runs the demo mesh with
 * `--workloads N` against a real Prometheus and the built Meshscope server (`npm run build` first) on ports of its
 * own, and prints the graph API's server time (median and p95 of 5 runs), the sum and the longest of its
 * Prometheus queries, the API's own overhead, response bytes, the server's peak memory, and the /graph page's
 * time to first complete render with its longest main-thread task. Ends with a Markdown table for README.md; the
 * raw figures go to .demo/bench/results-<time>.json. The server build is copied to .demo/bench/app first, so a
 * rebuild in the shared checkout cannot change it mid-run. Ctrl-C stops everything it started. See lib/bench/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBenchArgs, USAGE, type BenchOptions } from '@/lib/bench/options';
import { childProcessGroups } from '@/lib/bench/procfs';
import { loadBreakdown, markdown, OVERHEAD_NOTE, sizeTable } from '@/lib/bench/report';
import { runSize, type Cleanups, type SizeResult } from '@/lib/bench/run-size';
import { snapshotBuild } from '@/lib/bench/snapshot';

const root = path.resolve(__dirname, '..');
const cleanups: Cleanups = new Set();
const abort = { aborted: false };

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function onSignal(signal: string): void {
  if (abort.aborted) {
    for (const pgid of childProcessGroups()) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    process.exit(130);
  }
  abort.aborted = true;
  console.error(`\n${signal}: stopping Meshscope, Prometheus, the demo mesh and the browser… (again to force)`);
  void (async () => {
    await Promise.race([Promise.allSettled([...cleanups].map((f) => f())), new Promise((r) => setTimeout(r, 15_000))]);
    // anything still running that this process started (e.g. a stack caught half-way through start-up)
    for (const pgid of childProcessGroups()) {
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    process.exit(130);
  })();
}

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join('/')}, commit ${commit}`;
}

function commandLine(argv: string[]): string {
  return argv.length
    ? `npm run bench:graph -- ${argv.map((a) => (/^[\w.,=/:-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`
    : 'npm run bench:graph';
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const o: BenchOptions = parseBenchArgs(argv);
  const state = path.join(root, '.demo/bench');
  let app: { root: string; buildId: string } | null = null;
  for (let attempt = 1; !app; attempt++) {
    try {
      app = snapshotBuild(root, path.join(state, 'app'));
    } catch (err) {
      if (attempt >= 3 || !/changed while/.test((err as Error).message)) throw err;
      log(`${(err as Error).message}; retrying in 30 s`);
      await new Promise((r) => setTimeout(r, 30_000));
    }
  }
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const rules = o.recordingRules ? 'recording rules' : 'raw metrics';
  const startMachine = `${machine()}, ${o.backend}, ${o.graphQueries} graph queries, ${rules}, build ${app.buildId} (copied to ${path.relative(root, app.root)})`;
  log(
    `graph benchmark: sizes ${o.sizes.join(', ')}; ${o.runs} API runs per graph type (${o.graphTypes.join(', ')}, ${o.apiQuery} query), ${o.browser ? `${o.pageRuns} page loads` : 'no browser'}, mode ${o.mode}, backend ${o.backend}`,
  );
  log(`machine: ${startMachine}`);
  const results: SizeResult[] = [];
  const failed: string[] = [];
  for (const n of o.sizes) {
    if (abort.aborted) break;
    log(`— ${n} workloads —`);
    try {
      const r = await runSize(n, o, { app: app.root, state }, cleanups, abort, log);
      results.push(r);
      console.log(`\n${sizeTable(r)}\n`);
      for (const { variant, summary } of r.pages) {
        console.log(`  page ${variant.name}, each load:`);
        summary.runs.forEach((run, i) => console.log(loadBreakdown(i, run)));
      }
    } catch (err) {
      if (abort.aborted) break;
      failed.push(`${n} workloads: ${(err as Error).message}`);
      log(`size ${n} failed: ${(err as Error).message}`);
    }
  }
  if (abort.aborted) return 130;
  const command = commandLine(argv);
  console.log(`\n${OVERHEAD_NOTE}\n`);
  for (const r of results) console.log(`${sizeTable(r)}\n`);
  for (const f of failed) console.log(`FAILED: ${f}`);
  console.log('\n--- Markdown for README.md ---\n');
  console.log(
    markdown(
      results,
      command,
      `${startMachine} (load at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join('/')})`,
    ),
  );
  const out = path.join(state, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ command, machine: startMachine, options: o, results, failed }, null, 2));
  console.log(`\nRaw figures: ${path.relative(process.cwd(), out)}`);
  return failed.length || results.some((r) => r.errors.length) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:graph: ${err.message}`);
    process.exit(1);
  },
);
