import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from './database.ts';
import { jsonbParameter, sqlState, UNIQUE_VIOLATION } from './database.ts';
import { openPglite } from './pglite.ts';

describe('named statements on PGlite', () => {
  let db: Database;
  before(async () => {
    db = await openPglite(undefined);
    await db.exec(`CREATE TABLE things (id integer PRIMARY KEY, label text, data jsonb, made timestamptz NOT NULL DEFAULT now(), price numeric)`);
  });
  after(async () => db?.close());

  test('rows come back typed as the unnamed path types them; parameters are sent by their types', async () => {
    const insert = 'INSERT INTO things (id, label, data, price) VALUES ($1, $2, $3::jsonb, $4) RETURNING id, label, data, made, price';
    const named = await db.query(insert, [1, 'first', JSON.stringify({ a: [1, 'x'] }), 12.5], { name: 'things-insert' });
    const unnamed = await db.query(insert, [2, null, JSON.stringify({ a: [1, 'x'] }), 12.5]);
    assert.equal(named.length, 1);
    assert.deepEqual(Object.keys(named[0]), Object.keys(unnamed[0]));
    assert.equal(named[0].id, 1);
    assert.equal(named[0].label, 'first');
    assert.equal(unnamed[0].label, null);
    assert.deepEqual(named[0].data, { a: [1, 'x'] });
    assert.ok(named[0].made instanceof Date);
    assert.equal(typeof named[0].price, typeof unnamed[0].price);
    // The same statement again, by name, with a null where the first run had a text.
    const again = await db.query(insert, [3, null, 'null', null], { name: 'things-insert' });
    assert.deepEqual([again[0].id, again[0].label, again[0].data, again[0].price], [3, null, null, null]);
  });

  test('a jsonb parameter sent as bytes in the binary format arrives whole, characters beyond ASCII included (by name only)', async () => {
    const value = { label: 'Łódź ✓', nested: [1, null, { deep: 'ünïcödé 🚲' }] };
    const insert = 'INSERT INTO things (id, data) VALUES ($1, $2::jsonb) RETURNING data';
    assert.deepEqual((await db.query(insert, [30, jsonbParameter(value)], { name: 'things-insert-bytes' }))[0].data, value);
    // PGlite's own path would write the bytes' JSON form instead; it is refused rather than stored wrong.
    await assert.rejects(db.query(insert, [31, jsonbParameter(value)]), /by name/);
  });

  test('a statement that returns nothing answers no rows', async () => {
    assert.deepEqual(await db.query('UPDATE things SET label = $2 WHERE id = $1', [999, 'none'], { name: 'things-relabel' }), []);
  });

  test('an error reaches the caller with its SQLSTATE, and the statement runs again afterwards', async () => {
    const insert = 'INSERT INTO things (id, label) VALUES ($1, $2) RETURNING id';
    await db.query(insert, [10, 'ten'], { name: 'things-insert-short' });
    await assert.rejects(db.query(insert, [10, 'ten again'], { name: 'things-insert-short' }), (error) => sqlState(error) === UNIQUE_VIOLATION);
    assert.deepEqual(await db.query(insert, [11, 'eleven'], { name: 'things-insert-short' }), [{ id: 11 }]);
  });

  test('a name stands for one text', async () => {
    await db.query('SELECT 1 AS one', [], { name: 'things-one' });
    await assert.rejects(db.query('SELECT 2 AS two', [], { name: 'things-one' }), /another text/);
  });

  test('a statement never runs inside a transaction another caller has open', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO things (id, label) VALUES (20, $1)', ['in the transaction']);
        entered();
        await held;
        throw new Error('rolled back on purpose');
      })
      .catch((error: unknown) => error);
    await inside;
    // Issued while the transaction is open: it must wait for the transaction to end, not join it.
    const write = db.query('INSERT INTO things (id, label) VALUES ($1, $2) RETURNING id', [21, 'outside'], { name: 'things-insert-outside' });
    release();
    assert.match(String(await transaction), /rolled back on purpose/);
    assert.deepEqual(await write, [{ id: 21 }]);
    const ids = (await db.query<{ id: number }>('SELECT id FROM things WHERE id IN (20, 21) ORDER BY id')).map((r) => r.id);
    assert.deepEqual(ids, [21], 'the rollback took the transaction’s row, not the named statement’s');
  });
});
