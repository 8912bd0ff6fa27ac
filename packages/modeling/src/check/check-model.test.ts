import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBuilder, F } from '@atelier/engine';
import { formatDiagnostic } from '../diagnostics.ts';
import { bareProduct } from '../product.ts';
import { readClean, fileReader } from '../language/test-support.ts';
import { checkFile, checkProduct, sortDiagnostics } from './index.ts';

const check = (text: string): string[] => checkProduct(readClean(text)).map(formatDiagnostic);

test('a void model names a minimal set of conflicting rules, each with its line', () => {
  assert.deepEqual(
    check(`product p "P" {
  choice color "Colour" { value red "Red" value green "Green" }
  flag turbo "Turbo"
  flag quiet "Quiet"
  rule "turbo always" : turbo
  rule "red only" : color = red
  rule "unrelated" : quiet requires color = red
  rule "turbo wants green" : turbo requires color = green
}`),
    [
      'main.atl:1:1: error: the model has no valid configuration; these rules cannot all hold: "turbo always" (line 5), "red only" (line 6) and "turbo wants green" (line 8)',
    ],
  );
});

test('dead values name the rules that kill them; numbers are grouped', () => {
  assert.deepEqual(
    check(`product p {
  choice size "Size" { value s "S" value m "M" value l "L" }
  flag turbo "Turbo"
  number n "N" 1..12
  rule "no large" : size != l
  rule "turbo needs medium" : turbo requires size = m
  rule "small only" : size = s or n > 100
  rule : n <= 3
}`),
    [
      'main.atl:2:42: warning: value "m" of "size" can never be chosen: ruled out by "small only" (line 7)',
      'main.atl:2:54: warning: value "l" of "size" can never be chosen: ruled out by "no large" (line 5)',
      'main.atl:3:8: warning: "turbo" can never be selected: ruled out by "turbo needs medium" (line 6) and "small only" (line 7)',
      'main.atl:4:10: warning: "n" can never be 4, 5, 6, 7, 8, 9, 10, 11 and 1 more: ruled out by "n <= 3" (line 8)',
    ],
  );
});

test('a feature that can never be there is reported once, not with every value inside it', () => {
  assert.deepEqual(
    check(`product p {
  component gpu "GPU" optional {
    choice model "Model" { value a "A" value b "B" }
  }
  flag mini "Mini case"
  rule "mini case" : mini
  rule "no room" : mini excludes gpu
}`),
    ['main.atl:2:13: warning: "gpu" can never be selected: ruled out by "mini case" (line 6) and "no room" (line 7)'],
  );
});

test('dead values inside repeated components point at the value, per instance', () => {
  assert.deepEqual(
    check(`product p {
  component memory "Memory" 1..2 {
    choice size "Size" { value gb8 "8" { gb 8 } value gb64 "64" { gb 64 } }
  }
  rule "at most 64 GB" : sum(memory.size.gb) <= 64
  rule : memory.count = 2
}`),
    [
      'main.atl:2:13: warning: "memory.count" can never be 1: ruled out by "memory.count = 2" (line 6)',
      'main.atl:3:55: warning: value "gb64" of "memory[1].size" can never be chosen: ruled out by the presence condition of "memory[2].size" (line 3), "at most 64 GB" (line 5) and "memory.count = 2" (line 6)',
      'main.atl:3:55: warning: value "gb64" of "memory[2].size" can never be chosen: ruled out by "at most 64 GB" (line 5)',
    ],
  );
});

test('an optional component present in every configuration is false-optional, with the rules forcing it', () => {
  assert.deepEqual(
    check(`product p {
  component gpu "GPU" optional {
    choice model "Model" { value a "A" value b "B" }
  }
  flag gaming "Gaming"
  rule "gaming edition" : gaming
  rule "gaming needs a gpu" : gaming requires gpu
}`),
    ['main.atl:2:13: warning: optional "gpu" is present in every configuration: forced by "gaming edition" (line 6) and "gaming needs a gpu" (line 7)'],
  );
});

test('false-optional variables of other readers (absence as a plain value) are reported by name', () => {
  const b = new ModelBuilder();
  const at = { file: 'm.uvl', line: 3, column: 5 };
  b.enum('engine', ['petrol', 'diesel'], { optional: {}, source: at });
  b.constrain(F.present('engine'), { label: 'engine mandatory', source: { file: 'm.uvl', line: 9, column: 1 } });
  const diagnostics = checkProduct(bareProduct('car', 'Car', b.build())).map(formatDiagnostic);
  assert.deepEqual(diagnostics, [
    'm.uvl:3:5: warning: "engine" is optional but present in every configuration: forced by "engine mandatory" (line 9)',
  ]);
});

test('a malformed model is a diagnostic at the element at fault, never an exception', () => {
  const b = new ModelBuilder();
  b.bool('a');
  b.constrain(F.is('colour'), { label: 'paint', source: { file: 'x.coom', line: 4, column: 2 } });
  assert.deepEqual(checkProduct(bareProduct('x', 'X', b.build())).map(formatDiagnostic), [
    'x.coom:4:2: error: constraint "paint": unknown variable "colour"',
  ]);
  const empty = bareProduct('y', 'Y', { variables: [{ name: 'v', kind: 'enum', values: [] }], constraints: [] });
  assert.deepEqual(checkProduct(empty).map(formatDiagnostic), ['y:1:1: error: variable "v": empty domain']);
});

test('a price line the engine cannot weigh: the cheapest completion says what it leaves out', () => {
  // Products of two different primes are all different: 101 × 101 of them is more than the engine tabulates.
  const primes: number[] = [];
  for (let n = 2; primes.length < 202; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  const choice = (name: string, weights: number[]): string => `  choice ${name} "${name}" { ${weights.map((w, i) => `value v${i} "V${i}" { w ${w} }`).join(' ')} }`;
  const text = ['product p {', choice('a', primes.slice(0, 101)), choice('b', primes.slice(101)), '  price "Mix" a.w * b.w', '}'].join('\n');
  assert.deepEqual(check(text), [
    'main.atl:1:1: warning: the "cheapest" completion leaves part of the price out: price: a product can take 10201 values (at most 10000): narrow the ranges of its factors',
  ]);
  // The same product in a rule: the engine refuses the model, and the error points at the rule.
  const rule = text.replace('  price "Mix" a.w * b.w', '  rule "Mix" : a.w * b.w <= 500000');
  assert.deepEqual(check(rule), ['main.atl:4:3: error: constraint "Mix": a product can take 10201 values (at most 10000): narrow the ranges of its factors']);
});

test('a clean model has nothing to report', () => {
  assert.deepEqual(check('product p { choice c "C" { value a "A" value b "B" } flag f "F" rule : f requires c = a }'), []);
});

test('checkFile: read errors stop before the solver; everything is sorted by file, line and column', () => {
  const files = {
    'main.atl': 'import "lib.atl"\nproduct p {\n  flag a "A"\n  rule : b\n  rule : a and\n}',
    'lib.atl': 'type T { x x }',
  };
  assert.deepEqual(checkFile('main.atl', fileReader(files)).map(formatDiagnostic), [
    'lib.atl:1:12: error: member "x" is listed twice in type "T"',
    'main.atl:4:10: error: unknown name "b" (did you mean "a"?)',
    'main.atl:6:1: error: expected a condition after "and", found "}"',
  ]);
  assert.deepEqual(checkFile('gone.atl', fileReader({})).map(formatDiagnostic), ['gone.atl:1:1: error: cannot read "gone.atl"']);
  const dead = { 'main.atl': 'product p {\n  flag a "A"\n  rule "never a" : not a\n  choice c "C" { value x "X" value y "Y" { w 1 } }\n  rule : c.w = 1\n}' };
  assert.deepEqual(checkFile('main.atl', fileReader(dead)).map(formatDiagnostic), [
    'main.atl:2:8: warning: "a" can never be selected: ruled out by "never a" (line 3)',
    'main.atl:4:24: warning: value "x" of "c" can never be chosen: ruled out by "c.w = 1" (line 5)',
    'main.atl:5:12: warning: value "x" of choice "c" has no "w"; there it counts as 0',
  ]);
});

test('sortDiagnostics keeps the order of diagnostics at the same place', () => {
  const d = (file: string, line: number, column: number, message: string) => ({ severity: 'error' as const, code: 'x', message, file, line, column });
  const sorted = sortDiagnostics([d('b', 1, 1, '1'), d('a', 2, 1, '2'), d('a', 1, 5, '3'), d('a', 1, 5, '4'), d('a', 1, 2, '5')]);
  assert.deepEqual(sorted.map((x) => x.message), ['5', '3', '4', '2', '1']);
});
