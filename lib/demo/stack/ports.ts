import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on now (the OS's choice; it may be taken again before it is used). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves when `port` on `host` can be bound; rejects with `port N is already in use (what)` otherwise. */
export function assertPortFree(port: number, what: string, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} is already in use (${what})`
            : `cannot bind ${host}:${port} for ${what}: ${err.message}`,
        ),
      );
    });
    srv.listen(port, host, () => srv.close(() => resolve()));
  });
}

/**
 * Polls `url` until it answers 2xx or `timeoutMs` passes.
 * @throws Error naming `what` and the URL when it never became ready.
 */
export async function waitForHttp(
  url: string,
  what: string,
  timeoutMs = 60_000,
  isAlive?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (isAlive && !isAlive()) throw new Error(`${what} exited before it became ready (${url})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready at ${url} within ${timeoutMs / 1000} s (${last})`);
}

/**
 * Waits until `port` can be bound (a process that just exited may still hold it briefly), for at most `timeoutMs`.
 * @throws the `port N is already in use (what)` error when it stays taken.
 */
export async function waitForPortFree(
  port: number,
  what: string,
  timeoutMs = 20_000,
  host = '127.0.0.1',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertPortFree(port, what, host);
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Stops a child started with `detached: true` and its whole process group: SIGTERM, then SIGKILL after `graceMs`.
 * Resolves when it has exited; at once when it already had.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const pid = child.pid;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}
