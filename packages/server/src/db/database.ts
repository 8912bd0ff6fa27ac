/** A row as the drivers return it: column name → value. */
export type Row = Record<string, unknown>;

/** What a module's store needs from the database, inside a transaction or not. */
export interface Queryable {
  /** One parameterised statement; the rows it returns (RETURNING included). */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
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
