/**
 * For tests of signed-in behaviour: a demo cluster, a Prometheus stand-in that counts queries (so a test can assert
 * that a refused request reached no backend), and helpers that call route handlers as the browser would.
 */
import { readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect } from 'vitest';
import { resetConfig } from '@/lib/config';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import { startFakeJaeger } from '@/lib/jaeger/fake-jaeger';
import { resetKubeClients } from '@/lib/k8s/client';
import { resetAuthConfig } from './config';

export const ORIGIN = 'http://127.0.0.1:20001';
export const TEST_SECRET = 'q8Vh2mZr7LwX0cTnB5yJ4pK1fG9sD3aE6uN';

export interface AuthTestEnv {
  cluster: TestCluster;
  /** PromQL queries received so far. */
  promQueries: string[];
  /** What the Prometheus stand-in answers to an instant query (default: no samples). */
  promAnswer: (query: string) => { metric: Record<string, string>; value: [number, string] }[];
  stop(): Promise<void>;
}

/** Starts a demo cluster and a counting Prometheus stand-in, and points the config at them with `env`. */
export async function startAuthTestEnv(env: Record<string, string>): Promise<AuthTestEnv> {
  const cluster = await startTestCluster();
  const promQueries: string[] = [];
  const state: Pick<AuthTestEnv, 'promAnswer'> = { promAnswer: () => [] };
  const prom: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const q = url.searchParams.get('query') ?? new URLSearchParams(body).get('query');
      if (q) promQueries.push(q);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const range = url.pathname.endsWith('query_range');
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: range ? 'matrix' : 'vector', result: range || !q ? [] : state.promAnswer(q) },
        }),
      );
    });
  });
  await new Promise<void>((r) => prom.listen(0, '127.0.0.1', r));
  Object.assign(process.env, {
    KUBECONFIG: cluster.kubeconfig,
    PROMETHEUS_URL: `http://127.0.0.1:${(prom.address() as { port: number }).port}`,
    JAEGER_URL: '',
    ...env,
  });
  resetConfig();
  resetAuthConfig();
  resetKubeClients();
  return {
    cluster,
    promQueries,
    get promAnswer() {
      return state.promAnswer;
    },
    set promAnswer(f) {
      state.promAnswer = f;
    },
    stop: async () => {
      prom.close();
      await cluster.stop();
    },
  };
}

/** A request as our own page sends it (same origin, custom header), with cookies and extra headers. */
export function pageRequest(
  path: string,
  init: { method?: string; cookie?: string; headers?: Record<string, string>; body?: unknown } = {},
): NextRequest {
  const headers: Record<string, string> = {
    host: '127.0.0.1:20001',
    'sec-fetch-site': 'same-origin',
    origin: ORIGIN,
    ...init.headers,
  };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['x-meshscope-request'] = '1';
  }
  return new NextRequest(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Route handler context with path parameters. */
export const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });

/** The Cookie header a browser would send back for a response's Set-Cookie values (expired ones dropped). */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .filter((c) => !/Max-Age=0/.test(c))
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Calls a route handler with a request and context, whatever arguments its type declares (Next passes both). */
export function route(handler: unknown): (req: Request, ctx?: unknown) => Promise<Response> {
  return handler as (req: Request, ctx?: unknown) => Promise<Response>;
}

/**
 * Starts the auth test env before the file's tests and stops it after them (vitest `beforeAll`/`afterAll`).
 * `vars` is the env of `startAuthTestEnv`, or a function that makes it once other stand-ins are up. The answer reads
 * through to the started env; touching it before `beforeAll` ran throws.
 */
export function authTestEnvForFile(
  vars: Record<string, string> | (() => Promise<Record<string, string>>),
): AuthTestEnv {
  let env: AuthTestEnv | undefined;
  beforeAll(async () => {
    env = await startAuthTestEnv(typeof vars === 'function' ? await vars() : vars);
  });
  afterAll(async () => {
    await env?.stop();
  });
  const started = (): AuthTestEnv => {
    if (!env) throw new Error('auth test env not started yet');
    return env;
  };
  return {
    get cluster() {
      return started().cluster;
    },
    get promQueries() {
      return started().promQueries;
    },
    get promAnswer() {
      return started().promAnswer;
    },
    set promAnswer(f) {
      started().promAnswer = f;
    },
    stop: () => started().stop(),
  };
}

/**
 * A configured, empty Jaeger (every path answers 200 `{"data":[]}`) for the file's tests, so trace routes validate
 * their input instead of answering 503 "tracing off". Returns the env vars that point the config at it.
 */
export function emptyJaegerForFile(): () => Promise<{ JAEGER_URL: string }> {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
  });
  return async () => {
    const jaeger = await startFakeJaeger(() => ({ status: 200, body: { data: [] } }));
    close = jaeger.close;
    return { JAEGER_URL: jaeger.url };
  };
}

/** One cached session cookie per token, signed in once through the login route handler (expects 200). */
export function sessionSigner(loginHandler: unknown): (token: string) => Promise<string> {
  const login = route(loginHandler);
  const cookies = new Map<string, string>();
  return async (token) => {
    if (!cookies.has(token)) {
      const res = await login(pageRequest('/api/auth/login', { method: 'POST', body: { token } }));
      expect(res.status).toBe(200);
      cookies.set(token, cookiesFrom(res));
    }
    return cookies.get(token)!;
  };
}

/** Token sign-in (`AUTH_STRATEGY=token`) with the test session secret. */
export const TOKEN_AUTH_ENV = { AUTH_STRATEGY: 'token', SESSION_SECRET: TEST_SECRET };

/**
 * Token sign-in for the file's tests: the auth test env (`authTestEnvForFile`) with TOKEN_AUTH_ENV and the vars `more`
 * gives once other stand-ins are up, and `signIn`, one cached session cookie per token (`sessionSigner` through
 * `loginHandler`).
 */
export function tokenSessionsForFile(
  loginHandler: unknown,
  more: () => Promise<Record<string, string>> = async () => ({}),
): { env: AuthTestEnv; signIn: (token: string) => Promise<string> } {
  const signIn = sessionSigner(loginHandler);
  const env = authTestEnvForFile(async () => ({ ...TOKEN_AUTH_ENV, ...(await more()) }));
  return { env, signIn };
}

/** The `error` object of an API error answer. */
export const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; param?: string } }).error;

/** app/api: the folder of the API's route modules. */
const API_DIR = path.join(__dirname, '..', '..', 'app', 'api');

/** The route folders below `dir` (app/api by default) that hold a `route.ts`, as `namespaces/[namespace]/apps`. */
export function apiRoutes(dir = API_DIR, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return apiRoutes(full, prefix ? `${prefix}/${name}` : name);
    return name === 'route.ts' ? [prefix] : [];
  });
}

/** Sample values of the API's path parameters (`x` for any other). */
export const ROUTE_VALUES: Record<string, string> = {
  namespace: 'bookinfo',
  app: 'productpage',
  version: 'v1',
  workload: 'productpage-v1',
  service: 'productpage',
  kind: 'virtualservices',
  name: 'bookinfo',
  traceId: 'abcdef0123456789',
};

/** The path parameters of a route folder, each with its sample value. */
export const routeParams = (routeDir: string): Record<string, string> =>
  Object.fromEntries([...routeDir.matchAll(/\[(\w+)\]/g)].map(([, k]) => [k!, ROUTE_VALUES[k!] ?? 'x']));

/** The URL path of a route folder with path parameters `p` filled in (URL-encoded). */
export const routeUrl = (routeDir: string, p: Record<string, string>): string =>
  `/api/${routeDir.replace(/\[(\w+)\]/g, (_m, k: string) => encodeURIComponent(p[k]!))}`;

/** The handler for `method` of the route module of an app/api route folder, if it has one. */
export async function routeHandler(
  routeDir: string,
  method = 'GET',
): Promise<((req: Request, ctx: unknown) => Promise<Response>) | undefined> {
  const mod = (await import(path.join(API_DIR, routeDir, 'route.ts'))) as Record<string, unknown>;
  return mod[method] as ((req: Request, ctx: unknown) => Promise<Response>) | undefined;
}

/**
 * Calls the `method` handler of an app/api route folder as our page would (`pageRequest` with `init`): its path
 * parameters `params` (default: their `routeParams` samples) filled into the URL and given as the route context,
 * `query` (`?a=b`) appended. Undefined when the route has no handler for the method.
 */
export async function callRoute(
  routeDir: string,
  {
    params: p = routeParams(routeDir),
    query = '',
    ...init
  }: Parameters<typeof pageRequest>[1] & { params?: Record<string, string>; query?: string } = {},
): Promise<Response | undefined> {
  const handler = await routeHandler(routeDir, init.method);
  return handler?.(pageRequest(`${routeUrl(routeDir, p)}${query}`, init), params(p));
}

/** The identity labels of an `istio_requests_total` row from istio-system's ingress gateway to bookinfo's productpage-v1. */
export const INGRESS_TO_PRODUCTPAGE = {
  source_cluster: 'Kubernetes',
  source_workload_namespace: 'istio-system',
  source_workload: 'istio-ingressgateway',
  source_canonical_service: 'istio-ingressgateway',
  source_canonical_revision: 'latest',
  destination_cluster: 'Kubernetes',
  destination_service_namespace: 'bookinfo',
  destination_service: 'productpage.bookinfo.svc.cluster.local',
  destination_service_name: 'productpage',
  destination_workload_namespace: 'bookinfo',
  destination_workload: 'productpage-v1',
  destination_canonical_service: 'productpage',
  destination_canonical_revision: 'v1',
  request_protocol: 'http',
};
