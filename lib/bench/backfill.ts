/**
 * The benchmark's fallback data tier (perf-security.md §3b T1): when a live scrape of a big demo mesh is too heavy,
 * render the same series offline from the demo engine (same seed, same call graph as `lib/demo/main.ts`), write
 * them as OpenMetrics with timestamps, turn them into TSDB blocks with `promtool tsdb create-blocks-from
 * openmetrics` (toolchain.md §3) and serve them with a Prometheus that scrapes nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { prometheusBinary } from '@/lib/demo/stack';
import { stopProcessGroup, waitForHttp } from '@/lib/demo/stack/ports';
import { prometheusArgs } from '@/lib/demo/stack/prometheus';
import { renderMetricsChunks } from '@/lib/demo/metrics/render';
import { seedDemoCluster } from '@/lib/demo/seed';
import { ObjectStore } from '@/lib/demo/store/object-store';
import { seedSynthetic } from '@/lib/demo/synthetic';
import { createTrafficEngine } from '@/lib/demo/traffic';

/** The demo mesh's default `--seed` (lib/demo/main.ts): the offline engine must build the very same mesh. */
export const DEMO_SEED = 42;

/**
 * Collects text-format (0.0.4) scrapes into per-series value slots and writes them back as one OpenMetrics
 * document: one `# TYPE` per family (counters named without `_total`, as OpenMetrics wants), each series with all
 * its timestamped samples in time order (what promtool's appender needs), then `# EOF`.
 */
export class ScrapeRecorder {
  readonly families: { name: string; type: string; keys: string[] }[] = [];
  private readonly familyIndex = new Map<string, number>();
  private readonly series = new Map<string, Float64Array>();

  constructor(private readonly slots: number) {}

  /** Records one scrape (the text in chunks of whole lines) as slot `slot`. */
  record(chunks: Iterable<string>, slot: number): void {
    let family = -1;
    for (const chunk of chunks) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        if (line.startsWith('#')) {
          const m = /^# TYPE (\S+) (\S+)/.exec(line);
          if (m) family = this.family(m[1]!, m[2]!);
          continue;
        }
        const sp = line.lastIndexOf(' ');
        const key = line.slice(0, sp);
        let values = this.series.get(key);
        if (!values) {
          values = new Float64Array(this.slots).fill(NaN);
          this.series.set(key, values);
          const f = family >= 0 ? family : this.family(/^[^{ ]+/.exec(key)![0], 'untyped');
          this.families[f]!.keys.push(key);
        }
        values[slot] = Number(line.slice(sp + 1));
      }
    }
  }

  private family(name: string, type: string): number {
    let i = this.familyIndex.get(name);
    if (i === undefined) {
      i = this.families.push({ name, type, keys: [] }) - 1;
      this.familyIndex.set(name, i);
    }
    return i;
  }

  /** Number of distinct series seen. */
  get size(): number {
    return this.series.size;
  }

  /** Writes the OpenMetrics document to `fd`; `timestampsSec[slot]` is each slot's time. Returns lines written. */
  write(fd: number, timestampsSec: readonly number[]): number {
    let buf: string[] = [];
    let bufLen = 0;
    let lines = 0;
    const flush = () => {
      if (buf.length) writeSync(fd, buf.join(''));
      buf = [];
      bufLen = 0;
    };
    const out = (s: string) => {
      buf.push(s);
      bufLen += s.length;
      if (bufLen > 4_000_000) flush();
    };
    for (const f of this.families) {
      const type = f.type === 'untyped' ? 'unknown' : f.type;
      const name = type === 'counter' && f.name.endsWith('_total') ? f.name.slice(0, -6) : f.name;
      out(`# TYPE ${name} ${type}\n`);
      for (const key of f.keys) {
        const values = this.series.get(key)!;
        for (let s = 0; s < values.length; s++) {
          if (Number.isNaN(values[s]!)) continue;
          out(`${key} ${values[s]} ${timestampsSec[s]}\n`);
          lines++;
        }
      }
    }
    out('# EOF\n');
    flush();
    return lines;
  }
}

export interface BackfillResult {
  series: number;
  samples: number;
  fileMiB: number;
  renderSeconds: number;
  promtoolSeconds: number;
}

function run(cmd: string, args: string[], timeoutMs: number, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(log, 'a');
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      closeSync(fd);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${path.basename(cmd)} ${args.slice(0, 3).join(' ')} failed (${signal ?? `exit ${code}`}); see ${log}`,
          ),
        );
    });
  });
}

/**
 * Renders `seconds` of the `workloads`-workload demo mesh's metrics ending at `endSec`, one sample per series
 * every `stepSeconds` (ticked every second like the live engine), into OpenMetrics under `dir`, and turns them
 * into TSDB blocks in `<dir>/data` (what startBackfilledPrometheus serves) with promtool (`PROMTOOL_BIN`, default /usr/bin/promtool). The OpenMetrics file
 * is deleted afterwards.
 * @throws Error when promtool fails or runs longer than 15 minutes.
 */
export async function backfillBlocks(opts: {
  workloads: number;
  endSec: number;
  seconds: number;
  stepSeconds: number;
  dir: string;
  log: (l: string) => void;
}): Promise<BackfillResult> {
  const t0 = performance.now();
  const store = new ObjectStore();
  seedDemoCluster(store, { bookinfo: false });
  const callGraph = seedSynthetic(store, { workloads: opts.workloads, seed: DEMO_SEED });
  const engine = createTrafficEngine(store, { seed: DEMO_SEED, tickMs: 1000, callGraph });
  const slots = Math.floor(opts.seconds / opts.stepSeconds) + 1;
  const timestamps = Array.from({ length: slots }, (_, i) => opts.endSec - (slots - 1 - i) * opts.stepSeconds);
  const recorder = new ScrapeRecorder(slots);
  try {
    let slot = 0;
    for (let t = timestamps[0]! - 10; t <= opts.endSec && slot < slots; t++) {
      engine.tick(t * 1000);
      if (t === timestamps[slot]) recorder.record(renderMetricsChunks(engine), slot++);
    }
  } finally {
    engine.dispose();
  }
  mkdirSync(opts.dir, { recursive: true });
  const file = path.join(opts.dir, 'backfill.om');
  const fd = openSync(file, 'w');
  let samples: number;
  try {
    samples = recorder.write(fd, timestamps);
  } finally {
    closeSync(fd);
  }
  const fileMiB = Math.round(statSync(file).size / 104857.6) / 10;
  const renderSeconds = (performance.now() - t0) / 1000;
  opts.log(
    `  backfill: ${recorder.size} series × ${slots} samples (${fileMiB} MiB OpenMetrics) rendered in ${renderSeconds.toFixed(1)} s; running promtool…`,
  );
  const t1 = performance.now();
  const dataDir = path.join(opts.dir, 'data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const promtool = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
  try {
    await run(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, dataDir],
      15 * 60_000,
      path.join(opts.dir, 'promtool.log'),
    );
  } finally {
    rmSync(file, { force: true });
  }
  return { series: recorder.size, samples, fileMiB, renderSeconds, promtoolSeconds: (performance.now() - t1) / 1000 };
}

/**
 * Starts a Prometheus on 127.0.0.1:`port` over the TSDB in `<dir>/data` with no scrape jobs, detached (own
 * process group), and waits until it is ready. Returns its `stop()`.
 */
export async function startBackfilledPrometheus(
  dir: string,
  port: number,
): Promise<{ stop(): Promise<void>; child: ChildProcess }> {
  const config = path.join(dir, 'prometheus-backfill.yml');
  writeFileSync(
    config,
    '# Generated by npm run bench:graph: serves backfilled blocks only.\nglobal:\n  scrape_interval: 5s\n',
  );
  const fd = openSync(path.join(dir, 'prometheus-backfill.log'), 'a');
  const child = spawn(prometheusBinary(), prometheusArgs(config, dir, `127.0.0.1:${port}`, '30d'), {
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = () => stopProcessGroup(child);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/-/ready`, 'backfilled Prometheus', 60_000, alive);
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop, child };
}
