import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANY, FALSE_NODE, Mdd, TRUE_NODE, linearMdd, tableMdd } from './mdd.ts';
import { Cnf } from '../sat/cnf.ts';
import { Gates } from './gates.ts';
import { encodeMdd } from './mdd-encode.ts';

function accepts(mdd: Mdd, root: number, values: number[], first = 0): boolean {
  let u = root;
  while (u > TRUE_NODE) u = mdd.child(u, values[mdd.level[u] - first]);
  return u === TRUE_NODE;
}

function* tuples(sizes: number[]): Generator<number[]> {
  if (sizes.length === 0) {
    yield [];
    return;
  }
  for (const rest of tuples(sizes.slice(1))) for (let v = 0; v < sizes[0]; v++) yield [v, ...rest];
}

test('tables: a trie merged bottom-up, with shared suffixes', () => {
  const mdd = new Mdd([3, 3, 3]);
  // x0 = 1 and x0 = 2 share one node; x2 = 0 after x1 = 0 is one node for all three branches.
  const rows = [
    [0, 0, 0],
    [1, 0, 0],
    [2, 0, 0],
    [0, 1, 2],
  ];
  const root = tableMdd(mdd, 0, 3, rows);
  for (const t of tuples([3, 3, 3])) assert.equal(accepts(mdd, root, t), rows.some((r) => r.every((x, i) => x === t[i])), t.join());
  assert.equal(mdd.reachable(root).length, 5);
});

test('canonical: the same function gives the same node; complement is an involution', () => {
  const mdd = new Mdd([2, 3, 2, 4]);
  const a = tableMdd(mdd, 0, 4, [
    [0, 1, 1, 3],
    [1, [0, 2], ANY, 0],
  ]);
  const b = tableMdd(mdd, 0, 4, [
    [1, 2, 0, 0],
    [0, 1, 1, 3],
    [1, 0, 1, 0],
    [1, 0, 0, 0],
    [1, 2, 1, 0],
  ]);
  assert.equal(a, b);
  const c = mdd.complement(a);
  assert.notEqual(c, a);
  assert.equal(mdd.complement(c), a);
  for (const t of tuples([2, 3, 2, 4])) assert.notEqual(accepts(mdd, a, t), accepts(mdd, c, t));
  assert.equal(mdd.complement(TRUE_NODE), FALSE_NODE);
});

test('linear: partial sums merge, decided sums become terminals', () => {
  const n = 30;
  const mdd = new Mdd(new Array(n).fill(2));
  const root = linearMdd(mdd, 0, new Array(n).fill([0, 1]), '<=', 2);
  // A sequential counter: about 3 nodes per level, far from 2^30 paths.
  assert.ok(mdd.reachable(root).length <= 3 * n, String(mdd.reachable(root).length));
  const x = new Array(n).fill(0);
  x[3] = x[17] = 1;
  assert.ok(accepts(mdd, root, x));
  x[29] = 1;
  assert.ok(!accepts(mdd, root, x));
  assert.equal(linearMdd(mdd, 0, [[0, 1], [0, 5]], '<=', 6), TRUE_NODE);
  assert.equal(linearMdd(mdd, 0, [[0, 1], [0, 5]], '>', 6), FALSE_NODE);
});

test('encoding: node gates, units at the root, definitions are structural', () => {
  const cnf = new Cnf();
  const lits = [
    [1, 2, 3].map(() => cnf.newVar()),
    [1, 2, 3].map(() => cnf.newVar()),
  ];
  const mdd = new Mdd([3, 3]);
  const root = tableMdd(mdd, 0, 2, [
    [0, 0],
    [0, 1],
    [1, 2],
  ]);
  cnf.owner = 7;
  const stats = encodeMdd(mdd, root, lits, new Gates(cnf), (c) => cnf.addClause(c));
  assert.equal(stats.nodes, 3);
  // The root excludes value 2 of x0 by a unit clause; its children are x0's own literals, no new variable.
  assert.ok(cnf.clauses.some((c) => c.length === 1 && c[0] === -lits[0][2]));
  assert.equal(cnf.numVars, 6);
  assert.ok(cnf.owners.every((o) => o === 7 || o === -1));
});
