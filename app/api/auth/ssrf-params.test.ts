import { createServer, type Server } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRequest, params, startAuthTestEnv, type AuthTestEnv } from '@/lib/auth/test-helpers';

/** Query parameters the API reads somewhere (graph, metrics, lists, traces, logs, Istio config). */
const QUERY_KEYS = [
  'namespaces',
  'duration',
  'queryTime',
  'graphType',
  'appenders',
  'rateInterval',
  'step',
  'filters[]',
  'byLabels[]',
  'quantiles[]',
  'reporter',
  'direction',
  'requestProtocol',
  'startMicros',
  'endMicros',
  'limit',
  'tags',
  'pod',
  'container',
  'tailLines',
  'sinceSeconds',
  'kinds',
  'kind',
  'url',
  'target',
  'resourceVersion',
];

function routeFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full, prefix ? `${prefix}/${name}` : name);
    return name === 'route.ts' ? [prefix] : [];
  });
}

const API = path.join(__dirname, '..');
const routes = routeFiles(API).filter((r) => !r.startsWith('auth/'));
const values = {
  namespace: 'bookinfo',
  app: 'productpage',
  version: 'v1',
  workload: 'productpage-v1',
  service: 'productpage',
  kind: 'virtualservices',
  name: 'bookinfo',
  traceId: 'abcdef0123456789',
};

let env: AuthTestEnv;
let spy: Server;
let jaeger: Server;
let hits = 0;
let target = '';

beforeAll(async () => {
  spy = createServer((_req, res) => {
    hits++;
    res.end('{}');
  });
  await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(spy.address() as { port: number }).port}/latest/meta-data/`;
  // a configured (empty) Jaeger, so trace routes validate their input instead of answering 503 "tracing off"
  jaeger = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":[]}'));
  await new Promise<void>((r) => jaeger.listen(0, '127.0.0.1', r));
  env = await startAuthTestEnv({
    AUTH_STRATEGY: 'anonymous',
    JAEGER_URL: `http://127.0.0.1:${(jaeger.address() as { port: number }).port}`,
  });
});
afterAll(async () => {
  spy?.close();
  jaeger?.close();
  await env?.stop();
});

describe('no API parameter is fetched as a URL (S11)', () => {
  it.each(routes)(
    '/api/%s: URLs in path or query parameters are refused (400) or ignored, never fetched',
    async (route) => {
      const mod = (await import(path.join(API, route, 'route.ts'))) as Record<string, unknown>;
      const handler = mod.GET as ((req: Request, ctx: unknown) => Promise<Response>) | undefined;
      if (!handler) return;
      const keys = [...route.matchAll(/\[(\w+)\]/g)].map(([, k]) => k!);
      const base = Object.fromEntries(keys.map((k) => [k, values[k as keyof typeof values] ?? 'x']));
      const urlOf = (p: Record<string, string>) =>
        `/api/${route.replace(/\[(\w+)\]/g, (_m, k: string) => encodeURIComponent(p[k]!))}`;
      for (const bad of [target, 'http://169.254.169.254/']) {
        for (const k of keys) {
          const p = { ...base, [k]: bad };
          const res = await handler(pageRequest(urlOf(p)), params(p));
          expect(res.status, `${k}=${bad}`).toBe(400);
        }
        const q = new URLSearchParams(QUERY_KEYS.map((k) => [k, bad]));
        const res = await handler(pageRequest(`${urlOf(base)}?${q}`), params(base));
        expect([200, 400, 404], `query on /api/${route}`).toContain(res.status);
      }
      expect(hits).toBe(0);
    },
  );
});
