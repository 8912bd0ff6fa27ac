/**
 * Literals follow DIMACS: variable v (v >= 1) is the literal +v, its negation -v.
 * Every layer above the solver (model compiler, counter, importers) speaks this form;
 * the solver maps it to its internal 2v+sign encoding at its boundary.
 */
export type Lit = number;

/** Anything that accepts fresh variables and clauses: a plain CNF buffer or a live solver. */
export interface ClauseSink {
  readonly numVars: number;
  newVar(): number;
  addClause(lits: readonly Lit[]): void;
}

/** A CNF formula in memory. `owners[i]` names the model constraint clause i came from (-1: structural). */
export class Cnf implements ClauseSink {
  numVars = 0;
  readonly clauses: Lit[][] = [];
  readonly owners: number[] = [];
  /** Constraint index that subsequently added clauses belong to. */
  owner = -1;

  constructor(numVars = 0) {
    this.numVars = numVars;
  }

  newVar(): number {
    return ++this.numVars;
  }

  addClause(lits: readonly Lit[]): void {
    for (const l of lits) {
      const v = l < 0 ? -l : l;
      if (l === 0 || v > this.numVars) throw new RangeError(`literal ${l} outside 1..${this.numVars}`);
    }
    this.clauses.push(lits.slice());
    this.owners.push(this.owner);
  }
}
