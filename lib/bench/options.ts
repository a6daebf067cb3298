/**
 * Command line, ports and targets of `npm run bench:graph` (issue 3, perf-security.md §3).
 */
import type { StackPorts } from '@/lib/demo/stack';
import type { MetricsBackend } from '@/lib/demo/stack/prometheus';
import type { GraphType } from '@/lib/query/graph';

/** Ports of the benchmark's stack: none of the demo's (DEMO_PORTS) or the e2e tests' (E2E_PORTS). */
export const BENCH_PORTS: StackPorts = {
  kube: 16543,
  jaeger: 16786,
  metrics: 15190,
  prometheus: 9190,
  meshscope: 20101,
};

/**
 * One way of loading /graph (issue 17): the namespace view as the page chooses it (`auto`), forced on
 * (`namespace`) or off (`full`), with the page's WebGL choice (`auto`) or forced on or off (`+webgl`, `+canvas`).
 */
export interface PageVariant {
  name: string;
  view: 'auto' | 'namespace' | 'full';
  webgl: 'auto' | 'on' | 'off';
}

/**
 * Parses `--page-variants auto,full+webgl,full+canvas`.
 * @throws Error naming the bad variant.
 */
export function parsePageVariants(value: string): PageVariant[] {
  return value.split(',').map((raw) => {
    const name = raw.trim();
    const [view, renderer, extra] = name.split('+');
    if (extra !== undefined || (view !== 'auto' && view !== 'namespace' && view !== 'full'))
      throw new Error(`--page-variants: bad variant "${name}" (auto|namespace|full, optionally +webgl or +canvas)`);
    if (renderer !== undefined && renderer !== 'webgl' && renderer !== 'canvas')
      throw new Error(`--page-variants: bad renderer in "${name}" (+webgl or +canvas)`);
    return { name, view, webgl: renderer === 'webgl' ? 'on' : renderer === 'canvas' ? 'off' : 'auto' };
  });
}

export interface BenchOptions {
  sizes: number[];
  /** Measured API requests per graph type (after one cold request). */
  runs: number;
  pageRuns: number;
  /** `auto`: live scrape, backfill with promtool if the live scrape cannot keep up. */
  mode: 'auto' | 'live' | 'backfill';
  scrapeSeconds: number;
  /** Longest wait for live data before giving up on the live scrape. */
  waitSeconds: number;
  graphTypes: GraphType[];
  /** `page`: the /graph page's own request; `kiali`: namespaces, graphType and duration only (all appenders). */
  apiQuery: 'page' | 'kiali';
  /** CSS selector that marks the graph as rendered (overrides the built-in detection). */
  marker?: string;
  browser: boolean;
  /** Graph window; the page's duration picker has 60 s as its smallest choice. */
  durationSeconds: number;
  /** Per request / per page load. */
  timeoutSeconds: number;
  /** The metrics store the demo scrapes into and Meshscope queries (`--backend`). */
  backend: MetricsBackend;
  /** The ways /graph is loaded, each `pageRuns` times (the first is the one the summary table shows). */
  pageVariants: PageVariant[];
  /** Length of the scripted pan/zoom after each page render (ms; 0: none). */
  panMs: number;
  /** GRAPH_QUERY_STRATEGY of the server (`--graph-queries`, default batched). */
  graphQueries: 'batched' | 'namespace';
  /** Load the graph's recording rules (`--recording-rules`); off: the server reads raw metrics only. */
  recordingRules: boolean;
  /**
   * The /graph page's URL parameters the API request (`apiQuery` page) and the page loads are made from
   * (`--page-params`, e.g. `edges=rt95,throughputResponse&badgeSecurity=true`: the edge labels and badges that ask
   * for the responseTime, throughput and securityPolicy appenders); '' = the page's defaults.
   */
  pageParams: string;
  /** The stack's ports: BENCH_PORTS, or five ports 2 apart from `--port-base` (`portsFrom`). */
  ports: StackPorts;
}

/** The stack's ports from `base`: kube, jaeger, metrics, prometheus (vmalert at +1), meshscope, 2 apart. */
export function portsFrom(base: number): StackPorts {
  return { kube: base, jaeger: base + 2, metrics: base + 4, prometheus: base + 6, meshscope: base + 8 };
}

export const USAGE = `npm run bench:graph -- [options]
  --sizes 50,500,2000        workload counts of the synthetic demo mesh (default 50,500,2000)
  --runs 5                   measured API requests per graph type, after one cold request
  --page-runs 3              page loads (fresh browser context each)
  --mode auto|live|backfill  data: live scrape, promtool backfill, or live with backfill fallback (default auto)
  --scrape-seconds 5         Prometheus scrape interval (timeout = interval − 1 s); also the backfill step
  --wait 300                 longest wait for live data (s)
  --graph-types versionedApp,workload
  --api-query page|kiali     the page's exact request (default) or Kiali's defaults (every appender)
  --marker '<css>'           selector that marks the graph as rendered (default: built-in detection)
  --no-browser               skip the page measurement
  --timeout 240              per request / page load (s)
  --backend prometheus|victoriametrics
                             the metrics store (default prometheus); victoriametrics scrapes live only (no backfill)
  --page-variants auto       how /graph is loaded, each --page-runs times: auto (the page's own choice), namespace
                             (namespace view on) or full (off), each optionally +webgl or +canvas (renderer forced),
                             e.g. auto,full+canvas,full+webgl
  --pan-ms 4000              scripted pan/zoom after each render, for the frame rate (0: none)
  --graph-queries batched|namespace
                             the server's GRAPH_QUERY_STRATEGY (default batched)
  --recording-rules          load deploy/kubernetes/components/recording-rules/recording-rules.yaml (Prometheus, or vmalert with
                             VictoriaMetrics) and let the server read the recorded series; without it the server
                             reads the raw metrics (PROMETHEUS_RECORDING_RULES=off). Live scrape only
  --page-params 'edges=rt95,throughputResponse&badgeSecurity=true'
                             the /graph page's URL parameters the API request and the page loads are made from
                             (default: the page's defaults); edge labels and the security badge ask for the
                             responseTime, throughput and securityPolicy appenders. Not with --api-query kiali
  --port-base 16543          the stack's ports: kube, jaeger, metrics, prometheus (vmalert +1), meshscope, 2 apart
                             from this one (default: 16543, 16786, 15190, 9190, 20101)`;

function value(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

function int(argv: string[], name: string, fallback: number, min: number, max: number): number {
  const raw = value(argv, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${raw})`);
  return n;
}

/**
 * Parses the benchmark's flags.
 * @throws Error naming the bad flag.
 */
export function parseBenchArgs(argv: string[]): BenchOptions {
  const known = new Set([
    'sizes',
    'runs',
    'page-runs',
    'mode',
    'scrape-seconds',
    'wait',
    'graph-types',
    'api-query',
    'marker',
    'no-browser',
    'timeout',
    'backend',
    'page-variants',
    'pan-ms',
    'graph-queries',
    'recording-rules',
    'page-params',
    'port-base',
    'help',
  ]);
  for (const a of argv)
    if (a.startsWith('--') && !known.has(a.slice(2))) throw new Error(`unknown option ${a}\n${USAGE}`);
  const sizes = (value(argv, 'sizes') ?? '50,500,2000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000))
    throw new Error('--sizes must be workload counts from 1 to 10000, e.g. 50,500,2000');
  const mode = value(argv, 'mode') ?? 'auto';
  if (mode !== 'auto' && mode !== 'live' && mode !== 'backfill')
    throw new Error('--mode must be auto, live or backfill');
  const backend = value(argv, 'backend') ?? 'prometheus';
  if (backend !== 'prometheus' && backend !== 'victoriametrics')
    throw new Error('--backend must be prometheus or victoriametrics');
  if (backend === 'victoriametrics' && mode === 'backfill')
    throw new Error('--mode backfill needs --backend prometheus (promtool writes Prometheus blocks)');
  const graphQueries = value(argv, 'graph-queries') ?? 'batched';
  if (graphQueries !== 'batched' && graphQueries !== 'namespace')
    throw new Error('--graph-queries must be batched or namespace');
  const recordingRules = argv.includes('--recording-rules');
  if (recordingRules && mode === 'backfill')
    throw new Error('--recording-rules needs live data (promtool backfills raw series only): drop --mode backfill');
  const apiQuery = value(argv, 'api-query') ?? 'page';
  if (apiQuery !== 'page' && apiQuery !== 'kiali') throw new Error('--api-query must be page or kiali');
  const pageParams = value(argv, 'page-params') ?? '';
  if (pageParams && apiQuery === 'kiali')
    throw new Error('--page-params shapes the page request: not with --api-query kiali (every appender already)');
  const portBase = value(argv, 'port-base');
  const graphTypes = (value(argv, 'graph-types') ?? 'versionedApp,workload').split(',') as GraphType[];
  if (graphTypes.some((g) => !['app', 'versionedApp', 'workload', 'service'].includes(g)))
    throw new Error('--graph-types: app, versionedApp, workload or service');
  return {
    sizes,
    runs: int(argv, 'runs', 5, 1, 50),
    pageRuns: int(argv, 'page-runs', 3, 1, 20),
    mode,
    scrapeSeconds: int(argv, 'scrape-seconds', 5, 1, 60),
    waitSeconds: int(argv, 'wait', 300, 10, 3600),
    graphTypes,
    apiQuery,
    marker: value(argv, 'marker'),
    browser: !argv.includes('--no-browser'),
    durationSeconds: 60,
    timeoutSeconds: int(argv, 'timeout', 240, 5, 1800),
    backend,
    pageVariants: parsePageVariants(value(argv, 'page-variants') ?? 'auto'),
    panMs: int(argv, 'pan-ms', 4000, 0, 60_000),
    graphQueries,
    recordingRules,
    pageParams,
    ports: portBase === undefined ? BENCH_PORTS : portsFrom(int(argv, 'port-base', 0, 1024, 65525)),
  };
}

/** Issue 3's targets for a mesh of `workloads`; api/page only where the issue gives one (≤ 500 and ≤ 2,000). */
export interface Targets {
  apiMs?: number;
  pageMs?: number;
  longTaskMs: number;
  overhead: number;
  label: string;
}

/** The targets that apply to `workloads` (sizes up to 500 must meet the 500 targets, up to 2,000 the 2,000 ones). */
export function targetsFor(workloads: number): Targets {
  const common = { longTaskMs: 2000, overhead: 0.25 };
  if (workloads <= 500)
    return { ...common, apiMs: 2000, pageMs: 3000, label: '≤ 500 workloads: API < 2 s, page < 3 s' };
  if (workloads <= 2000)
    return { ...common, apiMs: 8000, pageMs: 8000, label: '≤ 2,000 workloads: API < 8 s, page < 8 s' };
  return { ...common, label: 'no API/page target above 2,000 workloads' };
}
