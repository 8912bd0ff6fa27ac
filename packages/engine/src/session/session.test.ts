import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, SessionError } from './session.ts';
import { enumerateConfigurations, prng, randomProductModel } from '../testing/random-models.ts';
import type { CompiledModel, Value } from '../model/compiled.ts';

type Config = number[];

function valueIndex(model: CompiledModel, variable: string, value: Value): [number, number] {
  const i = model.byName.get(variable) as number;
  return [i, model.variables[i].values.indexOf(value)];
}

/** Configurations agreeing with the session's user choices. */
function matching(model: CompiledModel, all: Config[], choices: [string, Value][]): Config[] {
  const idx = choices.map(([n, v]) => valueIndex(model, n, v));
  return all.filter((c) => idx.every(([i, k]) => c[i] === k));
}

/** Both ways of answering: the compiled solution space, and the solver's search. */
const modes = [
  { name: 'solution space', options: {} },
  { name: 'search', options: { solutionSpace: false } },
] as const;

/** Every valid domain offers exactly the values some configuration in `rows` has; a single one is forced. */
function assertExactDomains(session: Session, model: CompiledModel, rows: Config[], label: string): void {
  for (const d of session.validDomains()) {
    const i = model.byName.get(d.variable) as number;
    const expected = model.variables[i].values.filter((_, k) => rows.some((r) => r[i] === k));
    assert.deepEqual(new Set(d.possible), new Set(expected), `${label} ${d.variable}`);
    assert.equal(d.possible.length + d.impossible.length, model.variables[i].values.length);
    if (expected.length === 1) assert.equal(d.forced, expected[0]);
  }
}

for (const mode of modes) test(`valid domains offer exactly the values that extend to a configuration, after every choice (${mode.name})`, () => {
  for (let seed = 1; seed <= 60; seed++) {
    const rand = prng(seed);
    const model = randomProductModel(rand, [2, 3, 2, 4, 2, 3, 2], 6 + (seed % 7));
    const all = enumerateConfigurations(model);
    if (all.length === 0) continue;
    const session = new Session(model, mode.options);
    const choices: [string, Value][] = [];
    for (let step = 0; step < 4; step++) {
      assertExactDomains(session, model, matching(model, all, choices), `seed ${seed} step ${step}`);
      // Choose a random offered value of a variable not chosen yet.
      const open = session.validDomains().filter((d) => d.chosen === undefined && d.possible.length > 1);
      if (open.length === 0) break;
      const d = open[Math.floor(rand() * open.length)];
      const value = d.possible[Math.floor(rand() * d.possible.length)];
      assert.deepEqual(session.assign(d.variable, value), { ok: true });
      choices.push([d.variable, value]);
    }
  }
});

for (const mode of modes) test(`changing a choice is accepted exactly when it extends, and the domains after it are exact (${mode.name})`, () => {
  for (let seed = 1; seed <= 60; seed++) {
    const rand = prng(1000 + seed);
    const model = randomProductModel(rand, [2, 3, 2, 4, 2, 3, 2], 6 + (seed % 7));
    const all = enumerateConfigurations(model);
    if (all.length === 0) continue;
    const session = new Session(model, mode.options);
    let choices: [string, Value][] = [];
    for (let step = 0; step < 8; step++) {
      // Half the time a new variable's offered value; otherwise any value of a variable already chosen.
      const chosen = session.validDomains().filter((d) => d.chosen !== undefined);
      const open = session.validDomains().filter((d) => d.chosen === undefined && d.possible.length > 1);
      const changing = chosen.length > 0 && (open.length === 0 || rand() < 0.5);
      const pool = changing ? chosen : open;
      if (pool.length === 0) break;
      const d = pool[Math.floor(rand() * pool.length)];
      const values = changing ? [...d.possible, ...d.impossible] : d.possible;
      const value = values[Math.floor(rand() * values.length)];
      const next: [string, Value][] = [...choices.filter(([n]) => n !== d.variable), [d.variable, value]];
      const extends_ = matching(model, all, next).length > 0;
      assert.equal(session.assign(d.variable, value).ok, extends_, `seed ${seed} step ${step}: ${d.variable} = ${String(value)}`);
      if (extends_) choices = next;
      assertExactDomains(session, model, matching(model, all, choices), `seed ${seed} step ${step}`);
    }
  }
});

test('explanations are minimal sets of choices, and repairs are minimum correction sets', () => {
  let explained = 0;
  for (let seed = 100; seed < 220; seed++) {
    const rand = prng(seed);
    const model = randomProductModel(rand, [3, 2, 3, 2, 2, 3, 2, 2], 9);
    const all = enumerateConfigurations(model);
    if (all.length === 0) continue;
    const session = new Session(model);
    const choices: [string, Value][] = [];
    for (let step = 0; step < 5; step++) {
      const open = session.validDomains().filter((d) => d.chosen === undefined && d.possible.length > 1);
      if (open.length === 0) break;
      const d = open[Math.floor(rand() * open.length)];
      const value = d.possible[Math.floor(rand() * d.possible.length)];
      session.assign(d.variable, value);
      choices.push([d.variable, value]);
    }
    for (const d of session.validDomains()) {
      for (const value of d.impossible) {
        const others = choices.filter(([n]) => n !== d.variable);
        const e = session.explain(d.variable, value);
        const withValue = (cs: [string, Value][]): boolean => matching(model, all, [...cs, [d.variable, value]]).length > 0;
        if (withValue(others)) {
          assert.equal(e.kind, 'possible', 'a value free once its own variable is re-chosen is reported possible');
          continue;
        }
        explained++;
        if (e.kind === 'model') {
          assert.equal(withValue([]), false, `seed ${seed}: "model" explanation but the value is not dead`);
          assert.equal(session.repair(d.variable, value), null);
          continue;
        }
        assert.equal(e.kind, 'choices');
        const core: [string, Value][] = e.choices.map((a) => [a.variable, a.value]);
        assert.equal(withValue(core), false, `seed ${seed}: the explanation must exclude the value`);
        for (let i = 0; i < core.length; i++) {
          assert.equal(withValue(core.filter((_, j) => j !== i)), true, `seed ${seed}: explanation not minimal`);
        }
        assert.ok(e.constraints.length > 0, 'the rules involved are named');
        const r = session.repair(d.variable, value);
        assert.ok(r, 'a value excluded only by choices can be repaired');
        const kept = others.filter(([n]) => !r.retract.some((a) => a.variable === n));
        assert.equal(withValue(kept), true, `seed ${seed}: the repair must free the value`);
        // No smaller repair exists: every subset of the other choices of size < |repair| keeps it excluded.
        const smaller = subsetsUpTo(others.length, r.retract.length - 1);
        for (const drop of smaller) {
          assert.equal(withValue(others.filter((_, i) => !drop.includes(i))), false, `seed ${seed}: repair not minimum`);
        }
      }
    }
  }
  assert.ok(explained > 50, `enough unavailable values were explained (${explained})`);
});

test('assigning an unavailable value is refused with its explanation and repair, and the repair applies', () => {
  for (let seed = 300; seed < 400; seed++) {
    const rand = prng(seed);
    const model = randomProductModel(rand, [3, 3, 2, 2, 3], 7);
    if (enumerateConfigurations(model).length === 0) continue;
    const session = new Session(model);
    for (const d of session.validDomains().slice(0, 3)) session.assign(d.variable, d.possible[0]);
    const blocked = session.validDomains().find((d) => d.chosen === undefined && d.impossible.length > 0);
    if (!blocked) continue;
    const value = blocked.impossible[0];
    const result = session.assign(blocked.variable, value);
    assert.equal(result.ok, false);
    if (result.ok || !result.repair) continue;
    assert.equal(session.applyRepair(result.repair).ok, true);
    assert.equal(session.validDomains().find((d) => d.variable === blocked.variable)?.chosen, value);
    return;
  }
  assert.fail('no seed produced a repairable conflict');
});

test('completion: defaults and preferences give valid configurations, cheapest is the exact minimum', () => {
  for (let seed = 500; seed < 560; seed++) {
    const rand = prng(seed);
    const model = randomProductModel(rand, [3, 2, 4, 2, 3, 2], 7, true);
    const all = enumerateConfigurations(model);
    if (all.length === 0) continue;
    const session = new Session(model);
    const first = session.validDomains().find((d) => d.possible.length > 1);
    if (first) session.assign(first.variable, first.possible[first.possible.length - 1]);
    const choices: [string, Value][] = first ? [[first.variable, first.possible[first.possible.length - 1]]] : [];
    const rows = matching(model, all, choices);
    const cost = (r: Config): number => r.reduce((s, k, i) => s + (model.variables[i].costs?.[k] ?? 0), 0);

    for (const strategy of [{ kind: 'defaults' } as const, { kind: 'cheapest' } as const]) {
      const c = session.complete(strategy);
      const config = model.variables.map((v) => v.values.indexOf(c.assignments.find((a) => a.variable === v.name)?.value as Value));
      assert.ok(rows.some((r) => r.every((k, i) => k === config[i])), `seed ${seed} ${strategy.kind}: completion is a valid configuration`);
      assert.equal(c.cost, cost(config));
      if (strategy.kind === 'cheapest') {
        assert.equal(c.optimal, true);
        assert.equal(c.cost, Math.min(...rows.map(cost)), `seed ${seed}: cheapest is optimal`);
      }
      for (const [n, v] of choices) assert.deepEqual(c.assignments.find((a) => a.variable === n), { variable: n, value: v, by: 'user' });
    }
    // Preferences: the first preferred value is taken whenever some completion allows it.
    const target = model.variables[model.variables.length - 1];
    const want = target.values[target.values.length - 1];
    const c = session.complete({ kind: 'preferences', order: { [target.name]: [want] } });
    const allowed = rows.some((r) => r[model.variables.length - 1] === target.values.length - 1);
    assert.equal(c.assignments.find((a) => a.variable === target.name)?.value === want, allowed, `seed ${seed}: preference`);
  }
});

for (const mode of modes) test(`count is the exact number of completions of the current choices (${mode.name})`, () => {
  for (let seed = 700; seed < 740; seed++) {
    const rand = prng(seed);
    const model = randomProductModel(rand, [3, 2, 4, 2, 3, 2, 2], 6);
    const all = enumerateConfigurations(model);
    const session = new Session(model, mode.options);
    assert.equal(session.count().count, BigInt(all.length), `seed ${seed}`);
    if (all.length === 0) continue;
    const d = session.validDomains().find((x) => x.possible.length > 1);
    if (!d) continue;
    session.assign(d.variable, d.possible[0]);
    assert.equal(session.count().count, BigInt(matching(model, all, [[d.variable, d.possible[0]]]).length));
  }
});

test('bad requests get clear errors, never a silent change', () => {
  const model = randomProductModel(prng(1), [3, 2], 0);
  const session = new Session(model);
  assert.throws(() => session.assign('nope', 1), (e: unknown) => e instanceof SessionError && e.code === 'unknown-variable');
  assert.throws(() => session.assign('v0', 'blue'), (e: unknown) => e instanceof SessionError && /values: v0_0, v0_1, v0_2/.test(e.message));
  assert.equal(session.assignments().length, 0);
});

function subsetsUpTo(n: number, k: number): number[][] {
  const out: number[][] = [];
  const visit = (start: number, chosen: number[]): void => {
    out.push(chosen.slice());
    if (chosen.length === k) return;
    for (let i = start; i < n; i++) visit(i + 1, [...chosen, i]);
  };
  if (k >= 0) visit(0, []);
  return out;
}

test('cheapest completion is exact with decimal prices', () => {
  const model = randomProductModel(prng(3), [3, 3], 0);
  model.variables[0].costs = [10.5, 10.2, 10.9];
  model.variables[1].costs = [0.35, 0.3, 0.31];
  const c = new Session(model).complete({ kind: 'cheapest' });
  assert.equal(c.optimal, true);
  assert.ok(Math.abs(c.cost - 10.5) < 1e-9, `cost ${c.cost}`);
  assert.deepEqual(
    c.assignments.map((a) => a.value),
    ['v0_1', 'v1_1'],
  );
});

test('optimize follows the model objectives in priority order (lexicographic), exactly', () => {
  let checked = 0;
  for (let seed = 900; seed < 960; seed++) {
    const rand = prng(seed);
    const model = randomProductModel(rand, [3, 2, 4, 2, 3], 6);
    const all = enumerateConfigurations(model);
    if (all.length === 0) continue;
    // Two objectives with weights of both signs on value literals: maximise the first, then minimise the second.
    const objective = (sense: 'minimize' | 'maximize') => {
      const lits: number[] = [];
      const weights: number[] = [];
      for (const v of model.variables) {
        v.lits.forEach((l, k) => {
          if (v.kind === 'bool' && k === 0) return;
          lits.push(l);
          weights.push(Math.floor(rand() * 11) - 5);
        });
      }
      return { sense, lits, weights, constant: 7 };
    };
    model.objectives = [objective('maximize'), objective('minimize')];
    const valueOf = (o: { lits: number[]; weights: number[]; constant: number }, config: number[]): number =>
      o.constant +
      model.variables.reduce((sum, v, i) => {
        const l = v.lits[config[i]];
        const at = o.lits.indexOf(l);
        return sum + (at >= 0 ? o.weights[at] : 0);
      }, 0);
    const best1 = Math.max(...all.map((c) => valueOf(model.objectives![0], c)));
    const best2 = Math.min(...all.filter((c) => valueOf(model.objectives![0], c) === best1).map((c) => valueOf(model.objectives![1], c)));
    const session = new Session(model);
    const c = session.complete({ kind: 'optimize' });
    assert.equal(c.optimal, true);
    assert.deepEqual(c.objectives, [best1, best2], `seed ${seed}`);
    const config = model.variables.map((v) => v.values.indexOf(c.assignments.find((a) => a.variable === v.name)?.value as Value));
    assert.ok(all.some((r) => r.every((k, i) => k === config[i])), 'a valid configuration');
    assert.deepEqual([valueOf(model.objectives[0], config), valueOf(model.objectives[1], config)], [best1, best2]);
    // The session is unchanged: its valid domains are those of no choice at all.
    assert.ok(session.validDomains().every((d) => d.chosen === undefined));
    checked++;
  }
  assert.ok(checked > 30);
});

for (const mode of modes) test(`valid domains are frozen and shared while unchanged, within a session and across sessions (${mode.name})`, () => {
  const model = randomProductModel(prng(7), [3, 2, 4, 2, 3], 8);
  const one = new Session(model, mode.options);
  const other = new Session(model, mode.options);
  const before = one.validDomains();
  for (const d of before) {
    assert.ok(Object.isFrozen(d) && Object.isFrozen(d.possible) && Object.isFrozen(d.impossible));
    assert.throws(() => (d.possible as Value[]).push(0), TypeError);
  }
  // Another session on the model, with the same choices, hands out the very same objects.
  assert.ok(other.validDomains().every((d, i) => d === before[i]));
  const [first] = before;
  assert.ok(one.assign(first.variable, first.possible[0]).ok);
  const after = one.validDomains();
  assert.notEqual(after[0], before[0], 'the chosen variable has a new domain (its choice)');
  assert.equal(after[0].chosen, first.possible[0]);
  for (let i = 1; i < after.length; i++) {
    const same = after[i].possible.join() === before[i].possible.join() && after[i].impossible.join() === before[i].impossible.join();
    assert.equal(after[i] === before[i], same, `${after[i].variable}: reused exactly when unchanged`);
  }
  one.retract(first.variable);
  assert.ok(one.validDomains().every((d, i) => d === before[i]), 'back to the first domains, back to the same objects');
});
