/**
 * A tiny "ops portal" for the embedding tests: serves `/embed.html?src=<url>` on `localhost` ports (another site than
 * the 127.0.0.1 Meshscope), a page that frames `src` and records every postMessage it receives in `window.received`
 * (and in `#log`). `window.sendToFrame(msg, targetOrigin)` posts into the frame.
 */
import { createServer, type Server } from 'node:http';

const PAGE = `<!doctype html>
<html><head><title>Portal</title></head>
<body>
<h1>Portal</h1>
<pre id="log"></pre>
<iframe id="frame" title="Meshscope" width="1200" height="760"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => {
    window.received.push({ origin: e.origin, data: e.data });
    document.getElementById('log').textContent = JSON.stringify(window.received);
  });
  window.sendToFrame = (msg, origin) => document.getElementById('frame').contentWindow.postMessage(msg, origin);
  document.getElementById('frame').src = new URLSearchParams(location.search).get('src');
</script>
</body></html>`;

export interface EmbedServer {
  close(): Promise<void>;
}

/** Starts the portal on each of `ports` (127.0.0.1, reached as http://localhost:<port>). */
export async function startEmbedServer(ports: readonly number[]): Promise<EmbedServer> {
  const servers: Server[] = [];
  for (const port of ports) {
    const server = createServer((req, res) => {
      if ((req.url ?? '').startsWith('/embed.html')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    servers.push(server);
  }
  return {
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/** The portal page framing `src`. */
export const portalPage = (portalOrigin: string, src: string) =>
  `${portalOrigin}/embed.html?src=${encodeURIComponent(src)}`;
