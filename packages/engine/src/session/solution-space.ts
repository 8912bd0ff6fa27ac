import type { Lit } from '../sat/cnf.ts';
import type { CompiledModel } from '../model/compiled.ts';

/*
 * A model's valid configurations compiled once into a multi-valued decision diagram over its product
 * variables (in declaration order): level i of the diagram decides variable i, each edge is one of
 * its values, and every path from the root to the true terminal is one valid configuration. The
 * diagram is immutable and shared by every session on the model. With it, the valid domains under
 * any choices are two passes over its edges (which nodes still reach the end, which the root still
 * reaches) and the number of completions a third; no solver call, whatever the choices. This is the
 * precompiled approach of industrial configurators: it pays when the diagram is small, which it is
 * for models of modular products whose rules relate few variables at a time; otherwise compilation
 * stops at a budget and sessions keep searching with the solver.
 *
 * Nodes are merged when their residual formulas are the same (the same unassigned variables and the
 * same clauses left unsatisfied, as a model counter's cache does), and again when two nodes of a
 * level have the same children. The residual formula alone does not fix a node: the values that
 * propagation already gave the variables of its level and below are read by the levels themselves,
 * so they are part of its identity too. A node is known by its level, its numbers of open variables
 * and clauses and a 64-bit Zobrist hash of the open variables, the unsatisfied clauses (kept up to
 * date as literals are set and unset, so a node costs no pass over the formula) and the values set
 * on its levels' literals: two different nodes are merged only on a 64-bit collision, below one
 * chance in 10^9 among the 50,000 nodes allowed.
 */

/** Node and work limits: above them the diagram is not built (the model is left to the solver). */
const MAX_NODES = 50_000;
const MAX_EDGES = 400_000;
/** Clause and implication visits of propagation, a few ns each (the modular home needs 20 M). */
const MAX_WORK = 25_000_000;
/** The diagram is built depth-first with one call per level. */
const MAX_LEVELS = 2_000;
/** Formulas larger than this are not tried: the work budget would run out on them after a few hundred milliseconds spent for nothing. */
const MAX_CLAUSES = 25_000;

const FALSE = -1;
const TRUE = -2;

class OverBudget extends Error {}

export class SolutionSpace {
  /** Per node (parents before children): its level, and where its children start in `children`. */
  private readonly level: Int32Array;
  private readonly childStart: Int32Array;
  /** Per edge: the child node, or FALSE / TRUE. */
  private readonly children: Int32Array;
  /** Per level (= variable): the first of its values in a flat value index. */
  readonly valueOffset: Int32Array;
  readonly valueCount: number;
  private readonly alive: Uint8Array;
  private readonly reached: Uint8Array;

  constructor(level: Int32Array, childStart: Int32Array, children: Int32Array, valueOffset: Int32Array, valueCount: number) {
    this.level = level;
    this.childStart = childStart;
    this.children = children;
    this.valueOffset = valueOffset;
    this.valueCount = valueCount;
    this.alive = new Uint8Array(level.length);
    this.reached = new Uint8Array(level.length);
  }

  get nodes(): number {
    return this.level.length;
  }

  get edges(): number {
    return this.children.length;
  }

  /**
   * The values (flat index: `valueOffset[variable] + k`) that some valid configuration agreeing with
   * `chosen` takes; `chosen[variable]` is a value index, or -1 when the variable is open. Null when no
   * valid configuration agrees with the choices.
   */
  possible(chosen: Int32Array, into: Uint8Array = new Uint8Array(this.valueCount)): Uint8Array | null {
    if (!this.markAlive(chosen)) return null;
    const { level, childStart, children, alive, reached } = this;
    reached.fill(0);
    reached[0] = 1;
    into.fill(0);
    for (let n = 0; n < level.length; n++) {
      if (!reached[n]) continue;
      const lv = level[n];
      const c = chosen[lv];
      const offset = this.valueOffset[lv];
      const end = childStart[n + 1];
      for (let e = childStart[n], k = 0; e < end; e++, k++) {
        if (c >= 0 && c !== k) continue;
        const child = children[e];
        if (child === TRUE) into[offset + k] = 1;
        else if (child >= 0 && alive[child]) {
          into[offset + k] = 1;
          reached[child] = 1;
        }
      }
    }
    return into;
  }

  /** Whether some valid configuration agrees with `chosen` (as in `possible`). */
  consistent(chosen: Int32Array): boolean {
    return this.markAlive(chosen);
  }

  /** The number of valid configurations agreeing with `chosen` (as in `possible`). */
  count(chosen: Int32Array): bigint {
    const { level, childStart, children } = this;
    const counts: bigint[] = new Array<bigint>(level.length);
    for (let n = level.length - 1; n >= 0; n--) {
      const c = chosen[level[n]];
      let sum = 0n;
      const end = childStart[n + 1];
      for (let e = childStart[n], k = 0; e < end; e++, k++) {
        if (c >= 0 && c !== k) continue;
        const child = children[e];
        if (child === TRUE) sum += 1n;
        else if (child >= 0) sum += counts[child];
      }
      counts[n] = sum;
    }
    return level.length === 0 ? 0n : counts[0];
  }

  /** Which nodes still reach the true terminal through values the choices allow; whether the root does. */
  private markAlive(chosen: Int32Array): boolean {
    const { level, childStart, children, alive } = this;
    if (level.length === 0) return false;
    for (let n = level.length - 1; n >= 0; n--) {
      const c = chosen[level[n]];
      let live = 0;
      const end = childStart[n + 1];
      for (let e = childStart[n], k = 0; e < end; e++, k++) {
        if (c >= 0 && c !== k) continue;
        const child = children[e];
        if (child === TRUE || (child >= 0 && alive[child])) {
          live = 1;
          break;
        }
      }
      alive[n] = live;
    }
    return alive[0] === 1;
  }
}

const spaces = new WeakMap<CompiledModel, SolutionSpace | null>();

/** The model's solution space, compiled on first use and shared; null when it is too large to build. */
export function solutionSpaceOf(model: CompiledModel): SolutionSpace | null {
  let space = spaces.get(model);
  if (space === undefined) {
    space = compileSolutionSpace(model);
    spaces.set(model, space);
  }
  return space;
}

/** Builds the diagram, or null when it exceeds the budget (or the model breaks the compiled model's promise that propagation fixes every auxiliary). */
export function compileSolutionSpace(model: CompiledModel): SolutionSpace | null {
  if (model.variables.length === 0 || model.variables.length > MAX_LEVELS || model.cnf.clauseCount > MAX_CLAUSES) return null;
  try {
    return new Builder(model).build();
  } catch (error) {
    if (error instanceof OverBudget) return null;
    throw error;
  }
}

/** Literal codes: 2v for +v, 2v + 1 for -v. */
const code = (l: Lit): number => (l > 0 ? 2 * l : -2 * l + 1);

class Builder {
  private readonly numVars: number;
  /** Flat clauses (literal codes) and where each starts. */
  private readonly lits: Int32Array;
  private readonly start: Int32Array;
  /** Clause ids by literal code: those of literal x are `occurs[occurStart[x]]` up to `occurStart[x + 1]`. */
  private readonly occurs: Int32Array;
  private readonly occurStart: Int32Array;
  /** Per literal code: the literals binary clauses make true when it is (`implied[impStart[x]]` up to `impStart[x + 1]`). */
  private readonly implied: Int32Array;
  private readonly impStart: Int32Array;
  private readonly units: number[] = [];
  private empty = false;
  /** Variables that occur in some clause, and how many of them are unassigned. */
  private readonly inClauses: Uint8Array;
  private openInClauses = 0;
  /** Long clauses that became unit (all literals false but one), and literals implied, since the last propagation. */
  private readonly pending: number[] = [];
  private readonly pendingLits: number[] = [];
  private conflict = false;
  /** Per clause: how many of its literals are true / false. */
  private readonly trueCount: Int32Array;
  private readonly falseCount: Int32Array;
  /** Per variable: 0 unassigned, 1 true, -1 false. */
  private readonly value: Int8Array;
  private readonly trail: number[] = [];
  private unsatisfied: number;
  private work = 0;

  /** Finished nodes: their level and children, in creation order (children before parents). */
  private readonly nodeLevel: number[] = [];
  private readonly nodeChildren: number[][] = [];
  private edgeTotal = 0;
  /** Zobrist tokens of each variable (while unassigned) and clause (while unsatisfied), two 32-bit halves. */
  private readonly varToken: Int32Array;
  private readonly clauseToken: Int32Array;
  /** The literal codes of every level's values, level after level, and where each level starts. */
  private readonly levelLits: Int32Array;
  private readonly levelStart: Int32Array;
  /** Two tokens (true, false) of two halves per position of `levelLits`. */
  private readonly valueToken: Int32Array;
  /** Per variable: its positions in `levelLits` (most have one or none). */
  private readonly positions: Int32Array[];
  /** Tokens of every position whose literal is set, in its state. */
  private valueLow = 0;
  private valueHigh = 0;
  private hashLow = 0;
  private hashHigh = 0;
  private unassigned: number;
  /** Residual formula → node (or FALSE). */
  private readonly byResidual = new Map<number, Residual[]>();
  /** Level and children → node, so that equal nodes are one. */
  private readonly byChildren = new Map<string, number>();

  constructor(private readonly model: CompiledModel) {
    const cnf = model.cnf;
    this.numVars = cnf.numVars;
    // Clauses by length: binary ones become implications (no counts to keep: after propagation one is
    // open exactly when both its variables are, which the variables' hash already says), longer ones
    // are counted; duplicate literals are dropped and tautologies left out.
    const long: number[][] = [];
    const pairs: number[] = [];
    this.inClauses = new Uint8Array(this.numVars + 1);
    for (const clause of cnf.clauses) {
      const xs = [...new Set(clause.map(code))];
      if (xs.some((x) => xs.includes(x ^ 1))) continue;
      for (const x of xs) this.inClauses[x >> 1] = 1;
      if (xs.length === 0) this.empty = true;
      else if (xs.length === 1) this.units.push(xs[0]);
      else if (xs.length === 2) pairs.push(xs[0], xs[1]);
      else long.push(xs);
    }
    for (let v = 1; v <= this.numVars; v++) this.openInClauses += this.inClauses[v];
    const slots = 2 * this.numVars + 2;
    const impCount = new Int32Array(slots);
    for (let i = 0; i < pairs.length; i += 2) {
      impCount[pairs[i] ^ 1]++;
      impCount[pairs[i + 1] ^ 1]++;
    }
    this.impStart = offsets(impCount);
    this.implied = new Int32Array(pairs.length);
    const impFill = this.impStart.slice(0, slots);
    for (let i = 0; i < pairs.length; i += 2) {
      this.implied[impFill[pairs[i] ^ 1]++] = pairs[i + 1];
      this.implied[impFill[pairs[i + 1] ^ 1]++] = pairs[i];
    }
    let total = 0;
    for (const c of long) total += c.length;
    this.lits = new Int32Array(total);
    this.start = new Int32Array(long.length + 1);
    const occurCount = new Int32Array(slots);
    let at = 0;
    long.forEach((c, i) => {
      this.start[i] = at;
      for (const x of c) {
        this.lits[at++] = x;
        occurCount[x]++;
      }
    });
    this.start[long.length] = at;
    this.occurStart = offsets(occurCount);
    this.occurs = new Int32Array(total);
    const fill = this.occurStart.slice(0, slots);
    for (let i = 0; i < long.length; i++) {
      for (let p = this.start[i]; p < this.start[i + 1]; p++) this.occurs[fill[this.lits[p]]++] = i;
    }
    const clauses = long;
    this.trueCount = new Int32Array(clauses.length);
    this.falseCount = new Int32Array(clauses.length);
    this.value = new Int8Array(this.numVars + 1);
    this.unsatisfied = clauses.length;
    this.unassigned = this.numVars;
    const random = tokens(0x5eed);
    this.varToken = new Int32Array(2 * (this.numVars + 1));
    this.clauseToken = new Int32Array(2 * clauses.length);
    for (let v = 1; v <= this.numVars; v++) this.flip(this.varToken, v, random);
    for (let c = 0; c < clauses.length; c++) this.flip(this.clauseToken, c, random);
    this.levelStart = new Int32Array(model.variables.length + 1);
    const levelLits: number[] = [];
    model.variables.forEach((v, i) => {
      this.levelStart[i] = levelLits.length;
      for (const l of v.lits) levelLits.push(code(l));
    });
    this.levelStart[model.variables.length] = levelLits.length;
    this.levelLits = Int32Array.from(levelLits);
    this.valueToken = new Int32Array(4 * levelLits.length);
    for (let t = 0; t < this.valueToken.length; t++) this.valueToken[t] = random();
    const byVar: number[][] = Array.from({ length: this.numVars + 1 }, () => []);
    levelLits.forEach((x, p) => byVar[x >> 1].push(p));
    const none = new Int32Array(0);
    this.positions = byVar.map((ps) => (ps.length === 0 ? none : Int32Array.from(ps)));
  }

  /** Puts in or takes out of the value hash the tokens of variable v's positions, in its current state. */
  private toggleValues(v: number): void {
    const ps = this.positions[v];
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      const t = 4 * p + (this.valueOf(this.levelLits[p]) === 1 ? 0 : 2);
      this.valueLow ^= this.valueToken[t];
      this.valueHigh ^= this.valueToken[t + 1];
    }
  }

  /** Draws token `i` of `table` and puts it in the hash (every variable and clause starts open). */
  private flip(table: Int32Array, i: number, random: () => number): void {
    table[2 * i] = random();
    table[2 * i + 1] = random();
    this.hashLow ^= table[2 * i];
    this.hashHigh ^= table[2 * i + 1];
  }

  build(): SolutionSpace | null {
    // Unit clauses (and empty ones) hold at the root.
    if (this.empty) return this.finish(FALSE);
    for (const x of this.units) if (!this.assign(x)) return this.finish(FALSE);
    return this.finish(this.node(0, 0, 0));
  }

  /** The diagram below the current assignment, from `lv` on: a node, FALSE or TRUE. */
  private node(lv: number, aboveLow: number, aboveHigh: number): number {
    const variables = this.model.variables;
    if (lv === variables.length) {
      // Propagation fixes every auxiliary once the product variables are set: anything left open
      // means this model does not keep that promise, and the diagram would not be exact.
      if (this.unsatisfied > 0 || this.openInClauses > 0) throw new OverBudget();
      return TRUE;
    }
    // The values set on this level's literals and below: all values set so far, less those of the
    // levels above (collected on the way down).
    const low = this.hashLow ^ this.valueLow ^ aboveLow;
    const high = this.hashHigh ^ this.valueHigh ^ aboveHigh;
    const key: Residual = { level: lv, low, high, open: this.unassigned, unsatisfied: this.unsatisfied, node: FALSE };
    const slot = (high >>> 0) * 0x200000 + ((low >>> 0) & 0x1fffff);
    const bucket = this.byResidual.get(slot);
    if (bucket) for (const r of bucket) if (sameResidual(r, key)) return r.node;

    const lits = variables[lv].lits;
    const children: number[] = new Array<number>(lits.length);
    const below = (): number => {
      let l = aboveLow;
      let h = aboveHigh;
      for (let p = this.levelStart[lv]; p < this.levelStart[lv + 1]; p++) {
        const v = this.valueOf(this.levelLits[p]);
        if (v === 0) continue;
        const t = 4 * p + (v === 1 ? 0 : 2);
        l ^= this.valueToken[t];
        h ^= this.valueToken[t + 1];
      }
      return this.node(lv + 1, l, h);
    };
    let any = false;
    for (let k = 0; k < lits.length; k++) {
      const x = code(lits[k]);
      const v = this.valueOf(x);
      let child = FALSE;
      if (v === 1) child = below();
      else if (v === 0) {
        const mark = this.trail.length;
        if (this.assign(x)) child = below();
        this.undo(mark);
      }
      children[k] = child;
      if (child !== FALSE) any = true;
    }
    key.node = any ? this.intern(lv, children) : FALSE;
    if (bucket) bucket.push(key);
    else this.byResidual.set(slot, [key]);
    return key.node;
  }

  private intern(lv: number, children: number[]): number {
    const signature = `${lv}:${children.join(',')}`;
    const known = this.byChildren.get(signature);
    if (known !== undefined) return known;
    const id = this.nodeLevel.length;
    this.edgeTotal += children.length;
    if (id >= MAX_NODES || this.edgeTotal > MAX_EDGES) throw new OverBudget();
    this.nodeLevel.push(lv);
    this.nodeChildren.push(children);
    this.byChildren.set(signature, id);
    return id;
  }

  private valueOf(x: number): number {
    const v = this.value[x >> 1];
    return x & 1 ? -v : v;
  }

  /** Makes literal `x` true and propagates; false on a conflict (the trail then holds what was set, for `undo`). */
  private assign(x: number): boolean {
    const pending = this.pending;
    const pendingLits = this.pendingLits;
    let ok = this.set(x);
    while (ok && !this.conflict && (pending.length > 0 || pendingLits.length > 0)) {
      if (pendingLits.length > 0) {
        ok = this.set(pendingLits.pop() as number);
        continue;
      }
      const c = pending.pop() as number;
      if (this.trueCount[c] > 0) continue;
      for (let p = this.start[c]; p < this.start[c + 1]; p++) {
        const y = this.lits[p];
        if (this.valueOf(y) === 0) {
          ok = this.set(y);
          break;
        }
      }
    }
    ok &&= !this.conflict;
    this.conflict = false;
    pending.length = 0;
    pendingLits.length = 0;
    if (this.work > MAX_WORK) throw new OverBudget();
    return ok;
  }

  /**
   * Records literal `x` as true: counts, hashes, and the clauses it leaves unit (pending) or false
   * (conflict); false if `x` already is false.
   */
  private set(x: number): boolean {
    const v = this.valueOf(x);
    if (v === 1) return true;
    if (v === -1) return false;
    this.value[x >> 1] = x & 1 ? -1 : 1;
    this.trail.push(x);
    this.toggleVar(x >> 1);
    this.toggleValues(x >> 1);
    const { occurs, occurStart, trueCount, falseCount, start } = this;
    for (let j = occurStart[x], end = occurStart[x + 1]; j < end; j++) {
      const c = occurs[j];
      if (trueCount[c]++ === 0) this.toggleClause(c, -1);
    }
    const y = x ^ 1;
    for (let j = occurStart[y], end = occurStart[y + 1]; j < end; j++) {
      const c = occurs[j];
      const f = ++falseCount[c];
      if (trueCount[c] > 0) continue;
      const len = start[c + 1] - start[c];
      if (f === len) this.conflict = true;
      else if (f === len - 1) this.pending.push(c);
    }
    const { implied, impStart } = this;
    for (let j = impStart[x], end = impStart[x + 1]; j < end; j++) {
      const z = implied[j];
      const w = this.valueOf(z);
      if (w === -1) this.conflict = true;
      else if (w === 0) this.pendingLits.push(z);
    }
    this.work += occurStart[x + 1] - occurStart[x] + occurStart[y + 1] - occurStart[y] + impStart[x + 1] - impStart[x];
    return true;
  }

  private undo(mark: number): void {
    const { occurs, occurStart, trueCount, falseCount } = this;
    while (this.trail.length > mark) {
      const x = this.trail.pop() as number;
      this.toggleValues(x >> 1);
      this.value[x >> 1] = 0;
      this.toggleVar(x >> 1);
      for (let j = occurStart[x], end = occurStart[x + 1]; j < end; j++) {
        const c = occurs[j];
        if (--trueCount[c] === 0) this.toggleClause(c, 1);
      }
      const y = x ^ 1;
      for (let j = occurStart[y], end = occurStart[y + 1]; j < end; j++) falseCount[occurs[j]]--;
    }
  }

  private toggleVar(v: number): void {
    this.hashLow ^= this.varToken[2 * v];
    this.hashHigh ^= this.varToken[2 * v + 1];
    const delta = this.value[v] === 0 ? 1 : -1;
    this.unassigned += delta;
    if (this.inClauses[v]) this.openInClauses += delta;
  }

  private toggleClause(c: number, delta: number): void {
    this.hashLow ^= this.clauseToken[2 * c];
    this.hashHigh ^= this.clauseToken[2 * c + 1];
    this.unsatisfied += delta;
  }

  /** Numbers the nodes root first (parents before children) and packs them. */
  private finish(root: number): SolutionSpace {
    const variables = this.model.variables;
    const valueOffset = new Int32Array(variables.length);
    let valueCount = 0;
    variables.forEach((v, i) => {
      valueOffset[i] = valueCount;
      valueCount += v.values.length;
    });
    const empty = (): SolutionSpace => new SolutionSpace(new Int32Array(0), new Int32Array(1), new Int32Array(0), valueOffset, valueCount);
    if (root === FALSE) return empty();
    if (root === TRUE) throw new Error('a diagram with no levels');
    // Children were created before their parents: the reverse of creation order, stable by level,
    // puts every parent before its children (a child is always one level deeper).
    const order = this.nodeLevel.map((_, id) => id).sort((a, b) => this.nodeLevel[a] - this.nodeLevel[b] || b - a);
    // Only what the root reaches: merged-away subtrees of failed branches are dropped.
    const reachable = new Uint8Array(this.nodeLevel.length);
    reachable[root] = 1;
    for (const id of order) if (reachable[id]) for (const c of this.nodeChildren[id]) if (c >= 0) reachable[c] = 1;
    const kept = order.filter((id) => reachable[id]);
    const renumber = new Int32Array(this.nodeLevel.length).fill(-1);
    kept.forEach((id, n) => (renumber[id] = n));
    const level = new Int32Array(kept.length);
    const childStart = new Int32Array(kept.length + 1);
    let edges = 0;
    for (const id of kept) edges += this.nodeChildren[id].length;
    const children = new Int32Array(edges);
    let at = 0;
    kept.forEach((id, n) => {
      level[n] = this.nodeLevel[id];
      childStart[n] = at;
      for (const c of this.nodeChildren[id]) children[at++] = c >= 0 ? renumber[c] : c;
    });
    childStart[kept.length] = at;
    return new SolutionSpace(level, childStart, children, valueOffset, valueCount);
  }
}

interface Residual {
  level: number;
  low: number;
  high: number;
  open: number;
  unsatisfied: number;
  node: number;
}

/** Start offsets from counts: entry x starts at the sum of the counts before it. */
function offsets(counts: Int32Array): Int32Array {
  const out = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i] + counts[i];
  return out;
}

function sameResidual(a: Residual, b: Residual): boolean {
  return a.low === b.low && a.high === b.high && a.level === b.level && a.open === b.open && a.unsatisfied === b.unsatisfied;
}

/** A seeded stream of 32-bit tokens (xorshift32): the same diagram on every run. */
function tokens(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s;
  };
}
