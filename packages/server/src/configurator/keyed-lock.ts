/**
 * Runs tasks one at a time per key: two requests on the same configuration must not interleave
 * their solver work and their database write, while different configurations proceed in parallel.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // A free key starts the task at once: nearly every request finds its configuration free, and
    // waiting a tick for nothing cost a promise and a turn per request.
    const result = previous ? previous.then(task, task) : start(task);
    // Inline arrows, not a named one: the TypeScript loader names every named closure it creates
    // (a defineProperty per request, half a percent of the step).
    const tail: Promise<void> = result.then(
      () => this.release(key, tail),
      () => this.release(key, tail),
    );
    this.tails.set(key, tail);
    return result;
  }

  /** Forgets the key once its last task is done (a later task keeps it). */
  private release(key: string, tail: Promise<void>): void {
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }
}

/** The task's promise; a task that throws before returning one is a rejection like any other. */
function start<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task();
  } catch (error) {
    return Promise.reject(error);
  }
}
