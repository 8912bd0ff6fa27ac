import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutHanging } from './hang-guard.ts';

const FIXTURE = new URL('./hang-guard-fixture.ts', import.meta.url);

test('a run that ends gives its result', async () => {
  assert.equal(await withoutHanging<number>(FIXTURE, 'ends', 60_000), 42);
});

test('a failed assertion inside the run fails the guard with its message', async () => {
  await assert.rejects(withoutHanging(FIXTURE, 'fails', 60_000), /arithmetic/);
});

test('a run that never ends is stopped and the input it was on is named', async () => {
  await assert.rejects(withoutHanging(FIXTURE, 'loops', 2000), { message: 'no answer after 2 s on input #2:\nproduct p {' });
});
