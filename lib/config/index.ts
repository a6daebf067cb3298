import 'server-only';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isDns1123Label } from '@/lib/istio/names';

/**
 * Meshscope's configuration, read once from the environment (DESIGN.md "Configuration").
 * Bad values stop start-up with one line naming the variable: `ConfigError: PROMETHEUS_URL: must be an http(s) URL`.
 */
export interface MeshscopeConfig {
  port: number;
  hostname: string;
  clusterName: string;
  istioNamespace: string;
  authStrategy: 'anonymous' | 'token' | 'header';
  viewOnly: boolean;
  /** Extra Host header values accepted besides localhost, 127.0.0.1 and [::1]. */
  allowedHosts: string[];
  /** CSP frame-ancestors sources; default `'self'`. */
  frameAncestors: string[];
  basePath: string;
  /** `token` sign-in: a session unused for longer than this is refused (seconds; 0 = no idle timeout). */
  sessionIdleTimeoutSeconds: number;
  /**
   * One deadline per API request in ms (REQUEST_TIMEOUT_MS, default 12 s: below the graph page's 15 s refresh, so a
   * refresh never queues behind the one before). Every Prometheus, Kubernetes and Jaeger call of the request stops
   * then.
   */
  requestTimeoutMs: number;
  prometheus: BackendConfig & {
    retentionSeconds: number;
    /** Largest answer body read, in bytes (PROMETHEUS_MAX_BYTES); a larger one is `too_large:prometheus`. */
    maxBytes: number;
    /** Most series one answer may hold (PROMETHEUS_MAX_SERIES); more is `too_large:prometheus`. */
    maxSeries: number;
    /** Queries sent at once by the whole server (PROMETHEUS_CONCURRENCY). */
    concurrency: number;
    /** Queries waiting for a slot beyond which new graph requests get 429 (PROMETHEUS_QUEUE_MAX). */
    queueMax: number;
    /**
     * Extra parameters of every query and range query (PROMETHEUS_QUERY_PARAMS, a URL query string): Thanos'
     * `dedup` and `partial_response`, VictoriaMetrics' `extra_label`…
     */
    queryParams: Record<string, string>;
    /**
     * GRAPH_QUERY_STRATEGY: `batched` (default) sends the graph's traffic queries once per metric and selector over
     * chunks of namespaces (lib/graph/batched-queries.ts); `namespace` sends Kiali's queries per namespace.
     */
    graphQueryStrategy: 'batched' | 'namespace';
    /** Most namespaces in one batched graph query (GRAPH_BATCH_NAMESPACES, default 100). */
    graphBatchNamespaces: number;
    /**
     * PROMETHEUS_RECORDING_RULES: `auto` (default) reads Istio's recorded `workload:*` series when the store has them
     * (deploy/kubernetes/components/recording-rules/recording-rules.yaml), `off` always reads the raw metrics.
     */
    recordingRules: 'auto' | 'off';
  };
  jaeger: (BackendConfig & { externalUrl?: string; maxBytes: number }) | null;
  kube: {
    kubeconfig?: string;
    timeoutMs: number;
    /** Largest Kubernetes API answer body read, in bytes (K8S_MAX_BYTES); a larger one is `too_large:k8s` (502). */
    maxBytes: number;
    /**
     * INVENTORY_CACHE: `watch` (default) reads the inventory from one watch-based cache shared by every request
     * (lib/k8s/inventory-cache.ts); `off` lists it from the Kubernetes API per request.
     */
    inventoryCache: 'watch' | 'off';
  };
  /** Multi-cluster (issue 18): where the other clusters come from (lib/server/clusters). */
  clusters: ClustersConfig;
}

/**
 * Clusters besides the home one (CLUSTER_NAME, read with KUBECONFIG or the in-cluster account): a directory of
 * kubeconfig files (CLUSTERS_DIR) and/or Istio remote secrets in the home cluster (CLUSTERS_FROM_REMOTE_SECRETS).
 */
export interface ClustersConfig {
  /** CLUSTERS_DIR: `<name>.kubeconfig|.yaml` (+ optional `<name>.json` backends) per cluster; undefined = none. */
  dir?: string;
  /** CLUSTERS_FROM_REMOTE_SECRETS: read Secrets labelled `istio/multiCluster=true` in ISTIO_NAMESPACE. */
  fromRemoteSecrets: boolean;
  /** CLUSTERS_POLL_INTERVAL_MS: how often the directory and the secrets are read again (default 15 s). */
  pollIntervalMs: number;
  /** CLUSTERS_MAX: most clusters accepted (default 50); further ones are skipped with a logged problem. */
  maxClusters: number;
  /** CLUSTERS_MAX_FILE_BYTES: largest kubeconfig or backends file read (default 256 KiB). */
  maxFileBytes: number;
}

export interface BackendConfig {
  url: string;
  /** Extra request headers (Thanos, Mimir `X-Scope-OrgID`, basic auth). */
  headers: Record<string, string>;
  /** File holding a bearer token, re-read on every request so rotation works. */
  tokenFile?: string;
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));
const headerMap = z.record(
  z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'header names must be tokens'),
  z.string(),
);
const dns1123 = z.string().refine(isDns1123Label, 'must be a DNS-1123 label');
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function parse<T>(env: Env, variable: string, schema: z.ZodType<T>, fallback?: string): T {
  const raw = env[variable] ?? fallback;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(variable, `${issue?.message ?? 'invalid value'} (got ${JSON.stringify(raw ?? null)})`);
  }
  return result.data;
}

function parseJson(env: Env, variable: string): Record<string, string> {
  const raw = env[variable];
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      variable,
      'must be a JSON object of header names to values, e.g. {"X-Scope-OrgID":"tenant-1"}',
    );
  }
  const result = headerMap.safeParse(value);
  if (!result.success)
    throw new ConfigError(variable, `must be a JSON object of strings (${result.error.issues[0]?.message})`);
  return result.data;
}

/** Parameters the client sets itself: PROMETHEUS_QUERY_PARAMS may not replace them. */
const OWN_QUERY_PARAMS = new Set(['query', 'time', 'start', 'end', 'step', 'timeout']);

/** PROMETHEUS_QUERY_PARAMS: `dedup=true&partial_response=false` → `{ dedup: 'true', partial_response: 'false' }`. */
function parseQueryParams(env: Env, variable: string): Record<string, string> {
  const raw = env[variable];
  if (!raw) return {};
  const params = new URLSearchParams(raw.startsWith('?') ? raw.slice(1) : raw);
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!/^[A-Za-z_][A-Za-z0-9_.\-]*$/.test(key))
      throw new ConfigError(
        variable,
        `"${key}" is not a parameter name (use a query string: dedup=true&partial_response=false)`,
      );
    if (OWN_QUERY_PARAMS.has(key))
      throw new ConfigError(variable, `"${key}" is set by Meshscope for each query and cannot be overridden`);
    out[key] = value;
  }
  return out;
}

function readableFile(env: Env, variable: string): string | undefined {
  const file = env[variable];
  if (!file) return undefined;
  try {
    readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(variable, `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return file;
}

const timeout = z.coerce.number().int().min(100, 'must be at least 100 ms').max(300_000, 'must be at most 300000 ms');
const maxBytes = z.coerce
  .number()
  .int()
  .min(1024, 'must be at least 1024 bytes')
  .max(2 ** 31, 'must be at most 2147483648 bytes');
const positiveCount = (max: number) =>
  z.coerce.number().int().min(1, 'must be a whole number of at least 1').max(max, `must be at most ${max}`);
const requestTimeout = z.coerce
  .number()
  .int()
  .min(1000, 'must be at least 1000 ms')
  .max(300_000, 'must be at most 300000 ms');
const durationSeconds = z
  .string()
  .regex(/^\d+[smhdw]$/, 'must be a Prometheus duration like 15d')
  .transform(
    (v) => Number(v.slice(0, -1)) * ({ s: 1, m: 60, h: 3600, d: 86400, w: 604800 } as const)[v.slice(-1) as 's'],
  );

const IDLE_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const idleTimeout = z
  .string()
  .regex(/^(0|\d{1,6}[smhd])$/, 'must be a duration like 15m, 30m or 2h, or 0 for none')
  .transform((v) => (v === '0' ? 0 : Number(v.slice(0, -1)) * IDLE_UNIT_SECONDS[v.slice(-1) as 's']))
  .refine((s) => s === 0 || (s >= 60 && s <= 7 * 86400), 'must be between 1m and 7d, or 0 for none');

/**
 * Reads and validates the environment. Pure over `env` (pass `process.env`), except that token files must be readable.
 * @throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: Env): MeshscopeConfig {
  const clusterName = parse(env, 'CLUSTER_NAME', z.string().min(1).max(63), 'Kubernetes');
  const clusters = loadClustersConfig(env);
  const jaegerUrl = env.JAEGER_URL === '' ? undefined : parse(env, 'JAEGER_URL', httpUrl.optional());
  return {
    port: parse(
      env,
      'PORT',
      z.coerce.number().int().min(1, 'must be a port number 1-65535').max(65535, 'must be a port number 1-65535'),
      '20001',
    ),
    hostname: parse(env, 'HOSTNAME', z.string().min(1), '0.0.0.0'),
    clusterName,
    istioNamespace: parse(env, 'ISTIO_NAMESPACE', dns1123, 'istio-system'),
    authStrategy: parse(env, 'AUTH_STRATEGY', z.enum(['anonymous', 'token', 'header']), 'anonymous'),
    viewOnly: parse(env, 'VIEW_ONLY', boolish, 'false'),
    allowedHosts: csv(env.ALLOWED_HOSTS).map((h) =>
      parse({ h }, 'ALLOWED_HOSTS', z.string().regex(/^[A-Za-z0-9.\-:[\]]+$/, 'must be host names'), h),
    ),
    frameAncestors: env.FRAME_ANCESTORS
      ? csv(env.FRAME_ANCESTORS).map((o) =>
          parse(
            { FRAME_ANCESTORS: o },
            'FRAME_ANCESTORS',
            z
              .string()
              .regex(
                /^('self'|'none'|https?:\/\/[^\s;,'"]+)$/,
                "must be 'self', 'none' or origins like https://portal.example.com",
              ),
          ),
        )
      : ["'self'"],
    basePath: parse(
      env,
      'BASE_PATH',
      z.string().regex(/^(\/[A-Za-z0-9._~\-/]*[^/])?$/, 'must start with "/" and not end with "/"'),
      '',
    ),
    sessionIdleTimeoutSeconds: parse(env, 'SESSION_IDLE_TIMEOUT', idleTimeout, '30m'),
    requestTimeoutMs: parse(env, 'REQUEST_TIMEOUT_MS', requestTimeout, '12000'),
    prometheus: {
      url: parse(env, 'PROMETHEUS_URL', httpUrl, 'http://prometheus.istio-system:9090'),
      headers: parseJson(env, 'PROMETHEUS_HEADERS'),
      tokenFile: readableFile(env, 'PROMETHEUS_TOKEN_FILE'),
      timeoutMs: parse(env, 'PROMETHEUS_TIMEOUT_MS', timeout, '10000'),
      retentionSeconds: parse(env, 'PROMETHEUS_RETENTION', durationSeconds, '15d'),
      maxBytes: parse(env, 'PROMETHEUS_MAX_BYTES', maxBytes, String(32 * 1024 * 1024)),
      maxSeries: parse(env, 'PROMETHEUS_MAX_SERIES', positiveCount(10_000_000), '100000'),
      concurrency: parse(env, 'PROMETHEUS_CONCURRENCY', positiveCount(256), '16'),
      queueMax: parse(env, 'PROMETHEUS_QUEUE_MAX', positiveCount(1_000_000), '2000'),
      queryParams: parseQueryParams(env, 'PROMETHEUS_QUERY_PARAMS'),
      graphQueryStrategy: parse(env, 'GRAPH_QUERY_STRATEGY', z.enum(['batched', 'namespace']), 'batched'),
      graphBatchNamespaces: parse(env, 'GRAPH_BATCH_NAMESPACES', positiveCount(1000), '100'),
      recordingRules: parse(env, 'PROMETHEUS_RECORDING_RULES', z.enum(['auto', 'off']), 'auto'),
    },
    jaeger: jaegerUrl
      ? {
          url: jaegerUrl,
          headers: parseJson(env, 'JAEGER_HEADERS'),
          tokenFile: readableFile(env, 'JAEGER_TOKEN_FILE'),
          timeoutMs: parse(env, 'JAEGER_TIMEOUT_MS', timeout, '10000'),
          externalUrl: parse(env, 'JAEGER_EXTERNAL_URL', httpUrl.optional()),
          maxBytes: parse(env, 'JAEGER_MAX_BYTES', maxBytes, String(32 * 1024 * 1024)),
        }
      : null,
    kube: {
      kubeconfig: env.KUBECONFIG || homeKubeconfigIn(clusters.dir, clusterName),
      timeoutMs: parse(env, 'KUBE_TIMEOUT_MS', timeout, '10000'),
      maxBytes: parse(env, 'K8S_MAX_BYTES', maxBytes, String(64 * 1024 * 1024)),
      inventoryCache: parse(env, 'INVENTORY_CACHE', z.enum(['watch', 'off']), 'watch'),
    },
    clusters,
  };
}

/** CLUSTERS_*: see ClustersConfig. @throws ConfigError when CLUSTERS_DIR is not a readable directory */
function loadClustersConfig(env: Env): ClustersConfig {
  const dir = env.CLUSTERS_DIR || undefined;
  if (dir) {
    try {
      readdirSync(dir);
    } catch (e) {
      throw new ConfigError(
        'CLUSTERS_DIR',
        `cannot read the directory ${dir} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  return {
    dir,
    fromRemoteSecrets: parse(env, 'CLUSTERS_FROM_REMOTE_SECRETS', boolish, 'false'),
    pollIntervalMs: parse(
      env,
      'CLUSTERS_POLL_INTERVAL_MS',
      z.coerce.number().int().min(1000, 'must be at least 1000 ms').max(60_000, 'must be at most 60000 ms'),
      '15000',
    ),
    maxClusters: parse(env, 'CLUSTERS_MAX', positiveCount(1000), '50'),
    maxFileBytes: parse(env, 'CLUSTERS_MAX_FILE_BYTES', maxBytes, String(256 * 1024)),
  };
}

/**
 * The home cluster's kubeconfig when KUBECONFIG is not set: `<CLUSTERS_DIR>/<CLUSTER_NAME>.kubeconfig` (or `.yaml`)
 * if it exists, so a directory of kubeconfigs alone configures every cluster, the home one included.
 */
function homeKubeconfigIn(dir: string | undefined, clusterName: string): string | undefined {
  if (!dir) return undefined;
  for (const ext of ['.kubeconfig', '.yaml']) {
    const file = path.join(dir, `${clusterName}${ext}`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

let cached: MeshscopeConfig | undefined;

/** The process-wide config, loaded from `process.env` on first use. */
export function getConfig(): MeshscopeConfig {
  cached ??= loadConfig(process.env);
  return cached;
}

/** For tests: forget the cached config. */
export function resetConfig(): void {
  cached = undefined;
}

/** Headers for a backend request: the configured extras plus `Authorization: Bearer` from the token file. */
export function backendHeaders(backend: BackendConfig): Record<string, string> {
  const headers = { ...backend.headers };
  if (backend.tokenFile) headers.Authorization = `Bearer ${readFileSync(backend.tokenFile, 'utf8').trim()}`;
  return headers;
}
