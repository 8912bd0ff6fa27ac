import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Value, type VariableDecl } from '@atelier/engine';
import { prng } from '@atelier/engine/testing/prng.ts';
import { evaluateNum } from './evaluate.ts';
import { MAX_SUMMANDS, multipliedOut, splitLargeFactors } from './price-rewrite.ts';
import type { NumExpr } from './product.ts';

const num = (value: number): NumExpr => ({ op: 'num', value });
const val = (v: string): NumExpr => ({ op: 'val', var: v });
const add = (...args: NumExpr[]): NumExpr => ({ op: 'add', args });
const mul = (...args: NumExpr[]): NumExpr => ({ op: 'mul', args });
const fabric: NumExpr = { op: 'attr', var: 'fabric', table: { linen: 29, wool: 46 } };

const DECLS: VariableDecl[] = [
  { name: 'amount', kind: 'int', values: Array.from({ length: 50 }, (_, k) => 10 + 10 * k) },
  { name: 'share', kind: 'int', values: Array.from({ length: 21 }, (_, k) => 5 * k) },
  { name: 'odd', kind: 'int', values: [1, 2, 4, 8, 16, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43] },
  { name: 'len', kind: 'int', values: [1, 2, 3] },
  { name: 'fabric', kind: 'enum', values: ['linen', 'wool'] },
  { name: 'extra', kind: 'bool', values: [false, true] },
];
const BY_NAME = new Map(DECLS.map((d) => [d.name, d]));

test('a product of sums is multiplied out; a formula without one is left alone', () => {
  const parts = multipliedOut({ op: 'div', args: [mul(fabric, add(val('len'), mul(num(2), val('share')), num(12))), num(10)] });
  assert.deepEqual(parts, [
    { op: 'div', args: [mul(fabric, val('len')), num(10)] },
    { op: 'div', args: [mul(fabric, mul(num(2), val('share'))), num(10)] },
    { op: 'div', args: [mul(fabric, num(12)), num(10)] },
  ]);
  assert.equal(multipliedOut(add(mul(fabric, val('len')), num(3))), undefined);
  // A division by a choice is not distributed, and neither is rounding.
  assert.equal(multipliedOut({ op: 'div', args: [add(val('len'), num(1)), val('len')] }), undefined);
  assert.equal(multipliedOut({ op: 'ceil', arg: mul(fabric, add(val('len'), num(1))) }), undefined);
  const wide = add(...Array.from({ length: 9 }, (_, k) => mul(num(k + 1), val('len'))));
  assert.equal(multipliedOut(mul(wide, wide)), undefined, `more than ${MAX_SUMMANDS} summands`);
});

test('the factor with most evenly spaced values is split into binary digits', () => {
  const split = splitLargeFactors(mul(val('amount'), val('share'), fabric), BY_NAME);
  const other = mul(val('share'), fabric);
  assert.equal(split.op, 'add');
  const args = (split as NumExpr & { op: 'add' }).args;
  assert.deepEqual(args[0], mul(num(10), other));
  // 50 values: digits 1, 2, 4, 8, 16, 32 of the index, each weighing 10 × the digit.
  assert.equal(args.length, 7);
  assert.deepEqual(args[6], mul(num(320), { op: 'if', cond: { op: 'in', var: 'amount', values: [330, 340, 350, 360, 370, 380, 390, 400, 410, 420, 430, 440, 450, 460, 470, 480, 490, 500] }, then: other, else: num(0) }));
  // Unevenly spaced values, a single varying factor, few values: unchanged.
  for (const e of [mul(val('odd'), val('len')), mul(num(3), val('amount')), mul(val('len'), fabric)]) assert.deepEqual(splitLargeFactors(e, BY_NAME), e);
});

/** A random price formula over the declared variables. */
function randomExpr(rand: () => number, depth: number): NumExpr {
  const r = (n: number): number => Math.floor(rand() * n);
  if (depth === 0 || r(4) === 0) {
    const leaves: NumExpr[] = [num(r(9) - 2), val('amount'), val('share'), val('odd'), val('len'), fabric, val('extra'), num(0.25)];
    return leaves[r(leaves.length)];
  }
  const args = Array.from({ length: 2 + r(2) }, () => randomExpr(rand, depth - 1));
  switch (r(6)) {
    case 0:
      return add(...args);
    case 1:
      return { op: 'sub', args };
    case 2:
      return { op: 'div', args: [args[0], [num(2), num(10), val('len'), val('share')][r(4)]] };
    case 3:
      return { op: 'neg', arg: args[0] };
    default:
      return mul(...args);
  }
}

test('rewritten formulas keep their value on every configuration (300 random formulas)', () => {
  const rand = prng(7);
  const configs: Record<string, Value>[] = [];
  for (let k = 0; k < 200; k++) configs.push(Object.fromEntries(DECLS.map((d) => [d.name, d.values[Math.floor(rand() * d.values.length)]])));
  let expanded = 0;
  for (let i = 0; i < 300; i++) {
    const e = randomExpr(rand, 3);
    const parts = multipliedOut(e);
    if (parts) expanded++;
    for (const c of configs) {
      const want = evaluateNum(e, c);
      const pieces = (parts ?? [e]).map((p) => evaluateNum(splitLargeFactors(p, BY_NAME), c));
      const got = pieces.reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${JSON.stringify(e)} on ${JSON.stringify(c)}: ${got} ≠ ${want}`);
    }
  }
  assert.ok(expanded > 30, `only ${expanded} formulas had a product of sums`);
});
