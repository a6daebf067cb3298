/**
 * Kiali's graph API parameters (`graph/options.go`, reference/kiali.md §2.1) as one zod schema, for both sides:
 * the server parses a request with it (`options.ts` → GraphOptions, a 400 naming the parameter on any issue) and the
 * /graph page writes its request with `graphQueryString`, whose input is the schema's own output type, so the page
 * cannot send what the server refuses (`params.test.ts` checks every URL the page builds against the schema).
 *
 * Wire rules: an empty value is an absent one (its default applies), except `appenders=` (= none; absent = all);
 * numbers are decimal digits only (`0x10`, `1e3`, `1.5` are refused); booleans are Go's `strconv.ParseBool`; lists
 * are comma-separated. Node graphs take their node from the path (`graphNodePathSchema`). Pure and isomorphic; written
 * with `zod/mini` (tree-shaken to a few kB in the page's bundle, where the classic API would add ~450 kB minified).
 */
import * as z from 'zod/mini';
import { isDns1123Label, isDns1123Subdomain, isLabelValue } from '@/lib/istio/names';
import { DECIMAL, DURATION_SYNTAX, durationSeconds } from '@/lib/promql/index';

export const GRAPH_TYPES = ['app', 'versionedApp', 'workload', 'service'] as const;
export type GraphType = (typeof GRAPH_TYPES)[number];
export const BOX_BY = ['app', 'namespace', 'cluster'] as const;
export type BoxBy = (typeof BOX_BY)[number];
export const RATE_HTTP = ['requests', 'none'] as const;
export type RateHttp = (typeof RATE_HTTP)[number];
export const RATE_GRPC = ['requests', 'sent', 'received', 'total', 'none'] as const;
export type RateGrpc = (typeof RATE_GRPC)[number];
export const RATE_TCP = ['sent', 'received', 'total', 'none'] as const;
export type RateTcp = (typeof RATE_TCP)[number];
export const AMBIENT_TRAFFIC = ['total', 'waypoint', 'ztunnel', 'none'] as const;
export type AmbientTraffic = (typeof AMBIENT_TRAFFIC)[number];
export const RESPONSE_TIMES = ['avg', '50', '95', '99'] as const;
export type ResponseTimeOption = (typeof RESPONSE_TIMES)[number];
export const THROUGHPUT_TYPES = ['request', 'response'] as const;
export type ThroughputType = (typeof THROUGHPUT_TYPES)[number];

/** Appenders we implement. `outsider` and `trafficGenerator` always run. */
export const IMPLEMENTED_APPENDERS = [
  'serviceEntry',
  'deadNode',
  'responseTime',
  'securityPolicy',
  'throughput',
  'idleNode',
  'istio',
  'meshCheck',
  'ambient',
  'health',
] as const;
export type AppenderName = (typeof IMPLEMENTED_APPENDERS)[number];
/** Kiali appender names we accept but do not implement (so Kiali's UI requests still work); they are dropped. */
export const UNIMPLEMENTED_APPENDERS = ['aggregateNode', 'workloadEntry', 'labeler'] as const;
/** Always run; ignored when named (as Kiali does). */
export const ALWAYS_APPENDERS = ['outsider', 'trafficGenerator'] as const;
/** Kiali's old names: `sidecarsCheck` is `meshCheck`. */
export const APPENDER_ALIASES: Readonly<Record<string, AppenderName>> = { sidecarsCheck: 'meshCheck' };
/** Every name `appenders` may hold. */
export const REQUESTABLE_APPENDERS = [
  ...IMPLEMENTED_APPENDERS,
  'sidecarsCheck',
  ...UNIMPLEMENTED_APPENDERS,
  ...ALWAYS_APPENDERS,
] as const;
export type RequestableAppender = (typeof REQUESTABLE_APPENDERS)[number];

/** Graph types of app node graphs (Kiali: "This node detail graph supports only graphType app or versionedApp"). */
export const APP_NODE_GRAPH_TYPES: readonly GraphType[] = ['app', 'versionedApp'];

const SIGNED_DECIMAL = /^-?\d{1,15}$/;
const GO_TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'] as const;
const GO_FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `expected one of ${values.join(', ')}` });

const NAMESPACE_VIEW_VALUES = ['auto', ...GO_TRUE, ...GO_FALSE] as const;

const goBool = z.pipe(
  z.enum([...GO_TRUE, ...GO_FALSE], { error: () => 'expected true or false' }),
  z.transform((v: (typeof GO_TRUE)[number] | (typeof GO_FALSE)[number]) => (GO_TRUE as readonly string[]).includes(v)),
);

/** Comma-separated items, trimmed (`none`, when given, is the empty list); an issue's path ends in the item's index. */
const splitList = (none?: string) =>
  z.transform((v: unknown) => (typeof v !== 'string' ? v : v === none ? [] : v.split(',').map((s) => s.trim())));
const list = <T extends z.core.SomeType>(item: T, none?: string) => z.pipe(splitList(none), z.array(item));

const unique = <T>(values: T[]): T[] => [...new Set(values)];
const decimalNumber = (pattern: RegExp, message: string) =>
  z.pipe(z.string().check(z.regex(pattern, message)), z.transform(Number));

const LABEL_MESSAGE = "must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)";
const SUBDOMAIN_MESSAGE = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')";
const LABEL_VALUE_MESSAGE =
  "must be a Kubernetes label value (letters, digits, '-', '_' and '.', at most 63 characters)";
const isNonEmptyLabelValue = (v: unknown): v is string => isLabelValue(v) && v !== '';

/**
 * The name rules of a node graph's parts, for the server's path check and the page's node references alike:
 * namespaces and services are DNS-1123 labels, workloads DNS-1123 subdomains, apps and versions label values.
 */
export const NODE_NAME_RULES = {
  namespace: isDns1123Label,
  workload: isDns1123Subdomain,
  app: isNonEmptyLabelValue,
  version: isNonEmptyLabelValue,
  service: isDns1123Label,
} as const satisfies Record<string, (v: unknown) => v is string>;

const name = (rule: (v: unknown) => boolean, message: string) => z.string().check(z.refine(rule, message));
const namespaceName = name(NODE_NAME_RULES.namespace, LABEL_MESSAGE);

/**
 * The graph API's query parameters (key order = the order the page writes them). Input: each parameter's string (see
 * `graphQueryInput`); output: typed values with Kiali's defaults (graphType workload, rates http/grpc requests and
 * tcp sent, ambient total, waypoints shown, responseTime 95, throughputType response, no boxes, no idle edges, no injected service
 * nodes). Left undefined when absent, for the server to decide: `namespaces` (a node graph has none), `appenders`
 * (absent = all), `duration` and `queryTime` (their defaults and bounds are the server's: its retention, its clock).
 * One constant schema: building one costs far more than parsing with it.
 */
export const graphQuerySchema = z.object({
  namespaces: z.optional(z.pipe(list(namespaceName), z.transform(unique))),
  graphType: z._default(oneOf(GRAPH_TYPES), 'workload'),
  duration: z.optional(
    z.pipe(
      z.string().check(z.refine((v) => durationSeconds(v) !== null, DURATION_SYNTAX)),
      z.transform((v: string) => durationSeconds(v) ?? 0),
    ),
  ),
  queryTime: z.optional(decimalNumber(DECIMAL, 'expected unix seconds (decimal digits)')),
  injectServiceNodes: z._default(goBool, false),
  boxBy: z._default(z.pipe(list(oneOf(BOX_BY), 'none'), z.transform(unique)), []),
  appenders: z.optional(
    z.pipe(
      z.pipe(
        splitList(),
        z.transform((names: unknown) => (Array.isArray(names) ? names.filter((n) => n !== '') : names)),
      ),
      z.array(z.enum(REQUESTABLE_APPENDERS, { error: (iss) => `unknown appender ${String(iss.input).slice(0, 64)}` })),
    ),
  ),
  rateHttp: z._default(oneOf(RATE_HTTP), 'requests'),
  rateGrpc: z._default(oneOf(RATE_GRPC), 'requests'),
  rateTcp: z._default(oneOf(RATE_TCP), 'sent'),
  ambientTraffic: z._default(oneOf(AMBIENT_TRAFFIC), 'total'),
  /** Kiali's `waypoints`: show waypoint proxy nodes (the `ambient` appender); absent = shown. */
  waypoints: z._default(goBool, true),
  responseTime: z._default(oneOf(RESPONSE_TIMES), '95'),
  throughputType: z._default(oneOf(THROUGHPUT_TYPES), 'response'),
  includeIdleEdges: z._default(goBool, false),
  configVendor: z._default(oneOf(['cytoscape', 'common']), 'common'),
  telemetryVendor: z._default(oneOf(['istio']), 'istio'),
  clusterName: z.optional(name(isNonEmptyLabelValue, LABEL_VALUE_MESSAGE)),
  refreshInterval: z.optional(
    decimalNumber(SIGNED_DECIMAL, 'expected milliseconds (decimal digits)').check(
      z.refine((ms: number) => ms <= 0 || (ms >= 10_000 && ms <= 900_000), 'expected 10000–900000 ms, or ≤ 0'),
    ),
  ),
  /**
   * Meshscope extension (issue 17): answer the namespace view (lib/graph/namespace-view.ts) instead of the graph —
   * `true`, or `auto` = when the namespace-view rule holds (several namespaces, more than NAMESPACE_VIEW_THRESHOLD
   * nodes); absent or false = Kiali's graph JSON unchanged. Ignored for node graphs.
   */
  namespaceView: z._default(
    z.pipe(
      z.enum(NAMESPACE_VIEW_VALUES, { error: () => 'expected true, false or auto' }),
      z.transform((v: (typeof NAMESPACE_VIEW_VALUES)[number]): boolean | 'auto' =>
        v === 'auto' ? 'auto' : (GO_TRUE as readonly string[]).includes(v),
      ),
    ),
    false,
  ),
});

/** The parsed graph query (the schema's output). */
export type GraphQuery = z.output<typeof graphQuerySchema>;
/** What the page may send: any subset of the parsed query; what it leaves out takes the server's default. */
export type GraphQueryParams = Partial<GraphQuery>;
/** The schema's parameter names, in the order they are written. */
export type GraphQueryName = keyof GraphQuery;

/** The schema's keys, in order. */
export const GRAPH_QUERY_NAMES = Object.keys(graphQuerySchema.shape) as GraphQueryName[];

/**
 * The schema's input from a query string: one value per known parameter (the first if repeated), `''` read as
 * absent except for `appenders`; unknown parameters are left out (Kiali's UI sends more than the API reads).
 */
export function graphQueryInput(search: URLSearchParams): Partial<Record<GraphQueryName, string>> {
  const input: Partial<Record<GraphQueryName, string>> = {};
  for (const name of GRAPH_QUERY_NAMES) {
    const v = search.get(name);
    if (v !== null && (v !== '' || name === 'appenders')) input[name] = v;
  }
  return input;
}

/** One value as the wire carries it: lists comma-joined, durations in seconds with the `s` unit. */
function wireValue(name: GraphQueryName, value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (name === 'duration') return `${value as number}s`;
  return String(value);
}

/**
 * The query string for `params` (what the /graph page sends): the given parameters in the schema's order, nothing
 * else. `graphQuerySchema.parse(graphQueryInput(new URLSearchParams(graphQueryString(p))))` gives `p` back,
 * with the defaults filled in.
 */
export function graphQueryString(params: GraphQueryParams): string {
  const q = new URLSearchParams();
  for (const name of GRAPH_QUERY_NAMES) {
    const v = params[name];
    if (v !== undefined) q.set(name, wireValue(name, v));
  }
  return q.toString();
}

/**
 * A node graph's path parameters (`/api/namespaces/{namespace}/workloads/{workload}/graph`,
 * `.../applications/{app}[/versions/{version}]/graph`, `.../services/{service}/graph`), name by name: namespaces and
 * services are DNS-1123 labels, workloads DNS-1123 subdomains, apps and versions label values. Which combinations
 * make a node graph is `options.ts`'s (exactly one of workload, app, service; a version only with an app).
 */
export const graphNodePathSchema = z.object({
  namespace: namespaceName,
  workload: z.optional(name(NODE_NAME_RULES.workload, SUBDOMAIN_MESSAGE)),
  app: z.optional(name(NODE_NAME_RULES.app, LABEL_VALUE_MESSAGE)),
  version: z.optional(name(NODE_NAME_RULES.version, LABEL_VALUE_MESSAGE)),
  service: z.optional(name(NODE_NAME_RULES.service, LABEL_MESSAGE)),
});
export type GraphNodePath = z.output<typeof graphNodePathSchema>;
