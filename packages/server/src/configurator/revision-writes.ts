import { jsonbParameter, type Database } from '../db/database.ts';
import { GroupCommit } from '../db/group-commit.ts';
import type { Choice } from './state.ts';

/** One configuration's change: stored only if its row is still at `revision`, the one it was made from. */
export interface RevisionWrite {
  id: string;
  revision: number;
  choices: Choice[];
  texts: Record<string, string>;
}

/**
 * The configurator's writes, batched across configurations (see GroupCommit): one statement checks
 * every row's revision and writes the rows still at it. Each write answers whether it was stored;
 * false means another process wrote that configuration first.
 */
export function revisionWrites(db: Database): GroupCommit<RevisionWrite, boolean> {
  return new GroupCommit(async (writes) => {
    // A configuration's choices are redone in seconds, unlike an order: their commit does not wait for
    // the disk (with 32 customers stepping at once, that wait, not the CPU, set the pace).
    // The statement is a function (migration 0006) that joins through the primary key whatever the
    // table's size. Prepared once per connection: planning was PostgreSQL's work on every batch.
    const stored = await db.asyncCommit.query<{ id: string }>('SELECT id FROM configurator_write($1::jsonb)', [jsonbParameter(writes)], {
      name: 'configurator-write',
    });
    const written = new Set(stored.map((r) => r.id));
    return writes.map((w) => written.has(w.id));
    // Two batches out at most, the second only as large as the first (see GroupCommit): the pool's
    // two connections.
  });
}
