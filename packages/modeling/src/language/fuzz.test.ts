import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutHanging } from '../testing/hang-guard.ts';
import { readAtl } from './index.ts';
import { LIBRARY, SEEDS } from './fuzz-cases.ts';
import { fileReader } from './test-support.ts';

test('the seed models are clean', () => {
  for (const seed of SEEDS) {
    const r = readAtl(seed, 'fuzz.atl', { readFile: fileReader(LIBRARY) });
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.product);
  }
});

test('random bytes and mutated models give diagnostics, never exceptions or hangs', async (t) => {
  const { cases, withProduct } = await withoutHanging<{ cases: number; withProduct: number }>(new URL('./fuzz-cases.ts', import.meta.url), 'fuzzLanguage', 60_000);
  // The mutations must reach the lowering and the checks, not only the parser.
  assert.ok(withProduct > 200, `only ${withProduct} of ${cases} mutations read cleanly`);
  t.diagnostic(`${cases} inputs, ${withProduct} read into a product`);
});

test('hostile inputs: deep nesting and long chains are refused with a diagnostic, not a stack overflow', () => {
  const flags = Array.from({ length: 200 }, (_, i) => `flag f${i} "F"`).join('\n');
  const cases: [string, string][] = [
    [`product p { flag a "A" rule : ${'('.repeat(5000)}a${')'.repeat(5000)} }`, 'expression nested too deeply (more than 100 levels)'],
    [`product p { flag a "A" rule : a${' xor a'.repeat(5000)} }`, 'expression nested too deeply (more than 100 levels)'],
    [`product p { flag a "A" rule : a${' <=> a'.repeat(5000)} }`, 'expression nested too deeply (more than 100 levels)'],
    [`product p { flag a "A" rule : a${' => a'.repeat(5000)} }`, 'expression nested too deeply (more than 100 levels)'],
    [`product p { flag a "A" rule : ${'not '.repeat(5000)}a }`, 'expression nested too deeply (more than 100 levels)'],
    [`product p { number n "N" 1..3 rule : ${'- '.repeat(5000)}n > 0 }`, 'expression nested too deeply (more than 100 levels)'],
    [`product p {${' component c "C" {'.repeat(3000)}${'}'.repeat(3000)}}`, 'blocks nested too deeply (more than 64 levels)'],
    [
      `${Array.from({ length: 500 }, (_, i) => `component T${i} { use T${i + 1} as x }`).join('\n')}\ncomponent T500 { }\nproduct p { use T0 as t }`,
      'templates used inside templates more than 64 levels deep',
    ],
    [`product p { component a "A" 1..1000 { component b "B" 1..1000 { flag f "F" } } }`, 'the model would have more than 20000 variables; reduce the repeated components'],
  ];
  for (const [text, message] of cases) {
    const r = readAtl(text, 'h.atl');
    assert.deepEqual(r.diagnostics.map((d) => d.message), [message], text.slice(0, 60));
  }
  // Long flat lists are fine.
  const flat = readAtl(`product p {\n${flags}\nrule : f0${' and f0'.repeat(5000)}\nrule : f1${' + f1'.repeat(5000)} >= 0\n}`, 'h.atl');
  assert.deepEqual(flat.diagnostics, []);
});
