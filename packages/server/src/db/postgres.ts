import pg from 'pg';
import type { Database, Queryable, Row } from './database.ts';

// PGlite returns int8 (count(*)) as a number; so must this driver, or the stores would see two types.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** A PostgreSQL server shared by every server process; `schema` isolates tests from each other. */
export async function openPostgres(url: string, options: { schema?: string; max?: number } = {}): Promise<Database> {
  const { url: connectionString, options: urlOptions } = withoutOptions(url);
  const settings = (extra: string[]): { options?: string } => {
    const all = [...urlOptions, ...(options.schema ? [`-c search_path=${options.schema}`] : []), ...extra];
    return all.length > 0 ? { options: all.join(' ') } : {};
  };
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, ...settings([]) });
  // Two connections suffice: its writes are batched (see GroupCommit).
  const asyncPool = new pg.Pool({ connectionString, max: 2, ...settings(['-c synchronous_commit=off']) });
  for (const p of [pool, asyncPool]) {
    p.on('error', () => {
      // An idle client lost its connection (server restart); the pool replaces it on next use.
    });
  }
  const client = await pool.connect(); // fail at start, not on the first request
  client.release();
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends Row>(sql: string, params: readonly unknown[] = [], options: { name?: string } = {}): Promise<R[]> {
      const result = options.name ? await q.query<R>({ name: options.name, text: sql, values: [...params] }) : await q.query<R>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    asyncCommit: wrap(asyncPool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await work(wrap(c));
        await c.query('COMMIT');
        return result;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        c.release();
      }
    },
    async exclusive<T>(key: number, work: () => Promise<T>): Promise<T> {
      // A session lock on a connection of its own, per schema; a process that dies holding it
      // loses its connection, and the lock with it.
      const c = await pool.connect();
      const lockId = "$1, hashtext(coalesce(current_schema(), ''))";
      let broken: Error | undefined;
      try {
        await c.query(`SELECT pg_advisory_lock(${lockId})`, [key]);
        try {
          return await work();
        } finally {
          await c.query(`SELECT pg_advisory_unlock(${lockId})`, [key]);
        }
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // After a failure the connection may still hold the lock: it is closed, not reused.
        c.release(broken);
      }
    },
    close: async () => {
      await Promise.all([pool.end(), asyncPool.end()]);
    },
  };
}

/**
 * The URL without its `options` parameter (PostgreSQL settings, e.g. `-c search_path=shop`), and those
 * options. node-postgres lets a URL's parameters override the ones given beside it, so a URL with its
 * own `options` silently dropped ours (the configurator's pool then committed synchronously): they
 * are merged instead, the URL's first.
 */
export function withoutOptions(url: string): { url: string; options: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, options: [] };
  }
  const given = parsed.searchParams.get('options');
  if (given === null) return { url, options: [] };
  parsed.searchParams.delete('options');
  return { url: parsed.toString(), options: given.trim() === '' ? [] : [given] };
}
