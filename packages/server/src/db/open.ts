import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface StorageOptions {
  /** `postgres://…`: a shared PostgreSQL server. Otherwise the embedded database. */
  databaseUrl?: string;
  /** The embedded database's directory; undefined keeps it in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to work in (tests isolate themselves this way). */
  schema?: string;
}

export function openDatabase(options: StorageOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.schema ? { schema: options.schema } : {})
    : openPglite(options.dataDir);
}
