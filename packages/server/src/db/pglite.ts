import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database.ts';
import { PreparedStatements } from './pglite-prepared.ts';

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in a directory of its own (or in
 * memory when `dataDir` is undefined). One connection, so PGlite queues statements itself.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await db.waitReady;
  const prepared = new PreparedStatements(db);
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R extends Row>(sql: string, params: readonly unknown[] = [], options: { name?: string } = {}): Promise<R[]> {
      // Inside a transaction (q is not the database) a statement runs on the transaction's terms.
      if (options.name !== undefined && q === db) return prepared.run<R>(options.name, sql, params);
      // PGlite's query sends every value as text, so bytes would be stored as their JSON form.
      if (params.some((p) => p instanceof Uint8Array)) throw new Error('bytes are sent to PGlite only by statements run by name, outside transactions');
      const result = await q.query<R>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  });
  // One process, one file: whatever reaches PGlite is as durable as anything else it holds.
  const direct = wrap(db);
  return {
    kind: 'pglite',
    ...direct,
    asyncCommit: direct,
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    exclusive: (_key, work) => work(),
    close: () => db.close(),
  };
}
