import type { Lit } from '../sat/cnf.ts';
import type { Solver } from '../sat/solver.ts';

/** How many past models are kept as witnesses between calls. */
const WITNESS_CAPACITY = 64;
const MAX_CHUNK = 256;

export interface DomainProgress {
  /** Tracked literals classified so far. */
  done: number;
  total: number;
}

export interface DomainOptions {
  onProgress?: (progress: DomainProgress) => void;
}

/**
 * Decides, for a fixed list of tracked literals (one per product value), which can still be true in
 * some model under the current assumptions — the backbone computation behind "valid domains".
 *
 * - Solution filtering: every model found marks all its true literals possible, and a literal not yet
 *   seen is preferred as the next phase so that each model covers as much new ground as it can.
 * - Core-based chunking (as in minibones): instead of one call per candidate, ask for a model in which
 *   at least one of k candidates holds; an unsatisfiable answer proves all k impossible at once. The
 *   chunk grows while answers are "impossible" and shrinks while they are not.
 * - Reuse between calls: adding assumptions can only shrink domains, so values found impossible stay
 *   impossible; stored models that agree with the new assumptions still witness their values. A value
 *   impossible with no assumption in the core is dead for good and becomes a unit clause.
 */
export class DomainOracle {
  /** Per tracked index: proved impossible whatever the assumptions. */
  readonly dead: Uint8Array;
  private readonly indexOfLit = new Map<Lit, number>();
  private readonly witnesses: Uint8Array[] = [];
  private witnessCursor = 0;
  private lastAssumptions = new Set<Lit>();
  private lastImpossible: Uint8Array | null = null;
  calls = 0;

  constructor(
    readonly solver: Solver,
    readonly tracked: readonly Lit[],
  ) {
    this.dead = new Uint8Array(tracked.length);
    tracked.forEach((l, i) => this.indexOfLit.set(l, i));
  }

  /**
   * Returns a byte per tracked literal: 1 if it holds in some model satisfying the assumptions,
   * 0 if it holds in none. Returns null when the assumptions themselves are inconsistent.
   */
  compute(assumptions: readonly Lit[], options: DomainOptions = {}): Uint8Array | null {
    const n = this.tracked.length;
    const possible = new Uint8Array(n);
    for (const w of this.witnesses) if (this.agrees(w, assumptions)) orInto(possible, w);

    const grows = [...this.lastAssumptions].every((l) => assumptions.includes(l));
    const impossible = grows && this.lastImpossible ? this.lastImpossible.slice() : this.dead.slice();

    if (!possible.some((b) => b === 1)) {
      if (this.solveWith(assumptions, []) !== 'sat') return null;
      orInto(possible, this.recordWitness());
    }

    // Whatever propagation from the assumptions alone sets false needs no search to be ruled out.
    const implied = this.solver.implied(assumptions);
    if (!implied) return null;
    for (let i = 0; i < n; i++) {
      const l = this.tracked[i];
      if ((l > 0 ? implied[l - 1] : -implied[-l - 1]) === -1) impossible[i] = 1;
    }

    let untested: number[] = [];
    for (let i = 0; i < n; i++) if (!possible[i] && !impossible[i]) untested.push(i);
    const total = untested.length;
    const open = (i: number): boolean => !possible[i] && !impossible[i];
    let chunk = 8;
    let lastReport = performance.now();
    while (untested.length > 0) {
      const take = untested.slice(0, Math.min(chunk, untested.length));
      const lits = take.map((i) => this.tracked[i]);
      this.solver.preferLiterals(untested.map((i) => this.tracked[i]));
      const act = lits.length === 1 ? 0 : this.solver.addTemporaryClause(lits);
      const result = this.solveWith(assumptions, act ? [act] : lits);
      if (act) this.solver.removeTemporaryClause(act);
      if (result === 'sat') {
        orInto(possible, this.recordWitness());
        chunk = Math.max(1, chunk >> 1);
      } else {
        const core = this.solver.failedAssumptions();
        const global = !core.some((l) => assumptions.includes(l));
        for (const i of take) {
          impossible[i] = 1;
          if (global) {
            this.dead[i] = 1;
            this.solver.addClause([-this.tracked[i]]);
          }
        }
        chunk = Math.min(MAX_CHUNK, chunk * 2);
      }
      untested = untested.filter(open);
      if (options.onProgress && performance.now() - lastReport > 100) {
        lastReport = performance.now();
        options.onProgress({ done: total - untested.length, total });
      }
    }
    this.solver.preferLiterals([]);
    this.lastAssumptions = new Set(assumptions);
    this.lastImpossible = impossible;
    return possible;
  }

  /** True when the stored witness satisfies every assumption (assumptions must be tracked literals to be checked). */
  private agrees(witness: Uint8Array, assumptions: readonly Lit[]): boolean {
    for (const a of assumptions) {
      const i = this.indexOfLit.get(a);
      if (i !== undefined) {
        if (!witness[i]) return false;
        continue;
      }
      const j = this.indexOfLit.get(-a);
      if (j === undefined || witness[j]) return false;
    }
    return true;
  }

  private solveWith(assumptions: readonly Lit[], extra: readonly Lit[]): 'sat' | 'unsat' | 'unknown' {
    this.calls++;
    return this.solver.solve(extra.length ? [...assumptions, ...extra] : assumptions);
  }

  /** Keeps the solver's last model as a witness: any model of the clauses is one, whoever asked for it. */
  observeModel(): void {
    this.recordWitness();
  }

  private recordWitness(): Uint8Array {
    const w = new Uint8Array(this.tracked.length);
    const model = this.solver.model();
    for (let i = 0; i < w.length; i++) {
      const l = this.tracked[i];
      w[i] = (l > 0 ? model[l - 1] === 1 : model[-l - 1] === -1) ? 1 : 0;
    }
    if (this.witnesses.length < WITNESS_CAPACITY) this.witnesses.push(w);
    else {
      this.witnesses[this.witnessCursor] = w;
      this.witnessCursor = (this.witnessCursor + 1) % WITNESS_CAPACITY;
    }
    return w;
  }
}

function orInto(target: Uint8Array, source: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] |= source[i];
}
