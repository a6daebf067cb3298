/**
 * For tests of signed-in behaviour: a demo cluster, a Prometheus stand-in that counts queries (so a test can assert
 * that a refused request reached no backend), and helpers that call route handlers as the browser would.
 */
import { createServer, type Server } from 'node:http';
import { NextRequest } from 'next/server';
import { resetConfig } from '@/lib/config';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
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
