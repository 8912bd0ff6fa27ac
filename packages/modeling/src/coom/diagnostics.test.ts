import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../diagnostics.ts';
import { readCoom, readCoomUserInput } from './index.ts';

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

const TYRES = `
enumeration Wheel {
  attribute num size
  attribute Bool alloy
  W14 = ( 14, True )
  W16 = ( 16, False )
}`;

/** One file a mistake: every diagnostic, with its line and column. */
const CASES: [string, string, string[]][] = [
  ['expressions nested too deeply', `product { num 0-5 x }\nbehavior { require ${'('.repeat(300)}x${')'.repeat(300)} > 1 }`, ['m.coom:2:220: error: expression nested too deeply (more than 200 levels)']],
  ['the product twice', 'product { Bool a }\nproduct { Bool b }', ['m.coom:2:1: error: the product is declared twice']],
  ['an unknown top-level word', 'produkt { Bool a }', ['m.coom:1:1: error: syntax error: expected "product", "structure", "enumeration" or "behavior", found "produkt"']],
  ['a cardinality without its maximum', 'product {\n  0..x Bool a\n}', ['m.coom:2:6: error: syntax error: expected a number or "*" after "..", found "x"']],
  ['a cardinality that is not whole', 'product {\n  1.5..2 Bool a\n}', ['m.coom:2:3: error: syntax error: expected a whole number, found "1.5"']],
  ['an enumeration without a name', 'product { Bool a }\nenumeration { X }', ['m.coom:2:13: error: syntax error: expected an enumeration name, found "{"']],
  ['an attribute without a name', 'product { Bool a }\nenumeration E {\n  attribute 3\n}', ['m.coom:3:13: error: syntax error: expected an attribute name or type, found "3"']],
  [
    'an unknown statement',
    'product { Bool a }\nbehavior { requires a }',
    ['m.coom:2:12: error: syntax error: expected a statement (require, condition, combinations, imply, default, explanation, minimize, maximize), found "requires"'],
  ],
  ['an explanation without quotes', 'product { Bool a }\nbehavior { explanation a }', ['m.coom:2:24: error: syntax error: expected a quoted explanation, found "a"']],
  [
    'a condition with nothing after it',
    'product { Bool a }\nbehavior { condition a }',
    ['m.coom:2:12: error: syntax error: "condition" must be followed by "require", "imply", "default" or "combinations"'],
  ],
  ['an objective after a condition', 'product { Bool a  Bool b }\nbehavior { condition a minimize b }', ['m.coom:2:24: error: syntax error: "minimize" cannot follow a condition']],
  [
    'allow and forbid rows in one table',
    `product { Wheel f  Wheel r }${TYRES}\nbehavior {\n  combinations (f r)\n  allow (W14 W14)\n  forbid (W16 W16)\n}`,
    ['m.coom:11:3: error: syntax error: a table mixes "allow" and "forbid" rows'],
  ],
  [
    'table rows without "allow"',
    `product { Wheel f  Wheel r }${TYRES}\nbehavior {\n  combinations (f r)\n  (W14 W14)\n}`,
    ['m.coom:10:3: error: syntax error: expected "allow" after the columns of "combinations", found "("'],
  ],
  [
    'a table entry that is no value',
    `product { Wheel f  Wheel r }${TYRES}\nbehavior {\n  combinations (f r)\n  allow (W14 =)\n}`,
    ['m.coom:10:14: error: syntax error: expected a value, a list "(A, B)" or "-*-", found "="'],
  ],
  ['an index past the cardinality', `product { 0..2 Wheel w }${TYRES}\nbehavior { require w[3].size > 1 }`, ['m.coom:8:20: error: index 3 is out of range: feature "w" has at most 2 instances']],
  ['a path through an attribute', `product { Wheel f }${TYRES}\nbehavior { require f.size.x > 1 }`, ['m.coom:8:27: error: "size" is an attribute of enumeration "Wheel": the path cannot go on to "x"']],
  ['a path through a Bool', 'product { Bool b }\nbehavior { require b.x }', ['m.coom:2:22: error: feature "b" is a Bool: the path cannot go on to "x"']],
  ['an attribute declared twice', 'product { E e }\nenumeration E {\n  attribute num a\n  attribute num a\n  X = ( 1, 2 )\n}', ['m.coom:4:17: error: attribute "a" is declared twice in enumeration "E"']],
  ['a value listed twice', 'product { E e }\nenumeration E {\n  X\n  X\n}', ['m.coom:4:3: error: value "X" is listed twice in enumeration "E"']],
  ['a cardinality too large', 'product {\n  0..100000 Bool a\n}', ['m.coom:2:3: error: cardinality of feature "a" is above 1000']],
  ['an empty cardinality', 'product {\n  3..2 Bool a\n}', ['m.coom:2:3: error: cardinality 3..2 of feature "a" is empty']],
  ['a range too large', 'product {\n  num 0-10000000 x\n}', ['m.coom:2:7: error: range 0-10000000 of feature "x" has more than 100000 values (use a coarser unit)']],
  ['an empty range', 'product {\n  num 5-2 x\n}', ['m.coom:2:7: error: range 5-2 of feature "x" is empty']],
  ['no product', 'structure S { Bool a }', ['m.coom:1:1: error: the file declares no "product { … }"']],
  ['a feature declared twice', 'product {\n  Bool a\n  Bool a\n}', ['m.coom:3:8: error: feature "a" is declared twice in the product']],
  ['an objective over several instances', `product { 0..3 Wheel w }${TYRES}\nbehavior { minimize w.size }`, ['m.coom:8:21: error: the objective refers to 3 instances: aggregate them with sum(…)']],
  [
    'a structure as a table column',
    'product { S s  Bool b }\nstructure S { Bool a }\nbehavior {\n  combinations (s b)\n  allow (True True)\n}',
    ['m.coom:4:17: error: table column "s" is a structure, not a value'],
  ],
  ['a table value no enumeration value has', `product { Wheel f }${TYRES}\nbehavior {\n  combinations (f.size)\n  allow (15)\n}`, ['m.coom:10:10: error: no value has attribute "size" = 15']],
  ['a word for a numeric attribute', `product { Wheel f }${TYRES}\nbehavior {\n  combinations (f.size)\n  allow (big)\n}`, ['m.coom:10:10: error: attribute "size" is numeric: "big" is not a number']],
  ['an unknown attribute value', `product { Wheel f }${TYRES}\nbehavior {\n  combinations (f.alloy)\n  allow (Maybe)\n}`, ['m.coom:10:10: error: unknown value "Maybe" for attribute "alloy"']],
  ['an unknown Bool value', 'product { Bool b  Bool c }\nbehavior {\n  combinations (b c)\n  allow (Yes True)\n}', ['m.coom:4:10: error: unknown value "Yes" for Bool feature "b" (True or False)']],
  ['a default of a structure', 'product { S s }\nstructure S { Bool a }\nbehavior { default s = True }', ['m.coom:3:20: error: a default needs a feature with a value (an enumeration, Bool or num feature)']],
  ['a rule over too many instances', 'product { 0..101 S s  0..101 S t }\nstructure S { Bool a }\nbehavior { require s.a = t.a }', ['m.coom:3:20: error: the rule applies to 10201 combinations of instances (at most 10000)']],
  ['too many instances', 'product { 0..200 S s }\nstructure S { 0..200 T t }\nstructure T { Bool a }', ['m.coom:1:1: error: the product expands to more than 50000 instances and variables (lower the cardinalities)']],
  ['an enumeration as a condition', `product { Wheel f }${TYRES}\nbehavior { require f }`, ['m.coom:8:20: error: "f" is not a condition: compare it with one of its values']],
  ['a number as a condition', 'product { Bool b }\nbehavior { require 3 }', ['m.coom:2:20: error: a number is not a condition: compare it with something']],
  ['conditions ordered', 'product { Bool a  Bool b }\nbehavior { require a < b }', ['m.coom:2:20: error: "<" compares numbers, but "a" is not numeric']],
  ['a structure compared', 'product { S s }\nstructure S { Bool a }\nbehavior { require s = True }', ['m.coom:3:20: error: "s" is a structure, not a value: count(s) counts its instances']],
  ['conditions ordered by a comparison', 'product { Bool a  Bool b  Bool c }\nbehavior { require (a = b) < c }', ['m.coom:2:20: error: "<" compares numbers, not conditions']],
  ['a feature declared twice in a structure', 'product { S s }\nstructure S {\n  Bool a\n  Bool a\n}', ['m.coom:4:8: error: feature "a" is declared twice in structure "S"']],
  [
    'a product of sums with too many terms',
    `product { num 0-5 a  num 0-5 b }\nbehavior { require ${Array.from({ length: 3 }, () => `(${Array.from({ length: 8 }, (_, i) => (i % 2 ? 'b' : 'a')).join(' + ')})`).join(' * ')} > 1 }`,
    ['m.coom:2:20: error: the product expands to too many terms'],
  ],
  ['an aggregate of two paths', 'product { num 0-5 a  num 0-5 b }\nbehavior { require sum(a, b) > 1 }', ['m.coom:2:20: error: sum() takes one path']],
  ['the sum of a structure', 'product { 0..3 S s }\nstructure S { Bool a }\nbehavior { require sum(s) > 1 }', ['m.coom:3:24: error: "s" is a structure: sum, min and max need a numeric feature or attribute']],
  ['the sum of a Bool attribute', `product { 0..3 Wheel w }${TYRES}\nbehavior { require sum(w.alloy) > 1 }`, ['m.coom:8:24: error: attribute "alloy" is not numeric']],
  [
    'a product with a wide factor',
    'product { num 0-99999 a  num 0-99999 b  num 0-5 c }\nbehavior { require (a + b) * c > 5 }',
    ['m.coom:2:20: error: the product in "require (a + b) * c > 5" needs a table of 600000 pairs (at most 250000) (narrow the ranges of the multiplied features)'],
  ],
  [
    'a product of three wide numbers',
    'product { num 0-999 a  num 0-999 b  num 0-999 c }\nbehavior { require a * b * c > 5 }',
    ['m.coom:2:20: error: the product in "require a * b * c > 5" needs a table of 1000000 rows (at most 400000) (narrow the ranges of the multiplied features)'],
  ],
];

for (const [name, text, expected] of CASES)
  test(`diagnostic: ${name}`, () => {
    assert.deepEqual(problems(text), expected);
  });

test('user input: an index past the cardinality, a structure set to a value, an unknown Bool value', () => {
  const { product } = readCoom(`product { 0..2 Wheel w  S s  Bool b }\nstructure S { Bool a }${TYRES}`, 'm.coom');
  assert.ok(product);
  const input = (text: string): string[] => readCoomUserInput(text, 'u.coom', product).diagnostics.map(formatDiagnostic);
  assert.deepEqual(input('set w[5] = W14\nadd w[5]'), [
    'u.coom:1:5: error: index 5 is out of range: "w" has at most 2 instances',
    'u.coom:2:5: error: index 5 is out of range: "w" has at most 2 instances',
  ]);
  assert.deepEqual(input('set s = True'), ['u.coom:1:5: error: "s[0]" is a structure, not a feature with a value']);
  assert.deepEqual(input('set b = Maybe'), ['u.coom:1:9: error: unknown value "Maybe" for "b" (True or False)']);
  assert.deepEqual(input('set w[0] = W14'), []);
});
