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

/**
 * Clauses laid out flat, as a reader produces them: clause i is `lits[start[i]]` up to (not including)
 * `lits[start[i + 1]]`, for i < count. Literals are DIMACS literals.
 */
export interface PackedClauses {
  readonly count: number;
  readonly lits: Int32Array;
  readonly start: Int32Array;
}

/**
 * A CNF formula in memory. `owners[i]` names the model constraint clause i came from (-1: structural).
 *
 * A CNF read from a file starts flat (`packed`): a 4 MB DIMACS file is a million literals, and one
 * array per clause costs more to allocate and collect than the solver takes to load them. The first
 * use of `clauses` makes the arrays and drops the flat form, since the arrays may then be changed.
 */
export class Cnf implements ClauseSink {
  numVars = 0;
  /** Constraint index that subsequently added clauses belong to. */
  owner = -1;
  private clauseList: Lit[][] | null;
  private ownerList: number[] | null;
  private flat: PackedClauses | null;

  constructor(numVars = 0, packed: PackedClauses | null = null) {
    this.numVars = numVars;
    this.flat = packed;
    this.clauseList = packed ? null : [];
    this.ownerList = packed ? null : [];
  }

  get clauses(): Lit[][] {
    if (this.clauseList === null) {
      const { count, lits, start } = this.flat as PackedClauses;
      const list: Lit[][] = new Array(count);
      for (let i = 0; i < count; i++) {
        const clause: Lit[] = [];
        for (let k = start[i]; k < start[i + 1]; k++) clause.push(lits[k]);
        list[i] = clause;
      }
      this.clauseList = list;
      this.flat = null;
    }
    return this.clauseList;
  }

  get owners(): number[] {
    this.ownerList ??= new Array<number>(this.clauseCount).fill(-1);
    return this.ownerList;
  }

  /** The flat form while `clauses` has not been asked for, else null. */
  get packed(): PackedClauses | null {
    return this.flat;
  }

  get clauseCount(): number {
    return this.clauseList ? this.clauseList.length : (this.flat as PackedClauses).count;
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
