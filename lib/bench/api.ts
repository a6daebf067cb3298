/**
 * Graph API measurements of the benchmark: `GET /api/namespaces/graph` with the same query string the /graph page
 * sends (or Kiali's defaults), timed by the server (`Server-Timing`) and by the client's wall clock.
 */
import { gzipSync } from 'node:zlib';
import { graphApiPathFor, parseGraphParams, type GraphType } from '@/lib/query/graph-url';
import { median, overheadLongest, overheadParallel, parseServerTiming, percentile, type ServerTiming } from './stats';

/** Queries in flight per graph build: lib/graph/build.ts' default, which lib/server/graph/route.ts keeps. */
export const BUILD_CONCURRENCY = 8;

/** The API refused the namespace count (`Too many namespaces [N]: at most M per request`, lib/graph/options.ts). */
export class TooManyNamespacesError extends Error {
  constructor(
    message: string,
    readonly limit: number,
  ) {
    super(message);
  }
}

/** One timed request, or one set of concurrent chunk requests (then times are the max, sizes and counts the sum). */
export interface ApiSample extends ServerTiming {
  /** Requests in the set (namespace chunks sent at once). */
  chunks: number;
  queryTime: number;
  clientMs: number;
  bytes: number;
  gzipBytes: number;
  nodes: number;
  boxes: number;
  edges: number;
  warnings: number;
}

/** Summary of the measured runs of one graph type (the cold first request is kept apart). */
export interface ApiSummary {
  graphType: GraphType;
  /** The (first chunk's) path and query. */
  url: string;
  /** Namespace chunks per run (1 unless the API's namespace limit forced a split). */
  chunks: number;
  /** Namespaces per chunk. */
  chunkSize: number;
  cold: ApiSample;
  runs: ApiSample[];
  serverMedianMs: number;
  serverP95Ms: number;
  clientMedianMs: number;
  clientP95Ms: number;
  promSumMedianMs: number;
  promMaxMedianMs: number;
  queries: number;
  /** Median over runs of overheadLongest / overheadParallel (stats.ts). */
  overheadLongest: number;
  overheadParallel: number;
}

/**
 * The graph API path and query for `graphType` over `namespaces` and `durationSeconds`. `page`: exactly what the
 * /graph page sends for the view of its URL parameters `pageParams` ('' = its default view, lib/query/graph-url.ts;
 * e.g. `edges=rt95` adds the responseTime appender), but always for the graph, not the namespace view; `kiali`: only namespaces, graphType and duration, so every
 * appender runs (Kiali's default).
 */
export function graphApiPath(
  namespaces: string[],
  graphType: GraphType,
  durationSeconds: number,
  style: 'page' | 'kiali',
  pageParams = '',
): string {
  if (style === 'kiali') {
    return `/api/namespaces/graph?${new URLSearchParams({ namespaces: namespaces.join(','), graphType, duration: `${durationSeconds}s` })}`;
  }
  return graphApiPathFor(
    { namespaces, durationSeconds },
    // the graph itself (Kiali's JSON), also where the page would ask for its namespace view (`auto`, several
    // namespaces): the view is aggregated from this same computation, and its cost is in the page's Server-Timing
    { ...parseGraphParams(new URLSearchParams(pageParams)), graphType, namespaceView: false },
  );
}

/**
 * One request at `queryTime` (unix seconds). Node's fetch asks for gzip like a browser and inflates it, so `bytes`
 * is the JSON size; `gzipBytes` is that JSON gzipped here (about what goes over the wire).
 * @throws Error with the status and the start of the body when the API does not answer 200.
 */
export async function timeGraphRequest(
  baseUrl: string,
  pathAndQuery: string,
  queryTime: number,
  timeoutMs: number,
): Promise<ApiSample> {
  const url = `${baseUrl}${pathAndQuery}&queryTime=${queryTime}`;
  const t0 = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = Buffer.from(await res.arrayBuffer());
  const clientMs = performance.now() - t0;
  const limit = /at most (\d+) per request/.exec(body.toString('utf8', 0, 500));
  if (res.status === 400 && limit)
    throw new TooManyNamespacesError(`graph API: ${body.toString('utf8', 0, 200)}`, Number(limit[1]));
  if (!res.ok)
    throw new Error(
      `graph API answered ${res.status} for ${pathAndQuery.slice(0, 120)}…: ${body.toString('utf8', 0, 300)}`,
    );
  const timing = parseServerTiming(res.headers.get('server-timing'));
  const json = JSON.parse(body.toString('utf8')) as {
    elements?: { nodes?: { data: { isBox?: string; nodeType?: string } }[]; edges?: unknown[] };
    warnings?: unknown[];
  };
  const nodes = json.elements?.nodes ?? [];
  const boxes = nodes.filter((n) => n.data.isBox || n.data.nodeType === 'box').length;
  return {
    ...timing,
    chunks: 1,
    queryTime,
    clientMs,
    bytes: body.length,
    gzipBytes: gzipSync(body).length,
    nodes: nodes.length - boxes,
    boxes,
    edges: json.elements?.edges?.length ?? 0,
    warnings: json.warnings?.length ?? 0,
  };
}

/**
 * Sends one request per chunk of `paths` at once (as a browser would, and as Kiali's UI splits big namespace lists,
 * perf-security.md K13) at `queryTime` and combines them: server and client times are the longest, Prometheus and
 * size figures add up, `promMaxMs` is the longest query of any chunk.
 */
export async function timeGraphSet(
  baseUrl: string,
  paths: string[],
  queryTime: number,
  timeoutMs: number,
): Promise<ApiSample> {
  const t0 = performance.now();
  const parts = await Promise.all(paths.map((p) => timeGraphRequest(baseUrl, p, queryTime, timeoutMs)));
  if (parts.length === 1) return parts[0]!;
  const sum = (f: (s: ApiSample) => number) => parts.reduce((n, s) => n + f(s), 0);
  const max = (f: (s: ApiSample) => number) => Math.max(...parts.map(f));
  return {
    chunks: parts.length,
    queryTime,
    totalMs: max((s) => s.totalMs),
    promSumMs: sum((s) => s.promSumMs),
    promMaxMs: max((s) => s.promMaxMs),
    promWallMs: max((s) => s.promWallMs),
    queries: sum((s) => s.queries),
    recorded: parts.every((s) => s.recorded),
    clientMs: performance.now() - t0,
    bytes: sum((s) => s.bytes),
    gzipBytes: sum((s) => s.gzipBytes),
    nodes: sum((s) => s.nodes),
    boxes: sum((s) => s.boxes),
    edges: sum((s) => s.edges),
    warnings: sum((s) => s.warnings),
  };
}

/**
 * Measures one graph type: a cold request, then `runs` requests, one after the other. Each request takes the next
 * value of `nextQueryTime()` (distinct unix seconds in the past), so the server's 5 s Prometheus query cache, keyed
 * by PromQL and time, never serves a repeat. When the API refuses the namespace count, the namespaces are sent in
 * chunks of its limit, concurrently (see timeGraphSet); `chunk` carries a known limit in.
 */
export async function measureGraphType(opts: {
  baseUrl: string;
  namespaces: string[];
  graphType: GraphType;
  durationSeconds: number;
  style: 'page' | 'kiali';
  /** The page's URL parameters of a `page` request (`graphApiPath`). */
  pageParams?: string;
  chunk?: number;
  runs: number;
  nextQueryTime: () => number;
  timeoutMs: number;
}): Promise<ApiSummary> {
  const size = opts.chunk ?? opts.namespaces.length;
  const plan = (n: number) => {
    const paths: string[] = [];
    for (let i = 0; i < opts.namespaces.length; i += n)
      paths.push(
        graphApiPath(
          opts.namespaces.slice(i, i + n),
          opts.graphType,
          opts.durationSeconds,
          opts.style,
          opts.pageParams,
        ),
      );
    return paths;
  };
  let chunkSize = size;
  let paths = plan(size);
  let cold: ApiSample;
  try {
    cold = await timeGraphSet(opts.baseUrl, paths, opts.nextQueryTime(), opts.timeoutMs);
  } catch (err) {
    if (!(err instanceof TooManyNamespacesError) || err.limit < 1 || err.limit >= size) throw err;
    chunkSize = err.limit;
    paths = plan(chunkSize);
    cold = await timeGraphSet(opts.baseUrl, paths, opts.nextQueryTime(), opts.timeoutMs);
  }
  const runs: ApiSample[] = [];
  for (let i = 0; i < opts.runs; i++)
    runs.push(await timeGraphSet(opts.baseUrl, paths, opts.nextQueryTime(), opts.timeoutMs));
  const pick = (f: (s: ApiSample) => number) => runs.map(f);
  return {
    graphType: opts.graphType,
    url: paths[0]!,
    chunks: paths.length,
    chunkSize,
    cold,
    runs,
    serverMedianMs: median(pick((s) => s.totalMs)),
    serverP95Ms: percentile(
      pick((s) => s.totalMs),
      95,
    ),
    clientMedianMs: median(pick((s) => s.clientMs)),
    clientP95Ms: percentile(
      pick((s) => s.clientMs),
      95,
    ),
    promSumMedianMs: median(pick((s) => s.promSumMs)),
    promMaxMedianMs: median(pick((s) => s.promMaxMs)),
    queries: median(pick((s) => s.queries)),
    overheadLongest: median(pick(overheadLongest)),
    overheadParallel: median(pick((s) => overheadParallel(s, BUILD_CONCURRENCY * s.chunks))),
  };
}
