/**
 * A de-duplicating work queue, drained in a microtask after the store write that filled it. Reconcilers therefore
 * never write from inside a store listener, so every watcher sees events in resourceVersion order.
 */
export class WorkQueue {
  private pending = new Map<string, () => void>();
  private scheduled = false;
  private draining = false;
  private stopped = false;

  /** Queues `work` under `key`; a key already queued runs once. */
  add(key: string, work: () => void): void {
    if (this.stopped) return;
    this.pending.set(key, work);
    if (!this.scheduled && !this.draining) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.drain();
      });
    }
  }

  /** Runs queued work (and work it queues) until the queue is empty. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      // A safety valve against two reconcilers fighting forever; real controllers would back off instead.
      for (let budget = 1_000_000; budget > 0 && this.pending.size > 0 && !this.stopped; budget--) {
        const [key, work] = this.pending.entries().next().value as [string, () => void];
        this.pending.delete(key);
        try {
          work();
        } catch (err) {
          console.error(`[demo controllers] ${key}:`, err);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Drops pending work and ignores further additions. */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }
}
