import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, compile } from '@atelier/engine';
import { formatDiagnostic } from '../diagnostics.ts';
import type { ProductModel } from '../product.ts';
import { type UvlReadOptions, readUvl } from './index.ts';

function read(text: string, options: UvlReadOptions = {}): { product: ProductModel; warnings: string[] } {
  const r = readUvl(text, 'test.uvl', options);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), []);
  assert.ok(r.product);
  return { product: r.product, warnings: r.diagnostics.map(formatDiagnostic) };
}

function count(text: string, options: UvlReadOptions = {}): bigint {
  const result = new Session(compile(read(text, options).product.model)).count();
  assert.ok(result.count !== null);
  return result.count;
}

/** Configurations of boolean features, by enumerating every assignment against a plain predicate. */
function expected(features: string[], ok: (on: (name: string) => boolean) => boolean): bigint {
  let n = 0n;
  for (let mask = 0; mask < 1 << features.length; mask++) {
    const on = (name: string): boolean => {
      const i = features.indexOf(name);
      assert.ok(i >= 0, name);
      return (mask & (1 << i)) !== 0;
    };
    if (ok(on)) n++;
  }
  return n;
}

const tree = (group: string): string => `features\n\tA\n\t\t${group}\n\t\t\tB\n\t\t\tC\n\t\t\tD\n\t\t\tE\n`;

test('group cardinalities: [n..m], [n], [n..*], and the named groups', () => {
  const size = (on: (n: string) => boolean): number => ['B', 'C', 'D', 'E'].filter(on).length;
  const fs = ['A', 'B', 'C', 'D', 'E'];
  const root = (on: (n: string) => boolean): boolean => on('A');
  assert.equal(count(tree('[2..3]')), expected(fs, (on) => root(on) && size(on) >= 2 && size(on) <= 3));
  assert.equal(count(tree('[2]')), expected(fs, (on) => root(on) && size(on) === 2));
  assert.equal(count(tree('[2..*]')), expected(fs, (on) => root(on) && size(on) >= 2));
  assert.equal(count(tree('[0..1]')), expected(fs, (on) => root(on) && size(on) <= 1));
  assert.equal(count(tree('[1..1]')), expected(fs, (on) => root(on) && size(on) === 1));
  assert.equal(count(tree('alternative')), 4n);
  assert.equal(count(tree('or')), 15n);
  assert.equal(count(tree('optional')), 16n);
  assert.equal(count(tree('mandatory')), 1n);
});

test('a nested tree: children need their parent, groups apply only when the parent is selected', () => {
  const text = [
    'features',
    '\tCar',
    '\t\tmandatory',
    '\t\t\tEngine',
    '\t\t\t\talternative',
    '\t\t\t\t\tPetrol',
    '\t\t\t\t\tElectric',
    '\t\toptional',
    '\t\t\tRoof',
    '\t\t\t\tor',
    '\t\t\t\t\tRails',
    '\t\t\t\t\tBox',
    'constraints',
    '\tBox => !Electric',
    '',
  ].join('\n');
  const fs = ['Car', 'Engine', 'Petrol', 'Electric', 'Roof', 'Rails', 'Box'];
  const want = expected(fs, (on) => {
    const parent = (c: string, p: string): boolean => !on(c) || on(p);
    return (
      on('Car') &&
      on('Engine') &&
      parent('Petrol', 'Engine') &&
      parent('Electric', 'Engine') &&
      parent('Rails', 'Roof') &&
      parent('Box', 'Roof') &&
      Number(on('Petrol')) + Number(on('Electric')) === 1 &&
      (!on('Roof') || on('Rails') || on('Box')) &&
      (!on('Box') || !on('Electric'))
    );
  });
  assert.equal(count(text), want);
});

test('an Integer feature takes the bounds its constraints state, without a warning', () => {
  const text = 'features\n\tFan\n\t\tmandatory\n\t\t\tInteger Speed\nconstraints\n\tSpeed => Speed >= 10 & Speed <= 20\n\tSpeed != 15\n';
  const { product, warnings } = read(text);
  assert.deepEqual(warnings, []);
  const speed = product.model.variables.find((v) => v.name === 'Speed');
  assert.deepEqual(speed?.values, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  assert.deepEqual(speed?.optional, {});
  assert.equal(count(text), 10n);
});

test('a deselected Integer feature reads as 0 and is absent', () => {
  const text = 'features\n\tFan\n\t\toptional\n\t\t\tInteger Speed\nconstraints\n\tSpeed => Speed >= 1 & Speed <= 3\n\tSpeed < 3\n';
  // Absent (0 < 3), or 1 or 2.
  assert.equal(count(text), 3n);
  const session = new Session(compile(read(text).product.model));
  assert.deepEqual(session.validDomains().find((d) => d.variable === 'Speed')?.possible, [null, 1, 2]);
});

test('the default range widens to the constants a feature is compared with, and Real is whole numbers', () => {
  const { product, warnings } = read('features\n\tX\n\t\tmandatory\n\t\t\tReal Length\nconstraints\n\tLength > 250 | Length < -3\n');
  assert.deepEqual(product.model.variables.find((v) => v.name === 'Length')?.values.slice(0, 1), [-4]);
  assert.equal(product.model.variables.find((v) => v.name === 'Length')?.values.at(-1), 251);
  assert.deepEqual(warnings, [
    'test.uvl:4:4: warning: Real feature "Length" is approximated by whole numbers (use an Integer feature and scale its unit)',
    'test.uvl:4:4: warning: Real feature "Length" has no bounds in the model; it takes values -4..251 (bound it with constraints such as Length >= -4 & Length <= 251)',
  ]);
  assert.deepEqual(read('features\n\tX\n\t\tmandatory\n\t\t\tInteger N\n', { integerRange: { min: 1, max: 3 } }).product.model.variables[1].values, [1, 2, 3]);
});

test('a String feature takes the strings it is compared with, and one value for every other string', () => {
  const text = [
    'features',
    '\tShirt',
    '\t\tmandatory',
    '\t\t\tString Colour',
    "\t\t\tPrint {Ink 'red'}",
    '\t\toptional',
    '\t\t\tGlitter',
    'constraints',
    "\tColour == 'red' => Glitter",
    "\tColour != 'blue'",
    '\tPrint.Ink != Colour',
    '',
  ].join('\n');
  const colour = read(text).product.model.variables.find((v) => v.name === 'Colour');
  assert.deepEqual(colour?.values, ['red', 'blue', '(other)']);
  // Not blue, not the print's red: only some other colour, with or without glitter.
  assert.equal(count(text), 2n);
});

test('attributes: sums, scoped sums, averages against a constant, exact division by constants', () => {
  const fs = ['Box', 'A', 'B', 'C'];
  const p: Record<string, number> = { A: 2, B: 3, C: 5 };
  const sum = (on: (n: string) => boolean): number => ['A', 'B', 'C'].filter(on).reduce((s, f) => s + p[f], 0);
  const selected = (on: (n: string) => boolean): number => ['A', 'B', 'C'].filter(on).length;
  const base = 'features\n\tBox\n\t\toptional\n\t\t\tA {p 2}\n\t\t\tB {p 3, q 1.5}\n\t\t\tC {p 5}\nconstraints\n';
  const check = (constraint: string, ok: (on: (n: string) => boolean) => boolean): void =>
    assert.equal(count(`${base}\t${constraint}\n`), expected(fs, (on) => on('Box') && ok(on)), constraint);
  check('sum(p) <= 5', (on) => sum(on) <= 5);
  check('sum(Box, p) > 4', (on) => sum(on) > 4);
  check('avg(p) >= 3', (on) => sum(on) >= 3 * selected(on));
  check('3 < avg(p)', (on) => sum(on) > 3 * selected(on));
  check('sum(p) / 3 > 2', (on) => sum(on) / 3 > 2);
  check('(sum(p) - 1) * 2 == 8', (on) => (sum(on) - 1) * 2 === 8);
  check('A.p + 1 > 2', (on) => on('A'));
  check('sum(q) * 2 >= 3', (on) => on('B'));
  check('-sum(p) < -7', (on) => sum(on) > 7);
});

test('a feature cardinality repeats the subtree; each instance brings its attributes', () => {
  const text = [
    'features',
    '\tCar',
    '\t\tmandatory',
    '\t\t\tWheel cardinality [2..4]',
    '\t\t\t\toptional',
    '\t\t\t\t\tSpare {p 1}',
    'constraints',
    '\tsum(p) <= 3',
    '',
  ].join('\n');
  // 2 wheels: 4 spare choices; 3: 8; 4: 16 less the one with four spares.
  assert.equal(count(text), 4n + 8n + 15n);
  const names = read(text).product.model.variables.map((v) => v.name);
  assert.deepEqual(names, ['Car', 'Wheel', 'Wheel.count', 'Wheel[1].Spare', 'Wheel[2].Spare', 'Wheel[3].Spare', 'Wheel[4].Spare']);
});

test('the attributes of a feature with a cardinality count once per instance', () => {
  const text = 'features\n\tCar\n\t\toptional\n\t\t\tSeat cardinality [1..3] {kg 20}\nconstraints\n\tsum(kg) != 40\n';
  // No seat, one seat or three seats.
  assert.equal(count(text), 3n);
});

test('imports: the imported tree is grafted where its root is placed, names carry the alias', () => {
  const files: Record<string, string> = {
    'models/parts/Engine.uvl': 'namespace Engine\nfeatures\n\tEngine\n\t\toptional\n\t\t\tTurbo\n\t\t\tHybrid\nconstraints\n\tTurbo => !Hybrid\n',
  };
  const text = 'namespace Car\nimports\n\tparts.Engine as e\nfeatures\n\tCar\n\t\tmandatory\n\t\t\te.Engine\n\t\toptional\n\t\t\tSport\nconstraints\n\te.Turbo => Sport\n';
  const r = readUvl(text, 'models/Car.uvl', { resolve: (path) => files[path] });
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.product);
  assert.equal(r.product.id, 'Car');
  assert.deepEqual(
    r.product.model.variables.map((v) => v.name),
    ['Car', 'e.Engine', 'e.Turbo', 'e.Hybrid', 'Sport'],
  );
  const fs = ['Turbo', 'Hybrid', 'Sport'];
  assert.equal(new Session(compile(r.product.model)).count().count, expected(fs, (on) => !(on('Turbo') && on('Hybrid')) && (!on('Turbo') || on('Sport'))));
  // The imported file's constraint is read in its own scope: "Turbo" there is "e.Turbo" here.
  assert.ok(r.product.model.constraints.some((c) => c.source?.file === 'models/parts/Engine.uvl' && c.label === 'Turbo => !Hybrid'));
});

test('an import that is never placed in the tree is left out, with a warning', () => {
  const files: Record<string, string> = { 'Extras.uvl': 'features\n\tExtras\n' };
  const r = readUvl('imports\n\tExtras as x\nfeatures\n\tCar\n', 'Car.uvl', { resolve: (p) => files[p] });
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'Car.uvl:2:2: warning: the imported model "x" is not placed in the feature tree; its features and constraints are left out (place it with a feature line "x.Extras")',
  ]);
  assert.deepEqual(r.product?.model.variables.map((v) => v.name), ['Car']);
});

test('include, comments, multi-line attributes, quoted names and constraints in attribute blocks', () => {
  const text = [
    'namespace "My Car"',
    'include',
    '\tBoolean.group-cardinality',
    '\tArithmetic.*',
    '// a comment',
    'features',
    '\t"Car (2024)" {abstract, /* inline */ note \'x\',',
    '\t\t\tconstraints [Radio | !"Navi system", Radio]',
    '\t}',
    '\t\toptional',
    '\t\t\tRadio {constraint !Navi}',
    '\t\t\t"Navi system"',
    '\t\t\tNavi',
    '',
  ].join('\n');
  const { product } = read(text);
  assert.equal(product.id, 'My Car');
  assert.equal(product.name, 'Car (2024)');
  // Radio always; then Navi never, "Navi system" free.
  assert.equal(new Session(compile(product.model)).count().count, 2n);
});

test('a typed feature can be the child of any group; typed features below a cardinality are refused', () => {
  const ok = 'features\n\tA\n\t\talternative\n\t\t\tInteger N\n\t\t\tB\nconstraints\n\tN => N >= 1 & N <= 2\n';
  assert.equal(count(ok), 3n);
  const r = readUvl('features\n\tA\n\t\toptional\n\t\t\tB cardinality [1..2]\n\t\t\t\tmandatory\n\t\t\t\t\tInteger N\n', 'x.uvl');
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), [
    'x.uvl:6:6: error: typed feature "N" below the repeated feature "B" is not supported',
  ]);
});

test('constraints cannot single out one instance of a repeated feature', () => {
  const r = readUvl('features\n\tA\n\t\toptional\n\t\t\tB cardinality [1..2]\n\t\t\t\toptional\n\t\t\t\t\tC\nconstraints\n\tC => A\n', 'x.uvl');
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'x.uvl:8:2: error: feature "C" lies below "B", which has a feature cardinality; constraints cannot refer to one of its instances',
  ]);
});

test('rules carry the position and text they come from', () => {
  const { product } = read('features\n\tA\n\t\toptional\n\t\t\tB\n\t\t\tC\nconstraints\n\tB   =>\tC\n');
  const rule = product.model.constraints.find((c) => c.label === 'B => C');
  assert.deepEqual(rule?.source, { file: 'test.uvl', line: 7, column: 2 });
  assert.deepEqual(product.model.variables[1].source, { file: 'test.uvl', line: 4, column: 4 });
});
