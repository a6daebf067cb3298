import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRequest, params, startAuthTestEnv, TEST_SECRET, type AuthTestEnv } from '@/lib/auth/test-helpers';

/** Routes that answer without a session on purpose: probes and the sign-in endpoints themselves. */
const PUBLIC = new Set(['health', 'auth/login', 'auth/logout', 'auth/session']);

function routeFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full, prefix ? `${prefix}/${name}` : name));
    else if (name === 'route.ts') out.push(prefix);
  }
  return out;
}

const API = path.join(__dirname, '..');
const routes = routeFiles(API).filter((r) => !PUBLIC.has(r));
let env: AuthTestEnv;

beforeAll(async () => {
  env = await startAuthTestEnv({ AUTH_STRATEGY: 'token', SESSION_SECRET: TEST_SECRET });
});
afterAll(async () => {
  await env?.stop();
});

describe('every API route re-checks the session (S12, S17)', () => {
  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('permissions');
  });

  it.each(routes)('/api/%s answers 401 without a session, even with x-middleware-subrequest', async (route) => {
    const mod = (await import(path.join(API, route, 'route.ts'))) as Record<string, unknown>;
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
    const url = `/api/${route.replace(/\[(\w+)\]/g, (_m, k: string) => values[k as keyof typeof values] ?? 'x')}`;
    const p = Object.fromEntries(
      [...route.matchAll(/\[(\w+)\]/g)].map(([, k]) => [k!, values[k as keyof typeof values] ?? 'x']),
    );
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      const handler = mod[method] as ((req: Request, ctx: unknown) => Promise<Response>) | undefined;
      if (!handler) continue;
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const res = await handler(
        pageRequest(url, {
          method,
          body,
          headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
        }),
        params(p),
      );
      expect(res.status, `${method} ${url}`).toBe(401);
    }
    expect(env.promQueries).toEqual([]);
  });
});
