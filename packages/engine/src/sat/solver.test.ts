import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Solver } from './solver.ts';
import { Cnf, type Lit } from './cnf.ts';
import { prng, randomCnf } from '../testing/random-models.ts';

function load(n: number, clauses: readonly Lit[][]): Solver {
  const s = new Solver();
  s.reserveVars(n);
  for (const c of clauses) s.addClause(c);
  return s;
}

function satisfies(s: Solver, clauses: readonly Lit[][]): boolean {
  return clauses.every((c) => c.some((l) => s.modelValue(l)));
}

function bruteForce(n: number, clauses: readonly Lit[][], assumptions: readonly Lit[] = []): boolean {
  for (let m = 0; m < 1 << n; m++) {
    const holds = (l: Lit): boolean => ((m >> (Math.abs(l) - 1)) & 1) === (l > 0 ? 1 : 0);
    if (assumptions.every(holds) && clauses.every((c) => c.some(holds))) return true;
  }
  return false;
}

/** Runs a reference solver (minisat exits 10/20, cadical prints "s SATISFIABLE"); null when not installed. */
function reference(name: 'minisat' | 'cadical', file: string): 'sat' | 'unsat' | null {
  const r = spawnSync(name, name === 'minisat' ? ['-verb=0', file] : ['-q', file], { encoding: 'utf8' });
  if (r.error) return null;
  if (r.status === 10) return 'sat';
  if (r.status === 20) return 'unsat';
  throw new Error(`${name} exited with ${r.status}: ${r.stderr}`);
}

test('agrees with brute force on small random formulas, with and without assumptions, and its models are models', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const rand = prng(seed);
    const n = 4 + (seed % 9);
    const clauses = randomCnf(rand, n, 8 + Math.floor(rand() * 40), 3);
    const s = load(n, clauses);
    for (let round = 0; round < 4; round++) {
      const assumptions = round === 0 ? [] : randomCnf(rand, n, 1, 3)[0];
      const expected = bruteForce(n, clauses, assumptions);
      const got = s.solve(assumptions);
      assert.equal(got, expected ? 'sat' : 'unsat', `seed ${seed} round ${round}`);
      if (got === 'sat') {
        assert.ok(satisfies(s, clauses), `seed ${seed}: model violates a clause`);
        for (const a of assumptions) assert.ok(s.modelValue(a), `seed ${seed}: model violates an assumption`);
      } else {
        const core = s.failedAssumptions();
        for (const l of core) assert.ok(assumptions.includes(l), 'core is a subset of the assumptions');
        assert.equal(bruteForce(n, clauses, core), false, `seed ${seed}: failed assumptions are not a core`);
      }
    }
  }
});

/** m clauses of exactly three distinct variables out of n. */
function random3Sat(rand: () => number, n: number, m: number): Lit[][] {
  const clauses: Lit[][] = [];
  for (let c = 0; c < m; c++) {
    const clause: Lit[] = [];
    while (clause.length < 3) {
      const v = 1 + Math.floor(rand() * n);
      if (clause.some((l) => Math.abs(l) === v)) continue;
      clause.push(rand() < 0.5 ? v : -v);
    }
    clauses.push(clause);
  }
  return clauses;
}

test('agrees with minisat and cadical on random 3-SAT near the threshold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-sat-'));
  let compared = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const rand = prng(seed * 7919);
    const n = 60 + (seed % 5) * 20;
    const m = Math.round(n * 4.26);
    const clauses = random3Sat(rand, n, m);
    const file = join(dir, `r${seed}.cnf`);
    writeFileSync(file, `p cnf ${n} ${m}\n${clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n`);
    const s = load(n, clauses);
    const ours = s.solve();
    if (ours === 'sat') assert.ok(satisfies(s, clauses), `seed ${seed}: model violates a clause`);
    for (const name of ['minisat', 'cadical'] as const) {
      const theirs = reference(name, file);
      if (theirs === null) continue;
      compared++;
      assert.equal(ours, theirs, `seed ${seed}: ${name} says ${theirs}`);
    }
  }
  if (compared === 0) console.log('# minisat/cadical not installed: reference comparison skipped');
});

test('backjumps over hundreds of levels (chronological backtracking) keep answers, models and cores right', () => {
  // Eight free padding variables decided before each formula decision put hundreds of levels between
  // a conflict and where its learnt clause belongs, as a configurator's preferred values do (these
  // instances backtrack chronologically over a hundred times in all).
  const dir = mkdtempSync(join(tmpdir(), 'atelier-chrono-'));
  let compared = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const rand = prng(seed * 4099);
    const n = 60 + (seed % 3) * 20;
    const clauses = random3Sat(rand, n, Math.round(n * 4.26));
    const per = 8;
    const s = load(n + per * n, clauses);
    const order: Lit[] = [];
    for (let v = 1; v <= n; v++) {
      for (let k = 1; k <= per; k++) order.push(n + (v - 1) * per + k);
      order.push(rand() < 0.5 ? v : -v);
    }
    s.preferLiterals(order);
    const ours = s.solve();
    if (ours === 'sat') assert.ok(satisfies(s, clauses), `seed ${seed}: model violates a clause`);
    const file = join(dir, `c${seed}.cnf`);
    writeFileSync(file, `p cnf ${n} ${clauses.length}\n${clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n`);
    for (const name of ['minisat', 'cadical'] as const) {
      const theirs = reference(name, file);
      if (theirs === null) continue;
      compared++;
      assert.equal(ours, theirs, `seed ${seed}: ${name} says ${theirs}`);
    }
    // Under assumptions too: a failed core must itself be inconsistent with the clauses.
    for (let round = 0; round < 5 && ours === 'sat'; round++) {
      const assumptions = Array.from({ length: 6 }, () => (rand() < 0.5 ? 1 : -1) * (1 + Math.floor(rand() * n)));
      const got = s.solve(assumptions);
      if (got === 'sat') assert.ok(satisfies(s, clauses) && assumptions.every((a) => s.modelValue(a)), `seed ${seed}.${round}`);
      else {
        const core = s.failedAssumptions();
        assert.ok(core.every((l) => assumptions.includes(l)), `seed ${seed}.${round}: core outside the assumptions`);
        assert.equal(load(n, clauses).solve(core), 'unsat', `seed ${seed}.${round}: the core is satisfiable`);
      }
    }
  }
  if (compared === 0) console.log('# minisat/cadical not installed: reference comparison skipped');
});

test('stays correct across thousands of incremental calls with clauses added between them', () => {
  const rand = prng(42);
  const n = 40;
  const clauses = randomCnf(rand, n, 120, 3).filter((c) => c.length > 1);
  const s = load(n, clauses);
  const all = clauses.slice();
  for (let call = 0; call < 2000; call++) {
    const assumptions = [1 + Math.floor(rand() * n), -(1 + Math.floor(rand() * n))];
    const r = s.solve(assumptions);
    if (r === 'sat') assert.ok(satisfies(s, all) && assumptions.every((a) => s.modelValue(a)));
    if (call % 100 === 99) {
      const extra = randomCnf(rand, n, 1, 3)[0];
      if (extra.length < 3) continue;
      s.addClause(extra);
      all.push(extra);
    }
  }
  // The final answer must agree with a fresh solver on the accumulated clauses.
  assert.equal(s.solve(), load(n, all).solve());
});

test('weighted at-most constraints bound the cost and can be tightened and retired', () => {
  for (let seed = 1; seed <= 100; seed++) {
    const rand = prng(seed);
    const n = 8;
    const clauses = randomCnf(rand, n, 10, 3);
    const weights = Array.from({ length: n }, () => Math.floor(rand() * 6));
    const lits = Array.from({ length: n }, (_, i) => (rand() < 0.5 ? i + 1 : -(i + 1)));
    const cost = (m: number): number =>
      lits.reduce((sum, l, i) => sum + (((m >> (Math.abs(l) - 1)) & 1) === (l > 0 ? 1 : 0) ? weights[i] : 0), 0);
    let best = Infinity;
    for (let m = 0; m < 1 << n; m++) {
      const holds = (l: Lit): boolean => ((m >> (Math.abs(l) - 1)) & 1) === (l > 0 ? 1 : 0);
      if (clauses.every((c) => c.some(holds))) best = Math.min(best, cost(m));
    }
    const s = load(n, clauses);
    if (best === Infinity) continue;
    const id = s.addAtMost(lits, weights, 1000);
    let bound = 1000;
    while (s.solve() === 'sat') {
      const c = lits.reduce((sum, l, i) => sum + (s.modelValue(l) ? weights[i] : 0), 0);
      assert.ok(c <= bound, `seed ${seed}: cost ${c} over bound ${bound}`);
      bound = c - 1;
      if (bound < 0 || !s.tightenAtMost(id, bound)) break;
    }
    assert.equal(bound + 1, best, `seed ${seed}: linear search reaches the optimum`);
  }
});

test('addClauses and a flat CNF load a formula exactly as addClause one by one would', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rand = prng(seed * 31);
    const n = 4 + (seed % 9);
    // Units and binaries among them, so some clauses are decided by units not yet propagated.
    const clauses = randomCnf(rand, n, 4 + Math.floor(rand() * 40), 3);
    const bulk = new Solver();
    bulk.reserveVars(n);
    bulk.addClauses(clauses);
    const flat = new Solver();
    flat.reserveVars(n);
    flat.addCnf(packedCnf(n, clauses));
    const expected = bruteForce(n, clauses);
    for (let round = 0; round < 4; round++) {
      const assumptions = round === 0 ? [] : randomCnf(rand, n, 1, 2)[0];
      const want = bruteForce(n, clauses, assumptions) ? 'sat' : 'unsat';
      for (const [how, s] of [['addClauses', bulk], ['addCnf', flat]] as const) {
        const got = s.solve(assumptions);
        assert.equal(got, want, `${how}: seed ${seed} round ${round}`);
        if (got === 'sat') assert.ok(satisfies(s, clauses), `${how}: seed ${seed}: model violates a clause`);
      }
    }
    assert.equal(bulk.okay || expected, bulk.okay, `seed ${seed}: a satisfiable formula was declared unsatisfiable`);
    assert.equal(flat.okay || expected, flat.okay, `seed ${seed}: a satisfiable flat formula was declared unsatisfiable`);
  }
});

function packedCnf(n: number, clauses: readonly Lit[][]): Cnf {
  const start = new Int32Array(clauses.length + 1);
  clauses.forEach((c, i) => (start[i + 1] = start[i] + c.length));
  return new Cnf(n, { count: clauses.length, lits: Int32Array.from(clauses.flat()), start });
}

test('a flat CNF gives its clauses as arrays on demand, and from then on they are the formula', () => {
  const cnf = packedCnf(3, [[1, -2], [], [3, 2, -1]]);
  assert.equal(cnf.clauseCount, 3);
  assert.deepEqual(cnf.owners, [-1, -1, -1]);
  assert.notEqual(cnf.packed, null);
  assert.deepEqual(cnf.clauses, [[1, -2], [], [3, 2, -1]]);
  assert.equal(cnf.packed, null);
  cnf.addClause([-3]);
  assert.equal(cnf.clauseCount, 4);
  assert.deepEqual(cnf.owners, [-1, -1, -1, -1]);
  const s = new Solver();
  s.reserveVars(3);
  s.addCnf(cnf);
  assert.equal(s.okay, false, 'the empty clause makes it unsatisfiable');
  assert.throws(() => new Solver().addClause([0.5]), RangeError);
});

test('temporary clauses hold while assumed, and leave nothing behind once removed', () => {
  for (let seed = 1; seed <= 120; seed++) {
    const rand = prng(seed * 131);
    const n = 5 + (seed % 6);
    const clauses = randomCnf(rand, n, 6 + Math.floor(rand() * 30), 3);
    const s = load(n, clauses);
    const acts = new Set<number>();
    for (let round = 0; round < 12; round++) {
      const extra = randomCnf(rand, n, 1, 4)[0];
      const assumptions = rand() < 0.5 ? [] : randomCnf(rand, n, 1, 2)[0];
      const act = s.addTemporaryClause(extra);
      acts.add(act);
      const got = s.solve([...assumptions, act]);
      assert.equal(got, bruteForce(n, [...clauses, extra], assumptions) ? 'sat' : 'unsat', `seed ${seed} round ${round}: with the clause`);
      if (got === 'sat') assert.ok(satisfies(s, [...clauses, extra]), `seed ${seed}: model violates a clause`);
      else assert.ok(s.failedAssumptions().every((l) => l === act || assumptions.includes(l)));
      s.removeTemporaryClause(act);
      // Whatever was learnt under the clause must not constrain later questions.
      for (let k = 0; k < 3; k++) {
        const probe = randomCnf(rand, n, 1, 3)[0];
        assert.equal(s.solve(probe), bruteForce(n, clauses, probe) ? 'sat' : 'unsat', `seed ${seed} round ${round}: after removal`);
      }
    }
    // Activation variables are recycled rather than one per question.
    assert.ok(acts.size < 12 || !s.okay, `seed ${seed}: ${acts.size} activation variables for 12 questions`);
  }
});

test('temporary clauses stay sound through thousands of conflicts, their activations reused', () => {
  let conflicts = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const rand = prng(seed);
    const n = 60;
    const clauses = random3Sat(rand, n, 240);
    const s = load(n, clauses);
    const fresh = (extra: Lit[][], assumptions: Lit[]): SolveResultLike => load(n, [...clauses, ...extra]).solve(assumptions);
    for (let round = 0; round < 60; round++) {
      // Narrow clauses make strong learnt clauses under the activation: stale ones would show.
      const extra = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => (1 + Math.floor(rand() * n)) * (rand() < 0.5 ? 1 : -1));
      const assumptions = Array.from({ length: 3 }, () => (1 + Math.floor(rand() * n)) * (rand() < 0.5 ? 1 : -1));
      const act = s.addTemporaryClause(extra);
      assert.equal(s.solve([...assumptions, act]), fresh([extra], assumptions), `seed ${seed} round ${round}: with the clause`);
      s.removeTemporaryClause(act);
      if (round % 10 === 9) assert.equal(s.solve(assumptions), fresh([], assumptions), `seed ${seed} round ${round}: after removal`);
    }
    conflicts += s.stats.conflicts;
  }
  assert.ok(conflicts > 3000, `only ${conflicts} conflicts: the test does not stress learning`);
});

type SolveResultLike = ReturnType<Solver['solve']>;

test('model rotation reaches only literals some model holds, refutes only impossible ones, and ends on a model', () => {
  let reached = 0;
  let refuted = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const rand = prng(seed * 977);
    const n = 6 + (seed % 10);
    const clauses = randomCnf(rand, n, 4 + Math.floor(rand() * 25), 3);
    const s = load(n, clauses);
    const assumptions = randomCnf(rand, n, 1, 2)[0];
    if (s.solve(assumptions) !== 'sat') continue;
    const wanted = Array.from({ length: n }, (_, i) => (rand() < 0.5 ? i + 1 : -(i + 1)));
    const status = s.rotateModel(wanted, assumptions);
    assert.ok(satisfies(s, clauses), `seed ${seed}: the walk ends outside the clauses`);
    for (const a of assumptions) assert.ok(s.modelValue(a), `seed ${seed}: the walk ends outside the assumptions`);
    wanted.forEach((l, i) => {
      const possible = bruteForce(n, clauses, [...assumptions, l]);
      if (status[i] === 1) assert.ok(possible, `seed ${seed}: ${l} reached but impossible`);
      if (status[i] === 2) assert.ok(!possible, `seed ${seed}: ${l} refuted but possible`);
      if (status[i] === 1) reached++;
      if (status[i] === 2) refuted++;
    });
  }
  assert.ok(reached > 300 && refuted > 30, `reached ${reached}, refuted ${refuted}: the test does not exercise the walk`);
});

test('model rotation keeps weighted at-most constraints: every move stays within the bound', () => {
  let reached = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const rand = prng(seed * 1553);
    const n = 6 + (seed % 8);
    const clauses = randomCnf(rand, n, 3 + Math.floor(rand() * 12), 3);
    const s = load(n, clauses);
    const lits = Array.from({ length: n }, (_, i) => i + 1);
    const weights = lits.map(() => 1 + Math.floor(rand() * 5));
    const bound = Math.floor(weights.reduce((x, y) => x + y, 0) / 3);
    if (s.addAtMost(lits, weights, bound) < 0 || s.solve() !== 'sat') continue;
    const cost = (pick: (l: Lit) => boolean): number => lits.reduce((sum, l, i) => sum + (pick(l) ? weights[i] : 0), 0);
    const wanted = Array.from({ length: n }, (_, i) => (rand() < 0.5 ? i + 1 : -(i + 1)));
    const status = s.rotateModel(wanted, []);
    assert.ok(satisfies(s, clauses), `seed ${seed}: the walk ends outside the clauses`);
    assert.ok(cost((l) => s.modelValue(l)) <= bound, `seed ${seed}: the walk ends above the bound`);
    wanted.forEach((l, i) => {
      if (status[i] !== 1) return;
      reached++;
      let possible = false;
      for (let m = 0; m < 1 << n && !possible; m++) {
        const holds = (x: Lit): boolean => ((m >> (Math.abs(x) - 1)) & 1) === (x > 0 ? 1 : 0);
        possible = holds(l) && clauses.every((c) => c.some(holds)) && cost(holds) <= bound;
      }
      assert.ok(possible, `seed ${seed}: ${l} reached but impossible within the bound`);
    });
  }
  assert.ok(reached > 200, `reached ${reached}: the test does not exercise the walk`);
});
