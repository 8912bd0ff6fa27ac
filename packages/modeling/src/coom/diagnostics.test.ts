import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../diagnostics.ts';
import { readCoom } from './index.ts';

/** Every diagnostic of a small broken file, formatted: the exact messages and positions. */
function problems(text: string, options = {}): string[] {
  const { product, diagnostics } = readCoom(text, 'm.coom', options);
  if (diagnostics.some((d) => d.severity === 'error')) assert.equal(product, null);
  return diagnostics.map(formatDiagnostic);
}

const WHEELS = `
enumeration Wheel {
  attribute num size
  W14 = ( 14 )
  W16 = ( 16 )
}`;

test('unknown type: left out with a suggestion, an error once a rule uses the feature', () => {
  assert.deepEqual(problems(`product {\n  Wheel front\n  Wheell rear\n}${WHEELS}`), [
    'm.coom:3:3: warning: unknown type "Wheell": feature "rear" is left out (did you mean "Wheel"?)',
  ]);
  assert.deepEqual(problems(`product {\n  Wheel front\n  Wheell rear\n}${WHEELS}\nbehavior { require rear.size = 14 }`), [
    'm.coom:3:3: warning: unknown type "Wheell": feature "rear" is left out (did you mean "Wheel"?)',
    'm.coom:10:20: error: feature "rear" has the unknown type "Wheell"',
  ]);
});

test('unknown attribute and unknown feature, with "did you mean"', () => {
  assert.deepEqual(problems(`product { Wheel front }${WHEELS}\nbehavior {\n  require front.sise > 14\n}`), [
    'm.coom:8:17: error: enumeration "Wheel" has no attribute "sise" (did you mean "size"?)',
  ]);
  assert.deepEqual(problems(`product { Wheel front }${WHEELS}\nbehavior {\n  require frnt.size > 14\n}`), [
    'm.coom:8:11: error: unknown feature "frnt" in the product (did you mean "front"?)',
  ]);
  assert.deepEqual(problems(`product { Wheel front }${WHEELS}\nbehavior {\n  require front = W15\n}`), [
    'm.coom:8:19: error: unknown value "W15" for "front" (did you mean "W14"?)',
  ]);
});

test('value outside the range of a numeric feature', () => {
  assert.deepEqual(problems('product {\n  num 0-2500 price\n}\nbehavior {\n  default price = 5000\n}'), [
    'm.coom:5:19: error: value 5000 is outside the range of "price" (0..2500)',
  ]);
  assert.deepEqual(problems('product {\n  num 0-10 n\n  Bool b\n}\nbehavior {\n  combinations (n b)\n  allow (11 True)\n}'), [
    'm.coom:7:10: error: value 11 is outside the range of "n" (0..10)',
  ]);
});

test('table arity mismatch', () => {
  assert.deepEqual(problems(`product { Wheel front  Wheel rear }${WHEELS}\nbehavior {\n  combinations (front rear)\n  allow (W14 W14)\n  allow (W16 W16 W14)\n}`), [
    'm.coom:10:3: error: table row has 3 entries for 2 columns',
  ]);
});

test('syntax errors: each one reported, the parse resumes after it', () => {
  assert.deepEqual(problems('product {\n  Bool b\n}\nbehavior {\n  require b = \n}\nstructure { }\n'), [
    'm.coom:6:1: error: syntax error: expected a number, a path or "(", found "}"',
    'm.coom:7:11: error: syntax error: expected a structure name, found "{"',
  ]);
  assert.deepEqual(problems('product { Bool b }\nbehavior { require b = True § }'), ['m.coom:2:29: error: unexpected character "§"']);
  // A string ends at the end of its line: the brace on the next line still closes the behavior.
  assert.deepEqual(problems('product { Bool b }\nbehavior { explanation "never closed\n}'), ['m.coom:2:24: error: unterminated string']);
  assert.deepEqual(problems('product { Bool b }\nbehavior { require b'), ['m.coom:2:21: error: syntax error: expected "}", found end of file']);
});

test('unbounded cardinality: refused with its position, or bounded by the maxInstances option', () => {
  const text = 'product {\n  0..* Bag bags\n}\nstructure Bag { Bool big }';
  assert.deepEqual(problems(text), [
    'm.coom:2:3: error: unbounded cardinality 0..* of feature "bags" is not supported (give it an upper bound, or import with the maxInstances option)',
  ]);
  assert.deepEqual(problems(text, { maxInstances: 4 }), ['m.coom:2:3: warning: unbounded cardinality 0..* of feature "bags" is bounded to 0..4']);
  const { product } = readCoom(text, 'm.coom', { maxInstances: 4 });
  assert.deepEqual(product?.model.variables.find((v) => v.name === 'bags.count')?.values, [0, 1, 2, 3, 4]);
});

test('constructs that are refused say so where they are written', () => {
  assert.deepEqual(problems('product {\n  num 0.5-2.5 x\n}'), [
    'm.coom:2:7: error: decimal range 0.5-2.5 of feature "x" is not supported: only whole numbers are (scale the feature to a smaller unit)',
  ]);
  assert.deepEqual(problems('product {\n  num 0-10 x\n  num 0-10 y\n}\nbehavior { require x / 2 = y }'), [
    'm.coom:5:20: error: division "/" is not supported (only +, - and * are)',
  ]);
  assert.deepEqual(problems('product {\n  num x\n}'), [
    'm.coom:2:7: error: numeric feature "x" has no range (write one, e.g. "num 0-100 x", or imply its value)',
  ]);
  assert.deepEqual(problems('product { Part p }\nstructure Part { 0..2 Part sub }'), [
    'm.coom:2:28: error: structure "Part" contains itself through feature "sub": recursive structures are not supported',
  ]);
  assert.deepEqual(problems('product { num 0-5 x }\nbehavior { require sqrt(x) > 1 }'), [
    'm.coom:2:20: error: unknown function "sqrt" (count, sum, min and max are supported)',
  ]);
});

test('type errors in rules', () => {
  assert.deepEqual(problems(`product { Wheel front  num 0-5 n }${WHEELS}\nbehavior {\n  require front > 3\n  require sum(front) > n\n}`), [
    'm.coom:8:11: error: "front" is not a number: compare it with one of its values, or use a numeric attribute',
    'm.coom:9:15: error: "front" is an enumeration, not a number (use a numeric attribute: front.size)',
  ]);
});

test('an enumeration value with too few attribute values is an error; surplus ones only a warning', () => {
  assert.deepEqual(problems('product { E e }\nenumeration E {\n  attribute num a\n  attribute num b\n  X = ( 1 )\n  Y = ( 1, 2, 3 )\n}'), [
    'm.coom:5:7: error: value "X" has 1 attribute value, but enumeration "E" declares 2 attributes',
    'm.coom:6:7: warning: value "Y" has 3 attribute values, but enumeration "E" declares 2 attributes: the extra values are ignored',
  ]);
});

test('a comment left open: reported where it opens, and the file ends where its text does', () => {
  assert.deepEqual(problems('product {\n  bool x /* never closed'), [
    'm.coom:2:10: error: unterminated comment',
    'm.coom:2:25: error: syntax error: expected "}", found end of file',
  ]);
});
