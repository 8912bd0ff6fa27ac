// The studio's worker queue: one run at a time, and of the items that arrive meanwhile only the
// newest is run after it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LatestOnlyQueue } from './latest-only-queue.ts';

/** A run the test finishes by hand, to decide what arrives while it is in flight. */
interface Run {
  item: string;
  finish(): void;
  fail(error: Error): void;
}

function recording() {
  const runs: Run[] = [];
  const idle: string[] = [];
  const queue = new LatestOnlyQueue<string>(
    (item) =>
      new Promise<void>((resolve, reject) => {
        runs.push({ item, finish: resolve, fail: reject });
      }),
    (last) => idle.push(last),
  );
  return { queue, runs, idle };
}

/** Lets the queue's promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LatestOnlyQueue', () => {
  test('an item submitted while nothing runs starts at once, and the queue is idle after it', async () => {
    const { queue, runs, idle } = recording();
    queue.submit('a');
    await settle();
    assert.deepEqual(runs.map((r) => r.item), ['a']);
    assert.equal(queue.busy, true);
    runs[0].finish();
    await settle();
    assert.equal(queue.busy, false);
    assert.deepEqual(idle, ['a']);
  });

  test('while one runs, only the newest of the items submitted meanwhile runs next', async () => {
    const { queue, runs, idle } = recording();
    queue.submit('text 1');
    queue.submit('text 2');
    queue.submit('text 3');
    queue.submit('text 4');
    await settle();
    assert.deepEqual(runs.map((r) => r.item), ['text 1'], 'one run in flight');
    runs[0].finish();
    await settle();
    assert.deepEqual(runs.map((r) => r.item), ['text 1', 'text 4'], 'texts 2 and 3 were overtaken');
    assert.deepEqual(idle, [], 'not idle while text 4 runs');
    queue.submit('text 5');
    runs[1].finish();
    await settle();
    assert.deepEqual(runs.map((r) => r.item), ['text 1', 'text 4', 'text 5']);
    runs[2].finish();
    await settle();
    assert.deepEqual(idle, ['text 5']);
    assert.equal(runs.length, 3);
  });

  test('a failed run does not stop the queue', async () => {
    const { queue, runs, idle } = recording();
    queue.submit('broken');
    queue.submit('next');
    await settle();
    runs[0].fail(new Error('the worker stopped'));
    await settle();
    assert.deepEqual(runs.map((r) => r.item), ['broken', 'next']);
    runs[1].finish();
    await settle();
    assert.deepEqual(idle, ['next']);
  });

  test('work that throws before returning a promise counts as a failed run', async () => {
    const seen: string[] = [];
    const idle: string[] = [];
    const queue = new LatestOnlyQueue<string>(
      (item) => {
        seen.push(item);
        if (item === 'bad') throw new Error('thrown at once');
        return Promise.resolve();
      },
      (last) => idle.push(last),
    );
    queue.submit('bad');
    queue.submit('good');
    await settle();
    await settle();
    assert.deepEqual(seen, ['bad', 'good']);
    assert.deepEqual(idle, ['good']);
  });

  test('closed, it drops the waiting item, accepts no more and does not report idle', async () => {
    const { queue, runs, idle } = recording();
    queue.submit('running');
    queue.submit('waiting');
    await settle();
    queue.close();
    queue.submit('after close');
    runs[0].finish();
    await settle();
    assert.deepEqual(runs.map((r) => r.item), ['running']);
    assert.deepEqual(idle, []);
    assert.equal(queue.busy, false);
  });
});
