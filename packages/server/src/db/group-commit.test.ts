import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GroupCommit } from './group-commit.ts';

/** A store that records each batch it is handed and holds it until released. */
function heldStore() {
  const batches: number[][] = [];
  const pending: { release(): void; fail(error: Error): void }[] = [];
  const write = (items: readonly number[]): Promise<string[]> => {
    batches.push([...items]);
    return new Promise((resolve, reject) => {
      pending.push({ release: () => resolve(items.map((n) => `stored ${n}`)), fail: reject });
    });
  };
  return { batches, pending, write };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  test('writes handed in during one turn go out as one batch, and each caller gets its own result', async () => {
    const store = heldStore();
    const commit = new GroupCommit(store.write);
    const answers = [1, 2, 3, 4].map((n) => commit.submit(n));
    await turn();
    assert.deepEqual(store.batches, [[1, 2, 3, 4]]);
    store.pending[0].release();
    assert.deepEqual(await Promise.all(answers), ['stored 1', 'stored 2', 'stored 3', 'stored 4']);
  });

  test('nobody is answered before the batch holding the write has committed', async () => {
    const store = heldStore();
    const commit = new GroupCommit(store.write);
    let answered = false;
    const answer = commit.submit(7).then(() => (answered = true));
    await turn();
    await turn();
    assert.equal(answered, false);
    store.pending[0].release();
    await answer;
    assert.equal(answered, true);
  });

  test('while the allowed batches are being written, later writes wait and leave together', async () => {
    const store = heldStore();
    const commit = new GroupCommit(store.write, { inFlight: 1, maxBatch: 100 });
    const first = commit.submit(1);
    await turn();
    const waiting = [2, 3, 4].map((n) => commit.submit(n));
    await turn();
    await turn();
    assert.deepEqual(store.batches, [[1]], 'the second batch waits for the first to commit');
    store.pending[0].release();
    await first;
    await turn();
    assert.deepEqual(store.batches, [[1], [2, 3, 4]]);
    store.pending[1].release();
    assert.deepEqual(await Promise.all(waiting), ['stored 2', 'stored 3', 'stored 4']);
  });

  test('beside a batch being written, another leaves only once it is as large as that one', async () => {
    const store = heldStore();
    const commit = new GroupCommit(store.write, { inFlight: 2, maxBatch: 100 });
    const first = [1, 2, 3].map((n) => commit.submit(n));
    await turn();
    const second = [commit.submit(4)];
    await turn();
    await turn();
    assert.deepEqual(store.batches, [[1, 2, 3]], 'one write alone waits beside a batch of three');
    second.push(commit.submit(5), commit.submit(6));
    await turn();
    assert.deepEqual(store.batches, [[1, 2, 3], [4, 5, 6]], 'three leave beside three');
    const third = commit.submit(7);
    await turn();
    assert.equal(store.batches.length, 2, 'two batches are out: the most allowed');
    store.pending[0].release();
    await Promise.all(first);
    await turn();
    assert.equal(store.batches.length, 2, 'one write alone still waits beside a batch of three');
    store.pending[1].release();
    await Promise.all(second);
    await turn();
    assert.deepEqual(store.batches, [[1, 2, 3], [4, 5, 6], [7]], 'with nothing out, it leaves alone');
    store.pending[2].release();
    assert.equal(await third, 'stored 7');
  });

  test('a batch holds at most maxBatch writes; the rest follow in the next one', async () => {
    const store = heldStore();
    const commit = new GroupCommit(store.write, { inFlight: 2, maxBatch: 3 });
    const answers = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    await turn();
    assert.deepEqual(store.batches, [[1, 2, 3], [4, 5]]);
    for (const p of store.pending) p.release();
    assert.equal((await Promise.all(answers)).length, 5);
  });

  test('a failed batch fails each of its callers, and the writes after it still go out', async () => {
    const store = heldStore();
    const commit = new GroupCommit(store.write, { inFlight: 1, maxBatch: 100 });
    const doomed = [1, 2].map((n) => commit.submit(n));
    await turn();
    const later = commit.submit(3);
    store.pending[0].fail(new Error('connection lost'));
    for (const d of doomed) await assert.rejects(d, /connection lost/);
    await turn();
    assert.deepEqual(store.batches, [[1, 2], [3]]);
    store.pending[1].release();
    assert.equal(await later, 'stored 3');
  });

  test('a store answering the wrong number of results fails the batch instead of mixing answers up', async () => {
    const commit = new GroupCommit(async (items: readonly number[]) => items.slice(1));
    await assert.rejects(Promise.all([commit.submit(1), commit.submit(2)]), /a batch of 2 writes answered 1 results/);
  });
});
