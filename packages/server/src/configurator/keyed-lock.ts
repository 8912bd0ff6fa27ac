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
    const release = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail: Promise<void> = result.then(release, release);
    this.tails.set(key, tail);
    return result;
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
