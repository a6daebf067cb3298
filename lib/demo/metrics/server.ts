import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import type { TrafficEngine } from '../traffic/engine';
import { listen, type RunningServer } from './listen';
import { CONTENT_TYPE, renderMetricsChunks } from './render';

/**
 * Serves `GET /metrics` (Prometheus text format 0.0.4) for the demo mesh, like a sidecar's merged metrics port.
 * Rejects with `port <n> is already in use (metrics of the demo mesh)` when the port is taken.
 */
export function startMetricsServer(opts: { engine: Pick<TrafficEngine, 'telemetry'>; host?: string; port: number }): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // Chunks are rendered as the socket drains, so a big mesh's scrape never builds one huge string.
    Readable.from(renderMetricsChunks(opts.engine)).pipe(res);
  });
  return listen(server, opts.host ?? '127.0.0.1', opts.port, 'metrics of the demo mesh');
}
