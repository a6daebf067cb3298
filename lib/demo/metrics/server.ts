import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import type { TrafficEngine } from '../traffic/engine';
import { listen, type RunningServer } from './listen';
import { podTargets, renderPod } from './pods';
import { CONTENT_TYPE, renderMetricsChunks, type MetricsSource } from './render';

const POD_PATH = /^\/metrics\/pods\/([^/]+)\/([^/]+)$/;

/**
 * Serves the demo mesh's metrics: `GET /metrics` (Prometheus text format 0.0.4, like a sidecar's merged metrics
 * port) for sidecars and gateways; with an engine that has ambient telemetry, `GET /metrics/pods/<ns>/<pod>` for
 * each ztunnel and waypoint pod (see ./pods.ts) and `GET /sd/pods`, the list of those pods in Prometheus' HTTP
 * service-discovery JSON (targets at this server, with the pods' labels). Unknown paths and pods: 404.
 * Rejects with `port <n> is already in use (metrics of the demo mesh)` when the port is taken.
 */
export function startMetricsServer(opts: {
  engine: MetricsSource & Partial<Pick<TrafficEngine, 'ambient'>>;
  host?: string;
  port: number;
}): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const pod = POD_PATH.exec(path);
    const ambient = opts.engine.ambient;
    const known = path === '/metrics' || (ambient && (path === '/sd/pods' || pod));
    if (!known) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        .end('method not allowed\n');
      return;
    }
    let contentType = CONTENT_TYPE;
    let chunks: Iterable<string>;
    if (path === '/sd/pods') {
      contentType = 'application/json';
      chunks = [JSON.stringify(podTargets(ambient!, req.headers.host ?? `${opts.host ?? '127.0.0.1'}:${opts.port}`))];
    } else if (pod) {
      const scrape = renderPod(ambient!, decodeURIComponent(pod[1]!), decodeURIComponent(pod[2]!));
      if (!scrape) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such proxy pod\n');
        return;
      }
      contentType = scrape.contentType;
      chunks = scrape.chunks;
    } else {
      chunks = renderMetricsChunks(opts.engine);
    }
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // Chunks are rendered as the socket drains, so a big mesh's scrape never builds one huge string.
    Readable.from(chunks).pipe(res);
  });
  return listen(server, opts.host ?? '127.0.0.1', opts.port, 'metrics of the demo mesh');
}
