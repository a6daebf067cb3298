import { createServer } from 'node:http';
import { listen, type RunningServer } from '../metrics/listen';
import type { TrafficEngine } from '../traffic/engine';
import { handleV1 } from './api-v1';
import { handleV3 } from './api-v3';

/**
 * Serves the Jaeger query API (v1 and v3, read-only GETs) over the engine's sampled traces. Rejects with
 * `port <n> is already in use (Jaeger query API of the demo mesh)` when the port is taken.
 */
export function startJaegerServer(opts: {
  engine: Pick<TrafficEngine, 'traces'>;
  host?: string;
  port: number;
  now?: () => number;
}): Promise<RunningServer> {
  const now = opts.now ?? Date.now;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res
        .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
        .end(text);
    };
    if (req.method !== 'GET') return send(405, { error: { httpCode: 405, message: 'method not allowed' } });
    const reply = url.pathname.startsWith('/api/v3/')
      ? handleV3(url, opts.engine.traces)
      : handleV1(url, opts.engine.traces, now());
    if (!reply) return send(404, { error: { httpCode: 404, message: `no route for ${url.pathname}` } });
    send(reply.status, reply.body);
  });
  return listen(server, opts.host ?? '127.0.0.1', opts.port, 'Jaeger query API of the demo mesh');
}
