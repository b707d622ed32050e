/**
 * Runs async tasks one at a time. A DuckDB connection executes one statement at a time and a
 * transaction owns the connection until it ends, so every use of it goes through one queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Queues `task` after everything queued before it; resolves with its result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
