import type { Lit } from '../sat/cnf.ts';
import type { Solver } from '../sat/solver.ts';
import type { Configuration, RuleNeighbours } from './neighbours.ts';

/** How many past models are kept as witnesses between calls. */
const WITNESS_CAPACITY = 64;
const MAX_CHUNK = 256;
/** Stored witnesses whose neighbours are searched before any solver call. */
const EXPANDED_WITNESSES = 8;

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
 * - Model rotation: from a model that covered little, neighbouring models are reached by flipping a missing
 *   literal together with its propagated consequences (an alternative replacing another), with no
 *   search; a literal whose propagation conflicts is refuted on the spot.
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
  /** Tracked index + 1 by literal code (2v for +v, 2v + 1 for -v), 0 when untracked: a typed array, not a Map, as it is built per analysis. */
  private readonly indexOfLit: Int32Array;
  private readonly witnesses: Uint8Array[] = [];
  /** The configuration of each witness, parallel to `witnesses`, when neighbours are searched. */
  private readonly configurations: Configuration[] = [];
  private witnessCursor = 0;
  /** Slot of the witness recorded last. */
  private lastWitness = 0;
  private lastAssumptions = new Set<Lit>();
  private lastImpossible: Uint8Array | null = null;
  calls = 0;

  constructor(
    readonly solver: Solver,
    readonly tracked: readonly Lit[],
    private readonly neighbours?: RuleNeighbours,
  ) {
    this.dead = new Uint8Array(tracked.length);
    let maxVar = 0;
    for (const l of tracked) maxVar = Math.max(maxVar, Math.abs(l));
    this.indexOfLit = new Int32Array(2 * maxVar + 2);
    for (let i = 0; i < tracked.length; i++) this.indexOfLit[litCode(tracked[i])] = i + 1;
  }

  /**
   * Returns a byte per tracked literal: 1 if it holds in some model satisfying the assumptions,
   * 0 if it holds in none. Returns null when the assumptions themselves are inconsistent.
   */
  compute(assumptions: readonly Lit[], options: DomainOptions = {}): Uint8Array | null {
    const n = this.tracked.length;
    const possible = new Uint8Array(n);
    const agreeing: number[] = [];
    this.witnesses.forEach((w, j) => {
      if (!this.agrees(w, assumptions)) return;
      orInto(possible, w);
      agreeing.push(j);
    });

    const grows = [...this.lastAssumptions].every((l) => assumptions.includes(l));
    const impossible = grows && this.lastImpossible ? this.lastImpossible.slice() : this.dead.slice();

    if (agreeing.length === 0 && this.neighbours) {
      // A new choice usually differs from a recent witness in that one variable: moving the witness
      // there, when its rules allow, saves the search for a first model.
      const newest = this.witnesses.map((_, j) => j).sort((a, b) => this.age(a) - this.age(b));
      for (const j of newest.slice(0, EXPANDED_WITNESSES)) {
        const moved = this.neighbours.adapt(this.configurations[j], assumptions);
        if (!moved) continue;
        orInto(possible, this.recordConfiguration(moved));
        agreeing.push(this.lastWitness);
        break;
      }
    }
    if (!possible.some((b) => b === 1)) {
      // The very first model selects what it can, which leaves the later, steered ones less to find;
      // after a choice, a plain search (phases saved from the last model) is much cheaper.
      const steer = this.witnesses.length === 0;
      if (steer) this.solver.preferLiterals(this.tracked.filter((l) => l > 0));
      const first = this.solveWith(assumptions, []);
      if (steer) this.solver.preferLiterals([]);
      if (first !== 'sat') return null;
      orInto(possible, this.recordWitness());
      agreeing.push(this.lastWitness);
    }

    // Whatever propagation from the assumptions alone sets false needs no search to be ruled out.
    const implied = this.solver.implied(assumptions);
    if (!implied) return null;
    for (let i = 0; i < n; i++) {
      const l = this.tracked[i];
      if ((l > 0 ? implied[l - 1] : -implied[-l - 1]) === -1) impossible[i] = 1;
    }

    const open = (i: number): boolean => !possible[i] && !impossible[i];
    if (this.neighbours) {
      // The most recent witnesses first: they were found under choices closest to these.
      agreeing.sort((a, b) => this.age(a) - this.age(b));
      for (const j of agreeing.slice(0, EXPANDED_WITNESSES)) this.neighbours.expand(this.configurations[j], assumptions, possible, open);
    }
    let untested: number[] = [];
    for (let i = 0; i < n; i++) if (open(i)) untested.push(i);
    const total = untested.length;
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
        this.expandLast(assumptions, possible, open);
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
      const before = untested.length;
      untested = untested.filter(open);
      // Walking costs a pass or two over the formula (and, in a fresh process, compiling it): worth
      // it only once models stop covering most of what is left, e.g. among many alternatives.
      if (result === 'sat' && untested.length * 2 > before) untested = this.rotate(untested, assumptions, possible, impossible);
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

  /**
   * Walks the solver's last model to neighbouring models that make open literals true (see
   * Solver.rotateModel), so one solver call witnesses many values and propagation refutes some;
   * returns the literals still open.
   */
  private rotate(untested: number[], assumptions: readonly Lit[], possible: Uint8Array, impossible: Uint8Array): number[] {
    if (untested.length === 0) return untested;
    const status = this.solver.rotateModel(
      untested.map((i) => this.tracked[i]),
      assumptions,
    );
    let moved = false;
    const rest: number[] = [];
    const units: Lit[][] = [];
    for (let k = 0; k < untested.length; k++) {
      const i = untested[k];
      if (status[k] === 1) {
        possible[i] = 1;
        moved = true;
      } else if (status[k] === 2) {
        impossible[i] = 1;
        // Refuted by propagation from the clauses alone: dead whatever is chosen.
        if (assumptions.length === 0) {
          this.dead[i] = 1;
          units.push([-this.tracked[i]]);
        }
      } else rest.push(i);
    }
    if (units.length > 0) this.solver.addClauses(units);
    if (!moved) return rest;
    // The walk's last model is where it ended: its neighbours are a step further still.
    this.recordWitness();
    return this.expandLast(assumptions, possible, (i) => !possible[i] && !impossible[i]) > 0 ? rest.filter((i) => !possible[i]) : rest;
  }

  /** True when the stored witness satisfies every assumption (assumptions must be tracked literals to be checked). */
  private agrees(witness: Uint8Array, assumptions: readonly Lit[]): boolean {
    for (const a of assumptions) {
      const i = this.trackedIndex(a);
      if (i !== undefined) {
        if (!witness[i]) return false;
        continue;
      }
      const j = this.trackedIndex(-a);
      if (j === undefined || witness[j]) return false;
    }
    return true;
  }

  private trackedIndex(l: Lit): number | undefined {
    const code = litCode(l);
    return code < this.indexOfLit.length && this.indexOfLit[code] > 0 ? this.indexOfLit[code] - 1 : undefined;
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
    return this.store(w, this.neighbours?.capture(model));
  }

  /** Keeps a configuration known valid (a witness moved by its rules) as a witness. */
  private recordConfiguration(configuration: Configuration): Uint8Array {
    const w = new Uint8Array(this.tracked.length);
    this.neighbours?.mark(configuration, w);
    return this.store(w, configuration);
  }

  private store(w: Uint8Array, configuration: Configuration | undefined): Uint8Array {
    if (this.witnesses.length < WITNESS_CAPACITY) {
      this.lastWitness = this.witnesses.length;
      this.witnesses.push(w);
      if (configuration) this.configurations.push(configuration);
    } else {
      this.lastWitness = this.witnessCursor;
      this.witnesses[this.witnessCursor] = w;
      if (configuration) this.configurations[this.witnessCursor] = configuration;
      this.witnessCursor = (this.witnessCursor + 1) % WITNESS_CAPACITY;
    }
    return w;
  }

  /** Neighbours of the witness just recorded; how many open values they witnessed. */
  private expandLast(assumptions: readonly Lit[], possible: Uint8Array, open: (i: number) => boolean): number {
    return this.neighbours ? this.neighbours.expand(this.configurations[this.lastWitness], assumptions, possible, open) : 0;
  }

  /** 0 for the newest witness, growing with age (the store is a ring once full). */
  private age(j: number): number {
    const newest = this.lastWitness;
    return (newest - j + WITNESS_CAPACITY) % WITNESS_CAPACITY;
  }
}

function litCode(l: Lit): number {
  return l > 0 ? 2 * l : -2 * l + 1;
}

function orInto(target: Uint8Array, source: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] |= source[i];
}
