import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countModels, type CountOptions } from './counter.ts';
import { readDimacsCnf } from '../io/dimacs.ts';
import { benchmarkPath } from '../testing/benchmarks.ts';
import type { Lit } from '../sat/cnf.ts';
import { prng as mulberry32 } from '../testing/prng.ts';

type Clauses = Lit[][];

function loadBenchmark(relative: string): { numVars: number; clauses: Clauses } {
  return readDimacsCnf(readFileSync(benchmarkPath(relative), 'utf8'), relative).cnf;
}


/** Enumerates all 2^numVars assignments as bitmasks (bit v-1 is variable v). */
function bruteForce(numVars: number, clauses: Clauses, assumptions: readonly Lit[] = []): bigint {
  const masks = [...clauses, ...assumptions.map((l) => [l])].map((c) => {
    let pos = 0;
    let neg = 0;
    for (const l of c) {
      if (l > 0) pos |= 1 << (l - 1);
      else neg |= 1 << (-l - 1);
    }
    return [pos, neg] as const;
  });
  let count = 0;
  for (let a = 0; a < 1 << numVars; a++) {
    let ok = true;
    for (const [pos, neg] of masks) {
      if ((a & pos) === 0 && (~a & neg) === 0) {
        ok = false;
        break;
      }
    }
    if (ok) count++;
  }
  return BigInt(count);
}

function randomCnf(rand: () => number): { numVars: number; clauses: Clauses } {
  const numVars = 8 + Math.floor(rand() * 7);
  const numClauses = 10 + Math.floor(rand() * 31);
  const clauses: Clauses = [];
  for (let i = 0; i < numClauses; i++) {
    // Mostly binary and ternary clauses, like configuration models; duplicates and tautologies allowed.
    const r = rand();
    const width = r < 0.1 ? 1 : r < 0.55 ? 2 : r < 0.85 ? 3 : 4;
    const clause: Lit[] = [];
    for (let k = 0; k < width; k++) {
      const v = 1 + Math.floor(rand() * numVars);
      clause.push(rand() < 0.5 ? v : -v);
    }
    clauses.push(clause);
  }
  return { numVars, clauses };
}

function randomAssumptions(rand: () => number, numVars: number): Lit[] {
  const k = 1 + Math.floor(rand() * 3);
  const out: Lit[] = [];
  for (let i = 0; i < k; i++) {
    const v = 1 + Math.floor(rand() * numVars);
    out.push(rand() < 0.5 ? v : -v);
  }
  return out;
}

function count(cnf: { numVars: number; clauses: Clauses }, options?: CountOptions): bigint {
  const outcome = countModels(cnf, options);
  assert.notEqual(outcome.count, null);
  return outcome.count as bigint;
}

test('small feature models: exact counts', () => {
  const expected: [string, bigint][] = [
    ['fmb-dimacs/small/berkeleydb.dimacs', 32n],
    ['fmb-dimacs/small/e-shop.dimacs', 247496437923840n],
    ['fmb-dimacs/small/bank.dimacs', 52582279903621926514707790823424n],
    ['fmb-dimacs/small/pc-richmond.dimacs', 3326549945784326553600n],
    ['fmb-dimacs/small/printer.dimacs', 2278241108363321839974600000n],
    ['fmb-dimacs/medium/financialservices01-2018-05-09.dimacs', 97451212554676n],
  ];
  for (const [file, want] of expected) assert.equal(count(loadBenchmark(file)), want, file);
});

test('medium feature models: digit counts and leading digits', () => {
  // RESULTS.md gives these as digit counts and a mantissa rounded to three digits (sharpSAT).
  const expected: [string, number, string][] = [
    ['fmb-dimacs/medium/busybox-1.18.0.dimacs', 202, '206'],
    ['fmb-dimacs/medium/embtoolkit.dimacs', 97, '513'],
    ['fmb-dimacs/medium/automotive01.dimacs', 211, '528'],
  ];
  for (const [file, digits, lead] of expected) {
    const text = count(loadBenchmark(file)).toString();
    assert.equal(text.length, digits, file);
    assert.equal(String(Math.round(Number(text.slice(0, 4)) / 10)), lead, `${file}: ${text.slice(0, 10)}…`);
  }
});

test('renault-medium: 278744 configurations', () => {
  assert.equal(count(loadBenchmark('renault-br4cp/renault-medium.cnf')), 278744n);
});

test('assumptions on a real model agree with unit clauses', () => {
  const cnf = loadBenchmark('fmb-dimacs/small/pc-richmond.dimacs');
  const total = count(cnf);
  let sum = 0n;
  for (const lit of [5, -5]) {
    const viaAssumption = count(cnf, { assumptions: [lit] });
    const viaClause = count({ numVars: cnf.numVars, clauses: [...cnf.clauses, [lit]] });
    assert.equal(viaAssumption, viaClause);
    sum += viaAssumption;
  }
  assert.equal(sum, total);
});

test('random CNFs agree with brute force, with and without assumptions', () => {
  const rand = mulberry32(0xc0ffee);
  for (let round = 0; round < 400; round++) {
    const cnf = randomCnf(rand);
    assert.equal(count(cnf), bruteForce(cnf.numVars, cnf.clauses), `round ${round}: ${JSON.stringify(cnf)}`);
    const assumptions = randomAssumptions(rand, cnf.numVars);
    const branchFirst = [1 + Math.floor(rand() * cnf.numVars), 1 + Math.floor(rand() * cnf.numVars)];
    assert.equal(
      count(cnf, { assumptions, branchFirst }),
      bruteForce(cnf.numVars, cnf.clauses, assumptions),
      `round ${round} assuming ${assumptions.join(' ')}: ${JSON.stringify(cnf)}`,
    );
  }
});

test('random CNFs agree with brute force when branching by occurrence counts', () => {
  // A clause wider than the tree-decomposition width limit switches the branching heuristic; it is
  // over fresh variables, so it multiplies the count by 2^k - 1.
  const rand = mulberry32(42);
  const k = 300;
  for (let round = 0; round < 150; round++) {
    const cnf = randomCnf(rand);
    const wide: Lit[] = [];
    for (let v = cnf.numVars + 1; v <= cnf.numVars + k; v++) wide.push(rand() < 0.5 ? v : -v);
    const padded = { numVars: cnf.numVars + k, clauses: [...cnf.clauses, wide] };
    const factor = (1n << BigInt(k)) - 1n;
    assert.equal(count(padded), bruteForce(cnf.numVars, cnf.clauses) * factor, `round ${round}`);
    const assumptions = randomAssumptions(rand, cnf.numVars);
    assert.equal(
      count(padded, { assumptions }),
      bruteForce(cnf.numVars, cnf.clauses, assumptions) * factor,
      `round ${round} assuming ${assumptions.join(' ')}`,
    );
  }
});

test('random CNFs agree with brute force when ids are large and far apart', () => {
  // Cache keys store id deltas in a variable-length code; spread ids make those deltas multi-byte.
  const rand = mulberry32(7);
  const spread = 3000;
  for (let round = 0; round < 25; round++) {
    const cnf = randomCnf(rand);
    const z = cnf.numVars * spread + 1;
    const numVars = z;
    const map = (l: Lit): Lit => (l > 0 ? l * spread : -(-l * spread));
    // Clauses satisfied by the unit z push the random clauses' ids past 20,000.
    const filler: Clauses = Array.from({ length: 20000 }, (_, i) => [z, map(1 + (i % cnf.numVars)), -map(1)]);
    const clauses = [[z], ...filler, ...cnf.clauses.map((c) => c.map(map))];
    const free = 1n << BigInt(numVars - 1 - cnf.numVars);
    assert.equal(count({ numVars, clauses }), bruteForce(cnf.numVars, cnf.clauses) * free, `round ${round}`);
  }
});

test('edge cases', () => {
  assert.equal(count({ numVars: 0, clauses: [] }), 1n);
  assert.equal(count({ numVars: 70, clauses: [] }), 1n << 70n);
  assert.equal(count({ numVars: 3, clauses: [[]] }), 0n);
  assert.equal(count({ numVars: 3, clauses: [[1, -1]] }), 8n);
  assert.equal(count({ numVars: 3, clauses: [[1, 1, 2]] }), 6n);
  assert.equal(count({ numVars: 2, clauses: [[1], [-1]] }), 0n);
  assert.equal(count({ numVars: 2, clauses: [[1, 2]] }, { assumptions: [-1, -2] }), 0n);
  assert.equal(count({ numVars: 2, clauses: [] }, { assumptions: [1, -1] }), 0n);
  assert.equal(count({ numVars: 2, clauses: [] }, { assumptions: [1, 1] }), 2n);
  // Variables left in satisfied clauses only are free.
  assert.equal(count({ numVars: 4, clauses: [[1, 2, 3, 4], [1, -2]] }, { assumptions: [1] }), 8n);
  assert.throws(() => countModels({ numVars: 2, clauses: [[3]] }), RangeError);
  assert.throws(() => countModels({ numVars: 2, clauses: [] }, { assumptions: [0] }), RangeError);
});

test('a long path does not overflow the stack', () => {
  // Clauses (x_v or x_v+1) along a path: each decision removes one or two variables and leaves one
  // component, so the search goes about n levels deep. Models are the bit strings without two
  // adjacent zeros, counted by a Fibonacci recurrence.
  const n = 4000;
  const clauses: Clauses = [];
  for (let v = 1; v < n; v++) clauses.push([v, v + 1]);
  let a = 2n;
  let b = 3n;
  for (let k = 3; k <= n; k++) [a, b] = [b, a + b];
  assert.equal(count({ numVars: n, clauses }), b);
});

test('a tiny timeout on a hard model returns null instead of hanging', () => {
  let calls = 0;
  const outcome = countModels(loadBenchmark('fmb-dimacs/medium/freebsd-8.0.0.dimacs'), {
    timeoutMs: 200,
    onProgress: (info) => {
      calls++;
      assert.ok(info.decisions >= 0 && info.cacheEntries >= 0 && info.elapsedMs >= 0);
    },
  });
  assert.equal(outcome.count, null);
  assert.ok(outcome.decisions > 0);
  assert.ok(calls >= 1, 'progress is reported at least when the count stops');
});
