import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBuilder } from '../model/builder.ts';
import { compile } from '../model/compile.ts';
import type { CompiledModel, Value } from '../model/compiled.ts';
import { domainOf } from '../model/model.ts';
import { bruteForceConfigurations, configurationKey, type Configuration as Named } from '../testing/brute-force.ts';
import { randomModel } from '../testing/random-declared-models.ts';
import { prng } from '../testing/prng.ts';
import { RuleNeighbours, type Configuration } from './neighbours.ts';
import { Session } from './session.ts';

/** The oracle's layout: every variable tracked, values in declaration order. */
function layout(model: CompiledModel): number[] {
  const first: number[] = [];
  let at = 0;
  for (const v of model.variables) {
    first.push(at);
    at += v.values.length;
  }
  return first;
}

function indices(model: CompiledModel, c: Named): Configuration {
  return Int32Array.from(model.variables.map((v) => v.values.indexOf(c.get(v.name) as Value)));
}

test("a configuration's neighbours are exactly its one-variable changes that keep every rule", () => {
  let marked = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const declared = randomModel(seed).build();
    const model = compile(declared);
    const configs = bruteForceConfigurations(declared);
    const valid = new Set(configs.map((c) => configurationKey(declared, (n) => c.get(n) as Value)));
    const first = layout(model);
    const total = first.at(-1)! + model.variables.at(-1)!.values.length;
    const neighbours = new RuleNeighbours(model, declared, first);
    for (const c of configs.slice(0, 6)) {
      const possible = new Uint8Array(total);
      neighbours.expand(indices(model, c), [], possible, (t) => !possible[t]);
      model.variables.forEach((v, i) => {
        v.values.forEach((value, k) => {
          if (value === c.get(v.name)) return;
          const moved = new Map(c).set(v.name, value);
          const expected = valid.has(configurationKey(declared, (n) => moved.get(n) as Value));
          assert.equal(possible[first[i] + k] === 1, expected, `seed ${seed}: ${v.name} = ${String(value)} from ${JSON.stringify([...c])}`);
          if (expected) marked++;
        });
      });
    }
  }
  assert.ok(marked > 100, `only ${marked} neighbours found: the test would not see a wrong one`);
});

test('neighbours keep the assumptions: a chosen variable stays, an excluded value is not offered, an auxiliary stops the search', () => {
  const b = new ModelBuilder();
  b.int('budget', { min: 0, max: 20 });
  b.enum('size', ['s', 'm', 'l']);
  b.constrain({ op: 'cmp', cmp: '<=', left: { op: 'attr', var: 'size', table: { s: 5, m: 8, l: 12 } }, right: { op: 'val', var: 'budget' } }, 'within budget');
  const declared = b.build();
  const model = compile(declared);
  const first = layout(model);
  const neighbours = new RuleNeighbours(model, declared, first);
  const base = Int32Array.from([10, 1]); // budget 10, size m
  const budgetLit = (x: number): number => model.variables[0].lits[x];
  const sizeLit = (v: string): number => model.variables[1].lits[model.variables[1].values.indexOf(v)];
  const run = (assumptions: number[]): Value[] => {
    const possible = new Uint8Array(first[1] + 3);
    neighbours.expand(base, assumptions, possible, (t) => !possible[t]);
    return model.variables.flatMap((v, i) => v.values.filter((_, k) => possible[first[i] + k]).map((x) => `${v.name}=${String(x)}`));
  };
  // Budgets from 8 up (10 is the base's own), and size s (l costs 12 > 10).
  const budgets = [8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((x) => `budget=${x}`);
  assert.deepEqual(run([]), [...budgets, 'size=s']);
  assert.deepEqual(run([budgetLit(10)]), ['size=s']);
  assert.deepEqual(run([-sizeLit('s')]), budgets);
  assert.deepEqual(run([model.cnf.numVars]), [], 'a literal of no declared variable');

  // Moving the witness onto a new choice: one broken assumption that its rules allow.
  assert.deepEqual([...(neighbours.adapt(base, [budgetLit(10), sizeLit('s')]) ?? [])], [10, 0]);
  assert.deepEqual([...(neighbours.adapt(base, [budgetLit(15)]) ?? [])], [15, 1]);
  assert.equal(neighbours.adapt(base, [sizeLit('l')]), null, 'l costs 12, over the budget of 10');
  assert.equal(neighbours.adapt(base, [budgetLit(15), sizeLit('s')]), null, 'two changes');
  assert.deepEqual([...(neighbours.adapt(base, [budgetLit(10)]) ?? [])], [10, 1], 'nothing to move');
});

// Searching (no solution space) is where neighbours serve; the space is checked on the same models.
for (const solutionSpace of [false, true]) test(`valid domains on declared models (${solutionSpace ? 'solution space' : 'search with neighbours'}) offer exactly the values that extend, after every choice`, () => {
  for (let seed = 1; seed <= 150; seed++) {
    const declared = randomModel(seed).build();
    const model = compile(declared);
    const configs = bruteForceConfigurations(declared);
    if (configs.length === 0) continue;
    const rand = prng(seed);
    const session = new Session(model, { solutionSpace });
    const choices: [string, Value][] = [];
    for (let step = 0; step < 4; step++) {
      const rows = configs.filter((c) => choices.every(([n, v]) => c.get(n) === v));
      for (const d of session.validDomains()) {
        const decl = declared.variables.find((v) => v.name === d.variable)!;
        const expected = domainOf(decl).filter((x) => rows.some((r) => r.get(d.variable) === x));
        assert.deepEqual(new Set(d.possible), new Set(expected), `seed ${seed} step ${step} ${d.variable} after ${JSON.stringify(choices)}`);
      }
      const open = session.validDomains().filter((d) => d.chosen === undefined && d.possible.length > 1);
      if (open.length === 0) break;
      const d = open[Math.floor(rand() * open.length)];
      const value = d.possible[Math.floor(rand() * d.possible.length)];
      assert.ok(session.assign(d.variable, value).ok);
      choices.push([d.variable, value]);
    }
  }
});
