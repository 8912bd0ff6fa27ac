import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBuilder } from './builder.ts';
import { compile, compileWithStats } from './compile.ts';
import { E, F, type Formula } from './formula.ts';
import { assertExact } from '../testing/brute-force.ts';

function exact(b: ModelBuilder, expected?: number): number {
  const model = b.build();
  const n = assertExact(model, compile(model));
  if (expected !== undefined) assert.equal(n, expected);
  // The ladder at-most-one must be just as exact as the pairwise one.
  assertExact(model, compile(model, { pairwiseMax: 2 }), 20);
  return n;
}

function base(): ModelBuilder {
  const b = new ModelBuilder();
  b.bool('a');
  b.bool('b');
  b.enum('color', ['red', 'green', 'blue']);
  b.int('n', { min: 0, max: 4 });
  return b;
}

test('unconstrained variables: every combination', () => {
  exact(base(), 2 * 2 * 3 * 5);
});

test('booleans use one CNF variable, enums one per value', () => {
  const m = compile(base());
  assert.deepEqual(m.variables[0].lits.map(Math.abs), [1, 1]);
  assert.equal(m.variables[0].lits[0], -m.variables[0].lits[1]);
  assert.equal(m.variables[2].lits.length, 3);
  assert.equal(m.cnf.numVars, 2 + 3 + 5);
  assert.ok(m.cnf.owners.every((o) => o === -1));
});

const formulas: [string, Formula][] = [
  ['eq', F.eq('color', 'red')],
  ['in', F.in('n', [1, 3])],
  ['not in', F.not(F.in('n', [1, 3]))],
  ['not eq', F.not(F.eq('color', 'green'))],
  ['and', F.and(F.is('a'), F.eq('color', 'blue'))],
  ['or', F.or(F.is('a'), F.eq('color', 'blue'), F.in('n', [0]))],
  ['implies', F.implies(F.is('a'), F.in('color', ['red', 'green']))],
  ['implies and', F.implies(F.eq('color', 'red'), F.and(F.is('a'), F.not(F.is('b'))))],
  ['iff', F.iff(F.is('a'), F.eq('n', 2))],
  ['xor', F.xor(F.is('a'), F.is('b'))],
  ['not and', F.not(F.and(F.is('a'), F.is('b')))],
  ['not or', F.not(F.or(F.is('a'), F.eq('n', 0)))],
  ['not implies', F.not(F.implies(F.is('a'), F.is('b')))],
  ['not iff', F.not(F.iff(F.is('a'), F.eq('color', 'red')))],
  ['nested', F.or(F.and(F.is('a'), F.eq('color', 'red')), F.and(F.not(F.is('a')), F.xor(F.is('b'), F.in('n', [2, 3]))))],
  ['iff of compounds', F.iff(F.or(F.is('a'), F.is('b')), F.and(F.eq('color', 'red'), F.in('n', [1, 2])))],
  ['const true', F.t()],
  ['const false', F.f()],
  ['and with const', F.and(F.t(), F.is('a'))],
  ['atMost', F.atMost(1, F.is('a'), F.is('b'), F.eq('color', 'red'), F.eq('n', 4))],
  ['atLeast', F.atLeast(2, F.is('a'), F.is('b'), F.eq('color', 'red'), F.in('n', [0, 1]))],
  ['exactly', F.exactly(2, F.is('a'), F.is('b'), F.eq('color', 'red'), F.eq('color', 'blue'))],
  ['atLeast 1', F.atLeast(1, F.is('a'), F.is('b'))],
  ['atMost 0', F.atMost(0, F.is('a'), F.eq('n', 1))],
  ['not atMost', F.not(F.atMost(1, F.is('a'), F.is('b'), F.eq('n', 4)))],
  ['nested atMost', F.implies(F.eq('color', 'red'), F.or(F.atMost(0, F.is('a'), F.is('b')), F.eq('n', 3)))],
  ['card inside xor', F.xor(F.exactly(1, F.is('a'), F.is('b'), F.eq('n', 1)), F.eq('color', 'green'))],
  ['cmp val', F.cmp(E.sum(E.val('n'), E.val('a'), E.scale(2, E.val('b'))), '<=', E.num(4))],
  ['cmp =', F.cmp(E.val('n'), '=', E.sum(E.val('a'), E.num(2)))],
  ['cmp !=', F.cmp(E.val('n'), '!=', E.sum(E.val('a'), E.val('b')))],
  ['cmp <', F.cmp(E.attr('color', { red: 3, green: 1 }), '<', E.val('n'))],
  ['cmp >', F.cmp(E.scale(-1, E.val('n')), '>', E.num(-3))],
  ['cmp >=', F.cmp(E.count(F.is('a'), F.is('b'), F.eq('color', 'red')), '>=', E.val('n'))],
  ['decimals', F.cmp(E.sum(E.attr('color', { red: 0.1, green: 0.2, blue: 0.35 }), E.scale(0.1, E.val('n'))), '<=', E.num(0.5))],
  ['guarded cmp', F.implies(F.is('a'), F.cmp(E.val('n'), '>=', E.num(3)))],
  ['or with cmp', F.or(F.is('a'), F.eq('color', 'red'), F.cmp(E.val('n'), '<', E.num(2)))],
  ['reified cmp', F.iff(F.is('a'), F.cmp(E.sum(E.val('n'), E.val('b')), '>=', E.num(3)))],
  ['not cmp', F.not(F.cmp(E.val('n'), '<', E.num(2)))],
  ['min', F.cmp(E.min(E.val('n'), E.attr('color', { red: 2, green: 3, blue: 1 })), '=', E.num(2))],
  ['max', F.cmp(E.max(E.val('n'), E.scale(3, E.val('a')), E.num(1)), '<=', E.num(2))],
  ['ite', F.cmp(E.ite(F.is('a'), E.val('n'), E.num(2)), '>', E.val('b'))],
  ['ite constants', F.cmp(E.sum(E.ite(F.is('a'), E.num(3), E.num(1)), E.ite(F.is('b'), E.num(2), E.num(0))), '=', E.val('n'))],
  ['ite nested in formula', F.or(F.is('b'), F.cmp(E.ite(F.eq('color', 'red'), E.val('n'), E.scale(2, E.val('n'))), '<=', E.num(3)))],
  ['constant cmp', F.cmp(E.num(2), '<', E.num(3))],
  ['single-variable cmp', F.cmp(E.val('n'), '>=', E.num(2))],
];

for (const [name, f] of formulas) {
  test(`formula: ${name}`, () => {
    const b = base();
    b.constrain(f, name);
    exact(b);
  });
  test(`formula nested under a literal: ${name}`, () => {
    const b = base();
    b.bool('r');
    b.constrain(F.iff(F.is('r'), f), name);
    exact(b, 2 * 2 * 3 * 5);
  });
}

test('constraint clauses carry the constraint index; definitions are structural', () => {
  const b = base();
  b.constrain(F.implies(F.is('a'), F.is('b')), 'first');
  b.constrain(F.cmp(E.sum(E.val('n'), E.val('a')), '<=', E.num(3)), { label: 'second', explanation: 'too many', source: { file: 'm.atl', line: 3, column: 5 } });
  const m = compile(b);
  assert.deepEqual(m.constraints, [{ label: 'first' }, { label: 'second', explanation: 'too many', source: { file: 'm.atl', line: 3, column: 5 } }]);
  assert.ok(m.cnf.owners.includes(0));
  assert.ok(m.cnf.owners.includes(1));
  assert.ok(m.cnf.owners.every((o) => o >= -1 && o <= 1));
});

test('optional variables are absent exactly when their condition is false', () => {
  const b = base();
  b.enum('trim', ['basic', 'sport'], { optional: { when: F.eq('color', 'red') } });
  b.bool('sunroof', { optional: { when: F.or(F.is('a'), F.in('n', [3, 4])) } });
  b.constrain(F.implies(F.eq('trim', 'sport'), F.is('b')), 'sport needs b');
  b.constrain(F.cmp(E.sum(E.val('sunroof'), E.val('n')), '<=', E.num(3)), 'limit');
  exact(b);
});

test('optional without condition: absence is an ordinary value', () => {
  const b = new ModelBuilder();
  b.int('x', { values: [0, 1] }, { optional: {} });
  b.bool('y');
  b.constrain(F.iff(F.eq('x', null), F.is('y')), 'joker');
  exact(b, 3);
});

test('tables: allowed, forbidden, wildcards, value sets', () => {
  const mk = (kind: 'allowed' | 'forbidden'): ModelBuilder => {
    const b = base();
    b.table(
      ['color', 'n', 'a'],
      [
        ['red', 1, true],
        ['red', 2, '*'],
        ['green', [0, 3, 4], false],
        ['*', 4, true],
        ['blue', 0, false],
        ['blue', 0, false],
      ],
      kind,
      `${kind} table`,
    );
    return b;
  };
  const allowed = exact(mk('allowed'));
  const forbidden = exact(mk('forbidden'));
  assert.equal(allowed + forbidden, 2 * 2 * 3 * 5);
});

test('tables: a variable listed twice, an empty table, a guard', () => {
  const b = base();
  b.table(['n', 'color', 'n'], [[1, 'red', 1], [2, 'green', 3], [[2, 3], 'blue', [3, 4]]], 'allowed', 'twice');
  exact(b, 2 * 2 * 2);
  const e = base();
  e.table(['a', 'b'], [], 'forbidden', 'nothing forbidden');
  exact(e, 2 * 2 * 3 * 5);
  const u = base();
  u.table(['a', 'b'], [], 'allowed', 'nothing allowed');
  exact(u, 0);
  const g = base();
  g.add({ label: 'guarded', kind: 'table', table: { vars: ['color', 'n'], tuples: [['red', 1], ['green', 2]], kind: 'allowed' }, when: F.is('a') });
  exact(g, 2 * 3 * 5 + 2 * 2);
});

test('large domains: ladder exactly-one, linear constraints over them', () => {
  const b = new ModelBuilder();
  b.int('x', { min: 0, max: 11 });
  b.int('y', { values: [-5, 0, 2, 7, 9, 10, 12, 20, 21, 30] });
  b.bool('z');
  b.constrain(F.cmp(E.sum(E.val('x'), E.val('y'), E.scale(5, E.val('z'))), '<=', E.num(14)), 'sum');
  b.constrain(F.or(F.is('z'), F.cmp(E.val('x'), '!=', E.val('y'))), 'differ');
  exact(b);
});

test('repeated components: instances in order, aggregates, nested repeats', () => {
  const b = new ModelBuilder();
  b.int('psu', { values: [0, 4, 6] });
  const mem = b.repeat('memory', 0, 3, (m, prefix) => {
    m.enum(`${prefix}.size`, ['4GB', '8GB']);
    m.bool(`${prefix}.ecc`);
    m.constrain(F.implies(F.is(`${prefix}.ecc`), F.eq(`${prefix}.size`, '8GB')), 'ecc only on 8GB');
  });
  const power = (p: string): ReturnType<typeof E.attr> => E.attr(`${p}.size`, { '4GB': 1, '8GB': 2 });
  b.constrain(F.cmp(mem.sum(power), '<=', E.val('psu')), 'power budget');
  b.constrain(F.cmp(mem.count((p) => F.is(`${p}.ecc`)), '<=', E.num(1)), 'one ecc');
  const model = b.build();
  assert.deepEqual(
    model.variables.map((v) => v.name),
    ['psu', 'memory.count', 'memory[1].size', 'memory[1].ecc', 'memory[2].size', 'memory[2].ecc', 'memory[3].size', 'memory[3].ecc'],
  );
  exact(b);

  const c = new ModelBuilder();
  const r = c.repeat('slot', 1, 3, (m, p) => {
    m.int(`${p}.w`, { values: [1, 2, 5] });
  });
  c.int('lo', { min: 0, max: 5 });
  c.int('hi', { min: 0, max: 5 });
  c.constrain(F.cmp(E.val('lo'), '=', r.min((p) => E.val(`${p}.w`))), 'lo is the minimum');
  c.constrain(F.cmp(E.val('hi'), '=', r.max((p) => E.val(`${p}.w`))), 'hi is the maximum');
  c.constrain(F.cmp(r.count(), '>=', E.num(2)), 'at least two');
  // Configurations = assignments of the 2 or 3 existing slots; lo and hi follow.
  exact(c, 9 + 27);

  const d = new ModelBuilder();
  const outer = d.repeat('rack', 0, 2, (m, p) => {
    m.repeat(`${p}.disk`, 0, 2, (n, q) => {
      n.bool(`${q}.ssd`);
    });
  });
  d.constrain(F.cmp(outer.min((p) => E.val(`${p}.disk.count`)), '>=', E.num(1)), 'no empty rack');
  // Each existing rack has 1 or 2 disks, each disk ssd or not: 2 + 4 = 6 per rack. No rack at all is
  // excluded too: the minimum over no rack is 0.
  exact(d, 6 + 36);
});

test('tables and added rules inside repeated components only bind existing instances', () => {
  const b = new ModelBuilder();
  b.enum('board', ['atx', 'itx']);
  b.repeat('card', 0, 2, (m, p) => {
    m.enum(`${p}.kind`, ['gpu', 'nic', 'raid']);
    m.table(['board', `${p}.kind`], [['itx', 'raid']], 'forbidden', 'no raid on itx');
    m.table([`${p}.kind`], [['gpu'], ['nic']], 'allowed', 'no raid card here');
    m.add({ label: 'no nic on itx', kind: 'formula', formula: F.implies(F.eq('board', 'itx'), F.not(F.eq(`${p}.kind`, 'nic'))) });
  });
  // atx: 1 + 2 + 4 (gpu or nic per card); itx: 1 + 1 + 1.
  exact(b, 7 + 3);
});

test('repeat aggregates over an empty set are 0', () => {
  const b = new ModelBuilder();
  const r = b.repeat('x', 0, 2, (m, p) => {
    m.int(`${p}.v`, { values: [3, 4] });
  });
  b.int('m', { min: 0, max: 4 });
  b.constrain(F.cmp(E.val('m'), '=', r.max((p) => E.val(`${p}.v`))), 'max');
  b.constrain(F.cmp(r.sum(() => E.num(1)), '=', r.count()), 'sum of ones is the count');
  exact(b, 1 + 2 + 4);
});

test('stats: sizes and timing are reported', () => {
  const { stats } = compileWithStats(base().constrain(F.atMost(1, F.is('a'), F.is('b'), F.eq('n', 1)), 'x'));
  assert.equal(stats.productVariables, 4);
  assert.ok(stats.cnfVariables >= 10 && stats.clauses > 0 && stats.milliseconds >= 0);
});
