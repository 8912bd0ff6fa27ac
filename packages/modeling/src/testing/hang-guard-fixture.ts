import assert from 'node:assert/strict';
import type { Progress } from './hang-guard.ts';

/* Runs for hang-guard.test.ts: one that ends, one whose assertion fails, one that never ends. */

export function ends(progress: Progress): number {
  progress('first', 'a');
  return 42;
}

export function fails(progress: Progress): number {
  progress('the bad one', 'b');
  assert.equal(1 + 1, 3, 'arithmetic');
  return 0;
}

export function loops(progress: Progress): number {
  progress('input #1', 'fine');
  progress('input #2', 'product p {');
  for (let i = 0; ; i = (i + 1) % 7);
}
