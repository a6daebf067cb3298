import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bookinfoSnapshot } from '@/lib/istio/editor/test-snapshot';
import { ALIAS_BOMB, reviewsToSubset } from '@/lib/istio/testdata/yaml';
import { createValidatePool, WORKER_SOURCE, type ValidatePool } from './validate-pool';

vi.mock('@/lib/config', () => ({ getConfig: () => ({ istioNamespace: 'istio-system', viewOnly: false }) }));

const { poolRunner, validateYaml } = await import('./validate');
const { GET: health } = await import('@/app/api/health/route');

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const TEST_WORKER = path.join(import.meta.dirname, 'validate-pool.test-worker.ts');

const nest = (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}`;
const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: v`).join('\n');
const VS = reviewsToSubset('v9');

/** The rejection of `promise` (fails the test when it resolves). */
async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { status?: number; code?: string; details?: Record<string, unknown> }> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value).slice(0, 200)}`);
    },
    (err: unknown) => err as Error,
  );
}

// Worker threads start through tsx here (a second or two each on a busy machine): a generous timeout, few pools.
describe('validation in the worker pool (the real worker)', { timeout: 120_000 }, () => {
  let pool: ValidatePool;
  beforeAll(() => {
    pool = createValidatePool({ filename: path.join(ROOT, WORKER_SOURCE), maxThreads: 2 });
  });
  afterAll(() => pool.close());
  const validate = (yaml: string) =>
    validateYaml(
      { yaml, namespace: 'bookinfo' },
      async () => bookinfoSnapshot(),
      poolRunner(() => pool),
    );

  it('validates a text against the shared snapshot and answers markers', async () => {
    const r = await validate(VS);
    expect(r.crossObjectChecked).toBe(true);
    expect(r.markers.find((m) => m.path.endsWith('subset'))).toMatchObject({ line: 12, source: 'check' });
  });

  it.each([
    { input: 'nesting 5,000 deep', yaml: nest(5_000), status: 422, reason: 'YAML_TOO_DEEP' },
    { input: 'nesting 20,000 deep', yaml: nest(20_000), status: 422, reason: 'YAML_TOO_DEEP' },
    { input: 'nesting 100,000 deep', yaml: nest(100_000), status: 422, reason: 'YAML_TOO_DEEP' },
    { input: 'a 60,000-key mapping', yaml: keys(60_000), status: 422, reason: 'YAML_TOO_MANY_KEYS' },
    { input: 'a 9-level alias bomb', yaml: ALIAS_BOMB, status: 422, reason: 'YAML_ALIAS_LIMIT' },
    { input: 'a text over 1 MiB', yaml: `a: ${'x'.repeat(1024 * 1024)}`, status: 413, reason: 'YAML_TOO_LARGE' },
  ])('refuses $input with $status $reason', async ({ yaml, status, reason }) => {
    expect(await rejection(validate(yaml))).toMatchObject({ status, details: { reason, parameter: 'body.yaml' } });
  });

  it('works from the production bundle (esbuild, no TypeScript, no tsx)', async () => {
    // @ts-expect-error -- a plain .mjs script without type declarations
    const { buildWorkers } = (await import('../../../scripts/build-workers.mjs')) as {
      buildWorkers: (dir: string) => Promise<string[]>;
    };
    const [bundle] = await buildWorkers(mkdtempSync(path.join(tmpdir(), 'meshscope-workers-')));
    expect(bundle).toMatch(/workers\/istio-validate\.mjs$/);
    const bundled = createValidatePool({ filename: bundle!, maxThreads: 1 });
    try {
      const r = await validateYaml(
        { yaml: VS },
        async () => bookinfoSnapshot(),
        poolRunner(() => bundled),
      );
      expect(r.markers.some((m) => m.path.endsWith('subset'))).toBe(true);
      expect(
        await rejection(
          validateYaml(
            { yaml: nest(100_000) },
            async () => bookinfoSnapshot(),
            poolRunner(() => bundled),
          ),
        ),
      ).toMatchObject({
        status: 422,
        details: { reason: 'YAML_TOO_DEEP' },
      });
    } finally {
      await bundled.close();
    }
  });
});

describe('pool limits (a misbehaving worker)', { timeout: 120_000 }, () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      void health().then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves /api/health while a job holds a worker', async () => {
    const pool = createValidatePool({ filename: TEST_WORKER, maxThreads: 1 });
    const flags = new Int32Array(new SharedArrayBuffer(8));
    const events: string[] = [];
    try {
      const job = pool.run<string>({ kind: 'hold', flags }).then((r) => events.push(`job ${r}`));
      while (Atomics.load(flags, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const answer = await fetch(`${base}/api/health`);
      events.push(`health ${answer.status} ${JSON.stringify(await answer.json())}`);
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      await job;
      expect(events).toEqual(['health 200 {"status":"ok"}', 'job released']);
    } finally {
      await pool.close();
    }
  });

  it('answers /api/health 200 while every worker burns a core and the queue is full (issue 12; no timing asserted)', async () => {
    const pool = createValidatePool({ filename: TEST_WORKER, maxThreads: 2, maxQueue: 2, timeoutMs: 60_000 });
    const flags = new Int32Array(new SharedArrayBuffer(8));
    try {
      const jobs = Array.from({ length: 4 }, () => pool.run<string>({ kind: 'burn', flags }));
      while (Atomics.load(flags, 1) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      // saturated: both threads busy, two jobs queued, and the next one refused at once
      expect(await rejection(pool.run({ kind: 'echo', value: 'x' }))).toMatchObject({
        status: 503,
        details: { reason: 'VALIDATION_BUSY' },
      });
      const answers: string[] = [];
      for (let i = 0; i < 5; i++) {
        const answer = await fetch(`${base}/api/health`);
        answers.push(`${answer.status} ${await answer.text()}`);
      }
      expect(Atomics.load(flags, 1)).toBe(2); // still saturated while health answered
      expect(answers).toEqual(Array(5).fill('200 {"status":"ok"}'));
      Atomics.store(flags, 0, 1);
      expect(await Promise.all(jobs)).toEqual(Array(4).fill('burnt'));
    } finally {
      Atomics.store(flags, 0, 1);
      await pool.close();
    }
  });

  it('stops a job past its time limit (422) and keeps serving with a fresh worker', async () => {
    const pool = createValidatePool({ filename: TEST_WORKER, maxThreads: 1, timeoutMs: 1_000 });
    // The limit counts the queue wait: start the worker first (slow on a loaded machine) so the spin is what runs out.
    const startUp = { timeoutMs: 60_000 };
    try {
      expect(await pool.run({ kind: 'echo', value: 'before' }, startUp)).toBe('before');
      expect(await rejection(pool.run({ kind: 'spin' }))).toMatchObject({
        status: 422,
        code: 'invalid:api',
        details: { reason: 'VALIDATION_TIMEOUT', limitMs: 1_000 },
      });
      expect(await pool.run({ kind: 'echo', value: 'after' }, startUp)).toBe('after');
    } finally {
      await pool.close();
    }
  });

  it('answers 503 for a job whose time passed while it waited, and for a full queue', async () => {
    const pool = createValidatePool({ filename: TEST_WORKER, maxThreads: 1, maxQueue: 1 });
    const flags = new Int32Array(new SharedArrayBuffer(8));
    try {
      const holding = pool.run<string>({ kind: 'hold', flags });
      while (Atomics.load(flags, 1) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await rejection(pool.run({ kind: 'echo', value: 'expires' }, { timeoutMs: 200 }))).toMatchObject({
        status: 503,
        code: 'unavailable:api',
        details: { reason: 'VALIDATION_BUSY' },
      });
      const queued = pool.run<string>({ kind: 'echo', value: 'queued' });
      expect(await rejection(pool.run({ kind: 'echo', value: 'one too many' }))).toMatchObject({
        status: 503,
        details: { reason: 'VALIDATION_BUSY' },
      });
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      expect([await holding, await queued]).toEqual(['released', 'queued']);
    } finally {
      await pool.close();
    }
  });

  it('ends a worker over its heap limit (422), not the process', async () => {
    const pool = createValidatePool({
      filename: TEST_WORKER,
      maxThreads: 1,
      maxOldGenerationSizeMb: 32,
      timeoutMs: 60_000,
    });
    try {
      expect(await rejection(pool.run({ kind: 'allocate' }))).toMatchObject({
        status: 422,
        details: { reason: 'VALIDATION_OUT_OF_MEMORY', limitMb: 32 },
      });
      expect(await pool.run({ kind: 'echo', value: 'alive' })).toBe('alive');
    } finally {
      await pool.close();
    }
  });

  it('stops a running job when the request is closed (503 VALIDATION_CANCELLED)', async () => {
    const pool = createValidatePool({ filename: TEST_WORKER, maxThreads: 1 });
    const client = new AbortController();
    try {
      const job = rejection(pool.run({ kind: 'spin' }, { signal: client.signal }));
      client.abort();
      expect(await job).toMatchObject({ status: 503, details: { reason: 'VALIDATION_CANCELLED' } });
    } finally {
      await pool.close();
    }
  });
});
