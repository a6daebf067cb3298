/**
 * A worker for validate-pool.test.ts that misbehaves on purpose: it holds its thread until released, spins for
 * ever, or allocates until its heap limit. It follows the pool's protocol (sets `started[0]`).
 */
type Task =
  | { kind: 'hold'; flags: Int32Array; started: Int32Array }
  | { kind: 'burn'; flags: Int32Array; started: Int32Array }
  | { kind: 'spin'; started: Int32Array }
  | { kind: 'allocate'; started: Int32Array }
  | { kind: 'echo'; value: string; started: Int32Array };

/**
 * `hold`: sets flags[1] = 1 (running), then waits for flags[0] = 1 (released) without using the event loop.
 * `burn`: adds 1 to flags[1] (jobs running), then keeps its core busy until flags[0] = 1 (released).
 */
export default function testTask(task: Task): string {
  Atomics.store(task.started, 0, 1);
  switch (task.kind) {
    case 'hold':
      Atomics.store(task.flags, 1, 1);
      while (Atomics.load(task.flags, 0) === 0) Atomics.wait(task.flags, 0, 0, 50);
      return 'released';
    case 'burn': {
      Atomics.add(task.flags, 1, 1);
      while (Atomics.load(task.flags, 0) === 0);
      return 'burnt';
    }
    case 'spin':
      for (;;);
    case 'allocate': {
      const kept: number[][] = [];
      for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i + kept.length));
    }
    case 'echo':
      return task.value;
  }
}
