/**
 * Browser side of the graph benchmark: loads /graph in Debian's Chromium through Playwright and times navigation
 * start → first complete render (cytoscape canvas present and the layout finished), with the longest main-thread
 * task seen by a `longtask` PerformanceObserver. In-page code is kept as plain-JS strings so the TypeScript
 * transpiler cannot inject helpers into it.
 */
import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { frameStats, PAN_SCRIPT, type FrameStats } from './frames';
import { median, parseServerTiming, type ServerTiming } from './stats';
import { summarizeProfile, type CpuProfile } from './cpu-profile';
import { graphAnswerView } from '@/lib/graph/namespace-view';
import type { KialiGraphJson } from '@/lib/graph/types';

type ProfileSummary = ReturnType<typeof summarizeProfile>;

/** One page load. Times are milliseconds since navigation start (the page's `performance.timeOrigin`). */
export interface PageSample {
  /** First complete render: layout finished and drawn (see DETECT). */
  renderMs: number;
  /** First frame with the final node positions (fallback detection; = renderMs with a DOM marker). */
  layoutMs: number;
  /** The browser's WebGL2 renderer string (SwiftShader = software WebGL, as with --disable-gpu), or 'none'. */
  webglRenderer: string;
  /** When the page had the graph API's response (resource timing `responseEnd`); NaN if not seen. */
  apiResponseEndMs: number;
  /**
   * The server's split of the page's graph request (its `Server-Timing`), so the wait for the answer's headers reads
   * as handler time plus what came after it (JSON, compression, queueing); null with a synthetic answer.
   */
  graphServerTiming: ServerTiming | null;
  longestTaskMs: number;
  longTasks: number;
  /** Sum over long tasks of (duration − 50 ms). */
  blockingMs: number;
  /** How "complete render" was detected. */
  method: string;
  cyNodes: number;
  cyEdges: number;
  large: boolean;
  webgl: boolean;
  jsHeapMiB: number;
  pageErrors: string[];
  /** The namespace view was shown (issue 17), and how long its aggregation took on the server (ms, the graph answer's
   * Server-Timing `namespace-view`; NaN if not). */
  namespaceView: boolean;
  aggregateMs: number;
  /** The scripted pan/zoom after the render (frames.ts); null when it could not run. */
  frames: FrameStats | null;
  /**
   * The load's phases, in start order (ms since navigation start): the page's `meshscope:*` performance measures
   * (prefix dropped), the HTML and the graph API's request and transfer (resource timing).
   */
  phases: PagePhase[];
  /** The longest main-thread tasks (up to 6), in start order. */
  longestTasks: { start: number; ms: number }[];
  /** The CPU profile's summary when one was asked for (PageOptions.cpuProfile). */
  profile?: ProfileSummary;
}

/** One phase of a page load: name, start (ms since navigation start) and duration (ms). */
export interface PagePhase {
  name: string;
  start: number;
  ms: number;
}

export interface PageSummary {
  url: string;
  runs: PageSample[];
  /** Loads that failed (the figures are over the others). */
  failures: string[];
  renderMedianMs: number;
  renderMaxMs: number;
  longestTaskMs: number;
  method: string;
  /** Median over the loads of each pan's median frames/s, and the worst frame of all loads (ms). */
  panFpsMedian: number;
  panWorstFrameMs: number;
}

/** Options of one page load. */
export interface PageOptions {
  timeoutMs: number;
  settleMs: number;
  marker?: string;
  pinQueryTime?: number;
  /** Where to save a screenshot when the load fails. */
  failureShot?: string;
  /** Length of the scripted pan/zoom after the render (ms); 0 skips it. */
  panMs?: number;
  /** A graph JSON to answer the page's graph requests with, in place of the API (bench-graph-page.ts). */
  graphBody?: string;
  /** The page's WebGL choice (create-cy.ts `meshscope.graph.webgl`): automatic, forced on or off. */
  webgl?: 'auto' | 'on' | 'off';
  /** Where to save a CPU profile of the page's main thread from navigation to the render + `settleMs` (`.cpuprofile`). */
  cpuProfile?: string;
}

/** Marker attributes that would say "layout done" if the graph island sets one (checked before the fallbacks). */
const KNOWN_MARKERS = [
  '[data-layout="done"]',
  '[data-layout="stopped"]',
  '[data-layout-state="done"]',
  '[data-rendered="true"]',
  '[data-ready="true"]',
].map((m) => `[data-testid="${sel.graph.canvas}"]${m}`);

/**
 * Polled every animation frame; returns false, {error}, or {method, at, layoutAt, nodes, edges}. Fallback: `layoutAt`
 * is the first frame that saw the final positions, `at` the frame two frames later (so the frames that drew the laid
 * out graph, which can be slow with the WebGL renderer, are inside the render time).
 */
const DETECT = `function (markers, exclusive) {
  const st = (window.__benchRender = window.__benchRender || { sig: '', firstAt: 0, frames: 0 });
  const bad = document.querySelector('[data-testid="${sel.graph.error}"],[data-testid="${sel.graph.empty}"]');
  if (bad) return { error: (bad.textContent || '').trim().slice(0, 200) };
  const container = document.querySelector('[data-testid="${sel.graph.canvas}"]');
  if (!container || !container.querySelector('canvas')) return false;
  const cy = container._cyreg && container._cyreg.cy;
  const live = cy && typeof cy.nodes === 'function' && !cy.destroyed();
  const nodes = live ? cy.nodes().length : -1, edges = live ? cy.edges().length : -1;
  for (const m of markers) if (document.querySelector(m)) return { method: 'DOM marker ' + m, at: performance.now(), layoutAt: performance.now(), nodes, edges };
  if (exclusive) return false;
  let sig, method;
  if (live) {
    sig = window.__benchSig(cy);
    if (!sig) return false;
    method = 'fallback: graph response, canvas, cytoscape node positions unchanged over 2 animation frames';
  } else {
    sig = 'canvas';
    method = 'fallback: graph response, canvas element present over 2 animation frames (no cytoscape handle)';
  }
  const now = performance.now();
  if (sig !== st.sig) { st.sig = sig; st.firstAt = now; st.frames = 0; return false; }
  if (++st.frames < 2) return false;
  return { method, at: now, layoutAt: st.firstAt, nodes, edges };
}`;

/**
 * Injected before any page script: the longtask observer, and a requestAnimationFrame loop running DETECT until it
 * answers (result in `window.__benchDone`). Polling inside the page keeps the timing exact and needs no eval, which
 * the app's CSP (no 'unsafe-eval') would refuse to Playwright's waitForFunction.
 */
function initScript(markers: string[], exclusive: boolean, webgl: 'auto' | 'on' | 'off' = 'auto'): string {
  const pref =
    webgl === 'auto'
      ? ''
      : `try { localStorage.setItem('meshscope.graph.webgl', ${JSON.stringify(webgl)}); } catch (e) {}`;
  return `(() => {
  ${pref}
  ${PAN_SCRIPT}
  const b = (window.__bench = { longest: 0, count: 0, blocking: 0, supported: false, tasks: [] });
  const take = (entries) => { for (const e of entries) { b.count++; b.longest = Math.max(b.longest, e.duration); b.blocking += Math.max(0, e.duration - 50); b.tasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) }); } };
  try {
    if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
      b.supported = true;
      b.observer = new PerformanceObserver((list) => take(list.getEntries()));
      b.observer.observe({ type: 'longtask', buffered: true });
      b.flush = () => take(b.observer.takeRecords());
    }
  } catch (e) { b.error = String(e); }
  // positions signature of a laid-out graph; null while empty or all nodes still sit on one point
  window.__benchSig = (cy) => {
    const n = cy.nodes();
    if (n.length === 0) return null;
    let sum = 0, x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    n.forEach((e) => { const p = e.position(); sum += p.x * 1.618 + p.y; x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); });
    if (n.length > 1 && x1 - x0 < 1 && y1 - y0 < 1) return null;
    return n.length + ':' + cy.edges().length + ':' + Math.round(sum);
  };
  const detect = (${DETECT});
  const loop = () => {
    let r = false;
    try { r = detect(${JSON.stringify(markers)}, ${exclusive}); } catch (e) { r = { error: 'render detector failed: ' + e }; }
    if (r) window.__benchDone = r; else requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})();`;
}

const COLLECT = `(() => {
  const b = window.__bench || {};
  if (b.flush) b.flush();
  const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/namespaces/graph'));
  const note = document.querySelector('[data-testid="${sel.graph.largeNote}"]');
  const mem = performance.memory;
  const c = document.querySelector('[data-testid="${sel.graph.canvas}"]');
  const cy = c && c._cyreg && c._cyreg.cy;
  const st = window.__benchRender;
  let gl = 'none';
  try {
    const g = document.createElement('canvas').getContext('webgl2');
    const ext = g && g.getExtension('WEBGL_debug_renderer_info');
    if (g) gl = ext ? String(g.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'WebGL2';
  } catch (e) { gl = 'error: ' + e; }
  const agg = api && api.serverTiming ? api.serverTiming.find((t) => t.name === 'namespace-view') : undefined;
  const r = (x) => Math.round(x);
  const phases = performance.getEntriesByType('measure').filter((e) => e.name.startsWith('meshscope:'))
    .map((e) => ({ name: e.name.slice(10), start: r(e.startTime), ms: r(e.duration) }));
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) phases.push({ name: 'html', start: r(nav.requestStart), ms: r(nav.responseEnd - nav.requestStart) },
    { name: 'dom-content-loaded', start: r(nav.domContentLoadedEventStart), ms: 0 });
  if (api) phases.push({ name: 'api:request', start: r(api.startTime), ms: r(api.responseStart - api.startTime) },
    { name: 'api:transfer', start: r(api.responseStart), ms: r(api.responseEnd - api.responseStart) });
  // what the page still fetched after its graph request had started (scripts, the worker, fonts)
  for (const e of performance.getEntriesByType('resource'))
    if (api && e !== api && e.startTime >= api.startTime)
      phases.push({ name: 'fetch ' + e.name.split('?')[0].split('/').pop(), start: r(e.startTime), ms: r(e.responseEnd - e.startTime) });
  const tasks = (b.tasks || []).slice().sort((x, y) => y.ms - x.ms).slice(0, 6).sort((x, y) => x.start - y.start);
  const nsView = !!document.querySelector('[data-testid="${sel.graph.namespaceViewNote}"]');
  const moved = !!(cy && !cy.destroyed() && st && st.sig && st.sig !== 'canvas' && window.__benchSig(cy) !== st.sig);
  return { gl, moved, longest: b.longest || 0, count: b.count || 0, blocking: b.blocking || 0, supported: !!b.supported,
    apiEnd: api ? api.responseEnd : NaN, large: !!note, webgl: !!note && /WebGL/.test(note.textContent || ''),
    heap: mem ? mem.usedJSHeapSize : NaN, nsView, aggMs: agg ? agg.duration : NaN, phases, tasks };
})()`;

/** Launches Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium) headless with the e2e flags. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

/**
 * Loads `url` once in a fresh context (1920×1080, no cache) and waits for the first complete render (bounded by
 * `timeoutMs`), then `settleMs` more so long tasks right after the render are counted. With `pinQueryTime`, the
 * page's graph API request gets `queryTime` set to it (backfilled data has no "now").
 * @throws Error when the API fails, the page shows its error or empty state, or the timeout passes.
 */
export async function loadGraphPage(browser: Browser, url: string, o: PageOptions): Promise<PageSample> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  try {
    await context.addInitScript({
      content: initScript(o.marker ? [o.marker] : KNOWN_MARKERS, !!o.marker, o.webgl),
    });
    const body = o.graphBody;
    if (body !== undefined) {
      // the answer the graph API gives for the page's request: the namespace view when it asks for it
      const answers = new Map<string, string>();
      await context.route('**/api/namespaces/graph?**', (route) => {
        const q = new URL(route.request().url()).searchParams;
        const view = q.get('namespaceView') ?? 'false';
        let answer = answers.get(view);
        if (answer === undefined) {
          const selected = (q.get('namespaces') ?? '').split(',').filter(Boolean).length;
          const graph = JSON.parse(body) as KialiGraphJson;
          const asked = view === 'auto' ? 'auto' : view === 'true';
          answer = view === 'false' ? body : JSON.stringify(graphAnswerView(graph, asked, selected, false));
          answers.set(view, answer);
        }
        return route.fulfill({ status: 200, contentType: 'application/json', body: answer });
      });
    } else if (o.pinQueryTime !== undefined) {
      await context.route('**/api/namespaces/graph?**', (route) => {
        const u = new URL(route.request().url());
        u.searchParams.set('queryTime', String(o.pinQueryTime));
        return route.continue({ url: u.toString() });
      });
    }
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message.slice(0, 200)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text().slice(0, 200)}`);
    });
    let stopProfile: (() => Promise<ProfileSummary>) | undefined;
    if (o.cpuProfile) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
      const file = o.cpuProfile;
      stopProfile = async () => {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
        writeFileSync(file, JSON.stringify(profile));
        return summarizeProfile(profile);
      };
    }
    try {
      return await timeLoad(page, url, o, pageErrors, stopProfile);
    } catch (err) {
      throw new Error(
        `${(err as Error).message.split('\n')[0]}${await diagnose(page, o.failureShot)}${pageErrors.length ? `; page errors: ${pageErrors.slice(0, 3).join(' | ')}` : ''}`,
      );
    }
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** What the page showed when a load failed: its test ids, and a screenshot at `shot` when given. */
async function diagnose(page: Page, shot?: string): Promise<string> {
  try {
    if (shot) await page.screenshot({ path: shot, timeout: 10_000 });
    const ids = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid')).slice(0, 15).join(',')`,
      undefined,
    )) as string;
    return ` (page shows test ids: ${ids || 'none'}${shot ? `; screenshot ${shot}` : ''})`;
  } catch {
    return ' (page unresponsive)';
  }
}

/** Navigates and waits for the graph response and the first complete render (see loadGraphPage). */
async function timeLoad(
  page: Page,
  url: string,
  o: PageOptions,
  pageErrors: string[],
  stopProfile?: () => Promise<ProfileSummary>,
): Promise<PageSample> {
  const apiResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/namespaces/graph', {
    timeout: o.timeoutMs,
  });
  await page.goto(url, { waitUntil: 'commit', timeout: o.timeoutMs });
  const res = await apiResponse;
  const timingHeader = (await res.allHeaders())['server-timing'] ?? null;
  if (!res.ok())
    throw new Error(`the page's graph request answered ${res.status()}: ${(await res.text()).slice(0, 200)}`);
  type Done = { error?: string; method: string; at: number; layoutAt: number; nodes: number; edges: number };
  let done: Done | null = null;
  for (const deadline = Date.now() + o.timeoutMs; !done;) {
    if (Date.now() > deadline) throw new Error(`no complete render within ${o.timeoutMs / 1000} s`);
    await page.waitForTimeout(100);
    done = (await page.evaluate('window.__benchDone || null')) as Done | null;
  }
  if (done.error) throw new Error(`the graph page shows: ${done.error}`);
  await page.waitForTimeout(o.settleMs);
  const profile = await stopProfile?.();
  const c = (await page.evaluate(COLLECT)) as {
    gl: string;
    moved: boolean;
    longest: number;
    count: number;
    blocking: number;
    supported: boolean;
    apiEnd: number;
    large: boolean;
    webgl: boolean;
    heap: number;
    nsView: boolean;
    aggMs: number;
    phases: PagePhase[];
    tasks: { start: number; ms: number }[];
  };
  const panMs = o.panMs ?? 4000;
  const intervals =
    panMs > 0
      ? ((await page.evaluate(`window.__benchPan(${panMs}, '[data-testid="${sel.graph.canvas}"]')`)) as number[] | null)
      : null;
  return {
    renderMs: done.at,
    layoutMs: done.layoutAt,
    webglRenderer: c.gl,
    apiResponseEndMs: c.apiEnd,
    graphServerTiming: timingHeader ? parseServerTiming(timingHeader) : null,
    longestTaskMs: c.supported ? c.longest : NaN,
    longTasks: c.count,
    blockingMs: c.blocking,
    method: c.moved
      ? `${done.method} (WARNING: positions changed during the ${o.settleMs} ms after it: layout may be asynchronous)`
      : done.method,
    cyNodes: done.nodes,
    cyEdges: done.edges,
    large: c.large,
    webgl: c.webgl,
    jsHeapMiB: Math.round(c.heap / 104857.6) / 10,
    pageErrors,
    namespaceView: c.nsView,
    aggregateMs: c.aggMs,
    frames: intervals ? frameStats(intervals) : null,
    phases: c.phases.sort((a, b) => a.start - b.start),
    longestTasks: c.tasks,
    profile,
  };
}

/** The largest of `xs`; NaN when empty. */
function worst(xs: number[]): number {
  return xs.length ? Math.max(...xs) : NaN;
}

/**
 * Loads the page `runs` times (at least 1.1 s apart, so the live page's `queryTime`=now never repeats). A failed load
 * is listed in `failures` (screenshot `<failureShot>-<n>.png`) and the others still count.
 * @throws Error when every load failed.
 */
export async function measurePage(browser: Browser, url: string, runs: number, o: PageOptions): Promise<PageSummary> {
  const samples: PageSample[] = [];
  const failures: string[] = [];
  for (let i = 0; i < runs; i++) {
    const started = Date.now();
    const pin = o.pinQueryTime === undefined ? undefined : o.pinQueryTime - i;
    try {
      samples.push(
        await loadGraphPage(browser, url, {
          ...o,
          pinQueryTime: pin,
          failureShot: o.failureShot && `${o.failureShot}-${i + 1}.png`,
          cpuProfile: o.cpuProfile && `${o.cpuProfile}-${i + 1}.cpuprofile`,
        }),
      );
    } catch (err) {
      failures.push(`load ${i + 1}: ${(err as Error).message}`);
    }
    const wait = 1100 - (Date.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  if (samples.length === 0) throw new Error(failures.join('; '));
  return {
    url,
    runs: samples,
    failures,
    renderMedianMs: median(samples.map((s) => s.renderMs)),
    renderMaxMs: Math.max(...samples.map((s) => s.renderMs)),
    longestTaskMs: Math.max(...samples.map((s) => s.longestTaskMs)),
    method: [...new Set(samples.map((s) => s.method))].join('; '),
    panFpsMedian: median(samples.flatMap((s) => (s.frames ? [s.frames.medianFps] : []))),
    panWorstFrameMs: worst(samples.flatMap((s) => (s.frames ? [s.frames.worstFrameMs] : []))),
  };
}
