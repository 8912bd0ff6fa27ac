import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../model/compile.ts';
import type { CompiledModel } from '../model/compiled.ts';
import { Cnf } from '../sat/cnf.ts';
import { bruteForceConfigurations } from '../testing/brute-force.ts';
import { randomModel } from '../testing/random-declared-models.ts';
import { enumerateConfigurations, prng, randomProductModel } from '../testing/random-models.ts';
import { Session, SessionError } from './session.ts';
import { compileSolutionSpace, solutionSpaceOf, type SolutionSpace } from './solution-space.ts';

/** Brute force: the values taken by some configuration agreeing with `chosen`, laid out as the space lays them out. */
function expected(space: SolutionSpace, rows: number[][], chosen: Int32Array): Uint8Array {
  const bits = new Uint8Array(space.valueCount);
  for (const r of rows) if (r.every((k, i) => chosen[i] < 0 || chosen[i] === k)) r.forEach((k, i) => (bits[space.valueOffset[i] + k] = 1));
  return bits;
}

/** Random walks of choices, each taken from a configuration that agrees with the ones before (or, one time in four, any value). */
function checkWalks(model: CompiledModel, rows: number[][], seed: number): number {
  const space = compileSolutionSpace(model);
  assert.ok(space, `seed ${seed}: the diagram of a small model is built`);
  const rand = prng(seed);
  let checked = 0;
  for (let walk = 0; walk < 4; walk++) {
    const chosen = new Int32Array(model.variables.length).fill(-1);
    for (let step = 0; step <= model.variables.length; step++) {
      const want = expected(space, rows, chosen);
      const agreeing = rows.filter((r) => r.every((k, i) => chosen[i] < 0 || chosen[i] === k));
      const got: Uint8Array | null = space.possible(chosen);
      if (agreeing.length === 0) assert.equal(got, null, `seed ${seed}: no configuration has ${[...chosen]}`);
      else assert.deepEqual(got, want, `seed ${seed}: values possible with ${[...chosen]}`);
      assert.equal(space.count(chosen), BigInt(agreeing.length), `seed ${seed}: count with ${[...chosen]}`);
      checked++;
      if (agreeing.length === 0) break;
      const v = Math.floor(rand() * model.variables.length);
      const from = rand() < 0.25 ? rows[Math.floor(rand() * rows.length)] : agreeing[Math.floor(rand() * agreeing.length)];
      chosen[v] = from[v];
    }
  }
  return checked;
}

test('the solution space offers exactly the values some configuration with the choices takes, and counts them (product models)', () => {
  let checked = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const model = randomProductModel(prng(seed), [3, 3, 2, 2, 3, 4, 2], 5 + (seed % 9));
    checked += checkWalks(model, enumerateConfigurations(model), seed);
  }
  assert.ok(checked > 1000);
});

test('the solution space is exact on declared models (optional variables, sums, counts, tables, hidden auxiliaries)', () => {
  for (let seed = 1; seed <= 150; seed++) {
    const declared = randomModel(seed).build();
    const model = compile(declared);
    const rows = bruteForceConfigurations(declared).map((c) =>
      model.variables.map((v) => (c.has(v.name) ? v.values.indexOf(c.get(v.name) ?? null) : -1)),
    );
    // Hidden variables of the compiled model are functions of the declared ones: brute force names
    // only the declared, so the check covers the declared variables' values and the count.
    const declaredCount = declared.variables.length;
    const space = compileSolutionSpace(model);
    assert.ok(space, `seed ${seed}`);
    assert.equal(space.count(new Int32Array(model.variables.length).fill(-1)), BigInt(rows.length), `seed ${seed}: count`);
    const rand = prng(seed);
    const chosen = new Int32Array(model.variables.length).fill(-1);
    for (let step = 0; step < 4 && rows.length > 0; step++) {
      const agreeing = rows.filter((r) => r.every((k, i) => chosen[i] < 0 || chosen[i] === k));
      const got = space.possible(chosen);
      if (agreeing.length === 0) {
        assert.equal(got, null);
        break;
      }
      assert.ok(got);
      for (let i = 0; i < declaredCount; i++) {
        model.variables[i].values.forEach((value, k) => {
          const want = agreeing.some((r) => r[i] === k);
          assert.equal(got[space.valueOffset[i] + k] === 1, want, `seed ${seed}: ${model.variables[i].name} = ${String(value)} with ${[...chosen]}`);
        });
      }
      const v = Math.floor(rand() * declaredCount);
      chosen[v] = agreeing[Math.floor(rand() * agreeing.length)][v];
    }
  }
});

/** 2n booleans with x_i ↔ x_{n+i}: every assignment of the first half is a different node of the second. */
function crossedPairs(n: number): CompiledModel {
  const cnf = new Cnf();
  const vars = Array.from({ length: 2 * n }, () => cnf.newVar());
  for (let i = 0; i < n; i++) {
    cnf.addClause([-vars[i], vars[n + i]]);
    cnf.addClause([vars[i], -vars[n + i]]);
  }
  const variables = vars.map((x, i) => ({ name: `x${i}`, kind: 'bool' as const, values: [false, true], lits: [-x, x], hidden: false }));
  return { cnf, variables, byName: new Map(variables.map((v, i) => [v.name, i])), constraints: [] };
}

test('a model whose diagram would be too large has none, and its sessions search instead', () => {
  assert.ok(compileSolutionSpace(crossedPairs(8)), 'small: built');
  const large = crossedPairs(20);
  assert.equal(compileSolutionSpace(large), null);
  const session = new Session(large);
  assert.deepEqual(session.assign('x3', true), { ok: true });
  assert.deepEqual(session.validDomains().find((d) => d.variable === 'x23')?.possible, [true]);
  assert.equal(session.count().count, 1n << 19n);
});

test('one space per model, shared by its sessions; an inconsistent model has an empty one', () => {
  const model = randomProductModel(prng(7), [3, 2, 2], 3);
  assert.equal(solutionSpaceOf(model), solutionSpaceOf(model));

  const cnf = new Cnf();
  const x = cnf.newVar();
  cnf.addClause([x]);
  cnf.addClause([-x]);
  const variables = [{ name: 'x', kind: 'bool' as const, values: [false, true], lits: [-x, x], hidden: false }];
  const empty: CompiledModel = { cnf, variables, byName: new Map([['x', 0]]), constraints: [] };
  const space = compileSolutionSpace(empty);
  assert.ok(space);
  assert.equal(space.possible(Int32Array.of(-1)), null);
  assert.equal(space.count(Int32Array.of(-1)), 0n);
  assert.throws(() => new Session(empty).validDomains(), SessionError);
});
