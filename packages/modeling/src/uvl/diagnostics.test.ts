import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../diagnostics.ts';
import { type UvlReadOptions, readUvl } from './index.ts';

/** Every diagnostic of a broken file, formatted as editors show them. */
function problems(text: string, file = 'model.uvl', options: UvlReadOptions = {}): string[] {
  const r = readUvl(text, file, options);
  assert.equal(r.product, null, 'a model with errors yields no product');
  return r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

test('a line between two indentation levels is reported once, and read as the nearer level', () => {
  const text = 'features\n    Car\n        mandatory\n            Engine\n          Wheels\n';
  assert.deepEqual(problems(text), [
    'model.uvl:5:11: error: inconsistent indentation: this line does not line up with any enclosing level (indent it like its siblings)',
  ]);
});

test('an unknown feature in a constraint names the closest one', () => {
  const text = 'features\n\tCar\n\t\toptional\n\t\t\tEngine\n\t\t\tWheels\nconstraints\n\tEngine => Wheeels\n';
  assert.deepEqual(problems(text), ['model.uvl:7:12: error: unknown feature "Wheeels" (did you mean "Wheels"?)']);
});

test('an unknown attribute names the closest attribute of that feature', () => {
  const text = 'features\n\tCar\n\t\toptional\n\t\t\tA {price 3}\n\t\t\tB {price 4}\nconstraints\n\tA.prce > 1\n\tsum(Price) < 5\n';
  assert.deepEqual(problems(text), [
    'model.uvl:7:2: error: feature "A" has no attribute "prce" (did you mean "price"?)',
    'model.uvl:8:6: error: no feature has a numeric attribute "Price" (did you mean "price"?)',
  ]);
});

test('an unterminated string is reported where it starts, without a cascade', () => {
  assert.deepEqual(problems("features\n\tCar {Maker 'Acme}\n"), ["model.uvl:2:13: error: unterminated string (close it with ')"]);
  assert.deepEqual(problems('features\n\t"Car\n'), ['model.uvl:2:2: error: unterminated quoted name (close it with ")']);
});

test('an unknown group keyword suggests the keyword meant', () => {
  const text = 'features\n\tCar\n\t\talternatve\n\t\t\tA\n\t\t\tB\n';
  assert.deepEqual(problems(text), ['model.uvl:3:3: error: unknown group keyword "alternatve" (did you mean "alternative"?)']);
});

test('a feature written where a group keyword belongs is an unknown group keyword', () => {
  const text = 'features\n\tCar\n\t\tEngine\n';
  assert.deepEqual(problems(text), [
    'model.uvl:3:3: error: unknown group keyword "Engine" (expected mandatory, optional, alternative, or, or a cardinality such as [1..2])',
  ]);
});

test('a duplicate feature points at the first declaration', () => {
  const text = 'features\n\tCar\n\t\toptional\n\t\t\tA\n\t\t\tB\n\t\t\tA\n';
  assert.deepEqual(problems(text), ['model.uvl:6:4: error: duplicate feature "A" (first declared at 4:4)']);
});

test('a missing import is reported at the import line', () => {
  const text = 'imports\n\tparts.Wheels as w\nfeatures\n\tCar\n\t\tmandatory\n\t\t\tw.Wheels\n';
  assert.deepEqual(problems(text, 'models/car.uvl', { resolve: () => undefined }), [
    'models/car.uvl:2:2: error: cannot read the imported model "parts.Wheels" (models/parts/Wheels.uvl) (check the file name)',
  ]);
  assert.deepEqual(problems(text), [
    'model.uvl:2:2: error: cannot read the imported model "parts.Wheels" (parts/Wheels.uvl) (no resolve option was given to read imports)',
  ]);
});

test('a cyclic import is reported in the file that closes the cycle', () => {
  const files: Record<string, string> = {
    'sub/A.uvl': 'imports\n\tB as b\nfeatures\n\tA\n\t\toptional\n\t\t\tb.B\n',
    'sub/B.uvl': 'imports\n\tA as a\nfeatures\n\tB\n\t\toptional\n\t\t\ta.A\n',
  };
  const main = 'imports\n\tsub.A as a\nfeatures\n\tRoot\n\t\tmandatory\n\t\t\ta.A\n';
  assert.deepEqual(problems(main, 'main.uvl', { resolve: (p) => files[p] }), [
    'sub/B.uvl:2:2: error: cyclic import: sub/A.uvl → sub/B.uvl → sub/A.uvl',
  ]);
});

test('an unbounded feature cardinality is refused unless a cap is given', () => {
  const text = 'features\n\tCar\n\t\toptional\n\t\t\tSeat cardinality [1..*]\n';
  assert.deepEqual(problems(text), [
    'model.uvl:4:21: error: feature cardinality [1..*] of "Seat" has no upper bound (write an upper bound, e.g. [1..5])',
  ]);
  const capped = readUvl(text, 'model.uvl', { unboundedCardinality: 4 });
  assert.ok(capped.product);
  assert.deepEqual(capped.diagnostics.map(formatDiagnostic), ['model.uvl:4:21: warning: feature cardinality [1..*] of "Seat" is capped at 4']);
  assert.deepEqual(capped.product.model.variables.find((v) => v.name === 'Seat.count')?.values, [0, 1, 2, 3, 4]);
});

test('an unclosed parenthesis is reported once, at the parenthesis, and the next line still reads', () => {
  const text = 'features\n\tCar\n\t\toptional\n\t\t\tAlpha\n\t\t\tBeta\nconstraints\n\t(Alpha => Beta\n\tAlpha | Betta\n';
  assert.deepEqual(problems(text), [
    'model.uvl:7:2: error: "(" is never closed (add ")")',
    'model.uvl:8:10: error: unknown feature "Betta" (did you mean "Beta"?)',
  ]);
});

test('a misspelt section keyword is named', () => {
  assert.deepEqual(problems('feature\n\tCar\n'), [
    'model.uvl:1:1: error: expected a section ("namespace", "include", "imports", "features" or "constraints"), found "feature" (did you mean "features"?)',
  ]);
  assert.deepEqual(problems(''), ['model.uvl:1:1: error: the model has no "features" section']);
});

test('constructs outside the linear engine are refused with the reason', () => {
  const ints = 'features\n\tCar\n\t\toptional\n\t\t\tInteger A\n\t\t\tInteger B\n\t\t\tString S\n\t\t\tString T\n\t\t\tX {p 3}\nconstraints\n';
  assert.deepEqual(problems(`${ints}\tA * B > 3\n\tS == T\n\tavg(p) < A\n\tA / B < 2\n`), [
    "model.uvl:10:2: error: multiplying two features' values is not supported: arithmetic must be linear (multiply by a number instead)",
    'model.uvl:11:2: error: comparing two String features ("S", "T") is not supported (compare each with string constants)',
    'model.uvl:12:2: error: avg(...) can only be compared with a constant (write it as avg(attribute) <= number)',
    "model.uvl:13:2: error: dividing by a feature's value is not supported: arithmetic must be linear (divide by a number instead)",
  ]);
});

test('type mistakes are reported where they are written', () => {
  const text = "features\n\tCar\n\t\toptional\n\t\t\tA {p 3, m 'x'}\n\t\t\tString S\nconstraints\n\tA + 1\n\tS < 'b'\n\tA.m > 2\n\tA > 1\n";
  assert.deepEqual(problems(text), [
    'model.uvl:7:2: error: expected a constraint, found a value (compare it with ==, <, >, …)',
    'model.uvl:8:2: error: strings can only be compared with == or !=',
    'model.uvl:9:2: error: a string cannot be compared with a number',
    'model.uvl:10:2: error: feature "A" is not a number (use one of its numeric attributes, or declare it Integer)',
  ]);
});

test('all problems of a file come in one pass', () => {
  const text = [
    'features',
    '\tCar',
    '\t\toptionl',
    '\t\t\tA',
    '\t\toptional',
    '\t\t\tB',
    '\t\t\tA',
    'constraints',
    '\tA => C',
    '\tB & (A | ',
    '',
  ].join('\n');
  assert.deepEqual(problems(text), [
    'model.uvl:3:3: error: unknown group keyword "optionl" (did you mean "optional"?)',
    'model.uvl:7:4: error: duplicate feature "A" (first declared at 4:4)',
    'model.uvl:9:7: error: unknown feature "C" (did you mean "A"?)',
    'model.uvl:10:6: error: "(" is never closed (add ")")',
  ]);
});

test('an Integer feature without bounds takes the default range, with a warning', () => {
  const r = readUvl('features\n\tCar\n\t\tmandatory\n\t\t\tInteger Doors\nconstraints\n\tDoors > 2\n', 'car.uvl');
  assert.ok(r.product);
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'car.uvl:4:4: warning: Integer feature "Doors" has no upper bound in the model; it takes values 3..100 (bound it with constraints such as Doors >= 3 & Doors <= 100)',
  ]);
});

/** Features and attributes the constraint cases below refer to. */
const SHOP = "features\n\tCar\n\t\toptional\n\t\t\tA {price 3, maker 'X', big true, list [1, 2]}\n\t\t\tB {price 4}\n\t\t\tInteger N\nconstraints\n";

/** One file a mistake: the exact errors, line and column. */
const CASES: [string, string, string[]][] = [
  ['a number attribute as a condition', `${SHOP}\tA.price\n`, ['model.uvl:8:2: error: attribute "A.price" is not a boolean (compare it with ==, <, >, …)']],
  ['a string in arithmetic', `${SHOP}\tA.maker + 1 > 2\n`, ['model.uvl:8:2: error: a string cannot be used in arithmetic']],
  ['division by zero', `${SHOP}\tN / 0 > 2\n\t4 / 0 > N\n`, ['model.uvl:8:2: error: division by zero', 'model.uvl:9:2: error: division by zero']],
  ['a list attribute in a comparison', `${SHOP}\tA.list > 2\n`, ['model.uvl:8:2: error: attribute "A.list" is not a number or a string']],
  ['an aggregate scoped by an attribute', `${SHOP}\tsum(A.price, price) > 2\n`, ['model.uvl:8:6: error: "A.price" is not a feature']],
  ['len of an unknown name', `${SHOP}\tlen(Q) > 2\n`, ['model.uvl:8:6: error: unknown feature "Q" (did you mean "A"?)']],
  ['len of a number', `${SHOP}\tlen(A.price) > 2\n`, ['model.uvl:8:2: error: len(...) is supported on string attributes only: a String feature can hold any string']],
  ['floor of a string', `${SHOP}\tfloor(A.maker) > 2\n`, ['model.uvl:8:2: error: floor(...) needs a number']],
  ['a chained comparison', `${SHOP}\t1 < N < 3\n`, ['model.uvl:8:8: error: comparisons cannot be chained (join them with "&")']],
  ['a constraint where a number belongs', `${SHOP}\tN + (A | B) > 1\n`, ['model.uvl:8:7: error: expected a number, found a constraint']],
  ['an aggregate without its closing parenthesis', `${SHOP}\tsum(price price) > 1\n`, ['model.uvl:8:12: error: expected ")", found "price"']],
  ['a typed feature with a cardinality', 'features\n\tCar\n\t\toptional\n\t\t\tInteger N cardinality [1..3]\n', ['model.uvl:4:26: error: an Integer feature cannot have a feature cardinality']],
  [
    'a cardinality inside a repeated feature',
    'features\n\tCar\n\t\toptional\n\t\t\tA cardinality [1..3]\n\t\t\t\toptional\n\t\t\t\t\tB cardinality [1..2]\n',
    ['model.uvl:6:20: error: feature cardinality of "B" inside the repeated feature "A" is not supported'],
  ],
  ['a cardinality on the root', 'features\n\tCar cardinality [1..3]\n', ['model.uvl:2:18: error: the root feature cannot have a feature cardinality']],
  ['too many instances', 'features\n\tCar\n\t\toptional\n\t\t\tA cardinality [1..2000]\n', ['model.uvl:4:18: error: feature cardinality of "A" allows 2000 instances; at most 1000 are supported']],
  [
    'too many copies of a subtree',
    `features\n\tCar\n\t\toptional\n\t\t\tA cardinality [1..1000]\n\t\t\t\toptional\n${Array.from({ length: 120 }, (_, i) => `\t\t\t\t\tB${i}\n`).join('')}`,
    ['model.uvl:4:4: error: "A" would need 120000 feature copies for its instances; at most 100000 are supported'],
  ],
  ['a number too large', 'features\n\tCar {x 1234567890123456789012345678901234}\n', ['model.uvl:2:9: error: number 123456789012345678901234567... is too large']],
  ['a section twice', 'features\n\tCar\nconstraints\n\tCar\nconstraints\n\tCar\n', ['model.uvl:5:1: error: the "constraints" section appears twice (merge the two sections)']],
  ['two roots', 'features\n\tCar\n\tBike\n', ['model.uvl:3:2: error: a feature model has a single root feature (put this feature below the root)']],
  ['no feature name', 'features\n\t[1..2]\n', ['model.uvl:2:2: error: expected a name, found "["']],
  ['cardinality without brackets', 'features\n\tCar\n\t\toptional\n\t\t\tA cardinality 1..3\n', ['model.uvl:4:18: error: expected "[", found "1"']],
  ['a group cardinality that is not a number', 'features\n\tCar\n\t\t[a..2]\n\t\t\tA\n', ['model.uvl:3:4: error: expected a whole number, found "a"']],
  ['a group cardinality left open', 'features\n\tCar\n\t\t[1..2\n\t\t\tA\n', ['model.uvl:3:3: error: "[" is never closed (add "]")', 'model.uvl:4:4: error: expected "]", found "A"']],
  ['an empty group cardinality', 'features\n\tCar\n\t\t[3..2]\n\t\t\tA\n', ['model.uvl:3:3: error: empty cardinality [3..2]']],
  ['an attribute without a name', 'features\n\tCar {1 2}\n', ['model.uvl:2:7: error: expected an attribute name, found "1"']],
  ['attribute constraints without a list', 'features\n\tCar {constraints Car}\n', ['model.uvl:2:19: error: expected "[", found "Car"']],
  ['attribute constraints without commas', 'features\n\tCar {constraints [Car Car]}\n', ['model.uvl:2:24: error: expected "," or "]", found "Car"']],
  ['a list without commas', 'features\n\tCar {x [1 2]}\n', ['model.uvl:2:12: error: expected "," or "]", found "2"']],
  ['a quoted name as an attribute value', 'features\n\tCar {x "a"}\n', ["model.uvl:2:9: error: expected an attribute value, found \"a\" (strings use single quotes: 'a')"]],
  ['attributes without commas', 'features\n\tCar {x 1 y 2}\n', ['model.uvl:2:11: error: expected "," or "}", found "y"']],
  ['attribute blocks nested too deeply', `features\n\tCar {a ${'{b '.repeat(300)}1${'}'.repeat(300)}}\n`, ['model.uvl:2:609: error: attributes nested too deeply']],
  ['attribute lists nested too deeply', `features\n\tCar {a ${'['.repeat(300)}1${']'.repeat(300)}}\n`, ['model.uvl:2:210: error: attributes nested too deeply']],
  ['a constraint indented below another', 'features\n\tCar\nconstraints\n\tCar\n\t\tCar\n', ['model.uvl:5:3: error: unexpected indentation (indent it like the line above)']],
  [
    'a feature tree nested too deeply',
    `features\n${Array.from({ length: 300 }, (_, i) => `${'\t'.repeat(2 * i + 1)}F${i}\n${'\t'.repeat(2 * i + 2)}optional\n`).join('')}`,
    ['model.uvl:405:405: error: feature tree nested too deeply'],
  ],
];

for (const [name, text, expected] of CASES)
  test(`diagnostic: ${name}`, () => {
    assert.deepEqual(problems(text), expected);
  });

test('warnings that still give a model: an attribute given twice, an empty group', () => {
  const warnings = (text: string): string[] => {
    const r = readUvl(text, 'model.uvl');
    assert.ok(r.product);
    return r.diagnostics.map(formatDiagnostic);
  };
  assert.deepEqual(warnings('features\n\tCar {x 1, x 2}\n'), ['model.uvl:2:12: warning: attribute "x" of "Car" is given twice; the last value counts']);
  assert.deepEqual(warnings('features\n\tCar\n\t\toptional\n'), ['model.uvl:3:3: warning: group "optional" has no features below it']);
});

test('two imports under one alias', () => {
  const files: Record<string, string> = { 'parts/Wheels.uvl': 'features\n\tWheels\n', 'parts/Doors.uvl': 'features\n\tDoors\n' };
  const text = 'imports\n\tparts.Wheels as w\n\tparts.Doors as w\nfeatures\n\tCar\n\t\tmandatory\n\t\t\tw.Wheels\n';
  assert.deepEqual(problems(text, 'model.uvl', { resolve: (path) => files[path] }), ['model.uvl:3:2: error: two imports are called "w" (give one of them another name with "as")']);
});
