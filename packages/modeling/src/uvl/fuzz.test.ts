import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutHanging } from '../testing/hang-guard.ts';

test('mutated and random inputs never make the reader throw or hang, and always explain a refusal', async (t) => {
  const { cases, accepted } = await withoutHanging<{ cases: number; accepted: number }>(new URL('./fuzz-cases.ts', import.meta.url), 'fuzzUvl', 60_000);
  assert.ok(accepted > cases / 10, `some mutants are still valid models (${accepted})`);
  t.diagnostic(`${cases} inputs, ${accepted} read into a model`);
});
