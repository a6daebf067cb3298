import { describe, expect, it } from 'vitest';
import {
  apiRoutes,
  callRoute,
  routeParams,
  routeUrl,
  TOKEN_AUTH_ENV,
  authTestEnvForFile,
} from '@/lib/auth/test-helpers';

/** Routes that answer without a session on purpose: probes and the sign-in endpoints themselves. */
const PUBLIC = new Set(['health', 'auth/login', 'auth/logout', 'auth/session']);

const routes = apiRoutes().filter((r) => !PUBLIC.has(r));
const env = authTestEnvForFile(TOKEN_AUTH_ENV);

describe('every API route re-checks the session (S12, S17)', () => {
  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('permissions');
  });

  it.each(routes)('/api/%s answers 401 without a session, even with x-middleware-subrequest', async (route) => {
    const url = routeUrl(route, routeParams(route));
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const res = await callRoute(route, {
        method,
        body,
        headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
      });
      if (!res) continue;
      expect(res.status, `${method} ${url}`).toBe(401);
    }
    expect(env.promQueries).toEqual([]);
  });
});
