import type { Lit } from '../sat/cnf.ts';
import type { Solver } from '../sat/solver.ts';
import type { DomainProgress } from '../session/domains.ts';

const FIRST_CHUNK = 8;
const MAX_CHUNK = 256;
/**
 * A model walk costs a few passes over the formula however few values it is after (freebsd-icse11:
 * 78 values left of 1,391 after two models, 0.32 G instructions walking against 0.03 G for the 15
 * chunked calls that settle them instead); it is tried only while more than 1/WALK_SHARE of the
 * values open after the first model are still open.
 */
const WALK_SHARE = 8;

export interface BackboneResult {
  /** A byte per tracked literal: 1 if it holds in some model, 0 if in none; null when there is no model. */
  possible: Uint8Array | null;
  solverCalls: number;
}

/**
 * Which tracked literals hold in some model of the solver's clauses: the backbone from scratch, by
 * the same means as the session's valid domains (steered models, chunked "one of these" calls whose
 * refutation kills the whole chunk, model walks), without what choices need there: no assumptions,
 * no stored witnesses, no checks against earlier answers. Every refuted literal becomes a unit clause.
 */
export function searchBackbone(solver: Solver, tracked: readonly Lit[], onProgress?: (p: DomainProgress) => void): BackboneResult {
  const n = tracked.length;
  const possible = new Uint8Array(n);
  const impossible = new Uint8Array(n);
  let calls = 1;

  // The first model selects what it can, which leaves the steered ones after it less to find.
  const positive: Lit[] = [];
  for (let i = 0; i < n; i++) if (tracked[i] > 0) positive.push(tracked[i]);
  solver.preferLiterals(positive);
  const first = solver.solve([]);
  solver.preferLiterals([]);
  if (first !== 'sat') return { possible: null, solverCalls: calls };
  markModel(solver, tracked, possible);

  // Open: neither seen in a model nor false at the root. Kept as a list of tracked indices.
  const open = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (possible[i]) continue;
    if (solver.rootValue(tracked[i]) === -1) impossible[i] = 1;
    else open[count++] = i;
  }
  const total = count;
  let chunk = FIRST_CHUNK;
  let lastReport = performance.now();
  const lits: Lit[] = [];
  const preferred: Lit[] = [];
  while (count > 0) {
    const take = Math.min(chunk, count);
    lits.length = 0;
    for (let k = 0; k < take; k++) lits.push(tracked[open[k]]);
    // Open values first, so each model covers as many of them as it can.
    preferred.length = 0;
    for (let k = 0; k < count; k++) preferred.push(tracked[open[k]]);
    solver.preferLiterals(preferred);
    const act = take === 1 ? 0 : solver.addTemporaryClause(lits);
    calls++;
    const result = solver.solve(act ? [act] : lits);
    if (act) solver.removeTemporaryClause(act);
    if (result === 'sat') {
      markModel(solver, tracked, possible);
      chunk = Math.max(1, chunk >> 1);
    } else {
      // No assumption but the chunk's own: each of its values is dead whatever is chosen.
      const units: Lit[][] = [];
      for (let k = 0; k < take; k++) {
        impossible[open[k]] = 1;
        units.push([-tracked[open[k]]]);
      }
      solver.addClauses(units);
      chunk = Math.min(MAX_CHUNK, chunk * 2);
    }
    const before = count;
    count = compact(open, count, possible, impossible);
    // Walking pays once models stop covering most of what is left (e.g. among many alternatives),
    // while much is still open.
    if (result === 'sat' && count * 2 > before && count * WALK_SHARE > total) {
      count = walk(solver, tracked, open, count, possible, impossible);
    }
    if (onProgress && performance.now() - lastReport > 100) {
      lastReport = performance.now();
      onProgress({ done: total - count, total });
    }
  }
  solver.preferLiterals([]);
  return { possible, solverCalls: calls };
}

/** Keeps the open indices neither possible nor impossible, in order; returns how many. */
function compact(open: Int32Array, count: number, possible: Uint8Array, impossible: Uint8Array): number {
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const i = open[k];
    if (possible[i] === 0 && impossible[i] === 0) open[kept++] = i;
  }
  return kept;
}

/**
 * Walks the last model to neighbouring ones (Solver.rotateModel): literals reached are possible,
 * literals whose propagation conflicts are dead (unit clauses). Returns how many stay open.
 */
function walk(solver: Solver, tracked: readonly Lit[], open: Int32Array, count: number, possible: Uint8Array, impossible: Uint8Array): number {
  const wanted: Lit[] = [];
  for (let k = 0; k < count; k++) wanted.push(tracked[open[k]]);
  const status = solver.rotateModel(wanted, []);
  const units: Lit[][] = [];
  for (let k = 0; k < count; k++) {
    const i = open[k];
    if (status[k] === 1) possible[i] = 1;
    else if (status[k] === 2) {
      impossible[i] = 1;
      units.push([-tracked[i]]);
    }
  }
  if (units.length > 0) solver.addClauses(units);
  return compact(open, count, possible, impossible);
}

function markModel(solver: Solver, tracked: readonly Lit[], possible: Uint8Array): void {
  const model = solver.model();
  for (let i = 0; i < tracked.length; i++) {
    const l = tracked[i];
    if ((l > 0 ? model[l - 1] : -model[-l - 1]) === 1) possible[i] = 1;
  }
}
