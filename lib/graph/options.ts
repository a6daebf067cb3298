/**
 * Parses and validates the graph API's query and path parameters into GraphOptions (Kiali `graph/options.go`,
 * reference/kiali.md §2.1). Every bad value is a BadRequestError naming the parameter, raised before any
 * query exists: names must be DNS-1123 labels/subdomains or Kubernetes label values, enums must be known,
 * numbers must be plain integers in range.
 */
import { BadRequestError, assertDns1123Label, assertDns1123Subdomain, assertLabelValue, parseDuration } from '@/lib/promql/index';
import {
  IMPLEMENTED_APPENDERS,
  type AppenderName,
  type BoxBy,
  type GraphOptions,
  type GraphType,
  type NodeOptions,
  type RequestedRates,
} from './types';

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

const GRAPH_TYPES: readonly GraphType[] = ['app', 'versionedApp', 'workload', 'service'];
const BOX_BY: readonly BoxBy[] = ['app', 'namespace', 'cluster'];
/** Kiali appender names we accept but do not implement (so Kiali's UI requests still work). */
const ACCEPTED_UNIMPLEMENTED = ['aggregateNode', 'workloadEntry', 'ambient', 'labeler'];
/** Always run; ignored when named (as Kiali does). */
const ALWAYS = ['outsider', 'trafficGenerator'];

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], dflt: T): T {
  const v = params.get(name);
  if (v === null || v === '') return dflt;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new BadRequestError(name, `Invalid ${name} [${v.slice(0, 64)}]: expected one of ${allowed.join(', ')}`);
  }
  return v as T;
}

function bool(params: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = params.get(name);
  if (v === null || v === '') return dflt;
  // Go's strconv.ParseBool
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw new BadRequestError(name, `Invalid ${name} [${v.slice(0, 64)}]: expected true or false`);
}

function integer(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d{1,15}$/.test(v)) throw new BadRequestError(name, `Invalid ${name} [${v.slice(0, 64)}]: expected an integer`);
  return Number(v);
}

function csv(v: string): string[] {
  return v.split(',').map((s) => s.trim());
}

function parseAppenders(params: URLSearchParams): GraphOptions['appenders'] {
  if (!params.has('appenders')) return { all: true, names: [] };
  const names = new Set<AppenderName>();
  for (const raw of csv(params.get('appenders') ?? '')) {
    if (raw === '' || ALWAYS.includes(raw) || ACCEPTED_UNIMPLEMENTED.includes(raw)) continue;
    const name = raw === 'sidecarsCheck' ? 'meshCheck' : raw;
    if (!(IMPLEMENTED_APPENDERS as readonly string[]).includes(name)) {
      throw new BadRequestError('appenders', `Invalid appender [${raw.slice(0, 64)}]`);
    }
    names.add(name as AppenderName);
  }
  return { all: false, names: [...names] };
}

function parseNode(path: GraphPathParams, params: URLSearchParams, graphType: GraphType): NodeOptions | undefined {
  const { namespace, workload, app, version, service } = path;
  if (namespace === undefined) {
    if (workload !== undefined || app !== undefined || version !== undefined || service !== undefined) {
      throw new BadRequestError('namespace', 'A node graph needs the namespace path parameter');
    }
    return undefined;
  }
  const node: NodeOptions = { namespace: assertDns1123Label(namespace, 'namespace') };
  const set = [workload, app, service].filter((v) => v !== undefined).length;
  if (set !== 1) throw new BadRequestError('node', 'A node graph needs exactly one of workload, app or service');
  if (workload !== undefined) node.workload = assertDns1123Subdomain(workload, 'workload');
  if (service !== undefined) node.service = assertDns1123Label(service, 'service');
  if (app !== undefined) {
    node.app = assertLabelValue(app, 'app');
    if (graphType !== 'app' && graphType !== 'versionedApp') {
      throw new BadRequestError('graphType', `Invalid graphType [${graphType}]. This node detail graph supports only graphType app or versionedApp.`);
    }
  }
  if (version !== undefined) {
    if (app === undefined) throw new BadRequestError('version', 'version is only valid with an app');
    node.version = assertLabelValue(version, 'version');
  }
  const cluster = params.get('clusterName');
  if (cluster !== null && cluster !== '' && cluster !== 'unknown') node.cluster = assertLabelValue(cluster, 'clusterName');
  return node;
}

/**
 * Parses the graph request (`graph.NewOptions`). Defaults: graphType workload, duration 10m, queryTime now,
 * rates http/grpc requests and tcp sent, ambient total, responseTime 95, throughputType response; absent
 * `appenders` = all, present but empty = none; service graphs always inject service nodes.
 * @throws BadRequestError naming the parameter, before anything touches Prometheus
 */
export function parseGraphOptions(params: URLSearchParams, path: GraphPathParams = {}, limits: GraphOptionsLimits = {}): GraphOptions {
  const nowSec = Math.floor((limits.nowMs ?? Date.now()) / 1000);
  const maxDuration = limits.maxDurationSeconds ?? 30 * 86400;
  const maxNamespaces = limits.maxNamespaces ?? 1000;

  const graphType = oneOf(params, 'graphType', GRAPH_TYPES, 'workload');
  oneOf(params, 'configVendor', ['cytoscape', 'common'], 'common');
  oneOf(params, 'telemetryVendor', ['istio'], 'istio');
  const durationRaw = params.get('duration');
  const durationSeconds = durationRaw === null || durationRaw === '' ? Math.min(600, maxDuration) : parseDuration(durationRaw, { maxSeconds: maxDuration }, 'duration');

  const queryTime = integer(params, 'queryTime') ?? nowSec;
  if (queryTime <= 0 || queryTime > nowSec + 300) {
    throw new BadRequestError('queryTime', `Invalid queryTime [${queryTime}]: expected unix seconds, not in the future`);
  }

  const boxByRaw = params.get('boxBy');
  const boxBy: BoxBy[] = [];
  if (boxByRaw && boxByRaw !== 'none') {
    for (const b of csv(boxByRaw)) {
      if (!(BOX_BY as readonly string[]).includes(b)) throw new BadRequestError('boxBy', `Invalid boxBy [${boxByRaw.slice(0, 64)}]: expected app, namespace or cluster`);
      if (!boxBy.includes(b as BoxBy)) boxBy.push(b as BoxBy);
    }
  }

  const rates: RequestedRates = {
    http: oneOf(params, 'rateHttp', ['requests', 'none'], 'requests'),
    grpc: oneOf(params, 'rateGrpc', ['requests', 'sent', 'received', 'total', 'none'], 'requests'),
    tcp: oneOf(params, 'rateTcp', ['sent', 'received', 'total', 'none'], 'sent'),
    ambient: oneOf(params, 'ambientTraffic', ['total', 'waypoint', 'ztunnel', 'none'], 'total'),
  };

  const node = parseNode(path, params, graphType);
  const clusterName = params.get('clusterName');
  if (!node && clusterName !== null && clusterName !== '' && clusterName !== 'unknown') assertLabelValue(clusterName, 'clusterName');
  let namespaces: string[];
  if (node) {
    namespaces = [node.namespace];
  } else {
    const raw = params.get('namespaces');
    if (raw === null || raw.trim() === '') throw new BadRequestError('namespaces', 'At least one namespace must be specified via the namespaces query parameter.');
    namespaces = [...new Set(csv(raw).map((ns) => assertDns1123Label(ns, 'namespaces') as string))];
    if (namespaces.length > maxNamespaces) throw new BadRequestError('namespaces', `Too many namespaces [${namespaces.length}]: at most ${maxNamespaces} per request`);
  }

  const refreshIntervalMs = integer(params, 'refreshInterval');
  if (refreshIntervalMs !== undefined && refreshIntervalMs > 0 && (refreshIntervalMs < 10_000 || refreshIntervalMs > 900_000)) {
    throw new BadRequestError('refreshInterval', `Invalid refreshInterval [${refreshIntervalMs}]: expected 10000–900000 ms, or ≤ 0`);
  }

  const options: GraphOptions = {
    graphType,
    namespaces,
    durationSeconds,
    queryTime,
    // service graphs are built as workload graphs with service nodes, then reduced
    injectServiceNodes: bool(params, 'injectServiceNodes', false) || graphType === 'service',
    includeIdleEdges: bool(params, 'includeIdleEdges', false),
    boxBy,
    appenders: parseAppenders(params),
    rates,
    responseTime: oneOf(params, 'responseTime', ['avg', '50', '95', '99'], '95'),
    throughputType: oneOf(params, 'throughputType', ['request', 'response'], 'response'),
  };
  if (node) options.node = node;
  if (refreshIntervalMs !== undefined) options.refreshIntervalMs = refreshIntervalMs;
  return options;
}
