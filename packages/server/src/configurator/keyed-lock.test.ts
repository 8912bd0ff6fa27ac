import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedLock } from './keyed-lock.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('tasks on one key run one at a time, in order; other keys do not wait', async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const task = (name: string, turns: number) => async (): Promise<string> => {
    log.push(`${name} start`);
    for (let i = 0; i < turns; i++) await tick();
    log.push(`${name} end`);
    return name;
  };
  const results = await Promise.all([lock.run('a', task('a1', 3)), lock.run('a', task('a2', 1)), lock.run('b', task('b1', 1))]);
  assert.deepEqual(results, ['a1', 'a2', 'b1']);
  assert.ok(log.indexOf('a1 end') < log.indexOf('a2 start'), log.join(', '));
  assert.ok(log.indexOf('b1 end') < log.indexOf('a1 end'), 'b did not wait for a');
});

test('a failed task, thrown or rejected, answers its caller and releases the key', async () => {
  const lock = new KeyedLock();
  const thrown = lock.run('k', () => {
    throw new Error('at once');
  });
  const rejected = lock.run('k', async () => {
    await tick();
    throw new Error('later');
  });
  const after = lock.run('k', async () => 'ran');
  await assert.rejects(thrown, /at once/);
  await assert.rejects(rejected, /later/);
  assert.equal(await after, 'ran');
  await tick();
  assert.equal((lock as unknown as { tails: Map<string, unknown> }).tails.size, 0, 'no key is held once all is done');
});
