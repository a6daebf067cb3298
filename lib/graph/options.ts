/**
 * Parses and validates the graph API's query and path parameters into GraphOptions (Kiali `graph/options.go`,
 * reference/kiali.md §2.1) with the one graph parameter schema (`params.ts`, which the /graph page writes its requests
 * with). Every bad value is a BadRequestError naming the parameter, raised before any query exists: names must be
 * DNS-1123 labels/subdomains or Kubernetes label values, enums must be known, numbers must be decimal integers in
 * range.
 */
import type * as z from 'zod/mini';
import { BadRequestError, printableValue } from '@/lib/promql/index';
import {
  ALWAYS_APPENDERS,
  APPENDER_ALIASES,
  APP_NODE_GRAPH_TYPES,
  UNIMPLEMENTED_APPENDERS,
  graphNodePathSchema,
  graphQueryInput,
  graphQuerySchema,
  type AppenderName,
  type GraphQuery,
  type GraphType,
  type RequestableAppender,
} from './params';
import type { GraphOptions, NodeOptions } from './types';

/** Node-graph path parameters (`/api/namespaces/{namespace}/workloads/{workload}/graph` etc.). */
export interface GraphPathParams {
  namespace?: string;
  workload?: string;
  app?: string;
  version?: string;
  service?: string;
}

export interface GraphOptionsLimits {
  /** Now in ms (default Date.now()); queryTime defaults to it. */
  nowMs?: number;
  /** Largest duration (the TSDB retention), default 30 days. */
  maxDurationSeconds?: number;
  /** Largest number of namespaces in one request, default 1000 (Kiali chunks its URLs by 100, kiali#8827; our page sends one request, and 1000 names fit well within URL limits). */
  maxNamespaces?: number;
}

/** A 400 naming the parameter: `Invalid <param> [<value>]: <why>`. */
function invalid(input: Record<string, unknown>, param: string, why: string): BadRequestError {
  return new BadRequestError(param, `Invalid ${param} [${printableValue(input[param] ?? '')}]: ${why}`);
}

/** The schema's first issue as a 400 naming its parameter. */
function badRequest(error: z.core.$ZodError, input: Record<string, unknown>): BadRequestError {
  const issue = error.issues[0];
  return invalid(input, String(issue?.path[0] ?? 'query'), issue?.message ?? 'invalid value');
}

/** The appenders to run: all when absent; else the named ones we implement, aliases resolved, others dropped. */
function appendersOf(names: RequestableAppender[] | undefined): GraphOptions['appenders'] {
  if (names === undefined) return { all: true, names: [] };
  const dropped: readonly string[] = [...ALWAYS_APPENDERS, ...UNIMPLEMENTED_APPENDERS];
  const out = new Set<AppenderName>();
  for (const n of names) if (!dropped.includes(n)) out.add(APPENDER_ALIASES[n] ?? (n as AppenderName));
  return { all: false, names: [...out] };
}

function parseNode(path: GraphPathParams, graphType: GraphType, cluster: string | undefined): NodeOptions | undefined {
  const { namespace, workload, app, version, service } = path;
  if (namespace === undefined) {
    if (workload !== undefined || app !== undefined || version !== undefined || service !== undefined) {
      throw new BadRequestError('namespace', 'A node graph needs the namespace path parameter');
    }
    return undefined;
  }
  const parsed = graphNodePathSchema.safeParse(path);
  if (!parsed.success) throw badRequest(parsed.error, { ...path });
  const node: NodeOptions = { namespace: parsed.data.namespace };
  const set = [workload, app, service].filter((v) => v !== undefined).length;
  if (set !== 1) throw new BadRequestError('node', 'A node graph needs exactly one of workload, app or service');
  if (parsed.data.workload !== undefined) node.workload = parsed.data.workload;
  if (parsed.data.service !== undefined) node.service = parsed.data.service;
  if (parsed.data.app !== undefined) {
    node.app = parsed.data.app;
    if (!APP_NODE_GRAPH_TYPES.includes(graphType)) {
      throw new BadRequestError(
        'graphType',
        `Invalid graphType [${graphType}]. This node detail graph supports only graphType app or versionedApp.`,
      );
    }
  }
  if (parsed.data.version !== undefined) {
    if (app === undefined) throw new BadRequestError('version', 'version is only valid with an app');
    node.version = parsed.data.version;
  }
  if (cluster !== undefined && cluster !== 'unknown') node.cluster = cluster;
  return node;
}

/**
 * Parses the graph request (`graph.NewOptions`). Defaults: graphType workload, duration 10m, queryTime now,
 * rates http/grpc requests and tcp sent, ambient total, responseTime 95, throughputType response; absent
 * `appenders` = all, present but empty = none; service graphs always inject service nodes.
 * @throws BadRequestError naming the parameter, before anything touches Prometheus
 */
export function parseGraphOptions(
  params: URLSearchParams,
  path: GraphPathParams = {},
  limits: GraphOptionsLimits = {},
): GraphOptions {
  return parseGraphRequest(params, path, limits).options;
}

/** What a graph request asks for: the graph (GraphOptions, the key of its computation) and the view of it to answer. */
export interface GraphRequest {
  options: GraphOptions;
  /**
   * The `namespaceView` parameter: answer the namespace view (`true`), let the threshold decide (`'auto'`), or answer
   * the graph (`false`, the default). Not part of `options`: both views come from the same computation.
   */
  namespaceView: boolean | 'auto';
}

/**
 * `parseGraphOptions` plus the view the request asks for (`namespaceView`).
 * @throws BadRequestError naming the parameter, before anything touches Prometheus
 */
export function parseGraphRequest(
  params: URLSearchParams,
  path: GraphPathParams = {},
  limits: GraphOptionsLimits = {},
): GraphRequest {
  const input = graphQueryInput(params);
  const parsed = graphQuerySchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error, input);
  const q = parsed.data;
  const node = parseNode(path, q.graphType, q.clusterName);
  if (!node && !q.namespaces?.length) {
    throw new BadRequestError(
      'namespaces',
      'At least one namespace must be specified via the namespaces query parameter.',
    );
  }
  // the bounds that are this server's: its metrics retention, its clock, its namespace cap
  const maxDuration = limits.maxDurationSeconds ?? 30 * 86400;
  const durationSeconds = q.duration ?? Math.min(600, maxDuration);
  if (durationSeconds < 1) throw invalid(input, 'duration', 'must be at least 1s');
  if (durationSeconds > maxDuration) {
    throw invalid(input, 'duration', `must be at most ${maxDuration}s (the metrics retention)`);
  }
  const nowSec = Math.floor((limits.nowMs ?? Date.now()) / 1000);
  const queryTime = q.queryTime ?? nowSec;
  if (queryTime <= 0 || queryTime > nowSec + 300) {
    throw invalid(input, 'queryTime', 'expected unix seconds, not in the future');
  }
  const maxNamespaces = limits.maxNamespaces ?? 1000;
  if (!node && q.namespaces!.length > maxNamespaces) {
    throw invalid(input, 'namespaces', `too many namespaces: at most ${maxNamespaces} per request`);
  }
  return { options: toGraphOptions(q, node, durationSeconds, queryTime), namespaceView: q.namespaceView };
}

/** GraphOptions from a parsed query, its node and the bounded duration and query time. */
function toGraphOptions(
  q: GraphQuery,
  node: NodeOptions | undefined,
  durationSeconds: number,
  queryTime: number,
): GraphOptions {
  const options: GraphOptions = {
    graphType: q.graphType,
    namespaces: node ? [node.namespace] : (q.namespaces ?? []),
    durationSeconds,
    queryTime,
    // service graphs are built as workload graphs with service nodes, then reduced
    injectServiceNodes: q.injectServiceNodes || q.graphType === 'service',
    includeIdleEdges: q.includeIdleEdges,
    boxBy: q.boxBy,
    appenders: appendersOf(q.appenders),
    rates: { http: q.rateHttp, grpc: q.rateGrpc, tcp: q.rateTcp, ambient: q.ambientTraffic },
    responseTime: q.responseTime,
    throughputType: q.throughputType,
    showWaypoints: q.waypoints,
  };
  if (node) options.node = node;
  else if (q.clusterName !== undefined) options.clusterName = q.clusterName;
  if (q.refreshInterval !== undefined) options.refreshIntervalMs = q.refreshInterval;
  return options;
}
