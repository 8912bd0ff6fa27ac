interface Waiting<In, Out> {
  item: In;
  resolve(out: Out): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent callers each hand in one write and wait; the writes that arrive while the
 * database is busy go out together, in one statement (one transaction, one WAL flush, one round
 * trip) instead of one each. Every caller is answered only once the batch holding its write has
 * committed, with that write's own result, so batching changes the cost, never the guarantee.
 *
 * A batch leaves at the end of the event-loop turn in which its first write arrived (every request
 * that turn parsed joins it) when nothing is being written. While batches are, another leaves only
 * once it holds as many writes as the last one that left (and fewer than `inFlight` are out);
 * otherwise it grows until one of them commits. Measured on the configurator step (bench/server.ts,
 * 32 connections): with one statement per write, the server spent about 750 µs of CPU per step and
 * PostgreSQL's own processes 250 µs more, on the two cores they share; batched, about 550 µs and 60 µs
 * (the driver's work, the round trips and the commits are shared by the batch). Later, with the step
 * itself much cheaper and its writes committed asynchronously, in steps per second (two runs each):
 * two batches in flight whatever their size 11.5–12.2 k, one at a time 11.4–11.7 k (less CPU, but each
 * step waits longer for the database), a second one only when as large as the first 12.7–13.1 k.
 */
export class GroupCommit<In, Out> {
  private queue: Waiting<In, Out>[] = [];
  private writing = 0;
  private scheduled = false;
  /** How many writes the last batch to leave held. */
  private lastSize = 0;

  /**
   * `write` stores a batch and answers one result per item, in order; when it throws, every caller in
   * the batch gets the error (nothing of a failed statement is committed).
   */
  constructor(
    private readonly write: (items: readonly In[]) => Promise<readonly Out[]>,
    private readonly limits: { inFlight: number; maxBatch: number } = { inFlight: 2, maxBatch: 500 },
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.mayLeave()) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /**
   * A smaller batch beside one in flight would pay a statement's fixed costs for fewer writes, and
   * the writes after it would wait for it. A batch cut at maxBatch lets its rest follow at once.
   */
  private mayLeave(): boolean {
    if (this.queue.length === 0) return false;
    if (this.writing === 0) return true;
    return this.writing < this.limits.inFlight && (this.queue.length >= this.lastSize || this.lastSize >= this.limits.maxBatch);
  }

  private flush(): void {
    while (this.mayLeave()) {
      const batch = this.queue.splice(0, this.limits.maxBatch);
      this.lastSize = batch.length;
      this.writing++;
      void this.store(batch);
    }
  }

  private async store(batch: readonly Waiting<In, Out>[]): Promise<void> {
    let results: readonly Out[] = [];
    let failure: { error: unknown } | null = null;
    try {
      results = await this.write(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} writes answered ${results.length} results`);
    } catch (error) {
      failure = { error };
    }
    // The next batch may leave before this one's callers go on.
    this.writing--;
    this.schedule();
    batch.forEach((b, i) => (failure ? b.reject(failure.error) : b.resolve(results[i])));
  }
}
