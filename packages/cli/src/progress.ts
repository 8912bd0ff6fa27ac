/** Where progress goes: standard error, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Progress on stderr for long work. Nothing appears during the first second, so quick commands stay
 * quiet. On a terminal it is one line rewritten in place; elsewhere (logs, pipes) a line every few
 * seconds, since a log cannot be rewritten.
 */
export class Progress {
  private readonly started: number;
  private lastWrite = 0;
  private shown = false;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly out: ProgressStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.tty = Boolean(out.isTTY);
  }

  update(done: number, total: number): void {
    const now = this.now();
    if (now - this.started < 1000) return;
    if (now - this.lastWrite < (this.tty ? 100 : 5000)) return;
    this.lastWrite = now;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
    const seconds = ((now - this.started) / 1000).toFixed(0);
    const line = `${this.label}: ${done}/${total} (${percent}%), ${seconds} s`;
    this.out.write(this.tty ? `\r\x1b[K${line}` : `${line}\n`);
    this.shown = true;
  }

  /** A note for work that cannot report progress: shown only on a terminal, erased by `finish`. */
  note(text: string): void {
    if (!this.tty) return;
    this.out.write(`\r\x1b[K${this.label}: ${text}`);
    this.shown = true;
  }

  finish(): void {
    if (this.shown && this.tty) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
