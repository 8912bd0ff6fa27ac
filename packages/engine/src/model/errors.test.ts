import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBuilder } from './builder.ts';
import { compile } from './compile.ts';
import { ModelError, closestName } from './errors.ts';
import { E, F } from './formula.ts';
import type { Model } from './model.ts';

const at = { file: 'pc.atl', line: 12, column: 3 };

function base(): ModelBuilder {
  const b = new ModelBuilder();
  b.enum('color', ['red', 'green']);
  b.int('memory', { values: [4, 8, 16] });
  b.bool('turbo');
  return b;
}

function throwsModelError(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ModelError, `not a ModelError: ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

test('unknown variable, with a suggestion and the constraint position', () => {
  throwsModelError(
    () => compile(base().constrain(F.eq('colour', 'red'), { label: 'paint', source: at })),
    'pc.atl:12:3: constraint "paint": unknown variable "colour" (did you mean "color"?)',
  );
  throwsModelError(
    () => compile(base().constrain(F.is('wheels'), 'w')),
    'constraint "w": unknown variable "wheels"',
  );
  throwsModelError(
    () => compile(base().table(['color', 'Memory'], [['red', 4]], 'allowed', 't')),
    'constraint "t": unknown variable "Memory" (did you mean "memory"?)',
  );
});

test('value outside the domain', () => {
  throwsModelError(
    () => compile(base().constrain(F.in('memory', [4, 32]), { label: 'mem', source: at })),
    'pc.atl:12:3: constraint "mem": value 32 is not in the domain of "memory" (4, 8, 16)',
  );
  throwsModelError(
    () => compile(base().constrain(F.eq('memory', '8'), 'typed')),
    'constraint "typed": value "8" is not in the domain of "memory" (4, 8, 16)',
  );
  throwsModelError(
    () => compile(base().constrain(F.eq('color', null), 'absent')),
    'constraint "absent": value null is not in the domain of "color" ("red", "green") (the variable is not optional)',
  );
  throwsModelError(
    () => compile(base().table(['color', 'memory'], [['red', 5]], 'forbidden', 'tab')),
    'constraint "tab": value 5 is not in the domain of "memory" (4, 8, 16)',
  );
  throwsModelError(() => new ModelBuilder().enum('x', ['a'], { default: 'b' }), 'variable "x": default "b" is not in the domain');
});

test('empty domain, duplicate variable, domain too large', () => {
  throwsModelError(() => new ModelBuilder().enum('trim', [], { source: at }), 'pc.atl:12:3: variable "trim": empty domain');
  throwsModelError(() => new ModelBuilder().int('n', { min: 3, max: 2 }), 'variable "n": empty domain (3..2)');
  throwsModelError(() => base().bool('color'), 'variable "color": declared twice');
  throwsModelError(
    () => new ModelBuilder().int('price', { min: 0, max: 1_000_000 }),
    'variable "price": integer domain too large (0..1000000 has 1000001 values, at most 100000)',
  );
  throwsModelError(() => new ModelBuilder().enum('x', ['a', 'a']), 'variable "x": value "a" listed twice');
  const json: Model = {
    variables: [
      { name: 'a', kind: 'bool', values: [false, true] },
      { name: 'a', kind: 'int', values: [1] },
    ],
    constraints: [],
  };
  throwsModelError(() => compile(json), 'variable "a": declared twice');
  const big: Model = { variables: [{ name: 'v', kind: 'int', values: Array.from({ length: 100_001 }, (_, i) => i) }], constraints: [] };
  throwsModelError(() => compile(big), 'variable "v": integer domain too large (100001 values, at most 100000)');
});

test('table arity mismatch', () => {
  throwsModelError(
    () => compile(base().table(['color', 'memory'], [['red', 4], ['green']], 'allowed', { label: 'compat', source: at })),
    'pc.atl:12:3: constraint "compat": table arity mismatch: tuple 2 has 1 values for 2 variables',
  );
});

test('misused expressions', () => {
  throwsModelError(
    () => compile(base().constrain(F.cmp(E.val('color'), '<', E.num(1)), 'v')),
    'constraint "v": "color" is an enum variable: its values are not numbers (use attr to give them numbers)',
  );
  throwsModelError(
    () => compile(base().constrain(F.cmp(E.attr('color', { red: 1, blu: 2 }), '<', E.num(1)), 'a')),
    'constraint "a": attribute table has "blu", which is not a value of "color"',
  );
  throwsModelError(() => compile(base().constrain(F.cmp(E.min(), '<', E.num(1)), 'm')), 'constraint "m": min of no arguments has no value');
  throwsModelError(() => compile(base().constrain(F.atMost(-1, F.is('turbo')), 'k')), 'constraint "k": atMost needs a non-negative integer bound, got -1');
  throwsModelError(() => base().repeat('r', 2, 1, () => {}), 'repeated component "r": bad cardinality 2..1');
});

test('presence conditions are checked like constraints', () => {
  const b = base();
  b.bool('x', { optional: { when: F.is('turbbo') }, source: at });
  throwsModelError(() => compile(b), 'pc.atl:12:3: presence condition of variable "x": unknown variable "turbbo" (did you mean "turbo"?)');
});

test('closest names', () => {
  assert.equal(closestName('colour', ['color', 'memory']), 'color');
  assert.equal(closestName('COLOR', ['color']), 'color');
  assert.equal(closestName('xyz', ['color', 'memory']), undefined);
});
