import { Cnf, type Lit } from '../sat/cnf.ts';
import type { Value, VariableKind } from './compiled.ts';
import type { CmpOp, Formula, IntExpr, TableEntry, TableSpec } from './formula.ts';
import { type ErrorContext, modelError, unknownVariableMessage } from './errors.ts';
import { type B, Gates, neg } from './gates.ts';
import { exactlyOne } from './exactly-one.ts';
import { numericValue } from './bounds.ts';
import { valueKey } from './model.ts';
import { type Linear, NEGATED, addLinear, constantLinear, isConstant, normalise, possibleValues } from './linear.ts';
import { ANY, FALSE_NODE, Mdd, type RowEntry, TRUE_NODE, TooManyStates, holds, linearMdd, tableMdd } from './mdd.ts';
import { encodeMdd } from './mdd-encode.ts';

/** A finite-domain variable's literals: product variables and the compiler's own auxiliary integers. */
export interface Slot {
  name: string;
  kind: VariableKind;
  values: Value[];
  lits: Lit[];
  index: Map<string, number>;
  /** Position in linear MDD level orders. */
  order: number;
}

function show(v: Value): string {
  return JSON.stringify(v);
}

/** Largest domain an auxiliary integer (ite, min, max, product) may get. */
export const MAX_AUX_VALUES = 10_000;
/**
 * Largest table defining a product: one row per pair of the operands' values. The table's diagram has
 * about as many edges, and each costs a gate or two.
 */
export const MAX_PRODUCT_PAIRS = 250_000;
/** Level order in linear MDDs: product variables, then literals, then auxiliary integers (defined last, so they are derived). */
const AUX_ORDER = 2_000_000_000;
const LIT_ORDER = 1_000_000_000;

export interface CompilerStats {
  mddNodes: number;
  mddEdges: number;
  auxIntegers: number;
}

/**
 * Turns formulas, linear constraints and tables into clauses on one CNF. `ctx` names the constraint
 * being compiled (for errors) and `cnf.owner` its index (for the clauses that restrict product variables).
 */
export class Compiler {
  readonly cnf = new Cnf();
  readonly gates = new Gates(this.cnf);
  readonly slots: Slot[] = [];
  readonly byName = new Map<string, Slot>();
  readonly stats: CompilerStats = { mddNodes: 0, mddEdges: 0, auxIntegers: 0 };
  ctx: ErrorContext = { what: 'model' };
  /** Positive value literal -> its slot, to turn "x in S" clauses into units on the excluded values. */
  private readonly litSlot = new Map<Lit, Slot>();
  private readonly litCache = new Map<string, B>();
  private readonly productCache = new Map<string, Slot>();

  constructor(readonly pairwiseMax?: number) {}

  addSlot(name: string, kind: VariableKind, values: Value[], product: boolean): Slot {
    const index = new Map<string, number>();
    values.forEach((v, i) => index.set(valueKey(v), i));
    let lits: Lit[];
    if (kind === 'bool' && values.length === 2 && values[0] === false && values[1] === true) {
      const v = this.cnf.newVar();
      lits = [-v, v];
    } else {
      lits = values.map(() => this.cnf.newVar());
      if (!product) this.gates.auxCount += lits.length;
      exactlyOne(lits, this.gates, this.pairwiseMax);
    }
    const slot: Slot = { name, kind, values, lits, index, order: product ? this.slots.length : AUX_ORDER + this.slots.length };
    if (lits.length > 2 || lits[0] !== -lits[1]) for (const l of lits) this.litSlot.set(l, slot);
    this.slots.push(slot);
    if (product) this.byName.set(name, slot);
    return slot;
  }

  private fail(problem: string): never {
    throw modelError(this.ctx, problem);
  }

  slot(name: string): Slot {
    const s = this.byName.get(name);
    if (!s) this.fail(unknownVariableMessage(name, this.byName.keys()));
    return s;
  }

  valueIndex(s: Slot, value: Value): number {
    const i = s.index.get(valueKey(value));
    if (i === undefined) {
      const shown = s.values.slice(0, 10).map(show).join(', ') + (s.values.length > 10 ? ', …' : '');
      const hint = value === null ? ' (the variable is not optional)' : '';
      this.fail(`value ${show(value)} is not in the domain of "${s.name}" (${shown})${hint}`);
    }
    return i;
  }

  private inSet(s: Slot, indices: Iterable<number>): B {
    const chosen = new Set(indices);
    const inLits: Lit[] = [];
    const outLits: Lit[] = [];
    s.lits.forEach((l, i) => (chosen.has(i) ? inLits : outLits).push(l));
    return this.gates.andIn(true, inLits, outLits);
  }

  /** A constraint clause; "x in S" on one variable becomes units on the excluded values (stronger, same meaning). */
  clause(bs: readonly B[]): void {
    const lits = new Set<Lit>();
    for (const b of bs) {
      if (b === true) return;
      if (b === false) continue;
      if (lits.has(-b)) return;
      lits.add(b);
    }
    const arr = [...lits];
    if (arr.length > 1) {
      const s = this.litSlot.get(arr[0]);
      if (s && arr.every((l) => this.litSlot.get(l) === s)) {
        for (const l of s.lits) if (!lits.has(l)) this.cnf.addClause([-l]);
        return;
      }
    }
    this.cnf.addClause(arr);
  }

  // ---------------------------------------------------------------- formulas as literals

  lit(f: Formula): B {
    switch (f.op) {
      case 'const':
        return f.value;
      case 'eq': {
        const s = this.slot(f.var);
        return s.lits[this.valueIndex(s, f.value)];
      }
      case 'in': {
        const s = this.slot(f.var);
        return this.inSet(
          s,
          f.values.map((v) => this.valueIndex(s, v)),
        );
      }
      case 'not':
        return neg(this.lit(f.arg));
      case 'and':
        return this.gates.and(f.args.map((a) => this.lit(a)));
      case 'or':
        return this.gates.or(f.args.map((a) => this.lit(a)));
      case 'implies':
        return this.gates.or([neg(this.lit(f.args[0])), this.lit(f.args[1])]);
      case 'iff':
        return neg(this.gates.xor(this.lit(f.args[0]), this.lit(f.args[1])));
      case 'xor':
        return this.gates.xor(this.lit(f.args[0]), this.lit(f.args[1]));
      case 'atMost':
      case 'atLeast':
      case 'exactly':
      case 'cmp': {
        const key = JSON.stringify(f);
        const hit = this.litCache.get(key);
        if (hit !== undefined) return hit;
        const [lin, op] = this.linearOf(f);
        const r = this.reifyLinear(lin, op);
        this.litCache.set(key, r);
        return r;
      }
    }
  }

  /** Cardinality and comparison formulas as "linear op 0". */
  private linearOf(f: Extract<Formula, { op: 'atMost' | 'atLeast' | 'exactly' | 'cmp' }>): [Linear, CmpOp] {
    if (f.op === 'cmp') {
      const lin = this.linearize(f.left);
      addLinear(lin, this.linearize(f.right), -1);
      return [lin, f.cmp];
    }
    if (!Number.isSafeInteger(f.k) || f.k < 0) this.fail(`${f.op} needs a non-negative integer bound, got ${f.k}`);
    const lin = this.linearize({ op: 'count', args: f.args });
    lin.constant -= f.k;
    return [lin, f.op === 'atMost' ? '<=' : f.op === 'atLeast' ? '>=' : '='];
  }

  // ---------------------------------------------------------------- formulas as constraints

  /** Asserts f; the clauses that restrict product variables carry `cnf.owner`. */
  assert(f: Formula): void {
    switch (f.op) {
      case 'const':
        if (!f.value) this.cnf.addClause([]);
        return;
      case 'and':
        for (const a of f.args) this.assert(a);
        return;
      case 'not':
        this.assertNot(f.arg);
        return;
      case 'atMost':
      case 'atLeast':
      case 'exactly':
      case 'cmp': {
        const [lin, op] = this.linearOf(f);
        this.assertLinear(lin, op, true);
        return;
      }
      case 'implies': {
        const [a, b] = f.args;
        if (b.op === 'and') {
          for (const c of b.args) this.assert({ op: 'implies', args: [a, c] });
          return;
        }
        if (isLinear(b)) {
          const [lin, op] = this.linearOf(b);
          this.assertLinear(lin, op, this.lit(a));
          return;
        }
        this.clause([...this.clauseLits({ op: 'not', arg: a }), ...this.clauseLits(b)]);
        return;
      }
      case 'or': {
        const linear = f.args.filter(isLinear);
        if (linear.length === 1 && f.args.length > 1) {
          // (rest ∨ C) is (¬rest -> C): a guarded MDD instead of a fully reified one.
          const rest = f.args.filter((a) => a !== linear[0]);
          const guard = this.gates.and(rest.map((a) => neg(this.lit(a))));
          const [lin, op] = this.linearOf(linear[0]);
          this.assertLinear(lin, op, guard);
          return;
        }
        this.clause(this.clauseLits(f));
        return;
      }
      case 'iff':
      case 'xor': {
        const a = this.lit(f.args[0]);
        const b = f.op === 'iff' ? this.lit(f.args[1]) : neg(this.lit(f.args[1]));
        this.clause([neg(a), b]);
        this.clause([a, neg(b)]);
        return;
      }
      case 'eq':
      case 'in':
        this.clause(this.clauseLits(f));
        return;
    }
  }

  private assertNot(f: Formula): void {
    switch (f.op) {
      case 'const':
        this.assert({ op: 'const', value: !f.value });
        return;
      case 'not':
        this.assert(f.arg);
        return;
      case 'or':
        for (const a of f.args) this.assertNot(a);
        return;
      case 'implies':
        this.assert(f.args[0]);
        this.assertNot(f.args[1]);
        return;
      case 'iff':
        this.assert({ op: 'xor', args: f.args });
        return;
      case 'xor':
        this.assert({ op: 'iff', args: f.args });
        return;
      case 'atMost':
      case 'atLeast':
      case 'exactly':
      case 'cmp': {
        const [lin, op] = this.linearOf(f);
        this.assertLinear(lin, NEGATED[op], true);
        return;
      }
      case 'eq':
      case 'in':
      case 'and':
        this.clause(this.clauseLits({ op: 'not', arg: f }));
        return;
    }
  }

  /** f as one disjunction of literals, without auxiliaries where its shape allows. */
  private clauseLits(f: Formula): B[] {
    switch (f.op) {
      case 'or':
        return f.args.flatMap((a) => this.clauseLits(a));
      case 'implies':
        return [...this.clauseLits({ op: 'not', arg: f.args[0] }), ...this.clauseLits(f.args[1])];
      case 'in': {
        const s = this.slot(f.var);
        return f.values.map((v) => s.lits[this.valueIndex(s, v)]);
      }
      case 'not': {
        const g = f.arg;
        if (g.op === 'and') return g.args.flatMap((a) => this.clauseLits({ op: 'not', arg: a }));
        if (g.op === 'not') return this.clauseLits(g.arg);
        if (g.op === 'in') {
          const s = this.slot(g.var);
          const out = new Set(g.values.map((v) => this.valueIndex(s, v)));
          return s.lits.length === 2 ? [...out].map((i) => -s.lits[i]) : s.lits.filter((_, i) => !out.has(i));
        }
        return [neg(this.lit(g))];
      }
      default:
        return [this.lit(f)];
    }
  }

  // ---------------------------------------------------------------- integer expressions

  linearize(e: IntExpr): Linear {
    switch (e.op) {
      case 'num':
        if (!Number.isFinite(e.value)) this.fail(`number ${e.value} is not finite`);
        return constantLinear(e.value);
      case 'val': {
        const s = this.slot(e.var);
        const weights = s.values.map((v) => numericValue(v));
        if (weights.some((w) => w === undefined))
          this.fail(`"${e.var}" is an enum variable: its values are not numbers (use attr to give them numbers)`);
        return this.termOf(s, weights as number[]);
      }
      case 'attr': {
        const s = this.slot(e.var);
        for (const key of Object.keys(e.table)) {
          if (!s.values.some((v) => v !== null && String(v) === key))
            this.fail(`attribute table has "${key}", which is not a value of "${e.var}"`);
          if (!Number.isFinite(e.table[key])) this.fail(`attribute of "${key}" is not a finite number`);
        }
        return this.termOf(
          s,
          s.values.map((v) => (v === null ? 0 : (e.table[String(v)] ?? 0))),
        );
      }
      case 'sum': {
        const out = constantLinear(0);
        for (const a of e.args) addLinear(out, this.linearize(a));
        return out;
      }
      case 'scale': {
        if (!Number.isFinite(e.k)) this.fail(`scale factor ${e.k} is not finite`);
        const out = constantLinear(0);
        addLinear(out, this.linearize(e.arg), e.k);
        return out;
      }
      case 'mul':
        return this.product(this.linearize(e.args[0]), this.linearize(e.args[1]));
      case 'count': {
        const out = constantLinear(0);
        for (const f of e.args) {
          if (f.op === 'eq' || f.op === 'in') {
            // Counting a variable's own values stays on that variable's level.
            const s = this.slot(f.var);
            const hit = new Set((f.op === 'eq' ? [f.value] : f.values).map((v) => this.valueIndex(s, v)));
            addLinear(out, this.termOf(s, s.values.map((_, i) => (hit.has(i) ? 1 : 0))));
          } else addLinear(out, this.literalTerm(this.lit(f), 0, 1));
        }
        return out;
      }
      case 'ite': {
        const c = this.lit(e.cond);
        if (c === true) return this.linearize(e.then);
        if (c === false) return this.linearize(e.else);
        return this.ite(c, this.linearize(e.then), this.linearize(e.else));
      }
      case 'min':
      case 'max': {
        if (e.args.length === 0) this.fail(`${e.op} of no arguments has no value`);
        let acc = this.linearize(e.args[0]);
        for (let i = 1; i < e.args.length; i++) {
          const next = this.linearize(e.args[i]);
          // min(a, b) = a if a <= b else b; max(a, b) = a if a >= b else b.
          const diff = constantLinear(0);
          addLinear(diff, acc);
          addLinear(diff, next, -1);
          const c = this.reifyLinear(diff, e.op === 'min' ? '<=' : '>=');
          acc = c === true ? acc : c === false ? next : this.ite(c, acc, next);
        }
        return acc;
      }
    }
  }

  private termOf(s: Slot, weights: number[]): Linear {
    const lin = constantLinear(0);
    lin.terms.set(`s${s.order}`, { lits: s.lits, weights, order: s.order });
    return lin;
  }

  /** A literal as a level of its own: weight `ifFalse` or `ifTrue`. */
  private literalTerm(l: B, ifFalse: number, ifTrue: number): Linear {
    if (typeof l === 'boolean') return constantLinear(l ? ifTrue : ifFalse);
    const v = Math.abs(l);
    const lin = constantLinear(0);
    lin.terms.set(`l${v}`, { lits: [-v, v], weights: l > 0 ? [ifFalse, ifTrue] : [ifTrue, ifFalse], order: LIT_ORDER + v });
    return lin;
  }

  /** ite(c, a, b) as a term: a literal level when both sides are constant, else a defined auxiliary integer. */
  private ite(c: Lit, a: Linear, b: Linear): Linear {
    if (isConstant(a) && isConstant(b)) return this.literalTerm(c, b.constant, a.constant);
    const va = possibleValues(a, MAX_AUX_VALUES);
    const vb = possibleValues(b, MAX_AUX_VALUES);
    const values = va && vb ? [...new Set([...va, ...vb])].sort((x, y) => x - y) : undefined;
    if (!values || values.length > MAX_AUX_VALUES)
      this.fail(`a conditional, min or max expression can take more than ${MAX_AUX_VALUES} values`);
    this.stats.auxIntegers++;
    const z = this.addSlot(`$aux${this.stats.auxIntegers}`, 'int', values, false);
    const zTerm = this.termOf(z, values);
    // z is defined, not constrained: its clauses are structural, so no explanation ever cites them.
    const saved = this.cnf.owner;
    this.cnf.owner = -1;
    for (const [guard, side] of [
      [c, a],
      [-c, b],
    ] as const) {
      const eq = constantLinear(0);
      addLinear(eq, side);
      addLinear(eq, zTerm, -1);
      this.assertLinear(eq, '=', guard);
    }
    this.cnf.owner = saved;
    return zTerm;
  }

  // ---------------------------------------------------------------- products

  /**
   * a·b as a term. A constant side scales the other; two functions of one variable multiply value by
   * value on that variable's level; otherwise the product is an auxiliary integer z defined by the
   * table of every pair of the operands' values, z last in the table's order so that propagation
   * derives it from the operands (it is a function of them: counts stay exact).
   */
  private product(a: Linear, b: Linear): Linear {
    if (isConstant(a) || isConstant(b)) {
      const [k, other] = isConstant(a) ? [a.constant, b] : [b.constant, a];
      const out = constantLinear(0);
      addLinear(out, other, k);
      return out;
    }
    const x = this.operand(a);
    const y = this.operand(b);
    if (x.key === y.key) {
      const lin = constantLinear(0);
      lin.terms.set(x.key, { lits: x.lits, weights: x.values.map((v, i) => exactProduct(v, y.values[i])), order: x.order });
      return lin;
    }
    const pairs = x.values.length * y.values.length;
    if (pairs > MAX_PRODUCT_PAIRS)
      this.fail(
        `a product of two quantities with ${x.values.length} and ${y.values.length} possible values needs a table of ${pairs} pairs (at most ${MAX_PRODUCT_PAIRS}): narrow their ranges`,
      );
    const key = `${x.key}*${x.values.join(',')}|${y.key}*${y.values.join(',')}`;
    let z = this.productCache.get(key);
    if (!z) z = this.productSlot(x, y);
    this.productCache.set(key, z);
    return this.termOf(z, (z.values as number[]).slice());
  }

  private productSlot(x: Operand, y: Operand): Slot {
    // The operand with fewer values first: the diagram branches less at the top.
    const [p, q] = x.values.length <= y.values.length ? [x, y] : [y, x];
    const products = new Map<number, number>();
    for (const u of p.values) for (const w of q.values) products.set(exactProduct(u, w), 0);
    if (products.size > MAX_AUX_VALUES) this.fail(`a product can take ${products.size} values (at most ${MAX_AUX_VALUES}): narrow the ranges of its factors`);
    const values = [...products.keys()].sort((u, w) => u - w);
    values.forEach((v, i) => products.set(v, i));
    this.stats.auxIntegers++;
    const z = this.addSlot(`$aux${this.stats.auxIntegers}`, 'int', values, false);
    const rows: RowEntry[][] = [];
    p.values.forEach((u, i) => q.values.forEach((w, j) => rows.push([i, j, products.get(exactProduct(u, w)) as number])));
    const levels = [p.lits, q.lits, z.lits];
    const mdd = new Mdd(levels.map((l) => l.length));
    const root = tableMdd(mdd, 0, 3, rows);
    // A definition, not a restriction: no explanation ever cites these clauses.
    const saved = this.cnf.owner;
    this.cnf.owner = -1;
    this.encode(mdd, root, levels, false);
    this.cnf.owner = saved;
    return z;
  }

  /** One exactly-one level whose value index gives the expression's value: its own variable's, or a new defined integer's. */
  private operand(lin: Linear): Operand {
    if (lin.terms.size === 1) {
      const [key, t] = [...lin.terms][0];
      return { key, lits: t.lits, values: t.weights.map((w) => w + lin.constant), order: t.order };
    }
    const values = possibleValues(lin, MAX_AUX_VALUES);
    if (!values) this.fail(`a factor of a product can take more than ${MAX_AUX_VALUES} values: narrow its range`);
    this.stats.auxIntegers++;
    const z = this.addSlot(`$aux${this.stats.auxIntegers}`, 'int', values, false);
    const eq = constantLinear(0);
    addLinear(eq, lin);
    addLinear(eq, this.termOf(z, values.slice()), -1);
    const saved = this.cnf.owner;
    this.cnf.owner = -1;
    this.assertLinear(eq, '=', true);
    this.cnf.owner = saved;
    return { key: `s${z.order}`, lits: z.lits, values, order: z.order };
  }

  // ---------------------------------------------------------------- linear constraints via MDDs

  private linearMdd<T>(levels: Lit[][], build: (mdd: Mdd) => T): [Mdd, T] {
    const mdd = new Mdd(levels.map((l) => l.length));
    try {
      return [mdd, build(mdd)];
    } catch (e) {
      if (e instanceof TooManyStates) this.fail(`linear constraint too large to compile (${e.message}): too many different coefficients for a decision diagram`);
      throw e;
    }
  }

  private encode(mdd: Mdd, root: number, levels: Lit[][], definitional: boolean): void {
    const sink = definitional ? (lits: Lit[]) => this.gates.define(lits) : (lits: Lit[]) => this.cnf.addClause(lits);
    const s = encodeMdd(mdd, root, levels, this.gates, sink);
    this.stats.mddNodes += s.nodes;
    this.stats.mddEdges += s.edges;
  }

  /** Asserts guard -> (lin op 0). */
  assertLinear(lin: Linear, op: CmpOp, guard: B): void {
    if (guard === false) return;
    const n = normalise(lin, op);
    if (n.levels.length === 0) {
      if (!holds(0, n.op, n.k)) this.clause([neg(guard)]);
      return;
    }
    if (n.levels.length === 1) {
      const lits = n.levels[0];
      for (let i = 0; i < lits.length; i++) if (!holds(n.weights[0][i], n.op, n.k)) this.clause([neg(guard), -lits[i]]);
      return;
    }
    const levels = guard === true ? n.levels : [[-guard, guard], ...n.levels];
    const first = guard === true ? 0 : 1;
    const [mdd, body] = this.linearMdd(levels, (m) => linearMdd(m, first, n.weights, n.op, n.k));
    const root = guard === true ? body : mdd.mk(0, body === FALSE_NODE ? [0] : [0, 1], body === FALSE_NODE ? [TRUE_NODE] : [TRUE_NODE, body]);
    this.encode(mdd, root, levels, false);
  }

  /** A literal equivalent to (lin op 0): an MDD whose first level is the literal itself. */
  reifyLinear(lin: Linear, op: CmpOp): B {
    const n = normalise(lin, op);
    if (n.levels.length === 0) return holds(0, n.op, n.k);
    if (n.levels.length === 1) {
      const s = n.levels[0];
      const inSet: Lit[] = [];
      const outSet: Lit[] = [];
      s.forEach((l, i) => (holds(n.weights[0][i], n.op, n.k) ? inSet : outSet).push(l));
      return this.gates.andIn(true, inSet, outSet);
    }
    const levels: Lit[][] = [[0, 0], ...n.levels];
    const [mdd, [pos, negRoot]] = this.linearMdd(levels, (m) => [
      linearMdd(m, 1, n.weights, n.op, n.k),
      linearMdd(m, 1, n.weights, NEGATED[n.op], n.k),
    ]);
    if (pos === FALSE_NODE) return false;
    if (negRoot === FALSE_NODE) return true;
    const r = this.gates.fresh();
    levels[0] = [-r, r];
    const root = mdd.mk(0, [0, 1], [negRoot, pos]);
    this.encode(mdd, root, levels, true);
    return r;
  }

  // ---------------------------------------------------------------- tables

  /** Allowed/forbidden table, optionally guarded by `when`. */
  table(spec: TableSpec, when: Formula | undefined): void {
    const guard = when ? this.lit(when) : true;
    if (guard === false) return;
    if (spec.kind !== 'allowed' && spec.kind !== 'forbidden') this.fail(`table kind must be "allowed" or "forbidden"`);
    const cols = spec.vars.map((v) => this.slot(v));
    // A variable listed twice keeps one column; the row keeps the values both entries allow.
    const firstCol = new Map<Slot, number>();
    const keep: number[] = [];
    const alias: number[] = cols.map((s, i) => {
      const f = firstCol.get(s);
      if (f !== undefined) return f;
      firstCol.set(s, keep.length);
      keep.push(i);
      return keep.length - 1;
    });
    const slots = keep.map((i) => cols[i]);
    const rows: RowEntry[][] = [];
    spec.tuples.forEach((tuple, t) => {
      if (!Array.isArray(tuple) || tuple.length !== cols.length)
        this.fail(`table arity mismatch: tuple ${t + 1} has ${Array.isArray(tuple) ? tuple.length : 'no'} values for ${cols.length} variables`);
      const row: (RowEntry | undefined)[] = new Array(slots.length);
      let empty = false;
      tuple.forEach((entry, i) => {
        const j = alias[i];
        const e = this.entry(slots[j], entry);
        const prev = row[j];
        row[j] = prev === undefined ? e : intersect(prev, e, slots[j].values.length);
        if (row[j] !== ANY && Array.isArray(row[j]) && (row[j] as number[]).length === 0) empty = true;
      });
      if (!empty) rows.push(row as RowEntry[]);
    });
    const levels = slots.map((s) => s.lits);
    if (guard !== true) levels.unshift([-guard, guard]);
    const first = guard === true ? 0 : 1;
    const mdd = new Mdd(levels.map((l) => l.length));
    let body = tableMdd(mdd, first, slots.length, rows);
    if (spec.kind === 'forbidden') body = mdd.complement(body);
    const root =
      guard === true
        ? body
        : mdd.mk(0, body === FALSE_NODE ? [0] : [0, 1], body === FALSE_NODE ? [TRUE_NODE] : [TRUE_NODE, body]);
    this.encode(mdd, root, levels, false);
  }

  private entry(s: Slot, e: TableEntry): RowEntry {
    if (e === '*') return ANY;
    if (Array.isArray(e)) return [...new Set(e.map((v) => this.valueIndex(s, v)))].sort((a, b) => a - b);
    return this.valueIndex(s, e);
  }
}

/** A factor of a product as a level of literals with the value each stands for. */
interface Operand {
  key: string;
  lits: Lit[];
  values: number[];
  order: number;
}

/** x·y without binary noise (0.1 · 3 is 0.3), so equal products share one value. */
function exactProduct(x: number, y: number): number {
  const p = x * y;
  return Number.isInteger(p) ? p : Number.parseFloat(p.toPrecision(15));
}

function intersect(a: RowEntry, b: RowEntry, size: number): RowEntry {
  const set = (e: RowEntry): number[] => (e === ANY ? Array.from({ length: size }, (_, i) => i) : typeof e === 'number' ? [e] : e.slice());
  if (a === ANY) return b;
  if (b === ANY) return a;
  const sb = new Set(set(b));
  return set(a).filter((v) => sb.has(v));
}

function isLinear(f: Formula): f is Extract<Formula, { op: 'atMost' | 'atLeast' | 'exactly' | 'cmp' }> {
  return f.op === 'cmp' || f.op === 'atMost' || f.op === 'atLeast' || f.op === 'exactly';
}
