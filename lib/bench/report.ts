/**
 * Output of the graph benchmark: a plain table per size (one line per metric, with issue 3's targets) and a
 * Markdown summary for README.md.
 */
import type { ApiSummary } from './api';
import type { PageSample } from './browser';
import { targetsFor } from './options';
import { ownTimeSplit } from './stats';
import type { SizeResult } from './run-size';

/** "412 ms" below a second, "1.23 s" above; "n/a" for NaN. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function fmtPct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'n/a';
}

function fmtBytes(b: number): string {
  if (!Number.isFinite(b)) return 'n/a';
  return b < 1e6 ? `${(b / 1e3).toFixed(1)} kB` : `${(b / 1e6).toFixed(2)} MB`;
}

function fmtFps(fps: number): string {
  return Number.isFinite(fps) ? `${fps.toFixed(fps < 10 ? 1 : 0)} fps` : 'n/a';
}

function verdict(value: number, limit: number | undefined): string {
  if (limit === undefined || !Number.isFinite(value)) return '';
  return value < limit ? 'PASS' : 'FAIL';
}

/**
 * One page load's breakdown (issue 17), as printed lines: its phases (ms since navigation start: the page's
 * `meshscope:*` measures, the HTML, the graph request's wait and transfer, what it fetched after the graph request
 * started), its longest tasks, the server's split of the page's own graph request (`Server-Timing`: handler total,
 * namespaces, the Prometheus phase, inventory wait, build; the wait for the answer's headers beyond the handler is
 * JSON, compression and queueing), and the CPU profile's summary when one was taken. `i` counts from 0.
 */
export function loadBreakdown(i: number, s: PageSample): string {
  const phases = s.phases.map((p) => `${p.name} ${p.start}+${p.ms}`).join(', ');
  const tasks = s.longestTasks.map((t) => `${t.start}+${t.ms}`).join(', ');
  const lines = [
    `    load ${i + 1}: render ${fmtMs(s.renderMs)}; phases (start+ms): ${phases}; longest tasks: ${tasks}`,
  ];
  const t = s.graphServerTiming;
  if (t) {
    const wait = s.phases.find((p) => p.name === 'api:request')?.ms ?? NaN;
    const part = (name: string) => t.ownParts?.[name] ?? NaN;
    lines.push(
      `      graph request on the server: total ${fmtMs(t.totalMs)} (namespaces ${fmtMs(part('namespaces'))}, Prometheus phase ${fmtMs(t.promWallMs)} for ${t.queries} queries, inventory wait ${fmtMs(part('inventory-wait'))}, build ${fmtMs(part('build'))}); headers after ${fmtMs(wait)}, so ${fmtMs(wait - t.totalMs)} outside the handler`,
    );
  }
  if (s.profile) {
    const row = (r: { name: string; ms: number }) => `${r.name} ${r.ms}`;
    lines.push(`      profile: ${s.profile.totalMs} ms sampled, idle ${s.profile.idleMs} ms`);
    lines.push(`      by script: ${s.profile.scripts.map(row).join('; ')}`);
    lines.push(`      by function (self): ${s.profile.functions.map(row).join('; ')}`);
  }
  return lines.join('\n');
}

/** The overhead definitions, printed under every table. */
export const OVERHEAD_NOTE = [
  'API own overhead = (Server-Timing total − prometheus-wall, the measured wall time of the parallel query phase) / total, median over the runs; in brackets the pessimistic (total − longest single query) / total.',
  "  All of a request's queries run in one parallel phase (≤ 8 in flight), so the longest query is the least the",
  '  Prometheus part of the critical path can take: this is an upper bound of the time the API spends on its own.',
  '  "vs parallel bound" credits the concurrency limit: (total − max(longest, sum / (8 × requests at once))) / total.',
].join('\n');

/** The per-size table: one line per metric, with the target and PASS/FAIL where the issue sets one. */
export function sizeTable(r: SizeResult): string {
  const t = targetsFor(r.workloads);
  const rows: [string, string, string][] = [];
  const row = (label: string, value: string, target = '') => rows.push([label, value, target]);
  row('data', r.modeNote);
  row(
    r.mode === 'live' ? 'Prometheus head series / samples per scrape' : 'backfilled series',
    r.mode === 'live' ? `${r.prom.headSeries} / ${r.prom.samplesPerScrape}` : `${r.prom.headSeries}`,
  );
  for (const a of r.api) apiRows(a, t, row);
  row(
    'Meshscope server peak RSS (VmHWM), after API runs',
    r.serverAfterApi ? `${r.serverAfterApi.peakRssMiB} MiB (pid ${r.serverAfterApi.pid})` : 'n/a',
  );
  row(
    'Meshscope server peak RSS (VmHWM), at the end',
    r.server ? `${r.server.peakRssMiB} MiB (RSS now ${r.server.rssMiB} MiB)` : 'n/a',
  );
  row('Prometheus peak RSS (VmHWM)', r.prometheus ? `${r.prometheus.peakRssMiB} MiB` : 'n/a');
  if (r.page) {
    const p = r.page;
    if (r.pageNote) row('page: NOTE', r.pageNote);
    const apiEnd = p.runs.map((s) => s.apiResponseEndMs).sort((a, b) => a - b)[Math.floor(p.runs.length / 2)] ?? NaN;
    row(
      `page: navigation → first complete render (median of ${p.runs.length}${p.failures.length ? ` ok, ${p.failures.length} failed` : ''})`,
      `${fmtMs(p.renderMedianMs)} (max ${fmtMs(p.renderMaxMs)})`,
      t.pageMs ? `< ${fmtMs(t.pageMs)} ${verdict(p.renderMedianMs, t.pageMs)}` : '',
    );
    const layout = p.runs.map((s) => s.layoutMs).sort((a, b) => a - b)[Math.floor(p.runs.length / 2)] ?? NaN;
    row('page: graph response received / layout finished (median)', `${fmtMs(apiEnd)} / ${fmtMs(layout)}`);
    row(
      'page: longest main-thread task (all loads)',
      fmtMs(p.longestTaskMs),
      `< ${fmtMs(t.longTaskMs)} ${verdict(p.longestTaskMs, t.longTaskMs)}`,
    );
    const s = p.runs[0]!;
    row(
      'page: cytoscape elements / large mode',
      `${s.cyNodes} nodes, ${s.cyEdges} edges / ${s.large ? `yes (${s.webgl ? 'WebGL' : 'canvas'})` : 'no'}; browser WebGL2: ${s.webglRenderer.slice(0, 60)}`,
    );
    row(
      'page: JS heap used / page errors',
      `${s.jsHeapMiB} MiB / ${p.runs.reduce((n, x) => n + x.pageErrors.length, 0)}`,
    );
    row('page: render detected by', p.method);
    for (const f of p.failures) row('page: FAILED', f);
  }
  for (const { variant, summary: v } of r.pages ?? []) {
    const s = v.runs[0]!;
    const view = s.namespaceView ? `namespace view (aggregated in ${fmtMs(s.aggregateMs)})` : 'every node';
    row(
      `page ${variant.name}: render median (max) / longest task`,
      `${fmtMs(v.renderMedianMs)} (${fmtMs(v.renderMaxMs)}) / ${fmtMs(v.longestTaskMs)}`,
      t.pageMs ? `< ${fmtMs(t.pageMs)} ${verdict(v.renderMedianMs, t.pageMs)}` : '',
    );
    row(
      `page ${variant.name}: pan/zoom median fps / worst frame`,
      `${fmtFps(v.panFpsMedian)} / ${fmtMs(v.panWorstFrameMs)}`,
      `≥ 30 fps ${Number.isFinite(v.panFpsMedian) ? (v.panFpsMedian >= 30 ? 'PASS' : 'FAIL') : ''}`.trim(),
    );
    row(
      `page ${variant.name}: view / elements / renderer`,
      `${view} / ${s.cyNodes} nodes, ${s.cyEdges} edges / ${s.large ? (s.webgl ? 'WebGL' : 'canvas (large)') : 'canvas'}`,
    );
  }
  for (const e of r.errors) row('ERROR', e);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.min(60, Math.max(...rows.map((x) => x[1].length)));
  const title = `== ${r.workloads} workloads, ${r.namespaces} namespaces (${r.seconds.toFixed(0)} s) — targets: ${t.label}; task < 2 s; overhead < 25% ==`;
  return [title, ...rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd())].join('\n');
}

function apiRows(
  a: ApiSummary,
  t: ReturnType<typeof targetsFor>,
  row: (l: string, v: string, t?: string) => void,
): void {
  const g = a.graphType;
  if (a.chunks > 1)
    row(
      `API ${g}: namespace chunks per run`,
      `${a.chunks} requests of ≤ ${a.chunkSize} namespaces at once (the API's limit); times = longest, sizes = sum`,
    );
  const last = a.runs[a.runs.length - 1]!;
  row(
    `API ${g}: server time median / p95 (Server-Timing)`,
    `${fmtMs(a.serverMedianMs)} / ${fmtMs(a.serverP95Ms)}`,
    t.apiMs ? `< ${fmtMs(t.apiMs)} ${verdict(a.serverP95Ms, t.apiMs)}` : '',
  );
  row(`API ${g}: client wall median / p95`, `${fmtMs(a.clientMedianMs)} / ${fmtMs(a.clientP95Ms)}`);
  row(`API ${g}: cold first request (server / client)`, `${fmtMs(a.cold.totalMs)} / ${fmtMs(a.cold.clientMs)}`);
  row(
    `API ${g}: Prometheus sum / longest (median)`,
    `${fmtMs(a.promSumMedianMs)} / ${fmtMs(a.promMaxMedianMs)} over ${a.queries} queries`,
  );
  row(
    `API ${g}: own overhead (total−prometheus wall)/total`,
    `${fmtPct(a.overheadParallel)} (pessimistic ${fmtPct(a.overheadLongest)})`,
    `< 25% ${verdict(a.overheadParallel, 0.25)}`,
  );
  const split = ownTimeSplit(a.runs);
  if (split) {
    const part = (k: string) => fmtMs(split[k] ?? 0);
    row(
      `API ${g}: own time split (medians)`,
      `build ${part('build')} (maps ${part('build-maps')}, merge ${part('build-merge')}, finalizers ` +
        `${part('build-finalizers')}, json ${part('build-json')}), namespaces ${part('namespaces')}, inventory wait ` +
        `${part('inventory-wait')}, rest ${part('rest')}`,
    );
  }
  row(`API ${g}: response JSON / gzip`, `${fmtBytes(last.bytes)} / ${fmtBytes(last.gzipBytes)}`);
  row(
    `API ${g}: nodes / edges (boxes, warnings)`,
    `${last.nodes} / ${last.edges} (${last.boxes} boxes, ${last.warnings} warnings)`,
  );
}

/** The Markdown block for README.md: one row per size, the command, the machine and the definitions. */
export function markdown(results: SizeResult[], command: string, machine: string): string {
  const head =
    '| Workloads (ns) | Data | versionedApp nodes / edges | API server median / p95 | workload API median / p95 | Prometheus sum / longest | API own overhead (pessimistic) | Response JSON (gzip) | Server peak RSS | Page first render median (max) | Longest task |';
  const lines = [
    head,
    `|${head
      .split('|')
      .slice(1, -1)
      .map(() => '---')
      .join('|')}|`,
  ];
  for (const r of results) {
    const t = targetsFor(r.workloads);
    const va = r.api.find((a) => a.graphType === 'versionedApp') ?? r.api[0];
    const wl = r.api.find((a) => a.graphType === 'workload');
    const mark = (v: number, lim?: number) => (lim === undefined || !Number.isFinite(v) ? '' : v < lim ? ' ✓' : ' ✗');
    const last = va?.runs[va.runs.length - 1];
    lines.push(
      `| ${r.workloads} (${r.namespaces}) | ${r.mode} | ${last ? `${last.nodes} / ${last.edges}` : 'n/a'} | ${va ? `${fmtMs(va.serverMedianMs)} / ${fmtMs(va.serverP95Ms)}${mark(va.serverP95Ms, t.apiMs)}` : 'n/a'} | ${wl ? `${fmtMs(wl.serverMedianMs)} / ${fmtMs(wl.serverP95Ms)}` : 'n/a'} | ${va ? `${fmtMs(va.promSumMedianMs)} / ${fmtMs(va.promMaxMedianMs)} (${va.queries} q)` : 'n/a'} | ${va ? `${fmtPct(va.overheadParallel)}${mark(va.overheadParallel, 0.25)} (${fmtPct(va.overheadLongest)})` : 'n/a'} | ${last ? `${fmtBytes(last.bytes)} (${fmtBytes(last.gzipBytes)})` : 'n/a'} | ${r.server ? `${r.server.peakRssMiB} MiB` : 'n/a'} | ${r.page ? `${fmtMs(r.page.renderMedianMs)} (${fmtMs(r.page.renderMaxMs)})${mark(r.page.renderMedianMs, t.pageMs)}${r.pageNote ? ' †' : ''}` : 'n/a'} | ${r.page ? `${fmtMs(r.page.longestTaskMs)}${mark(r.page.longestTaskMs, t.longTaskMs)}` : 'n/a'} |`,
    );
  }
  const variantRows = results.flatMap((r) =>
    (r.pages ?? []).map(({ variant, summary: v }) => {
      const s = v.runs[0]!;
      const renderer = s.large ? (s.webgl ? 'WebGL' : 'canvas') : 'canvas (normal)';
      return `| ${r.workloads} | ${variant.name} | ${s.namespaceView ? `namespace (${fmtMs(s.aggregateMs)} to aggregate)` : 'every node'} | ${s.cyNodes} / ${s.cyEdges} | ${renderer} | ${fmtMs(v.renderMedianMs)} (${fmtMs(v.renderMaxMs)}) | ${fmtMs(v.longestTaskMs)} | ${fmtFps(v.panFpsMedian)} / ${fmtMs(v.panWorstFrameMs)} |`;
    }),
  );
  if (variantRows.length)
    lines.push(
      '',
      '| Workloads | Page variant | View | Canvas nodes / edges | Renderer | First render median (max) | Longest task | Pan/zoom median fps / worst frame |',
      '|---|---|---|---|---|---|---|---|',
      ...variantRows,
    );
  const notes: string[] = [];
  for (const r of results) {
    const chunked = r.api.find((a) => a.chunks > 1);
    if (chunked)
      notes.push(
        `At ${r.workloads} workloads the API takes at most ${chunked.chunkSize} namespaces per request: each API run is ${chunked.chunks} requests sent at once (times = the longest, sizes = the sum).`,
      );
    if (r.pageNote) notes.push(`† At ${r.workloads} workloads, page: ${r.pageNote}.`);
    for (const e of r.errors) notes.push(`At ${r.workloads} workloads: ${e.slice(0, 300)}`);
  }
  return [
    ...lines,
    '',
    ...notes,
    ...(notes.length ? [''] : []),
    `Measured with \`${command}\` on ${machine}.`,
    'Targets (issue 3): at 500 workloads API < 2 s and page < 3 s; at 2,000 < 8 s each; no main-thread task over 2 s;',
    'API own overhead < 25%. ✓/✗ compare the API p95, the page median, the longest task and the overhead with them.',
    'API times are from the `Server-Timing` header (5 runs after one cold request, each with its own `queryTime` so the',
    '5 s query cache never answers); the page time is navigation start → cytoscape canvas laid out (Playwright, Chromium).',
    OVERHEAD_NOTE.replace(/\n {2}/g, ' '),
    'Pan/zoom: after each render the page pans its viewport 6 px per animation frame for half of `--pan-ms`, then zooms',
    'to 1.6× and back (cytoscape API); fps = 1000 / median requestAnimationFrame interval, worst = longest interval.',
  ].join('\n');
}
