import 'server-only';
/**
 * A pool of worker threads (piscina) for validating user text, so that no text can stop or freeze the server
 * (issue 12; reference/perf-security.md S24): the event loop stays free for other requests (`/api/health` among them)
 * while a job runs, each job has a time limit (its worker is terminated when it passes it) and each worker a heap
 * limit (`resourceLimits`: running out ends that worker, not the process).
 *
 * Protocol with the worker file: a task is an object; the pool adds `started` (an `Int32Array` over shared memory)
 * and the worker's handler sets `started[0] = 1` (`Atomics.store`) first thing. A job that times out after starting is
 * the input's fault (422 `invalid:api`, reason `VALIDATION_TIMEOUT`); one still queued is the server's (503).
 *
 * The worker file: `workers/istio-validate.mjs` under the working directory when it exists (the standalone build:
 * `server.js` runs from `.next/standalone`, where scripts/build-workers.mjs writes it), else the TypeScript source
 * `lib/server/istio-config/validate-worker.ts` run through tsx with the react-server condition (`next dev`, vitest).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { MeshscopeError } from '@/lib/errors';

export interface ValidatePoolOptions {
  /** Worker file (default: the bundled worker, else the TypeScript source; see the module comment). */
  filename?: string;
  /** Most threads (default: the cores but one, which stays for the event loop; at least 1, at most 4). */
  maxThreads?: number;
  /** Time limit of one job, queue wait included, in ms (default 10,000). */
  timeoutMs?: number;
  /** Heap limit of one worker (V8 old generation), in MiB (default 256). */
  maxOldGenerationSizeMb?: number;
  /** Jobs that may wait for a thread; more get 503 (default 32). */
  maxQueue?: number;
}

export interface RunOptions {
  /** The request's signal: when the client goes away, the job is cancelled (a running job's worker is terminated). */
  signal?: AbortSignal;
  /** This job's time limit, queue wait included, in ms (default: the pool's `timeoutMs`). */
  timeoutMs?: number;
}

export interface ValidatePool {
  /**
   * Runs one job in a worker; resolves to what the worker's handler returned.
   * @throws MeshscopeError 422 `invalid:api` (reason VALIDATION_TIMEOUT, VALIDATION_OUT_OF_MEMORY: the job passed a
   *   limit), 503 `unavailable:api` (reason VALIDATION_BUSY: queue full or the time passed in the queue;
   *   VALIDATION_CANCELLED: the client went away); anything else the worker threw, as is.
   */
  run<R>(task: object, options?: RunOptions): Promise<R>;
  /** Stops the threads (waits for running jobs). */
  close(): Promise<void>;
}

export const WORKER_BUNDLE = path.join('workers', 'istio-validate.mjs');
export const WORKER_SOURCE = path.join('lib', 'server', 'istio-config', 'validate-worker.ts');

/** Node options for a worker file: none for a bundle; tsx and the react-server condition for TypeScript source. */
export const execArgvFor = (filename: string): string[] =>
  filename.endsWith('.ts') ? ['--conditions=react-server', '--import', 'tsx'] : [];

/** The worker file: the bundle when built, else the TypeScript source. */
export function workerFile(cwd = process.cwd()): string {
  const bundle = path.join(cwd, WORKER_BUNDLE);
  return existsSync(bundle) ? bundle : path.join(cwd, WORKER_SOURCE); // next.config.js keeps it out of the standalone trace
}

const reason = (
  code: 'invalid:api' | 'unavailable:api',
  why: string,
  message: string,
  extra: Record<string, unknown> = {},
) => new MeshscopeError(code, message, { reason: why, ...extra });

/** Creates a pool; one worker starts at once (the first job does not wait for a cold start). */
export function createValidatePool(options: ValidatePoolOptions = {}): ValidatePool {
  const filename = options.filename ?? workerFile();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxOldGenerationSizeMb = options.maxOldGenerationSizeMb ?? 256;
  const maxThreads = options.maxThreads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
  const maxQueue = options.maxQueue ?? 32;
  // Counted here: piscina keeps abortable tasks it cannot place at once in a queue that `maxQueue` does not bound.
  let inFlight = 0;
  const pool = new Piscina({
    filename,
    execArgv: execArgvFor(filename),
    minThreads: 1,
    maxThreads,
    maxQueue,
    idleTimeout: 60_000,
    // Workers run at a lower priority (nice +10, Linux and macOS through @napi-rs/nice) so the event loop keeps its
    // share of a busy machine: requests such as /api/health are answered while every worker is busy.
    niceIncrement: 10,
    resourceLimits: { maxOldGenerationSizeMb },
  });

  async function run<R>(task: object, { signal, timeoutMs: limitMs = timeoutMs }: RunOptions = {}): Promise<R> {
    if (inFlight >= maxThreads + maxQueue)
      throw reason('unavailable:api', 'VALIDATION_BUSY', 'The server is busy validating other texts; try again');
    const started = new Int32Array(new SharedArrayBuffer(4));
    const deadline = AbortSignal.timeout(limitMs);
    const abort = signal ? AbortSignal.any([deadline, signal]) : deadline;
    inFlight++;
    try {
      return (await pool.run({ ...task, started }, { signal: abort })) as R;
    } catch (err) {
      const running = Atomics.load(started, 0) === 1;
      if (signal?.aborted)
        throw reason(
          'unavailable:api',
          'VALIDATION_CANCELLED',
          'The validation was cancelled (the request was closed)',
        );
      if (deadline.aborted && running) {
        throw reason(
          'invalid:api',
          'VALIDATION_TIMEOUT',
          `Validating the text took longer than the limit of ${limitMs} ms; it was stopped`,
          { limitMs },
        );
      }
      if (deadline.aborted)
        throw reason(
          'unavailable:api',
          'VALIDATION_BUSY',
          `The server is busy: the validation did not start within ${limitMs} ms; try again`,
        );
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw reason(
          'invalid:api',
          'VALIDATION_OUT_OF_MEMORY',
          `Validating the text needed more than the limit of ${maxOldGenerationSizeMb} MiB of memory; it was stopped`,
          {
            limitMb: maxOldGenerationSizeMb,
          },
        );
      }
      throw err;
    } finally {
      inFlight--;
    }
  }

  return { run, close: () => pool.close() };
}

let shared: ValidatePool | undefined;

/** The process's pool, created on first use with the defaults. */
export function validatePool(): ValidatePool {
  shared ??= createValidatePool();
  return shared;
}
