/**
 * The shop server as the benchmark runs it: the real entry point (`packages/server/src/main.ts`) in a
 * child process of its own, on a fresh embedded database directory or a fresh PostgreSQL schema, with
 * the rate limits raised out of the way. The load comes from the benchmark's process, over loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database } from '@atelier/server/db/database.ts';
import { openDatabase } from '@atelier/server/db/open.ts';

export type Backend = 'pglite' | 'postgres';

export const benchPostgresUrl = process.env.ATELIER_BENCH_PG ?? process.env.ATELIER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'server', 'src', 'main.ts');

export interface ShopProcess {
  backend: Backend;
  /** http://127.0.0.1:PORT of the first process. */
  url: string;
  /** Every process's address, in start order (one unless `processes` asked for more). */
  urls: string[];
  /**
   * CPU time (user + system, every thread: the garbage collector's too) the server processes have
   * used so far, together, in seconds; null where /proc is missing. On a machine shared with other
   * work, the time per answer moves far less than answers per second do.
   */
  cpuSeconds(): number | null;
  /**
   * Stops the servers (SIGTERM: each drains, closes the database and exits), then runs `inspect` on
   * their database directly, then removes the database (the directory or the schema).
   */
  stop<T>(inspect?: (db: Database) => Promise<T>): Promise<T | undefined>;
}

export async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: benchPostgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchPostgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Linux's clock ticks per second, the unit of /proc/PID/stat's times (100 on every common kernel). */
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number | null {
  try {
    // Fields after the command name, which ends with ") ": state is the first, utime the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/**
 * Starts the server and waits until GET /api/ping answers. `cpuProfileDir` runs it under
 * `node --cpu-prof` (the profile is written when it stops). `processes` > 1 (PostgreSQL only) starts
 * that many on the one schema, each on its own port, as Atelier scales out: the first loads the
 * catalogue, the others find it loaded.
 */
export async function startShop(backend: Backend, options: { cpuProfileDir?: string; processes?: number } = {}): Promise<ShopProcess> {
  const count = options.processes ?? 1;
  if (count > 1 && backend !== 'postgres') throw new Error('several processes share PostgreSQL only (PGlite serves one process per directory)');
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-bench-'));
  const schema = backend === 'postgres' ? `atelier_bench_${randomBytes(5).toString('hex')}` : undefined;
  if (schema) await adminQuery(`CREATE SCHEMA ${schema}`);
  const cleanUp = async (): Promise<void> => {
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  };
  const children: Child[] = [];
  try {
    for (let i = 0; i < count; i++) children.push(await startChild(backend, dataDir, schema, options.cpuProfileDir));
  } catch (error) {
    await Promise.all(children.map((c) => c.stop()));
    await cleanUp();
    throw error;
  }

  return {
    backend,
    url: children[0].url,
    urls: children.map((c) => c.url),
    cpuSeconds: () => {
      let total = 0;
      for (const c of children) {
        const seconds = c.pid === undefined ? null : cpuSecondsOf(c.pid);
        if (seconds === null) return null;
        total += seconds;
      }
      return total;
    },
    async stop<T>(inspect?: (db: Database) => Promise<T>): Promise<T | undefined> {
      await Promise.all(children.map((c) => c.stop()));
      try {
        if (!inspect) return undefined;
        const db = await openDatabase(schema ? { databaseUrl: benchPostgresUrl, schema } : { dataDir });
        try {
          return await inspect(db);
        } finally {
          await db.close();
        }
      } finally {
        await cleanUp();
      }
    },
  };
}

interface Child {
  url: string;
  pid: number | undefined;
  /** SIGTERM, then SIGKILL after 30 s; reports an unclean exit with the process's last output. */
  stop(): Promise<void>;
}

async function startChild(backend: Backend, dataDir: string, schema: string | undefined, cpuProfileDir: string | undefined): Promise<Child> {
  const port = await freePort();
  // The server reads its settings from the environment: none of the benchmark's own may leak in.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATABASE_URL|LOG_LEVEL|NODE_ENV|ATELIER_.*)$/.test(k)));
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ATELIER_DATA: dataDir,
    ATELIER_RATE_SIGNIN: '1000000',
    ATELIER_RATE_EXPENSIVE: '1000000',
    ATELIER_ADMIN_PASSWORD: 'bench-admin-password',
    NODE_ENV: 'production',
  });
  // libpq's `options` parameter, which node-postgres honours: every connection works in the schema.
  if (schema) env.DATABASE_URL = `${benchPostgresUrl}${benchPostgresUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  // Node names each profile (the loader's worker thread writes one too); the largest is the server's.
  const nodeArgs = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', mainScript], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the ${backend} server exited at start (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the ${backend} server did not answer within 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid: child.pid,
    async stop(): Promise<void> {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited(child);
      clearTimeout(timer);
      if (code !== 0) process.stderr.write(`the ${backend} server stopped with ${code}:\n${output}\n`);
    },
  };
}
