import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testPostgresUrl } from './harness.ts';

/** The repository root (where `tsx` is installed) and the server's real entry point. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const mainEntry = join(repoRoot, 'packages/server/src/main.ts');

/** One pino line of the server's stdout. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every child started here, so a failing test (or a dying runner) leaves none behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Variables of the server the runner's own environment must not leak into a child. */
const serverVariables = /^(PORT|HOST|DATABASE_URL|LOG_LEVEL|ATELIER_.*)$/;

/**
 * `node --import tsx packages/server/src/main.ts` as a child process, its stdout read as JSON log
 * lines. `start` resolves once it logs that it listens (with the URL), or rejects with its output.
 */
export class ServerProcess {
  readonly lines: LogLine[] = [];
  /** Whatever was not a JSON line (stderr, console.error). */
  readonly text: string[] = [];
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly child: ChildProcess) {
    running.add(child);
    this.exited = new Promise((done) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.exit) return;
        this.exit = { code, signal };
        running.delete(child);
        this.notify();
        done(this.exit);
      };
      // 'close' comes once its output is read to the end; should a grandchild (tsx's esbuild)
      // hold the pipes open, 'exit' plus a moment does.
      child.on('close', finish);
      child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 2000).unref());
    });
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        this.read(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.text.push(chunk);
      this.notify();
    });
  }

  /** Spawns the server; `env` adds to a clean environment (rate limits high: tests sign in a lot). */
  static spawn(env: Record<string, string>): ServerProcess {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !serverVariables.test(k))) as Record<string, string>;
    const child = spawn(process.execPath, ['--import', 'tsx', mainEntry], {
      cwd: repoRoot,
      env: { ...clean, PORT: '0', HOST: '127.0.0.1', ATELIER_RATE_SIGNIN: '10000', ATELIER_RATE_EXPENSIVE: '100000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServerProcess(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** http://127.0.0.1:PORT, from the 'listening' line. */
  get url(): string {
    const line = this.lines.find((l) => l.msg === 'Atelier shop is listening');
    if (!line || typeof line.address !== 'string') throw new Error('the server has not said where it listens');
    return line.address;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** The error lines logged (500s with their stack), for assertion messages. */
  errors(): string {
    return this.lines
      .filter((l) => l.level >= 50)
      .map((l) => JSON.stringify(l))
      .join('\n');
  }

  /** All output, for assertion messages. */
  output(): string {
    return [...this.lines.map((l) => JSON.stringify(l)), ...this.text].join('\n');
  }

  /** The first log line matching, waiting for it; rejects if the process exits first or on timeout. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    return new Promise((found, fail) => {
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`no such log line within ${timeoutMs} ms; output:\n${this.output()}`));
      }, timeoutMs);
      const check = (): void => {
        const line = this.lines.find(match);
        if (line) {
          cleanup();
          found(line);
        } else if (this.exit) {
          cleanup();
          fail(new Error(`the server exited (${JSON.stringify(this.exit)}); output:\n${this.output()}`));
        }
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGKILL, and the exit it causes. */
  async crash(): Promise<Exit> {
    this.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM and the exit; SIGKILL if it has not stopped after `graceMs`. */
  async stop(graceMs = 15_000): Promise<Exit> {
    if (!this.running) return this.exited;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  private read(line: string): void {
    if (line.trim() === '') return;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && typeof (parsed as LogLine).msg === 'string') {
        this.lines.push(parsed as LogLine);
        this.notify();
        return;
      }
    } catch {
      // not a log line
    }
    this.text.push(line);
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * The processes one suite started, so its `after` hook kills them (and only them) even when a
 * test failed half-way.
 */
export class ServerGroup {
  private readonly started: ServerProcess[] = [];

  spawn(env: Record<string, string>): ServerProcess {
    const server = ServerProcess.spawn(env);
    this.started.push(server);
    return server;
  }

  async start(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
    const server = this.spawn(env);
    await server.waitFor((l) => l.msg === 'Atelier shop is listening', timeoutMs).catch(async (error: unknown) => {
      await server.crash();
      throw error;
    });
    return server;
  }

  /** SIGKILL to every one still running; resolves when they have exited. */
  async killAll(): Promise<void> {
    await Promise.all(this.started.map((s) => s.crash()));
  }
}

/** A fresh schema in the test PostgreSQL server, and the DATABASE_URL that works in it. */
export async function createSchema(prefix = 'atelier_proc'): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  // libpq's `options` parameter, which node-postgres honours too: every connection works in the schema.
  const url = `${testPostgresUrl}${testPostgresUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    schema,
    url,
    async drop() {
      const c = new pg.Client({ connectionString: testPostgresUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
