import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '@atelier/modeling';
import { sameDiagnostics } from './versions.ts';

const d = (line: number, rest: Partial<Diagnostic> = {}): Diagnostic => ({ severity: 'error', code: 'unknown-name', message: 'unknown name "bord"', file: 'pc.atl', line, column: 61, ...rest });

test('the live check and the server’s agree only when they list the same problems in the same order', () => {
  assert.equal(sameDiagnostics([d(65), d(70)], [d(65), d(70)]), true);
  assert.equal(sameDiagnostics([], []), true);
  assert.equal(sameDiagnostics([d(65), d(70)], [d(70), d(65)]), false, 'both lists are sorted by place: another order is another answer');
  assert.equal(sameDiagnostics([d(65)], [d(65), d(70)]), false);
  assert.equal(sameDiagnostics([d(65)], [d(65, { hint: 'did you mean "board"?' })]), false);
  assert.equal(sameDiagnostics([d(65)], [d(65, { severity: 'warning' })]), false);
  assert.equal(sameDiagnostics([d(65)], [d(65, { column: 62 })]), false);
  assert.equal(sameDiagnostics([d(65)], [d(65, { file: 'parts/cpus.atl' })]), false);
});
