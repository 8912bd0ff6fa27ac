import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBuilder } from './builder.ts';
import { compile, compileWithStats } from './compile.ts';
import { E, F, type CmpOp, type Formula, type IntExpr } from './formula.ts';
import { ModelError } from './errors.ts';
import { MAX_PRODUCT_PAIRS } from './compiler.ts';
import { domainOf } from './model.ts';
import type { Value } from './compiled.ts';
import { countModels } from '../count/counter.ts';
import { assertExact, bruteForceConfigurations } from '../testing/brute-force.ts';
import { prng } from '../testing/prng.ts';

/*
 * Products of two quantities that both depend on the choices: an auxiliary integer defined by a table.
 * Exactness is checked against brute force: every configuration has exactly one CNF model, and the
 * counter's number is the number of configurations.
 */

function exactCount(b: ModelBuilder): number {
  const model = b.build();
  const compiled = compile(model);
  const n = assertExact(model, compiled, 40);
  assert.equal(countModels(compiled.cnf).count, BigInt(n), 'model count differs from the configurations');
  return n;
}

test('width × depth <= bound: exactly the pairs whose area fits', () => {
  const b = new ModelBuilder();
  b.int('width', { values: [40, 60, 80, 100] });
  b.int('depth', { values: [30, 50, 70] });
  b.constrain(F.cmp(E.mul(E.val('width'), E.val('depth')), '<=', E.num(4000)), 'area');
  let expected = 0;
  for (const w of [40, 60, 80, 100]) for (const d of [30, 50, 70]) if (w * d <= 4000) expected++;
  assert.equal(exactCount(b), expected);
});

test('a square, a product of attributes, a product under a condition, a decimal product', () => {
  const b = new ModelBuilder();
  b.int('x', { values: [-2, -1, 0, 1, 3] });
  b.enum('fabric', ['cotton', 'linen', 'wool']);
  b.int('metres', { values: [1, 2, 3] });
  b.bool('express');
  const perMetre = E.attr('fabric', { cotton: 12.5, linen: 0.1, wool: 20 });
  b.constrain(F.cmp(E.mul(E.val('x'), E.val('x')), '>=', E.num(1)), 'square');
  b.constrain(F.cmp(E.mul(perMetre, E.val('metres')), '!=', E.num(0.3)), 'decimal');
  b.constrain(F.implies(F.is('express'), F.cmp(E.mul(E.sum(E.val('x'), E.num(2)), E.val('metres')), '<', E.num(4))), 'guarded');
  const n = exactCount(b);
  let expected = 0;
  for (const x of [-2, -1, 0, 1, 3])
    for (const pm of [12.5, 0.1, 20])
      for (const m of [1, 2, 3])
        for (const express of [false, true]) {
          // 0.1 · 3 is 0.30000000000000004 in floating point: the product must still count as 0.3.
          const ok = x * x >= 1 && Math.abs(pm * m - 0.3) > 1e-9 && (!express || (x + 2) * m < 4);
          if (ok) expected++;
        }
  assert.equal(n, expected);
});

test('per-instance products summed over a repeated component', () => {
  const b = new ModelBuilder();
  const r = b.repeat('module', 1, 3, (m, p) => {
    m.int(`${p}.width`, { values: [1, 2, 3] });
    m.int(`${p}.depth`, { values: [2, 4] });
  });
  b.constrain(F.cmp(r.sum((p) => E.mul(E.val(`${p}.width`), E.val(`${p}.depth`))), '<=', E.num(14)), 'floor area');
  const configs = bruteForceConfigurations(b.build());
  assert.ok(configs.length > 0);
  assert.equal(exactCount(b), configs.length);
});

test('a product too large to tabulate names its constraint', () => {
  const b = new ModelBuilder();
  b.int('a', { min: 0, max: 999 });
  b.int('b', { min: 0, max: 999 });
  b.constrain(F.cmp(E.mul(E.val('a'), E.val('b')), '<=', E.num(5000)), { label: 'floor area', source: { file: 'm.atl', line: 4, column: 3 } });
  assert.ok(1000 * 1000 > MAX_PRODUCT_PAIRS);
  assert.throws(
    () => compile(b),
    (e: unknown) =>
      e instanceof ModelError &&
      e.message.startsWith('m.atl:4:3: constraint "floor area": a product of two quantities with 1000 and 1000 possible values needs a table of 1000000 pairs'),
  );
});

test('the same product in two constraints is defined once', () => {
  const b = new ModelBuilder();
  b.int('w', { min: 1, max: 20 });
  b.int('d', { min: 1, max: 20 });
  b.constrain(F.cmp(E.mul(E.val('w'), E.val('d')), '>=', E.num(50)), 'big enough');
  const one = compileWithStats(b.build()).stats;
  b.constrain(F.cmp(E.mul(E.val('w'), E.val('d')), '<=', E.num(300)), 'small enough');
  const two = compileWithStats(b.build()).stats;
  assert.equal(one.mddNodes > 0, true);
  // The second constraint adds its comparison, not a second table of 400 pairs.
  assert.ok(two.cnfVariables - one.cnfVariables < 100, `${two.cnfVariables - one.cnfVariables} more CNF variables`);
});

// ------------------------------------------------------------------ random models

function randomProductModel(seed: number): ModelBuilder {
  const rand = prng(seed);
  const r = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[r(xs.length)];
  const b = new ModelBuilder();
  const nVars = 3 + r(2);
  const names: string[] = [];
  for (let i = 0; i < nVars; i++) {
    const name = `v${i}`;
    const optional = i > 0 && r(4) === 0 ? { when: F.is('v0') } : undefined;
    if (i === 0) b.bool(name);
    else if (r(3) === 0) b.enum(name, ['a', 'b', 'c'].slice(0, 2 + r(2)), { optional });
    else b.int(name, { values: [-2, -1, 0, 1, 2, 3].slice(r(3), 3 + r(3)) }, { optional });
    names.push(name);
  }
  const model = b.build();
  const dom = (name: string): Value[] => domainOf(model.variables.find((v) => v.name === name)!);
  const kindOf = (name: string): string => model.variables.find((v) => v.name === name)!.kind;
  const leaf = (): IntExpr => {
    const v = pick(names);
    if (kindOf(v) === 'enum' || r(3) === 0) {
      const table: Record<string, number> = {};
      for (const x of dom(v)) if (x !== null && r(4) > 0) table[String(x)] = r(7) - 3;
      return E.attr(v, table);
    }
    return E.val(v);
  };
  const expr = (depth: number): IntExpr => {
    const k = depth <= 0 ? r(2) : r(6);
    switch (k) {
      case 0:
        return leaf();
      case 1:
        return E.mul(leaf(), leaf());
      case 2:
        return E.mul(expr(depth - 1), expr(depth - 1));
      case 3:
        return E.sum(expr(depth - 1), E.num(r(5) - 2));
      case 4: {
        const v = pick(names);
        return E.ite(F.eq(v, pick(dom(v))), expr(depth - 1), E.num(r(3)));
      }
      default:
        return E.scale(r(3) - 1, E.mul(expr(depth - 1), leaf()));
    }
  };
  const nConstraints = 1 + r(2);
  for (let i = 0; i < nConstraints; i++) {
    const cmp: Formula = F.cmp(expr(2), pick<CmpOp>(['<', '<=', '=', '!=', '>=', '>']), r(2) ? expr(1) : E.num(r(9) - 4));
    b.constrain(r(4) === 0 ? F.or(F.is('v0'), cmp) : cmp, `rule ${i}`);
  }
  return b;
}

test('random models with products compile exactly and count exactly (200 seeds)', () => {
  let nonTrivial = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const b = randomProductModel(seed);
    try {
      const model = b.build();
      const compiled = compile(model);
      const n = assertExact(model, compiled, 20);
      assert.equal(countModels(compiled.cnf).count, BigInt(n));
      const total = model.variables.reduce((p, v) => p * domainOf(v).length, 1);
      if (n > 0 && n < total) nonTrivial++;
    } catch (e) {
      throw new Error(`seed ${seed}: ${(e as Error).message}\n${JSON.stringify(b.build().constraints)}`);
    }
  }
  // The generator must produce constraints that actually cut: otherwise the test proves little.
  assert.ok(nonTrivial >= 60, `${nonTrivial} models with a proper subset of configurations`);
});
