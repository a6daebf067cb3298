import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import {
  apiRoutes,
  callRoute,
  routeHandler,
  routeParams,
  authTestEnvForFile,
  emptyJaegerForFile,
} from '@/lib/auth/test-helpers';

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

const routes = apiRoutes().filter((r) => !r.startsWith('auth/'));

let spy: Server;
let hits = 0;
let target = '';

const jaeger = emptyJaegerForFile();
authTestEnvForFile(async () => {
  spy = createServer((_req, res) => {
    hits++;
    res.end('{}');
  });
  await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(spy.address() as { port: number }).port}/latest/meta-data/`;
  return { AUTH_STRATEGY: 'anonymous', ...(await jaeger()) };
});
afterAll(() => {
  spy?.close();
});

describe('no API parameter is fetched as a URL (S11)', () => {
  it.each(routes)(
    '/api/%s: URLs in path or query parameters are refused (400) or ignored, never fetched',
    async (route) => {
      if (!(await routeHandler(route))) return;
      const base = routeParams(route);
      for (const bad of [target, 'http://169.254.169.254/']) {
        for (const k of Object.keys(base)) {
          const res = await callRoute(route, { params: { ...base, [k]: bad } });
          expect(res!.status, `${k}=${bad}`).toBe(400);
        }
        const q = new URLSearchParams(QUERY_KEYS.map((k) => [k, bad]));
        const res = await callRoute(route, { query: `?${q}` });
        expect([200, 400, 404], `query on /api/${route}`).toContain(res!.status);
      }
      expect(hits).toBe(0);
    },
  );
});
