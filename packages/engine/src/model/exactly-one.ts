import type { Lit } from '../sat/cnf.ts';
import type { Gates } from './gates.ts';

/** Up to this many values, at-most-one is pairwise (no auxiliaries, n(n-1)/2 binary clauses). */
export const PAIRWISE_MAX = 8;

/**
 * Exactly one of `lits` (structural clauses). Larger groups use a ladder whose rungs are fully
 * defined, y_i <-> (x_1 ∨ … ∨ x_i), so they are functions of the product variables and counting
 * stays exact; unit propagation on the ladder is as strong as on the pairwise form.
 */
export function exactlyOne(lits: readonly Lit[], gates: Gates, pairwiseMax = PAIRWISE_MAX): void {
  const n = lits.length;
  gates.define(lits);
  if (n <= pairwiseMax) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) gates.define([-lits[i], -lits[j]]);
    return;
  }
  // prev = y_{i-1}; y_1 is x_1 itself.
  let prev = lits[0];
  for (let i = 1; i < n; i++) {
    const x = lits[i];
    gates.define([-x, -prev]);
    if (i === n - 1) break;
    const y = gates.fresh();
    gates.define([-prev, y]);
    gates.define([-x, y]);
    gates.define([-y, prev, x]);
    prev = y;
  }
}
