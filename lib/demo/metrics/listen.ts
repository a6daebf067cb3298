import type { Server } from 'node:http';

/** A started HTTP server of the demo mesh. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:15090` (the actual port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts listening; rejects with `port <n> is already in use (<what>)` when the port is taken, so the demo's
 * start-up can print one clear line.
 */
export function listen(server: Server, host: string, port: number, what: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use (${what})`) : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${actual}`,
        close: () =>
          new Promise<void>((res, rej) => {
            server.closeAllConnections?.();
            server.close((e) => (e ? rej(e) : res()));
          }),
      });
    });
  });
}
