/** A row as the drivers return it: column name → value. */
export type Row = Record<string, unknown>;

/** What a module's store needs from the database, inside a transaction or not. */
export interface Queryable {
  /**
   * One parameterised statement; the rows it returns (RETURNING included). A `name` makes it a
   * prepared statement on each connection (PostgreSQL parses and plans it once per connection, not
   * on every call): for the hottest statements only, whose text never changes under that name.
   */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[], options?: { name?: string }): Promise<R[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * The same database through connections whose commits do not wait for the write-ahead log to reach
   * the disk (PostgreSQL's asynchronous commit): for writes that are cheap to redo, such as a
   * configuration's latest choices, where a database crash losing the last fraction of a second is
   * acceptable and the flush would otherwise set the pace. Never for orders, quotes or accounts: an
   * acknowledged order must survive a crash. Consistency is the same either way.
   */
  readonly asyncCommit: Queryable;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding a lock named by `key` that every process on this database and schema
   * shares, so that one process at a time does it (loading the catalogue at start). The work
   * queries as usual. PGlite serves one process per directory: it just runs the work.
   */
  exclusive<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE of a unique-constraint violation, the same from both drivers. */
export const UNIQUE_VIOLATION = '23505';

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A value for a `jsonb` parameter, in jsonb's binary format (a version byte, 1, then the text as
 * UTF-8), for a statement run by name: node-postgres and PGlite's named statements send bytes as they
 * are (PGlite's unnamed path refuses them). As text, PGlite's protocol writer measured and copied the
 * string a character at a time in JavaScript: 6.6 % of the server's profile in the configurator step,
 * whose batched write sends a few kilobytes of choices.
 */
export function jsonbParameter(value: unknown): Buffer {
  const text = JSON.stringify(value);
  const bytes = Buffer.allocUnsafe(1 + Buffer.byteLength(text));
  bytes[0] = 1;
  bytes.write(text, 1);
  return bytes;
}
