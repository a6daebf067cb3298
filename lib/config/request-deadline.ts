/**
 * The current API request's deadline as an `AbortSignal` (issue 12 item 4): `handle()` (lib/server/http/respond.ts)
 * combines `REQUEST_TIMEOUT_MS` with the request's own signal (aborted when the client closes the connection) and
 * runs the route handler in `runWithSignal`; the backend clients (lib/prometheus, lib/jaeger, lib/k8s) read
 * `requestSignal()` for every call they make, so no call of a request outlives its deadline or its client.
 *
 * Work shared between requests (caches that join identical calls) must not be cancelled by the one request that
 * happened to start it: such work runs under `runWithSignal` with a signal of its own (or none: then only the
 * backend's own timeout bounds it), and each request waits for it with `untilAborted(promise, its signal)`.
 * Stored on `globalThis` so all route bundles share one store (like lib/k8s/request-scope.ts).
 */
import 'server-only';
import { processStorage } from './process-global';
import { untilAborted as untilSignal } from '@/lib/errors';

interface DeadlineScope {
  signal: AbortSignal | undefined;
}

const storage = () => processStorage<DeadlineScope>('meshscope.requestDeadline');

/** Runs `f` with `signal` as the signal every backend call inside it obeys (undefined: none, backend timeouts only). */
export function runWithSignal<T>(signal: AbortSignal | undefined, f: () => T): T {
  return storage().run({ signal }, f);
}

/** The signal of the current request (or of the shared work being run), undefined outside one. */
export function requestSignal(): AbortSignal | undefined {
  return storage().getStore()?.signal;
}

/**
 * The signal of one API request: aborted at `timeoutMs` (reason: a `TimeoutError` DOMException) or when `client`
 * aborts (Next.js aborts `request.signal` when the client closes the connection; reason: its own).
 */
export function deadlineSignal(timeoutMs: number, client?: AbortSignal | null): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return client ? AbortSignal.any([client, timeout]) : timeout;
}

/** True when `signal` was aborted by its deadline (not by the client going away). */
export function isDeadline(signal: AbortSignal | undefined): boolean {
  const reason = signal?.reason as { name?: unknown } | undefined;
  return signal?.aborted === true && reason?.name === 'TimeoutError';
}

/** `promise`, or a rejection with the signal's reason once `signal` (default: the current request's) aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined = requestSignal()): Promise<T> {
  return untilSignal(promise, signal);
}

/**
 * For caches shared by requests: runs `f` without the current request's signal (its calls are then bounded by the
 * backends' own timeouts) and lets the current request wait for it only until its own signal aborts.
 * Use `detached(f)` to create the shared promise, and `untilAborted(shared)` in each request that waits for it.
 */
export function detached<T>(f: () => Promise<T>): Promise<T> {
  return runWithSignal(undefined, f);
}

/** A cache of shared promises by key (an LRUCache or a Map). */
export interface SharedPromiseCache<T> {
  get(key: string): Promise<T> | undefined;
  set(key: string, value: Promise<T>): unknown;
  delete(key: string): unknown;
}

/**
 * The shared promise of `key`: on a miss `detached(make)`, cached (and dropped from the cache if it rejects); the
 * current request waits for it until its own signal aborts (`untilAborted`). What `make` throws synchronously is
 * thrown to the caller and nothing is cached.
 */
export function sharedUntilAborted<T>(cache: SharedPromiseCache<T>, key: string, make: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = detached(make);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return untilAborted(hit);
}
