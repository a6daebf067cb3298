/**
 * One size of the graph benchmark: start the demo mesh with N workloads, Prometheus and Meshscope on the bench
 * ports; get 60 s of data (live scrape, or promtool backfill); time the graph API and the /graph page; read the
 * server's peak memory; stop everything.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { startStack, type RunningStack } from '@/lib/demo/stack';
import { measureGraphType, type ApiSummary } from './api';
import { backfillBlocks, startBackfilledPrometheus, type BackfillResult } from './backfill';
import { launchBrowser, measurePage, type PageSummary } from './browser';
import { type BenchOptions, type PageVariant } from './options';
import { memoryOnPort, type ProcMemory } from './procfs';
import { meshNamespaces, namespacesWithRate, promFigures, waitForLiveData } from './prom-data';

/** Everything measured for one mesh size; `errors` lists the phases that failed (their figures are missing). */
export interface SizeResult {
  workloads: number;
  namespaces: number;
  mode: 'live' | 'backfill';
  /** How the data got into Prometheus, in words. */
  modeNote: string;
  prom: { samplesPerScrape: number; headSeries: number; scrapeSeconds: number };
  backfill?: BackfillResult;
  api: ApiSummary[];
  serverAfterApi: ProcMemory | null;
  server: ProcMemory | null;
  prometheus: ProcMemory | null;
  page?: PageSummary;
  /** Every page variant measured (`--page-variants`); `page` is the first's. */
  pages: { variant: PageVariant; summary: PageSummary }[];
  /** Why the page figures are for a smaller view than the API's (empty when they are not). */
  pageNote: string;
  errors: string[];
  seconds: number;
}

/** Registry of stop functions the Ctrl-C handler runs. */
export type Cleanups = Set<() => Promise<void>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Throws when the run was interrupted (checked between phases). */
function check(abort: { aborted: boolean }): void {
  if (abort.aborted) throw new Error('interrupted');
}

/**
 * Runs one size with the server build under `dirs.app` (a snapshotBuild root) and state under `dirs.state`/w<N>.
 * Always stops the stack, the backfill Prometheus and the browser before returning (also on errors;
 * `cleanups` lets a Ctrl-C handler do the same meanwhile).
 * @throws Error when the stack cannot start or no data reaches Prometheus (the size has no figures then).
 */
export async function runSize(
  workloads: number,
  o: BenchOptions,
  dirs: { app: string; state: string },
  cleanups: Cleanups,
  abort: { aborted: boolean },
  log: (l: string) => void,
): Promise<SizeResult> {
  const started = Date.now();
  const dir = path.join(dirs.state, `w${workloads}`);
  rmSync(dir, { recursive: true, force: true });
  let stack: RunningStack | null = null;
  let ownProm: { stop(): Promise<void> } | null = null;
  let browser: Browser | null = null;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await ownProm?.stop();
    await stack?.stop();
  };
  cleanups.add(cleanup);
  const errors: string[] = [];
  try {
    log(
      `starting the demo mesh (--workloads ${workloads}), ${o.backend === 'victoriametrics' ? 'VictoriaMetrics' : 'Prometheus'} and Meshscope (state in ${path.relative(process.cwd(), dir)})…`,
    );
    stack = await startStack({
      root: dirs.app,
      dir,
      ports: o.ports,
      workloads,
      scrapeSeconds: o.scrapeSeconds,
      parts: { prometheus: o.mode !== 'backfill' },
      backend: o.backend,
      recordingRules: o.recordingRules,
      meshscopeEnv: {
        GRAPH_QUERY_STRATEGY: o.graphQueries,
        PROMETHEUS_RECORDING_RULES: o.recordingRules ? 'auto' : 'off',
      },
    });
    check(abort);
    const ns = await meshNamespaces(stack.urls.kube);
    const promUrl = stack.urls.prometheus;
    // Query times step back one second per request from `base`; the page (live) asks for "now", which is later.
    const apiRequests = (o.runs + 1) * o.graphTypes.length;
    const offsets = apiRequests + o.pageRuns + 5;
    let mode: SizeResult['mode'] = 'live';
    let modeNote = '';
    let backfill: BackfillResult | undefined;
    let base = 0;
    let pinPage: number | undefined;
    if (o.mode !== 'backfill') {
      const wait = await waitForLiveData({
        promUrl,
        namespaces: ns.names.length,
        createdMs: ns.createdMs,
        windowSeconds: o.durationSeconds,
        marginSeconds: 2 * o.scrapeSeconds + offsets,
        maxSeconds: o.waitSeconds,
        log,
      });
      check(abort);
      if (wait.ok) {
        modeNote = `live scrape every ${o.scrapeSeconds} s (data ready after ${wait.waitedSeconds.toFixed(0)} s; longest scrape ${wait.maxScrapeSeconds.toFixed(2)} s)`;
        base = Math.floor(Date.now() / 1000) - 1;
      } else if (o.mode === 'live' || o.backend === 'victoriametrics' || o.recordingRules) {
        throw new Error(`live scrape gave no usable data: ${wait.reason}`);
      } else {
        log(`  live scrape given up (${wait.reason}); falling back to promtool backfill`);
        modeNote = `live scrape gave up (${wait.reason}); `;
        await stack.stop('prometheus');
        mode = 'backfill';
      }
    } else mode = 'backfill';
    if (mode === 'backfill') {
      // the graph API clips a namespace's window to its age: wait until the mesh is older than window + offsets
      const readyAt = ns.createdMs + (o.durationSeconds + offsets + 5) * 1000;
      while (Date.now() < readyAt) {
        check(abort);
        await sleep(Math.min(2_000, readyAt - Date.now()));
      }
      const endSec = Math.floor(Date.now() / 1000);
      const seconds = Math.ceil((o.durationSeconds + offsets + 60) / o.scrapeSeconds) * o.scrapeSeconds;
      const bfDir = path.join(dir, 'backfill');
      backfill = await backfillBlocks({ workloads, endSec, seconds, stepSeconds: o.scrapeSeconds, dir: bfDir, log });
      check(abort);
      ownProm = await startBackfilledPrometheus(bfDir, o.ports.prometheus);
      const got = await namespacesWithRate(promUrl, endSec - 1);
      if (got < ns.names.length)
        throw new Error(`backfilled Prometheus has a rate for ${got}/${ns.names.length} namespaces`);
      modeNote += `promtool backfill: ${backfill.series} series, one sample every ${o.scrapeSeconds} s over ${seconds} s (render ${backfill.renderSeconds.toFixed(0)} s, promtool ${backfill.promtoolSeconds.toFixed(0)} s)`;
      base = endSec - 1;
      pinPage = base - apiRequests - 2;
    }
    const prom = await promFigures(promUrl);
    if (mode === 'backfill') prom.headSeries = backfill?.series ?? NaN;

    let next = base;
    const api: ApiSummary[] = [];
    let chunk: number | undefined;
    for (const graphType of o.graphTypes) {
      check(abort);
      try {
        log(`  graph API ${graphType}: 1 cold + ${o.runs} runs…`);
        const a = await measureGraphType({
          baseUrl: stack.urls.meshscope,
          namespaces: ns.names,
          graphType,
          durationSeconds: o.durationSeconds,
          style: o.apiQuery,
          pageParams: o.pageParams,
          chunk,
          runs: o.runs,
          nextQueryTime: () => next--,
          timeoutMs: o.timeoutSeconds * 1000,
        });
        if (a.chunks > 1) chunk = a.chunkSize;
        const recorded = a.runs.filter((r) => r.recorded).length;
        log(
          `  ${graphType}: ${a.queries} queries per request; recorded series read by ${recorded}/${a.runs.length} runs`,
        );
        api.push(a);
      } catch (err) {
        errors.push(`API ${graphType}: ${(err as Error).message}`);
      }
    }
    const serverAfterApi = memoryOnPort(o.ports.meshscope);

    let page: PageSummary | undefined;
    const pages: SizeResult['pages'] = [];
    let pageNote = '';
    if (o.browser) {
      check(abort);
      const pageUrl = (names: string[], v: PageVariant) =>
        `${stack!.urls.meshscope}/graph?namespaces=${names.join(',')}&graphType=versionedApp&duration=${o.durationSeconds}&refresh=0${v.view === 'auto' ? '' : `&namespaceView=${v.view === 'namespace'}`}${o.pageParams ? `&${o.pageParams}` : ''}`;
      const opts = {
        timeoutMs: o.timeoutSeconds * 1000,
        settleMs: 2_000,
        marker: o.marker,
        pinQueryTime: pinPage,
        failureShot: path.join(dir, 'page-failure'),
        panMs: o.panMs,
      };
      let names = ns.names;
      browser = await launchBrowser();
      for (const v of o.pageVariants) {
        check(abort);
        try {
          log(`  /graph page (${v.name}): ${o.pageRuns} loads in Chromium…`);
          pages.push({
            variant: v,
            summary: await measurePage(browser, pageUrl(names, v), o.pageRuns, { ...opts, webgl: v.webgl }),
          });
        } catch (err) {
          const msg = (err as Error).message;
          const short = msg.length > 600 ? `${msg.slice(0, 600)}…` : msg;
          // The page sends every namespace in one request: when the API refuses that many, measure its largest view.
          const limit = Number(/at most (\d+) per request/.exec(msg)?.[1] ?? NaN);
          if (limit > 0 && limit < names.length) {
            names = names.slice(0, limit);
            pageNote = `with all ${ns.names.length} namespaces the page's one graph request gets 400 (the API takes at most ${limit} per request), so the page figures are for the first ${limit} namespaces`;
            log(`  /graph page: ${pageNote}`);
            const summary = await measurePage(browser, pageUrl(names, v), o.pageRuns, {
              ...opts,
              webgl: v.webgl,
            }).catch((e: Error) => {
              errors.push(`page ${v.name}: ${short}; with ${limit} namespaces: ${e.message.slice(0, 600)}`);
              return undefined;
            });
            if (summary) pages.push({ variant: v, summary });
          } else errors.push(`page ${v.name}: ${short}`);
        }
      }
      page = pages[0]?.summary;
    }
    return {
      workloads,
      namespaces: ns.names.length,
      mode,
      modeNote,
      prom,
      backfill,
      api,
      serverAfterApi,
      server: memoryOnPort(o.ports.meshscope),
      prometheus: memoryOnPort(o.ports.prometheus),
      page,
      pages,
      pageNote,
      errors,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    log('  stopping…');
    await cleanup();
    cleanups.delete(cleanup);
  }
}
