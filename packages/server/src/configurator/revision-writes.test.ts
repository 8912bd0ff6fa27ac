import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database, Queryable } from '../db/database.ts';
import { backends, startServer, type TestServer } from '../testing/harness.ts';
import { Configurator } from './configurator.ts';

/** The server's database, counting the statements that write configurations (on either pool). */
function countingWrites(db: Database): { db: Database; updates: () => number } {
  let updates = 0;
  const counted = (q: Queryable): Queryable => ({
    ...q,
    query(sql, params, options) {
      if (/configurator_write/.test(sql)) updates++;
      return q.query(sql, params, options);
    },
  });
  return { db: { ...db, ...counted(db), asyncCommit: counted(db.asyncCommit) }, updates: () => updates };
}

interface StoredRow extends Record<string, unknown> {
  id: string;
  revision: number;
  choices: { variable: string; value: unknown }[];
}

for (const backend of await backends()) {
  describe(`configuration writes on ${backend.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(backend, { web: false });
    });
    after(async () => server?.close());

    test('concurrent choices on many configurations are stored together, each with its own revision check', async () => {
      const { db, updates } = countingWrites(server.db);
      const configurator = new Configurator(db, server.services.catalog);
      const ids = await Promise.all(Array.from({ length: 30 }, async () => (await configurator.create({ productId: 'pc' }, null)).id));
      const before = updates();
      const values = ['d4_16', 'd4_32', 'd5_16'];
      const answers = await Promise.all(ids.map((id, i) => configurator.choose(id, null, 'memory[1].module', values[i % 3])));
      const statements = updates() - before;
      assert.ok(statements >= 1 && statements < ids.length / 4, `${statements} statements wrote ${ids.length} changes`);

      const rows = await server.db.query<StoredRow>('SELECT id, revision, choices FROM configurations WHERE id = ANY($1::uuid[])', [ids]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      ids.forEach((id, i) => {
        assert.equal(answers[i].revision, 1);
        assert.equal(byId.get(id)?.revision, 1);
        assert.deepEqual(byId.get(id)?.choices, [{ variable: 'memory[1].module', value: values[i % 3], by: 'user' }]);
      });
    });

    test('a batch finds its rows through the primary key, not by scanning every configuration', async () => {
      // Enough configurations that, left to itself, the planner scans them all for a batch of 20.
      const [{ version }] = await server.db.query<{ version: number }>(`SELECT max(version) AS version FROM product_versions WHERE product_id = 'pc'`);
      const ids = (
        await server.db.query<{ id: string }>(
          `INSERT INTO configurations (id, product_id, version) SELECT gen_random_uuid(), 'pc', $1 FROM generate_series(1, 2000) RETURNING id`,
          [version],
        )
      ).map((r) => r.id);
      const batch = ids.slice(0, 20).map((id) => ({ id, revision: 0, choices: [{ variable: 'wifi', value: true, by: 'user' }], texts: {} }));
      // Counted within one transaction: a backend's counts are pending there (pg_stat_xact_*) until
      // its transaction ends; the difference is this statement's.
      const { stored, scans } = await server.db.transaction(async (tx) => {
        const counts = async (): Promise<{ seq: number; index: number }> => {
          const [row] = await tx.query<{ seq_scan: number | string; idx_scan: number | string }>(
            `SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relid = 'configurations'::regclass`,
          );
          return { seq: Number(row.seq_scan), index: Number(row.idx_scan) };
        };
        const before = await counts();
        const rows = await tx.query<{ id: string }>('SELECT id FROM configurator_write($1::jsonb)', [JSON.stringify(batch)]);
        const after = await counts();
        return { stored: rows.map((r) => r.id), scans: { seq: after.seq - before.seq, index: after.index - before.index } };
      });
      assert.deepEqual(new Set(stored), new Set(ids.slice(0, 20)));
      assert.equal(scans.seq, 0, 'no scan of the whole table');
      assert.ok(scans.index >= 1, `index scans: ${scans.index}`);
    });

    test('a configuration another process wrote meanwhile is redone from its row; the others in the batch are stored as made', async () => {
      const configurator = new Configurator(server.db, server.services.catalog);
      const [moved, kept] = await Promise.all([configurator.create({ productId: 'pc' }, null), configurator.create({ productId: 'pc' }, null)]);
      // Another process chose a graphics card for `moved`; this process still holds revision 0.
      await server.db.query(`UPDATE configurations SET choices = '[{"variable":"gpu","value":true,"by":"user"}]', revision = 1 WHERE id = $1`, [moved.id]);

      const [movedAnswer, keptAnswer] = await Promise.all([configurator.choose(moved.id, null, 'wifi', true), configurator.choose(kept.id, null, 'wifi', true)]);
      assert.equal(movedAnswer.revision, 2);
      assert.deepEqual(
        movedAnswer.choices.map((c) => c.variable),
        ['gpu', 'wifi'],
        "the other process's choice is kept",
      );
      assert.equal(keptAnswer.revision, 1);
      assert.deepEqual(
        keptAnswer.choices.map((c) => c.variable),
        ['wifi'],
      );
      const rows = await server.db.query<StoredRow>('SELECT id, revision, choices FROM configurations WHERE id = ANY($1::uuid[]) ORDER BY revision', [[moved.id, kept.id]]);
      assert.deepEqual(
        rows.map((r) => [r.id, r.revision, r.choices.length]),
        [
          [kept.id, 1, 1],
          [moved.id, 2, 2],
        ],
      );
    });
  });
}
