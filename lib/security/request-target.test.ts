import * as http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeSettings } from './edge';
import { decideRequestTarget, installRequestTargetGuard } from './request-target';

const settings = edgeSettings({ ALLOWED_HOSTS: 'meshscope.example.com' });

describe('absolute-form request targets (S29)', () => {
  it.each(['/graph', '/api/health?x=1', '//evil.example/x', '*'])(
    'lets the origin-form target %j pass untouched',
    (target) => {
      expect(decideRequestTarget(target, settings)).toEqual({ action: 'pass' });
    },
  );

  it.each([
    'http://evil.example/graph',
    'https://evil.example/graph',
    'HTTP://EVIL.EXAMPLE/graph',
    'http://evil.example',
    'http://evil.example?x=1',
    'http://evil.example:20001/api/health',
    'http://localhost.evil.example/graph',
    'http://127.0.0.1.nip.io/graph',
    'http://[::2]/graph',
  ])('answers 421 for %j, as for a foreign Host, without echoing the host', (target) => {
    const d = decideRequestTarget(target, settings);
    expect(d).toMatchObject({ action: 'reject', status: 421, body: { error: { code: 'bad_request:api' } } });
    if (d.action !== 'reject') return;
    expect(JSON.stringify(d.body)).not.toMatch(/evil|nip\.io/i);
    expect(d.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it.each([
    'ftp://evil.example/x',
    'http:/evil.example/x',
    'http:evil.example',
    'evil.example/x',
    'http://user@localhost/graph',
    'http:///graph',
    'http://localhost#x',
  ])('answers 400 for the target %j', (target) => {
    expect(decideRequestTarget(target, settings)).toMatchObject({ action: 'reject', status: 400 });
  });

  it.each([
    ['http://localhost:20001/graph?namespaces=bookinfo', '/graph?namespaces=bookinfo', 'localhost:20001'],
    ['http://127.0.0.1/api/health', '/api/health', '127.0.0.1'],
    ['https://meshscope.example.com', '/', 'meshscope.example.com'],
    ['http://[::1]:20001?x=1', '/?x=1', '[::1]:20001'],
  ])('rewrites %j (an allowed host) to origin-form %j with Host %j', (target, url, host) => {
    expect(decideRequestTarget(target, settings)).toEqual({ action: 'rewrite', url, host });
  });
});

describe('the http.Server hook, over a raw socket', () => {
  let server: http.Server;
  let port = 0;
  const seen: { url: string; host: string | undefined }[] = [];

  beforeAll(async () => {
    installRequestTargetGuard(http, { ALLOWED_HOSTS: 'meshscope.example.com' });
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', host: req.headers.host });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('served');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** Sends one raw request line plus headers and reads the whole answer (the request asks to close). */
  function raw(requestLine: string, host: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
      socket.on('error', reject);
      socket.write(`${requestLine}\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
  }

  it("answers GET http://evil.example/graph with 421 and never hands it to the server's listener", async () => {
    const before = seen.length;
    const res = await raw('GET http://evil.example/graph HTTP/1.1', `127.0.0.1:${port}`);
    expect(res.status).toBe(421);
    expect(res.text).toContain('"code":"bad_request:api"');
    expect(res.text).not.toMatch(/^location:/im);
    expect(seen.length).toBe(before);
  });

  it('serves an absolute-form target naming an allowed host as the origin-form request it stands for', async () => {
    const res = await raw(`GET http://localhost:${port}/graph?namespaces=bookinfo HTTP/1.1`, 'ignored.example');
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toEqual({ url: '/graph?namespaces=bookinfo', host: `localhost:${port}` });
  });

  it('leaves ordinary requests alone', async () => {
    const res = await raw('GET /api/health HTTP/1.1', `127.0.0.1:${port}`);
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toEqual({ url: '/api/health', host: `127.0.0.1:${port}` });
  });
});
