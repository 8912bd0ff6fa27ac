import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutHanging } from '../testing/hang-guard.ts';

test('readCoom never throws and never hangs on random and mutated input', async (t) => {
  const { cases, imported } = await withoutHanging<{ cases: number; imported: number }>(new URL('./fuzz-cases.ts', import.meta.url), 'fuzzCoom', 60_000);
  // Mutations are mostly small: a good share still imports, so the later stages are exercised too.
  assert.ok(imported > cases / 20, `only ${imported} of ${cases} imported`);
  t.diagnostic(`${cases} inputs, ${imported} imported`);
});
