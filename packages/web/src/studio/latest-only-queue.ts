// One piece of work in flight, and only the newest of what arrived meanwhile waiting behind it.
// A studio worker checks or analyses the text being edited; while it is busy, each edit makes the
// one before it pointless, so a slow run never builds a queue of outdated texts behind it.

export class LatestOnlyQueue<T> {
  private running = false;
  private waiting: { item: T } | null = null;
  private closed = false;

  /**
   * `work` runs one item at a time; it reports its own results and failures (a rejection does not
   * stop the queue). `onIdle` is called with the last item run once nothing is left waiting.
   */
  constructor(
    private readonly work: (item: T) => Promise<void>,
    private readonly onIdle: (last: T) => void = () => undefined,
  ) {}

  /** Runs `item` now if nothing runs, else keeps it as the one waiting (replacing any item already waiting). */
  submit(item: T): void {
    if (this.closed) return;
    if (this.running) {
      this.waiting = { item };
      return;
    }
    this.start(item);
  }

  /** Whether an item is being worked on. */
  get busy(): boolean {
    return this.running;
  }

  /** Drops the waiting item and accepts no more; the item running finishes without a successor. */
  close(): void {
    this.closed = true;
    this.waiting = null;
  }

  private start(item: T): void {
    this.running = true;
    // Through a promise even when `work` throws at once, so that the queue always moves on.
    Promise.resolve()
      .then(() => this.work(item))
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        const next = this.waiting;
        this.waiting = null;
        if (next && !this.closed) this.start(next.item);
        else if (!this.closed) this.onIdle(item);
      });
  }
}
