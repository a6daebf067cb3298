/**
 * `npm run bench:health-busy [-- --clients 6 --samples 200 --keys 9000 --port 21701]` (issue 12): `/api/health`
 * latency p50/p99 with the validate pool idle and busy, printed, never asserted. No build and no cluster needed: the
 * real route handlers (`app/api/health`, `app/api/istio/validate`, anonymous mode) behind a plain Node HTTP server
 * on 127.0.0.1:`--port`, with the real worker pool (the TypeScript worker through tsx; without a cluster the
 * cross-object checks are skipped, the parse and schema work in the worker is the same). `npm run bench:load` prints
 * the same figure against the built server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { healthBusyLines, measureHealthWhileBusy, type HealthBusyOptions } from '@/lib/bench/health-busy';

function parseArgs(argv: string[]): HealthBusyOptions & { port: number } {
  const get = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return Number(i >= 0 ? argv[i + 1] : fallback);
  };
  const o = {
    clients: get('clients', '6'),
    samples: get('samples', '200'),
    keys: get('keys', '9000'),
    port: get('port', '21701'),
  };
  if (!Number.isInteger(o.clients) || o.clients < 1 || o.clients > 64) throw new Error('--clients must be 1 to 64');
  if (!Number.isInteger(o.samples) || o.samples < 10 || o.samples > 10_000)
    throw new Error('--samples must be 10 to 10000');
  if (!Number.isInteger(o.keys) || o.keys < 1 || o.keys > 10_000) throw new Error('--keys must be 1 to 10000');
  if (!Number.isInteger(o.port) || o.port < 1024 || o.port > 65535) throw new Error('--port must be 1024 to 65535');
  return o;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  process.env.KUBECONFIG ??= '/nonexistent'; // no cluster: the snapshot read fails fast and is skipped
  const { GET: health } = await import('@/app/api/health/route');
  const { POST: validate } = await import('@/app/api/istio/validate/route');
  const { validatePool } = await import('@/lib/server/istio-config/validate-pool');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
      const headers = Object.entries(req.headers).flatMap(([k, v]) =>
        typeof v === 'string' ? [[k, v] as [string, string]] : [],
      );
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const route =
        req.method === 'GET' && req.url === '/api/health'
          ? () => health()
          : req.method === 'POST' && req.url === '/api/istio/validate'
            ? () => validate(new NextRequest(url, { method: 'POST', headers, body }))
            : null;
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      void route().then(async (answer) => {
        res
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(o.port, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const result = await measureHealthWhileBusy(baseUrl, o);
    for (const line of healthBusyLines(result, o)) console.log(line);
    return 0;
  } finally {
    server.closeAllConnections();
    server.close();
    await validatePool().close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench:health-busy: ${err.message}`);
    process.exit(1);
  },
);
