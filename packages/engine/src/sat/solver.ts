import type { ClauseSink, Cnf, Lit, PackedClauses } from './cnf.ts';
import { VarHeap } from './heap.ts';
import { luby } from './restart.ts';

/**
 * A CDCL SAT solver built for a configurator's workload: one instance answers thousands of small
 * queries under different assumptions, so everything learnt is kept between calls and an
 * unsatisfiable call reports which assumptions failed (the core behind "why is this unavailable?").
 *
 * External literals are DIMACS (+v / -v, v >= 1). Internally variable v-1 has literals 2(v-1)
 * (positive) and 2(v-1)+1 (negative), so negation is `lit ^ 1` and arrays index by literal.
 *
 * Techniques: clause arena in one typed buffer, two watched literals with blocker literals and a
 * separate binary-clause list, EVSIDS on a binary heap, phase saving, Luby restarts, first-UIP
 * learning with recursive minimisation, LBD-based learnt clause reduction, and weighted at-most
 * constraints (for cost bounds) propagated natively with clause reasons made on demand.
 */

interface ModelWalk {
  occ: Occurrences;
  /** Per weighted constraint: its sum in the current model, and during a move with the move applied. */
  pbSum: Float64Array;
  /** Literals of the move being tried. */
  moved: number[];
  /** Clauses the move may have falsified, to repair. */
  broken: number[];
  /** Clause literals visited so far, counted against the walk's budget with its propagations. */
  work: number;
}

interface Occurrences {
  epoch: number;
  /** Clauses (arena positions) of three literals or more that contain literal l: clause[start[l] .. start[l + 1]). */
  start: Int32Array;
  clause: Int32Array;
  /** Literals in all problem clauses, binary ones included: the walk's budget is counted in passes over them. */
  size: number;
}

export type SolveResult = 'sat' | 'unsat' | 'unknown';

export interface SolveOptions {
  /** Give up ("unknown") after this many conflicts in this call. */
  conflictLimit?: number;
  /** Give up ("unknown") after this time, as a `performance.now()` timestamp. */
  deadline?: number;
}

export interface SolverStats {
  solves: number;
  conflicts: number;
  decisions: number;
  propagations: number;
  learnts: number;
}

// Clause layout in the arena: [size, flags | lbd << FLAG_BITS, activity (float32 view), lits...]
const HDR = 3;
/** Header word where compaction leaves a moved clause's new position (its activity, no longer needed there). */
const FORWARD = 2;
const LEARNT = 1;
const DELETED = 2;
const DETACHED = 4; // reason holders made for weighted constraints: never watched
const TEMPORARY = 8; // learnt from a temporary clause: goes when the clause goes
const FLAG_BITS = 4;
const NO_REASON = -1;
const STORED_NOTHING = -1;
const STORED_UNIT = -2;

const UNDEF = 0;
const TRUE = 1;
const FALSE = -1;

const VAR_DECAY = 0.95;
const CLAUSE_DECAY = 0.999;
const RESTART_UNIT = 100;
/**
 * Backjumps over more levels than this backtrack one level instead. Instructions for a backbone from
 * scratch (fresh process, callgrind): freetz-berger2013 6.39 -> 5.52 G, linux-nieke2022 9.23 -> 8.54 G,
 * buildroot-berger2013 4.34 -> 4.12 G, linux-2.6.33.3 3.70 -> 3.66 G (about 1.7 G of each is Node's start).
 */
const CHRONO_DISTANCE = 100;
/** Root simplification sweeps the watch lists once 1/UNSWEPT_SHARE of the arena was deleted or cut since the last sweep. */
const UNSWEPT_SHARE = 16;
/** Work a model walk may spend, in passes over the formula (propagations and clause visits). */
const WALK_BUDGET = 2;
/** Decisions a model walk may add to one move to repair the clauses it breaks. */
const WALK_REPAIRS = 32;

export class Solver implements ClauseSink {
  numVars = 0;
  /** False once the clauses alone are unsatisfiable: every later call answers "unsat". */
  okay = true;
  readonly stats: SolverStats = { solves: 0, conflicts: 0, decisions: 0, propagations: 0, learnts: 0 };

  // --- clause storage
  private buffer = new ArrayBuffer(1 << 16);
  private arena = new Int32Array(this.buffer);
  private arenaF = new Float32Array(this.buffer);
  private arenaTop = 0;
  private wasted = 0;
  /** Words deleted or cut from clauses by root simplification since the watch lists were last rebuilt. */
  private unswept = 0;
  private problemClauses: number[] = [];
  private learntClauses: number[] = [];
  private detachedClauses: number[] = [];
  /** Clauses added with addTemporaryClause, each guarded by its activation literal. */
  private temporaryClauses: number[] = [];
  /** Activation variables whose clause was removed, ready to guard the next temporary clause. */
  private freeActivations: number[] = [];

  // --- per literal
  private val = new Int8Array(32);
  /**
   * watches[l]: (clause, blocker) pairs of clauses watching l, visited when l becomes false. Every
   * literal starts on the shared NO_ENTRIES and gets its own list when a first entry is added (see
   * listFor): most literals of a feature model never watch a long clause, and tens of thousands of
   * empty arrays cost the garbage collector more than loading the clauses.
   */
  private watches: number[][] = [];
  /** bins[l]: (other literal, clause) pairs of binary clauses containing l; NO_ENTRIES as for watches. */
  private bins: number[][] = [];

  // --- per variable
  private level = new Int32Array(16);
  private reason = new Int32Array(16);
  private polarity = new Int8Array(16);
  private seen = new Uint8Array(16);
  /** 1 for variables that guard temporary clauses. */
  private activation = new Uint8Array(16);
  private readonly heap = new VarHeap();

  // --- trail
  private trail = new Int32Array(16);
  private trailSize = 0;
  private trailLim: number[] = [];
  private qhead = 0;

  // --- weighted at-most constraints: sum(w_i * l_i) <= bound
  private pbLits: Int32Array[] = [];
  private pbWeights: Float64Array[] = [];
  private pbBound: number[] = [];
  private pbSum: number[] = [];
  /** Weight of literals already true at the root when the constraint was added (bounds are stored net of it). */
  private pbFixed: number[] = [];
  /**
   * pbOcc[l]: (constraint, position) pairs of weighted constraints containing l. Empty until the first
   * weighted constraint: most solvers have none, and two arrays fewer per variable make loading a
   * model with tens of thousands of variables measurably cheaper.
   */
  private pbOcc: number[][] = [];
  private pbHead = 0;

  // --- heuristics state
  // The bump increments start as doubles (only their ratio to the activities matters): a field that
  // turns from a small integer into a double gives every solver a new hidden class, which throws
  // away each method optimized for the old one — in the middle of a model's first search.
  private varInc = 0.5;
  private clauseInc = 0.5;
  /** Kept a whole number for the same reason. */
  private maxLearnts = 0;
  private rootUnitsAtSimplify = -1;
  private propagationsAtSimplify = 0;
  private lubyIndex = 0;

  private preferred = new Int32Array(0);
  private preferredHead = 0;
  /** Position of each internal literal in `preferred`, or -1. */
  private preferredPos = new Int32Array(32).fill(-1);

  // --- results
  private modelValues = new Int8Array(16);
  private failed: number[] = [];

  // --- scratch
  private litMarks = new Int32Array(32);
  private staged = new Int32Array(64);
  private occ: Occurrences | null = null;
  /** Bumped whenever problemClauses changes (added, removed or renumbered), invalidating `occ`. */
  private problemEpoch = 0;
  private clauseStamp = 0;
  private analyzeStack: number[] = [];
  private analyzeToClear: number[] = [];
  private levelStamp = new Int32Array(16);
  private stampCounter = 0;

  // ------------------------------------------------------------------ building the problem

  newVar(): number {
    const v = this.numVars++;
    this.ensureVarCapacity(this.numVars);
    this.level[v] = 0;
    this.reason[v] = NO_REASON;
    this.polarity[v] = 0; // false first: configurators favour leaving options out
    this.heap.activity[v] = 0;
    this.watches.push(NO_ENTRIES, NO_ENTRIES);
    this.bins.push(NO_ENTRIES, NO_ENTRIES);
    if (this.pbLits.length > 0) this.pbOcc.push([], []);
    this.heap.insert(v);
    return v + 1;
  }

  /** Make sure DIMACS variables 1..n exist. */
  reserveVars(n: number): void {
    // Arrays sized once up front: a typed-array field replaced after the solver's code was optimized
    // throws that code away (V8 treats fields never reassigned as constants).
    this.ensureVarCapacity(n);
    while (this.numVars < n) this.newVar();
  }

  /**
   * Adds a clause (between calls: the solver is always at the root level there). Returns false when the
   * solver became unsatisfiable. Literals false at the root are dropped; satisfied clauses ignored.
   */
  addClause(lits: readonly Lit[]): boolean {
    if (!this.okay) return false;
    this.cancelUntil(0);
    if (this.addProblemClause(this.stage(lits, 0), 0, lits.length) && this.propagate() !== NO_REASON) this.okay = false;
    return this.okay;
  }

  /**
   * Adds many clauses at once, as addClause would one by one, but propagates the units among them only
   * once at the end: loading a model is a single pass with no per-clause propagation or allocation.
   */
  addClauses(clauses: readonly (readonly Lit[])[]): boolean {
    if (!this.okay) return false;
    this.cancelUntil(0);
    let words = 0;
    for (let i = 0; i < clauses.length; i++) words += HDR + clauses[i].length;
    this.reserveArena(words);
    let units = false;
    for (let i = 0; i < clauses.length && this.okay; i++) {
      // Watches are placed on literals not yet false, which keeps the two-watch invariant without
      // propagating in between: a unit enqueued here is propagated below, visiting its watchers then.
      if (this.addProblemClause(this.stage(clauses[i], 0), 0, clauses[i].length)) units = true;
    }
    if (this.okay && units && this.propagate() !== NO_REASON) this.okay = false;
    return this.okay;
  }

  /** Adds clauses laid out flat (as a reader makes them), exactly as addClauses would. */
  addPackedClauses(packed: PackedClauses): boolean {
    if (!this.okay) return false;
    this.cancelUntil(0);
    const { count, lits, start } = packed;
    this.reserveArena(HDR * count + (start[count] - start[0]));
    let units = false;
    for (let i = 0; i < count && this.okay; i++) if (this.addProblemClause(lits, start[i], start[i + 1])) units = true;
    if (this.okay && units && this.propagate() !== NO_REASON) this.okay = false;
    return this.okay;
  }

  /** Adds a CNF's clauses, from its flat form when it still has one. */
  addCnf(cnf: Cnf): boolean {
    const packed = cnf.packed;
    return packed ? this.addPackedClauses(packed) : this.addClauses(cnf.clauses);
  }

  /** Copies a clause's literals after `offset` free slots of the staging buffer, which it returns. */
  private stage(lits: readonly Lit[], offset: number): Int32Array {
    if (offset + lits.length > this.staged.length) this.staged = new Int32Array(2 * (offset + lits.length));
    const staged = this.staged;
    for (let i = 0; i < lits.length; i++) {
      const l = lits[i];
      // A typed array would truncate a fraction or wrap a huge number into some valid literal.
      if ((l | 0) !== l) throw new RangeError(`literal ${l} outside 1..${this.numVars}`);
      staged[offset + i] = l;
    }
    return staged;
  }

  /**
   * Normalises a clause (DIMACS literals `lits[from..to)`) against the root assignment, stores and
   * watches it, and returns where (the caller files it as a problem or temporary clause);
   * STORED_UNIT when it enqueued a unit (propagation still to do), STORED_NOTHING when satisfied or
   * empty (empty clears `okay`). One path for every kind of clause, reading one kind of array: the
   * optimizing compiler sees all of it while a model loads.
   */
  private storeClause(lits: Int32Array, from: number, to: number): number {
    // Duplicate and complementary literals are found with a stamp per literal: no set per clause.
    const stamp = ++this.clauseStamp;
    const marks = this.litMarks;
    const val = this.val;
    const numVars = this.numVars;
    // Normalised straight into the arena's free end, and kept there when two literals or more remain.
    if (this.arenaTop + HDR + (to - from) > this.arena.length) this.reserveArena(HDR + (to - from));
    const a = this.arena;
    const cref = this.arenaTop;
    let size = 0;
    for (let i = from; i < to; i++) {
      // An Int32Array holds whole numbers only (stage() turned anything else away).
      const lit = lits[i];
      const v = lit > 0 ? lit : -lit;
      if (lit === 0 || v > numVars) throw new RangeError(`literal ${lit} outside 1..${numVars}`);
      const l = 2 * (v - 1) + (lit < 0 ? 1 : 0);
      const value = val[l];
      if (value === TRUE || marks[l ^ 1] === stamp) return STORED_NOTHING;
      if (value === FALSE || marks[l] === stamp) continue;
      marks[l] = stamp;
      a[cref + HDR + size++] = l;
    }
    if (size === 0) {
      this.okay = false;
      return STORED_NOTHING;
    }
    if (size === 1) {
      this.enqueue(a[cref + HDR], NO_REASON);
      return STORED_UNIT;
    }
    a[cref] = size;
    a[cref + 1] = 0;
    this.arenaF[cref + 2] = 0;
    this.arenaTop += HDR + size;
    this.attach(cref);
    return cref;
  }

  private addProblemClause(lits: Int32Array, from: number, to: number): boolean {
    const cref = this.storeClause(lits, from, to);
    if (cref >= 0) {
      this.problemClauses.push(cref);
      this.problemEpoch++;
    }
    return cref === STORED_UNIT;
  }

  /**
   * Adds a clause that holds only while the returned activation literal is assumed, and can be
   * removed again with removeTemporaryClause — for one-off questions like "some of these values",
   * without a fresh variable or a root-level unit per question. Activation variables are recycled.
   */
  addTemporaryClause(lits: readonly Lit[]): Lit {
    this.cancelUntil(0);
    let v = this.freeActivations.pop();
    if (v === undefined) {
      v = this.newVar() - 1;
      this.activation[v] = 1;
    }
    this.polarity[v] = 0;
    if (this.okay) {
      const staged = this.stage(lits, 1);
      staged[0] = -(v + 1);
      const cref = this.storeClause(staged, 0, lits.length + 1);
      if (cref >= 0) this.temporaryClauses.push(cref);
      else if (cref === STORED_UNIT && this.propagate() !== NO_REASON) this.okay = false;
    }
    return v + 1;
  }

  /**
   * Removes a temporary clause together with every learnt clause that depended on it (each of those
   * contains the negated activation literal: an activation is only ever assumed, never implied true),
   * so the activation variable can guard another clause soundly.
   */
  removeTemporaryClause(act: Lit): void {
    this.cancelUntil(0);
    const v = act - 1;
    if (!(v >= 0 && v < this.numVars && this.activation[v])) throw new RangeError(`${act} is not an activation literal`);
    const guard = 2 * v + 1;
    const a = this.arena;
    const mentions = (c: number): boolean => {
      for (let k = 0; k < a[c]; k++) if (a[c + HDR + k] === guard) return true;
      return false;
    };
    const drop = (c: number): boolean => {
      if (!mentions(c)) return false;
      this.detach(c);
      this.markDeleted(c);
      return true;
    };
    this.temporaryClauses = this.temporaryClauses.filter((c) => !drop(c));
    let any = false;
    for (const c of this.learntClauses) if ((a[c + 1] & TEMPORARY) !== 0 && drop(c)) any = true;
    if (any) this.learntClauses = this.learntClauses.filter((c) => !(a[c + 1] & DELETED));
    // An activation refuted at the root stays false for good; any other is clean again.
    if (this.val[guard] === UNDEF) this.freeActivations.push(v);
  }

  /**
   * Adds `sum(weights[i] * lits[i]) <= bound` with non-negative weights and returns its id (or -1 when
   * the solver became unsatisfiable). A bound active only while `guard` holds is written by adding
   * `guard` with weight `sum(weights)` and raising the bound by the same amount.
   */
  addAtMost(lits: readonly Lit[], weights: readonly number[], bound: number): number {
    if (!this.okay) return -1;
    this.cancelUntil(0);
    const keep: number[] = [];
    const keepW: number[] = [];
    let fixed = 0;
    for (let i = 0; i < lits.length; i++) {
      const w = weights[i];
      if (!(w >= 0)) throw new RangeError(`weight ${w} must be non-negative`);
      if (w === 0) continue;
      const l = this.toInternal(lits[i]);
      const v = this.val[l];
      if (v === TRUE) fixed += w;
      else if (v === UNDEF) {
        keep.push(l);
        keepW.push(w);
      }
    }
    const slack = bound - fixed;
    if (slack < 0) {
      this.okay = false;
      return -1;
    }
    const index = this.pbLits.length;
    if (index === 0) while (this.pbOcc.length < 2 * this.numVars) this.pbOcc.push([]);
    this.pbLits.push(Int32Array.from(keep));
    this.pbWeights.push(Float64Array.from(keepW));
    this.pbBound.push(slack);
    this.pbSum.push(0);
    for (let i = 0; i < keep.length; i++) {
      this.pbOcc[keep[i]].push(index, i);
      if (keepW[i] > slack) this.enqueue(keep[i] ^ 1, NO_REASON);
    }
    this.pbFixed.push(fixed);
    if (this.propagate() !== NO_REASON) this.okay = false;
    return this.okay ? index : -1;
  }

  /** Lowers the bound of a weighted constraint (between calls). Returns false when unsatisfiable. */
  tightenAtMost(id: number, bound: number): boolean {
    if (!this.okay) return false;
    this.cancelUntil(0);
    const slack = bound - this.pbFixed[id];
    if (slack > this.pbBound[id]) throw new RangeError('a bound can only be tightened');
    this.pbBound[id] = slack;
    const lits = this.pbLits[id];
    const weights = this.pbWeights[id];
    const left = slack - this.pbSum[id];
    if (left < 0) return (this.okay = false);
    for (let i = 0; i < lits.length; i++) {
      if (weights[i] > left && this.val[lits[i]] === UNDEF) this.enqueue(lits[i] ^ 1, NO_REASON);
    }
    if (this.propagate() !== NO_REASON) this.okay = false;
    return this.okay;
  }

  /** Removes a weighted constraint from propagation (e.g. a cost bound once its guard is off). */
  retireAtMost(id: number): void {
    this.cancelUntil(0);
    for (const l of this.pbLits[id]) {
      const occ = this.pbOcc[l];
      let j = 0;
      for (let k = 0; k < occ.length; k += 2) {
        if (occ[k] !== id) {
          occ[j++] = occ[k];
          occ[j++] = occ[k + 1];
        }
      }
      occ.length = j;
    }
    this.pbLits[id] = new Int32Array(0);
    this.pbWeights[id] = new Float64Array(0);
  }

  // ------------------------------------------------------------------ queries

  /**
   * Searches for a model satisfying every clause and every assumption. On "unsat",
   * `failedAssumptions()` is a subset of the assumptions that cannot hold together
   * (empty when the clauses alone are unsatisfiable).
   */
  solve(assumptions: readonly Lit[] = [], options: SolveOptions = {}): SolveResult {
    this.stats.solves++;
    this.failed = [];
    if (!this.okay) return 'unsat';
    const assume = assumptions.map((l) => this.toInternal(l));
    this.maxLearnts = Math.max(this.maxLearnts, Math.floor(this.problemClauses.length / 3), 2000);
    this.simplifyAtRoot();
    if (!this.okay) return 'unsat';
    const conflictLimit = options.conflictLimit ?? Infinity;
    const startConflicts = this.stats.conflicts;
    let result: SolveResult = 'unknown';
    for (;;) {
      const budget = luby(this.lubyIndex++) * RESTART_UNIT;
      result = this.search(budget, assume, options.deadline, startConflicts + conflictLimit);
      if (result !== 'unknown') break;
      if (this.stats.conflicts - startConflicts >= conflictLimit) break;
      if (options.deadline !== undefined && performance.now() >= options.deadline) break;
    }
    if (result === 'sat') {
      const mv = this.modelValues;
      for (let v = 0; v < this.numVars; v++) mv[v] = this.val[2 * v];
    }
    this.cancelUntil(0);
    return result;
  }

  /** Value of a literal in the last model found. */
  modelValue(lit: Lit): boolean {
    const v = lit > 0 ? lit - 1 : -lit - 1;
    return lit > 0 ? this.modelValues[v] === TRUE : this.modelValues[v] === FALSE;
  }

  /** The last model, indexed by DIMACS variable - 1: 1 true, -1 false. Valid until the next solve. */
  model(): Int8Array<ArrayBufferLike> {
    return this.modelValues.subarray(0, this.numVars);
  }

  /**
   * Walks from the last model to neighbouring models that make `wanted` literals true — model rotation
   * extended by propagation. For a wanted literal false in the model, the literal and everything unit
   * propagation derives from it under `frozen` (the assumptions) are flipped together, and the move is
   * kept when every problem clause and weighted constraint stays satisfied: in a feature model that is
   * how one alternative of a group replaces another without a search. A literal whose propagation
   * conflicts is refuted: no model with the assumptions holds it. Root-level and frozen values never
   * move; temporary clauses are not part of the formula here. Call right after a "sat" answer whose
   * assumptions included `frozen`; the walk's last model is left in `model()`.
   * Returns per wanted literal: 1 reached (true in some model of the walk), 2 refuted, 0 open.
   */
  rotateModel(wanted: readonly Lit[], frozen: readonly Lit[]): Uint8Array {
    const status = new Uint8Array(wanted.length);
    this.cancelUntil(0);
    if (!this.okay) return status;
    const mv = this.modelValues;
    const occ = this.occurrences();
    const pbSum = new Float64Array(this.pbLits.length);
    for (let c = 0; c < pbSum.length; c++) {
      const lits = this.pbLits[c];
      for (let i = 0; i < lits.length; i++) if (mv[lits[i] >> 1] === (lits[i] & 1 ? FALSE : TRUE)) pbSum[c] += this.pbWeights[c][i];
    }
    const walk: ModelWalk = { occ, pbSum, moved: [], broken: [], work: 0 };
    // The assumptions take their levels as in a search; the model satisfies them, so nothing conflicts.
    for (const l of frozen) {
      const p = this.toInternal(l);
      if (this.val[p] === UNDEF) {
        this.trailLim.push(this.trailSize);
        this.enqueue(p, NO_REASON);
        if (this.propagate() !== NO_REASON) break;
      }
    }
    const base = this.trailLim.length;
    const reached = ++this.clauseStamp;
    const marks = this.litMarks;
    // Work (propagations and clause visits) is bounded by a few passes over the formula: about what
    // a few solver calls would cost, so a walk that stops paying cannot cost more than it saves.
    const budget = WALK_BUDGET * (occ.size + this.numVars + 100);
    const spent = (): number => this.stats.propagations - propagationsBefore + walk.work;
    const propagationsBefore = this.stats.propagations;
    let todo = Array.from(wanted, (_, i) => i);
    for (let progress = true; progress && todo.length > 0 && spent() < budget; ) {
      progress = false;
      const rest: number[] = [];
      for (const i of todo) {
        const want = this.toInternal(wanted[i]);
        if (mv[want >> 1] === (want & 1 ? FALSE : TRUE) || marks[want] === reached) continue;
        if (this.val[want] === FALSE) {
          status[i] = 2;
          continue;
        }
        // Decided by the assumptions yet false in the model, or born after it: not movable.
        if (this.val[want] !== UNDEF || mv[want >> 1] === 0 || spent() >= budget) {
          rest.push(i);
          continue;
        }
        this.trailLim.push(this.trailSize);
        this.enqueue(want, NO_REASON);
        if (this.propagate() !== NO_REASON) {
          this.cancelUntil(base);
          status[i] = 2;
          continue;
        }
        if (this.moveWithRepairs(walk, base, budget - spent())) {
          for (const l of walk.moved) marks[l] = reached;
          progress = true;
        } else rest.push(i);
        this.cancelUntil(base);
      }
      todo = rest;
    }
    this.cancelUntil(0);
    for (let i = 0; i < wanted.length; i++) {
      const want = this.toInternal(wanted[i]);
      if (status[i] === 0 && (marks[want] === reached || mv[want >> 1] === (want & 1 ? FALSE : TRUE))) status[i] = 1;
    }
    return status;
  }

  /**
   * Moves the model onto what the probe levels above `base` assign. A clause the move would break is
   * repaired greedily: one of its open literals is decided and propagated too, and its consequences
   * join the move (a small search without backtracking). Kept (the model changed) when nothing stays
   * broken; otherwise the model is left as it was. `walk.moved` lists the literals made true.
   *
   * Only clauses of three literals or more can break: propagation has run on the move, so a binary
   * clause that lost a literal has its other literal in the move too. A clause that lost a literal is
   * checked directly against the model with the move applied (no counts kept per clause): in feature
   * models most of those hold on their first literals.
   */
  private moveWithRepairs(walk: ModelWalk, base: number, allowance: number): boolean {
    const { occ, pbSum, moved, broken } = walk;
    const limit = walk.work + this.stats.propagations + allowance;
    const { start, clause } = occ;
    const a = this.arena;
    const mv = this.modelValues;
    const weighted = pbSum.length > 0;
    moved.length = 0;
    broken.length = 0;
    let scan = this.trailLim[base];
    let ok = true;
    for (let repairs = 0; ; repairs++) {
      const first = moved.length;
      for (; scan < this.trailSize; scan++) {
        const l = this.trail[scan];
        if (mv[l >> 1] !== (l & 1 ? FALSE : TRUE)) moved.push(l);
      }
      if (weighted) {
        for (let m = first; m < moved.length; m++) this.shiftWeights(moved[m], pbSum);
        for (let m = first; m < moved.length && ok; m++) {
          const pb = this.pbOcc[moved[m]];
          for (let k = 0; k < pb.length && ok; k += 2) if (pbSum[pb[k]] > this.pbBound[pb[k]]) ok = false;
        }
      }
      for (let m = first; m < moved.length && ok; m++) {
        const lose = moved[m] ^ 1;
        // Clauses removed as satisfied at the root stay satisfied: root values never move.
        for (let k = start[lose], end = start[lose + 1]; k < end; k++) {
          const c = clause[k];
          if ((a[c + 1] & DELETED) === 0 && !this.holdsAfterMove(c, walk)) broken.push(c);
        }
      }
      // A clause found broken before may hold now: the last repair made one of its literals true.
      let fix = -1;
      while (ok && fix < 0 && broken.length > 0) {
        const c = broken[broken.length - 1];
        if (this.holdsAfterMove(c, walk)) broken.pop();
        else fix = c;
      }
      if (ok && fix < 0) {
        for (let m = 0; m < moved.length; m++) mv[moved[m] >> 1] = moved[m] & 1 ? FALSE : TRUE;
        return true;
      }
      if (!ok || repairs >= WALK_REPAIRS || walk.work + this.stats.propagations > limit) break;
      // Propagation left none of the clause's literals false, so one of them is open.
      let repair = -1;
      for (let k = fix + HDR, end = k + a[fix]; k < end && repair < 0; k++) if (this.val[a[k]] === UNDEF) repair = a[k];
      if (repair < 0) break;
      this.trailLim.push(this.trailSize);
      this.enqueue(repair, NO_REASON);
      if (this.propagate() !== NO_REASON) break;
    }
    if (weighted) for (let m = moved.length - 1; m >= 0; m--) this.shiftWeights(moved[m] ^ 1, pbSum);
    return false;
  }

  /** Whether clause c has a true literal once the move on the trail is applied to the model. */
  private holdsAfterMove(c: number, walk: ModelWalk): boolean {
    const a = this.arena;
    const val = this.val;
    const mv = this.modelValues;
    const end = c + HDR + a[c];
    for (let k = c + HDR; k < end; k++) {
      const l = a[k];
      const v = val[l];
      if (v === TRUE || (v === UNDEF && mv[l >> 1] === (l & 1 ? FALSE : TRUE))) {
        walk.work += k - c - HDR + 1;
        return true;
      }
    }
    walk.work += a[c];
    return false;
  }

  /** Moves the weighted sums as making `lit` true (and its negation false) would. */
  private shiftWeights(lit: number, pbSum: Float64Array): void {
    const down = this.pbOcc[lit ^ 1];
    for (let k = 0; k < down.length; k += 2) pbSum[down[k]] -= this.pbWeights[down[k]][down[k + 1]];
    const up = this.pbOcc[lit];
    for (let k = 0; k < up.length; k += 2) pbSum[up[k]] += this.pbWeights[up[k]][up[k + 1]];
  }

  /**
   * Problem clauses of three literals or more by literal (their arena positions), for model walks.
   * Clauses deleted since stay listed (their deleted flag says so); rebuilt when clauses were added or moved.
   */
  private occurrences(): Occurrences {
    if (this.occ && this.occ.epoch === this.problemEpoch) return this.occ;
    const a = this.arena;
    const clauses = this.problemClauses;
    const start = new Int32Array(2 * this.numVars + 1);
    let size = 0;
    for (const c of clauses) {
      size += a[c];
      if (a[c] > 2) for (let k = c + HDR, end = k + a[c]; k < end; k++) start[a[k] + 1]++;
    }
    for (let l = 0; l < 2 * this.numVars; l++) start[l + 1] += start[l];
    const fill = start.slice(0, 2 * this.numVars);
    const clause = new Int32Array(start[2 * this.numVars]);
    for (const c of clauses) if (a[c] > 2) for (let k = c + HDR, end = k + a[c]; k < end; k++) clause[fill[a[k]]++] = c;
    this.occ = { epoch: this.problemEpoch, start, clause, size };
    return this.occ;
  }

  failedAssumptions(): Lit[] {
    return this.failed.slice();
  }

  /**
   * Values implied by unit propagation from the assumptions alone (root units included), indexed by
   * DIMACS variable - 1: 1 true, -1 false, 0 open. Null when propagation already finds a conflict.
   * Cheap, and in feature models it settles most values that a choice makes impossible.
   */
  implied(assumptions: readonly Lit[]): Int8Array | null {
    if (!this.okay) return null;
    this.cancelUntil(0);
    let result: Int8Array | null = null;
    let conflict = this.propagate() !== NO_REASON;
    for (let i = 0; i < assumptions.length && !conflict; i++) {
      const l = this.toInternal(assumptions[i]);
      if (this.val[l] === FALSE) conflict = true;
      else if (this.val[l] === UNDEF) {
        this.trailLim.push(this.trailSize);
        this.enqueue(l, NO_REASON);
        conflict = this.propagate() !== NO_REASON;
      }
    }
    if (!conflict) {
      result = new Int8Array(this.numVars);
      for (let v = 0; v < this.numVars; v++) result[v] = this.val[2 * v];
    }
    this.cancelUntil(0);
    return result;
  }

  /** The literal's value fixed at the root (by units and their consequences): 1, -1, or 0 if open. */
  rootValue(lit: Lit): number {
    this.cancelUntil(0);
    return this.val[this.toInternal(lit)];
  }

  /**
   * Literals to decide true first, in this order, before the activity heuristic takes over (a literal
   * already false is skipped). Used to steer models towards values not yet witnessed: in a feature
   * tree, deciding the leaf itself lets propagation select its ancestors, whereas a phase hint on the
   * leaf is useless once an ancestor was decided false first. Pass an empty list to clear.
   */
  preferLiterals(lits: readonly Lit[]): void {
    this.cancelUntil(0);
    // Plain loops: called once per backbone query with thousands of literals, often before any of
    // this is optimized, where a mapping callback per literal costs more than the loop itself.
    const pos = this.preferredPos;
    const old = this.preferred;
    for (let i = 0; i < old.length; i++) pos[old[i]] = -1;
    const preferred = new Int32Array(lits.length);
    for (let i = 0; i < lits.length; i++) {
      const l = this.toInternal(lits[i]);
      preferred[i] = l;
      if (pos[l] < 0) pos[l] = i;
    }
    this.preferred = preferred;
    this.preferredHead = 0;
  }

  /** Prefer this literal's polarity the next time its variable is decided. */
  setPhase(lit: Lit): void {
    const v = lit > 0 ? lit - 1 : -lit - 1;
    this.polarity[v] = lit > 0 ? 1 : 0;
  }

  get learntCount(): number {
    return this.learntClauses.length;
  }

  // ------------------------------------------------------------------ internals: memory

  private toInternal(lit: Lit): number {
    const v = lit > 0 ? lit : -lit;
    if ((lit | 0) !== lit || lit === 0 || v > this.numVars) {
      throw new RangeError(`literal ${lit} outside 1..${this.numVars}`);
    }
    return 2 * (v - 1) + (lit < 0 ? 1 : 0);
  }

  private toExternal(lit: number): Lit {
    const v = (lit >> 1) + 1;
    return lit & 1 ? -v : v;
  }

  private ensureVarCapacity(n: number): void {
    if (n <= this.level.length) {
      if (2 * n > this.val.length) this.val = grow8(this.val, 4 * n);
      if (2 * n > this.litMarks.length) this.litMarks = grow32(this.litMarks, 4 * n);
      if (2 * n > this.preferredPos.length) this.preferredPos = growFilled(this.preferredPos, 4 * n);
      return;
    }
    const cap = Math.max(n, this.level.length * 2);
    this.level = grow32(this.level, cap);
    this.reason = grow32(this.reason, cap);
    this.polarity = grow8(this.polarity, cap);
    const seen = new Uint8Array(cap);
    seen.set(this.seen);
    this.seen = seen;
    const activation = new Uint8Array(cap);
    activation.set(this.activation);
    this.activation = activation;
    this.trail = grow32(this.trail, cap);
    this.modelValues = grow8(this.modelValues, cap);
    this.levelStamp = grow32(this.levelStamp, cap + 1);
    this.val = grow8(this.val, 2 * cap);
    this.litMarks = grow32(this.litMarks, 2 * cap);
    this.preferredPos = growFilled(this.preferredPos, 2 * cap);
    this.heap.grow(cap);
  }

  /** Room for `need` more words in the arena, growing it by doubling. */
  private reserveArena(need: number): void {
    if (this.arenaTop + need <= this.arena.length) return;
    let cap = this.arena.length * 2;
    while (this.arenaTop + need > cap) cap *= 2;
    const buffer = new ArrayBuffer(cap * 4);
    const arena = new Int32Array(buffer);
    arena.set(this.arena.subarray(0, this.arenaTop));
    this.buffer = buffer;
    this.arena = arena;
    this.arenaF = new Float32Array(buffer);
  }

  private allocClause(lits: ArrayLike<number>, size: number, flags: number, lbd: number): number {
    const need = HDR + size;
    if (this.arenaTop + need > this.arena.length) this.reserveArena(need);
    const cref = this.arenaTop;
    const a = this.arena;
    a[cref] = size;
    a[cref + 1] = flags | (lbd << FLAG_BITS);
    this.arenaF[cref + 2] = 0;
    for (let i = 0; i < size; i++) a[cref + HDR + i] = lits[i];
    this.arenaTop += need;
    return cref;
  }

  private attach(cref: number): void {
    const a = this.arena;
    const l0 = a[cref + HDR];
    const l1 = a[cref + HDR + 1];
    if (a[cref] === 2) {
      listFor(this.bins, l0).push(l1, cref);
      listFor(this.bins, l1).push(l0, cref);
    } else {
      listFor(this.watches, l0).push(cref, l1);
      listFor(this.watches, l1).push(cref, l0);
    }
  }

  /** Takes a clause out of its two watch lists (or binary lists). */
  private detach(cref: number): void {
    const a = this.arena;
    const l0 = a[cref + HDR];
    const l1 = a[cref + HDR + 1];
    // A clause cut to two literals at the root stays on the watch lists until the next sweep.
    const binary = a[cref] === 2;
    for (const l of [l0, l1]) if (!(binary && removeEntry(this.bins[l], 1, cref))) removeEntry(this.watches[l], 0, cref);
  }

  // ------------------------------------------------------------------ internals: assignment

  private enqueue(lit: number, from: number): void {
    const v = lit >> 1;
    this.val[lit] = TRUE;
    this.val[lit ^ 1] = FALSE;
    this.level[v] = this.trailLim.length;
    this.reason[v] = from;
    this.trail[this.trailSize++] = lit;
  }

  private cancelUntil(lvl: number): void {
    if (this.trailLim.length <= lvl) return;
    const lim = this.trailLim[lvl];
    if (this.pbHead > lim) {
      for (let i = this.pbHead - 1; i >= lim; i--) {
        const occ = this.pbOcc[this.trail[i]];
        for (let k = 0; k < occ.length; k += 2) this.pbSum[occ[k]] -= this.pbWeights[occ[k]][occ[k + 1]];
      }
      this.pbHead = lim;
    }
    const prefPos = this.preferredPos;
    let head = this.preferredHead;
    for (let i = this.trailSize - 1; i >= lim; i--) {
      const lit = this.trail[i];
      const v = lit >> 1;
      // A preferred literal open again moves the scan back to it, without rescanning the whole list.
      const p0 = prefPos[2 * v];
      const p1 = prefPos[2 * v + 1];
      if (p0 >= 0 && p0 < head) head = p0;
      if (p1 >= 0 && p1 < head) head = p1;
      this.val[lit] = UNDEF;
      this.val[lit ^ 1] = UNDEF;
      this.reason[v] = NO_REASON;
      this.polarity[v] = lit & 1 ? 0 : 1;
      this.heap.insert(v);
    }
    this.preferredHead = head;
    this.trailSize = lim;
    this.qhead = Math.min(this.qhead, lim);

    this.trailLim.length = lvl;
  }

  /** Unit propagation to fixpoint. Returns a conflicting clause, or NO_REASON. */
  private propagate(): number {
    const val = this.val;
    const hasPb = this.pbLits.length > 0;
    let conflict = NO_REASON;
    const firstQueued = this.qhead;
    while (this.qhead < this.trailSize) {
      const p = this.trail[this.qhead++];
      const falseLit = p ^ 1;

      // Conflicts take no path of their own below: code the optimizing compiler has not seen run is
      // compiled as a deoptimization, and the first conflict would then throw this function back to
      // the interpreter and have it compiled again (in a fresh process, before the search's first conflict).
      const bin = this.bins[falseLit];
      for (let i = 0; i < bin.length; i += 2) {
        const other = bin[i];
        const v = val[other];
        if (v === TRUE) continue;
        if (v === FALSE) {
          conflict = bin[i + 1];
          break;
        }
        this.enqueue(other, bin[i + 1]);
      }
      if (conflict !== NO_REASON) break;

      const ws = this.watches[falseLit];
      const a = this.arena;
      const n = ws.length;
      let i = 0;
      let j = 0;
      while (i < n) {
        const cref = ws[i];
        const blocker = ws[i + 1];
        i += 2;
        // After a conflict the remaining watches are kept as they are, by the true-blocker path.
        if (val[blocker] === TRUE || conflict !== NO_REASON) {
          ws[j++] = cref;
          ws[j++] = blocker;
          continue;
        }
        const base = cref + HDR;
        if (a[base] === falseLit) {
          a[base] = a[base + 1];
          a[base + 1] = falseLit;
        }
        const first = a[base];
        if (first !== blocker && val[first] === TRUE) {
          ws[j++] = cref;
          ws[j++] = first;
          continue;
        }
        const end = base + a[cref];
        let moved = false;
        for (let k = base + 2; k < end; k++) {
          const l = a[k];
          if (val[l] !== FALSE) {
            a[base + 1] = l;
            a[k] = falseLit;
            listFor(this.watches, l).push(cref, first);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = cref;
        ws[j++] = first;
        if (val[first] === FALSE) conflict = cref;
        else this.enqueue(first, cref);
      }
      // Changing an array's length is a runtime call: skip it when no watch moved.
      if (j !== n) ws.length = j;
      if (conflict !== NO_REASON) break;

      if (hasPb) {
        conflict = this.propagateWeighted();
        if (conflict !== NO_REASON) break;
      }
    }
    // Counted once per call rather than per literal: a field update less in the innermost loop.
    this.stats.propagations += this.qhead - firstQueued;
    if (conflict !== NO_REASON) this.qhead = this.trailSize;
    return conflict;
  }

  /**
   * Weighted constraints: processes newly propagated literals' occurrences (in trail order, so `pbHead` tracks exactly which
   * trail literals are counted in pbSum and backtracking can subtract them). A literal whose weight
   * exceeds the remaining slack is set false, with a clause reason made from the true literals.
   */
  private propagateWeighted(): number {
    while (this.pbHead < this.qhead) {
      const occ = this.pbOcc[this.trail[this.pbHead++]];
      for (let k = 0; k < occ.length; k += 2) {
        const c = occ[k];
        const weights = this.pbWeights[c];
        this.pbSum[c] += weights[occ[k + 1]];
        const slack = this.pbBound[c] - this.pbSum[c];
        if (slack < 0) return this.weightedReason(c, -1);
        const lits = this.pbLits[c];
        for (let i = 0; i < lits.length; i++) {
          if (weights[i] > slack && this.val[lits[i]] === UNDEF) {
            this.enqueue(lits[i] ^ 1, this.weightedReason(c, lits[i] ^ 1));
          }
        }
      }
    }
    return NO_REASON;
  }

  /** Clause [implied, -t for every true literal t of constraint c]; a conflict clause when implied < 0. */
  private weightedReason(c: number, implied: number): number {
    const clause: number[] = implied >= 0 ? [implied] : [];
    for (const l of this.pbLits[c]) if (this.val[l] === TRUE) clause.push(l ^ 1);
    const cref = this.allocClause(clause, clause.length, LEARNT | DETACHED, clause.length);
    this.detachedClauses.push(cref);
    return cref;
  }

  // ------------------------------------------------------------------ internals: conflict analysis

  private bumpVar(v: number): void {
    const activity = this.heap.activity;
    if ((activity[v] += this.varInc) > 1e100) {
      for (let i = 0; i < this.numVars; i++) activity[i] *= 1e-100;
      this.varInc *= 1e-100;
    }
    this.heap.increased(v);
  }

  private bumpClause(cref: number): void {
    const f = this.arenaF;
    if ((f[cref + 2] += this.clauseInc) > 1e20) {
      for (const c of this.learntClauses) f[c + 2] *= 1e-20;
      this.clauseInc *= 1e-20;
    }
  }

  /** First-UIP learning. Returns the learnt clause (asserting literal first) and its backjump level. */
  private analyze(conflict: number): { learnt: number[]; backjump: number; lbd: number } {
    const a = this.arena;
    const seen = this.seen;
    const learnt: number[] = [0];
    const currentLevel = this.trailLim.length;
    let pathCount = 0;
    let p = -1;
    let index = this.trailSize - 1;
    let cref = conflict;
    do {
      if (a[cref + 1] & LEARNT) this.bumpClause(cref);
      const size = a[cref];
      for (let k = 0; k < size; k++) {
        const q = a[cref + HDR + k];
        if (q === p) continue;
        const v = q >> 1;
        if (!seen[v] && this.level[v] > 0) {
          this.bumpVar(v);
          seen[v] = 1;
          if (this.level[v] >= currentLevel) pathCount++;
          else learnt.push(q);
        }
      }
      while (!seen[this.trail[index] >> 1]) index--;
      p = this.trail[index--];
      cref = this.reason[p >> 1];
      seen[p >> 1] = 0;
      pathCount--;
    } while (pathCount > 0);
    learnt[0] = p ^ 1;

    // Recursive minimisation: drop literals implied by the rest of the clause.
    const toClear = this.analyzeToClear;
    toClear.length = 0;
    for (let i = 1; i < learnt.length; i++) toClear.push(learnt[i]);
    let abstract = 0;
    for (let i = 1; i < learnt.length; i++) abstract |= 1 << (this.level[learnt[i] >> 1] & 31);
    let j = 1;
    for (let i = 1; i < learnt.length; i++) {
      const v = learnt[i] >> 1;
      if (this.reason[v] === NO_REASON || !this.redundant(learnt[i], abstract)) learnt[j++] = learnt[i];
    }
    learnt.length = j;
    for (const l of toClear) seen[l >> 1] = 0;

    let backjump = 0;
    if (learnt.length > 1) {
      let maxI = 1;
      for (let i = 2; i < learnt.length; i++) {
        if (this.level[learnt[i] >> 1] > this.level[learnt[maxI] >> 1]) maxI = i;
      }
      const t = learnt[1];
      learnt[1] = learnt[maxI];
      learnt[maxI] = t;
      backjump = this.level[learnt[1] >> 1];
    }
    return { learnt, backjump, lbd: this.computeLbd(learnt) };
  }

  private redundant(lit: number, abstract: number): boolean {
    const a = this.arena;
    const stack = this.analyzeStack;
    stack.length = 0;
    stack.push(lit);
    const top = this.analyzeToClear.length;
    while (stack.length > 0) {
      const q = stack.pop() as number;
      const cref = this.reason[q >> 1];
      const size = a[cref];
      for (let k = 0; k < size; k++) {
        const l = a[cref + HDR + k];
        const v = l >> 1;
        if (v === q >> 1 || this.seen[v] || this.level[v] === 0) continue;
        if (this.reason[v] !== NO_REASON && (abstract & (1 << (this.level[v] & 31))) !== 0) {
          this.seen[v] = 1;
          stack.push(l);
          this.analyzeToClear.push(l);
        } else {
          for (let i = top; i < this.analyzeToClear.length; i++) this.seen[this.analyzeToClear[i] >> 1] = 0;
          this.analyzeToClear.length = top;
          return false;
        }
      }
    }
    return true;
  }

  private computeLbd(lits: readonly number[]): number {
    const stamp = ++this.stampCounter;
    let lbd = 0;
    for (const l of lits) {
      const lv = this.level[l >> 1];
      if (this.levelStamp[lv] !== stamp) {
        this.levelStamp[lv] = stamp;
        lbd++;
      }
    }
    return lbd;
  }

  /**
   * `p` (an assumption) is false: collect the assumptions whose consequences made it false.
   * Decisions below the assumption levels are all assumptions, so every reason-less literal met
   * while walking back from ¬p is one.
   */
  private analyzeFinal(p: number): void {
    const failed = [this.toExternal(p)];
    if (this.trailLim.length === 0 || this.level[p >> 1] === 0) {
      this.failed = failed;
      return;
    }
    const seen = this.seen;
    seen[p >> 1] = 1;
    const a = this.arena;
    for (let i = this.trailSize - 1; i >= this.trailLim[0]; i--) {
      const lit = this.trail[i];
      const v = lit >> 1;
      if (!seen[v]) continue;
      const cref = this.reason[v];
      if (cref === NO_REASON) {
        // An assumption. When it is ¬p itself, the caller assumed both p and ¬p.
        failed.push(this.toExternal(lit));
      } else {
        const size = a[cref];
        for (let k = 0; k < size; k++) {
          const u = a[cref + HDR + k] >> 1;
          if (u !== v && this.level[u] > 0) seen[u] = 1;
        }
      }
      seen[v] = 0;
    }
    seen[p >> 1] = 0;
    this.failed = failed;
  }

  // ------------------------------------------------------------------ internals: search

  private search(budget: number, assume: readonly number[], deadline: number | undefined, conflictCap: number): SolveResult {
    let conflictsHere = 0;
    for (;;) {
      const conflict = this.propagate();
      if (conflict !== NO_REASON) {
        this.stats.conflicts++;
        conflictsHere++;
        if (this.trailLim.length === 0) {
          this.okay = false;
          return 'unsat';
        }
        const { learnt, backjump, lbd } = this.analyze(conflict);
        // Chronological backtracking (Nadel & Ryvchin, SAT 2018): a jump over many levels undoes
        // assignments that the search mostly makes again, and a configurator's queries decide thousands
        // of preferred values in a row. Undoing just the conflict's level instead leaves the learnt
        // clause unit one level lower, so its literal is implied there (sound, with no level of its
        // own). A learnt unit still goes to the root, where it needs no reason.
        const level = this.trailLim.length;
        this.cancelUntil(learnt.length > 1 && level - backjump > CHRONO_DISTANCE ? level - 1 : backjump);
        if (learnt.length === 1) {
          this.enqueue(learnt[0], NO_REASON);
        } else {
          let flags = LEARNT;
          for (const l of learnt) if (this.activation[l >> 1]) flags |= TEMPORARY;
          const cref = this.allocClause(learnt, learnt.length, flags, lbd);
          this.learntClauses.push(cref);
          this.stats.learnts++;
          this.attach(cref);
          this.bumpClause(cref);
          this.enqueue(learnt[0], cref);
        }
        this.varInc /= VAR_DECAY;
        this.clauseInc /= CLAUSE_DECAY;
        if ((this.stats.conflicts & 255) === 0 && deadline !== undefined && performance.now() >= deadline) {
          this.cancelUntil(0);
          return 'unknown';
        }
        if (this.stats.conflicts >= conflictCap) {
          this.cancelUntil(0);
          return 'unknown';
        }
        continue;
      }

      if (conflictsHere >= budget) {
        this.cancelUntil(0);
        return 'unknown';
      }
      if (this.learntClauses.length - this.trailSize >= this.maxLearnts) {
        this.reduceLearnts();
        this.maxLearnts = Math.floor(this.maxLearnts * 1.1);
      }

      let next = -1;
      while (this.trailLim.length < assume.length) {
        const p = assume[this.trailLim.length];
        const v = this.val[p];
        if (v === TRUE) {
          this.trailLim.push(this.trailSize);
        } else if (v === FALSE) {
          this.analyzeFinal(p);
          return 'unsat';
        } else {
          next = p;
          break;
        }
      }
      if (next < 0) {
        next = this.pickBranchLiteral();
        if (next < 0) return 'sat';
        this.stats.decisions++;
      }
      this.trailLim.push(this.trailSize);
      this.enqueue(next, NO_REASON);
    }
  }

  private pickBranchLiteral(): number {
    const preferred = this.preferred;
    while (this.preferredHead < preferred.length) {
      const l = preferred[this.preferredHead];
      if (this.val[l] === UNDEF) return l;
      this.preferredHead++;
    }
    while (this.heap.size > 0) {
      const v = this.heap.removeMax();
      if (this.val[2 * v] === UNDEF) return 2 * v + (this.polarity[v] ? 0 : 1);
    }
    return -1;
  }

  // ------------------------------------------------------------------ internals: clause database

  private isLocked(cref: number): boolean {
    const a = this.arena;
    const l0 = a[cref + HDR];
    if (this.val[l0] === TRUE && this.reason[l0 >> 1] === cref) return true;
    if (a[cref] === 2) {
      const l1 = a[cref + HDR + 1];
      return this.val[l1] === TRUE && this.reason[l1 >> 1] === cref;
    }
    return false;
  }

  private markDeleted(cref: number): void {
    this.arena[cref + 1] |= DELETED;
    this.wasted += HDR + this.arena[cref];
  }

  /** Removes the less useful half of the learnt clauses (high LBD, low activity); glue clauses (LBD <= 2) stay. */
  private reduceLearnts(): void {
    const a = this.arena;
    const f = this.arenaF;
    const lbd = (c: number): number => a[c + 1] >> FLAG_BITS;
    const candidates = this.learntClauses.filter((c) => lbd(c) > 2 && !this.isLocked(c));
    candidates.sort((x, y) => lbd(y) - lbd(x) || f[x + 2] - f[y + 2]);
    const removeCount = Math.floor(candidates.length / 2);
    for (let i = 0; i < removeCount; i++) this.markDeleted(candidates[i]);
    this.learntClauses = this.learntClauses.filter((c) => !(a[c + 1] & DELETED));
    this.dropUnlockedReasons();
    this.rebuild();
  }

  private dropUnlockedReasons(): void {
    this.detachedClauses = this.detachedClauses.filter((c) => {
      if (this.isLocked(c)) return true;
      this.markDeleted(c);
      return false;
    });
  }

  /** At the root: removes satisfied clauses once new units have been learnt or added. */
  private simplifyAtRoot(): void {
    this.cancelUntil(0);
    if (this.propagate() !== NO_REASON) {
      this.okay = false;
      return;
    }
    // Removing satisfied clauses costs a pass over the database and all watch lists: worth it only
    // after new units, and once propagation has done about as much work as that pass (as MiniSat).
    if (this.rootUnitsAtSimplify >= 0) {
      if (this.trailSize === this.rootUnitsAtSimplify || this.stats.propagations < this.propagationsAtSimplify + this.arenaTop) return;
    }
    this.rootUnitsAtSimplify = this.trailSize;
    this.propagationsAtSimplify = this.stats.propagations;
    // Satisfied clauses go; the others lose their literals false at the root (clauses loaded in bulk
    // keep them until here, and a clause shortened to two literals moves to the fast binary lists).
    const wastedBefore = this.wasted;
    this.problemClauses = this.simplifiedList(this.problemClauses);
    this.learntClauses = this.simplifiedList(this.learntClauses);
    this.temporaryClauses = this.simplifiedList(this.temporaryClauses);
    // Every deletion and shortening adds to `wasted`. Clauses satisfied at the root may stay on the
    // watch lists a while (they can never be unit), and a shortened clause keeps its two watched
    // literals in place (both were open): a pass over every list pays only once a good share of the
    // database is gone, or for a compaction.
    this.unswept += this.wasted - wastedBefore;
    // Root-level reasons are never consulted (analysis stops at level 0), so all of them can go.
    for (let i = 0; i < this.trailSize; i++) this.reason[this.trail[i] >> 1] = NO_REASON;
    this.dropUnlockedReasons();
    if (this.unswept * UNSWEPT_SHARE > this.arenaTop || (this.unswept > 0 && this.wasted > this.arenaTop / 3)) this.rebuild();
  }

  /**
   * The clauses of `list` not satisfied at the root, compacted in place, each without its literals
   * false at the root; satisfied ones are marked deleted. (A loop, not filter with closures: it runs
   * over every clause at the first call after loading, usually before it is optimized.)
   */
  private simplifiedList(list: number[]): number[] {
    const a = this.arena;
    const val = this.val;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      const size = a[c];
      let open = 0;
      let satisfied = false;
      for (let k = c + HDR, end = k + size; k < end; k++) {
        const v = val[a[k]];
        if (v === TRUE) {
          satisfied = true;
          break;
        }
        if (v === UNDEF) open++;
      }
      if (satisfied) {
        this.markDeleted(c);
        continue;
      }
      // Propagation at the root has run: a clause not satisfied has two open literals at least.
      if (open < size && open >= 2) {
        let j = 0;
        for (let k = 0; k < size; k++) if (val[a[c + HDR + k]] === UNDEF) a[c + HDR + j++] = a[c + HDR + k];
        this.wasted += size - j;
        a[c] = j;
      }
      list[kept++] = c;
    }
    if (kept !== list.length) list.length = kept;
    return list;
  }

  /**
   * After clauses were deleted or shortened: compacts the arena when much of it is garbage, then
   * updates the watch lists in place. Entries of deleted clauses go, moved clauses are followed, and
   * clauses shortened to two literals move to the binary lists. (Emptying every list and attaching
   * every clause again made each list grow anew from nothing at every simplification.)
   */
  private rebuild(): void {
    this.unswept = 0;
    // Deleted flags, and after a compaction each moved clause's new place, are read from the old arena.
    const old = this.arena;
    const moved = this.wasted > this.arenaTop / 3 && this.compact();
    const a = this.arena;
    const bins = this.bins;
    for (let l = 0; l < bins.length; l++) {
      const bs = bins[l];
      let j = 0;
      for (let i = 0; i < bs.length; i += 2) {
        const c = bs[i + 1];
        if (old[c + 1] & DELETED) continue;
        bs[j++] = bs[i];
        bs[j++] = moved ? old[c + FORWARD] : c;
      }
      if (j !== bs.length) bs.length = j;
    }
    const watches = this.watches;
    for (let l = 0; l < watches.length; l++) {
      const ws = watches[l];
      let j = 0;
      for (let i = 0; i < ws.length; i += 2) {
        const c = moved ? old[ws[i] + FORWARD] : ws[i];
        if (old[ws[i] + 1] & DELETED) continue;
        if (a[c] === 2) {
          // Watched by its first two literals, so it is met twice: attached on the first one's list.
          if (a[c + HDR] === l) {
            const other = a[c + HDR + 1];
            listFor(bins, l).push(other, c);
            listFor(bins, other).push(l, c);
          }
          continue;
        }
        ws[j++] = c;
        ws[j++] = ws[i + 1];
      }
      if (j !== ws.length) ws.length = j;
    }
  }

  /**
   * Copies the live clauses to a fresh arena. Each moved clause's new position is left in its old
   * header (the FORWARD word, its activity slot, dead once copied) for rebuild to follow. Returns true.
   */
  private compact(): boolean {
    const old = this.arena;
    const buffer = new ArrayBuffer(Math.max(1 << 16, (this.arenaTop - this.wasted) * 2 * 4));
    const arena = new Int32Array(buffer);
    let top = 0;
    const move = (c: number): number => {
      const n = HDR + old[c];
      arena.set(old.subarray(c, c + n), top);
      old[c + FORWARD] = top;
      const at = top;
      top += n;
      return at;
    };
    this.problemClauses = this.problemClauses.map(move);
    this.problemEpoch++;
    this.temporaryClauses = this.temporaryClauses.map(move);
    this.learntClauses = this.learntClauses.map(move);
    this.detachedClauses = this.detachedClauses.map(move);
    for (let i = 0; i < this.trailSize; i++) {
      const v = this.trail[i] >> 1;
      const r = this.reason[v];
      if (r !== NO_REASON) this.reason[v] = old[r + 1] & DELETED ? NO_REASON : old[r + FORWARD];
    }
    this.buffer = buffer;
    this.arena = arena;
    this.arenaF = new Float32Array(buffer);
    this.arenaTop = top;
    this.wasted = 0;
    return true;
  }
}

/** The list every literal starts with in `watches` and `bins`: always empty, never added to. */
const NO_ENTRIES: number[] = [];

/** Removes the (pair) entry whose word at `slot` is `cref` from a watch or binary list; false when absent. */
function removeEntry(w: number[], slot: number, cref: number): boolean {
  for (let i = 0; i < w.length; i += 2) {
    if (w[i + slot] === cref) {
      w[i] = w[w.length - 2];
      w[i + 1] = w[w.length - 1];
      w.length -= 2;
      return true;
    }
  }
  return false;
}

/** lists[l], made its own list first if it is still the shared empty one. */
function listFor(lists: number[][], l: number): number[] {
  let list = lists[l];
  if (list === NO_ENTRIES) lists[l] = list = [];
  return list;
}

function grow32(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  if (cap <= a.length) return a;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** Like grow32, with new slots set to -1 ("none"). */
function growFilled(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  if (cap <= a.length) return a;
  const b = new Int32Array(cap).fill(-1);
  b.set(a);
  return b;
}

function grow8(a: Int8Array<ArrayBuffer>, cap: number): Int8Array<ArrayBuffer> {
  if (cap <= a.length) return a;
  const b = new Int8Array(cap);
  b.set(a);
  return b;
}
