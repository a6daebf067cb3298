import 'server-only';
/*
 * Test helper (used only by *.test.ts): a tiny Jaeger on 127.0.0.1 and a random port that answers from the
 * fixtures in ./testdata and records every request it gets.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** What to answer: a status and a JSON body (a string is sent as is), or 'hang' to never answer. */
export type FakeAnswer = { status: number; body: unknown } | 'hang';
export type FakeHandler = (req: FakeRequest) => FakeAnswer;

export interface FakeJaeger {
  url: string;
  requests: FakeRequest[];
  /** Replaces the handler (to make the server fail, recover or change API mid-test). */
  setHandler(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** Parsed JSON of `lib/jaeger/testdata/<rel>`. */
export function readFixture(rel: string): unknown {
  return JSON.parse(readFileSync(new URL(`./testdata/${rel}`, import.meta.url), 'utf8'));
}

export const NOT_FOUND: FakeAnswer = { status: 404, body: '404 page not found\n' };

/** A Jaeger 2.x answering `/api/v3/*` from the golden snapshots (trace 1 exists; other ids are 404). */
export const v3Jaeger: FakeHandler = ({ path }) => {
  if (path === '/api/v3/services') return { status: 200, body: readFixture('v3/GetServices.json') };
  if (path === '/api/v3/operations') return { status: 200, body: readFixture('v3/GetOperations.json') };
  if (path === '/api/v3/traces') return { status: 200, body: readFixture('v3/FindTraces.json') };
  if (path === '/api/v3/traces/00000000000000000000000000000001')
    return { status: 200, body: readFixture('v3/GetTrace.json') };
  if (path.startsWith('/api/v3/traces/'))
    return { status: 404, body: { error: { httpCode: 404, message: 'trace not found' } } };
  return NOT_FOUND;
};

const NORMAL_ID = '4766f1209f70a5e2e55417fc296fd101';

/** A Jaeger 1.x without `/api/v3`, answering `/api/*` with the v1 UI-JSON fixtures. */
export const v1Jaeger: FakeHandler = ({ path }) => {
  if (path === '/api/services') return { status: 200, body: { data: ['customers-service', 'api-gateway'], total: 2 } };
  const ops = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
  if (ops)
    return {
      status: 200,
      body: { data: ['GET /owners/8/pets/10', 'HikariProxyPreparedStatement.executeQuery'], total: 2 },
    };
  if (path === '/api/traces') {
    return {
      status: 200,
      body: {
        data: [readFixture('v1/trace-graph.json'), readFixture('v1/trace-normal.json')],
        total: 2,
        limit: 0,
        offset: 0,
        errors: null,
      },
    };
  }
  if (path === `/api/traces/${NORMAL_ID}`)
    return { status: 200, body: { data: [readFixture('v1/trace-normal.json')], total: 0 } };
  if (path.startsWith('/api/traces/'))
    return { status: 404, body: { data: null, total: 0, errors: [{ code: 404, msg: 'trace not found' }] } };
  return NOT_FOUND;
};

/** Starts the fake on 127.0.0.1:<random port>. */
export async function startFakeJaeger(initial: FakeHandler): Promise<FakeJaeger> {
  let handler = initial;
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const fakeReq = { path: u.pathname, query: u.searchParams, headers: req.headers };
    requests.push(fakeReq);
    const answer = handler(fakeReq);
    if (answer === 'hang') return;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (a port that was just freed). */
export async function refusedUrl(): Promise<string> {
  const fake = await startFakeJaeger(() => NOT_FOUND);
  await fake.close();
  return fake.url;
}
