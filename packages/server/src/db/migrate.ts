import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export interface Migration {
  /** `0003_configurator` — the number orders them across modules. */
  id: string;
  sql: string;
}

const sourceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each module keeps its tables in `<module>/migrations/NNNN_name.sql`; all of them, in number order. */
export function moduleMigrations(root: string = sourceRoot): Migration[] {
  const found: Migration[] = [];
  for (const module of readdirSync(root, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const dir = join(root, module.name, 'migrations');
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      if (file.endsWith('.sql')) found.push({ id: file.slice(0, -4), sql: readFileSync(join(dir, file), 'utf8') });
    }
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Applies the migrations not yet recorded, all in one transaction: a failing one leaves the schema
 * as it was. The advisory lock keeps two server processes starting together from both applying them.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = moduleMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4711)');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
