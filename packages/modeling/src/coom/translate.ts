import type { CmpOp, Formula, IntExpr, Value } from '@atelier/engine';
import type { Expr, PathExpr, Pos } from './ast.ts';
import { FALSE, TRUE, and, not, or } from './formulas.ts';
import type { Instance } from './instances.ts';
import { type Target, isBareName, pathText, resolvePath } from './paths.ts';
import { monotoneComparison } from './monotone.ts';
import type { ProductHelpers } from './products.ts';
import { type DiagnosticSink, suggestion } from './sink.ts';
import { type DomainLookup, boundsOf, possibleValues } from './value-sets.ts';
import { MAX_AUX_VALUES, MAX_PRODUCT_PAIRS } from '@atelier/engine/model/compiler.ts';

/** A problem already reported: the statement being translated is dropped. */
export class Reported extends Error {}

/** More ground combinations of one rule than this are refused. */
export const MAX_GROUNDINGS = 10_000;
const MAX_MONOMIALS = 256;
const AGGREGATES = ['count', 'sum', 'min', 'max'];

export interface TranslateEnv {
  sink: DiagnosticSink;
  /** Every enumeration value and non-numeric attribute value of the file: names a comparison may use. */
  names: Set<string>;
  domain: DomainLookup;
  /** Null in a dry run: the helper variables of comparisons with a product are not built. */
  products: ProductHelpers | null;
}

/** Each path occurrence's ground target, or 'name' for a bare name read as a constant. */
export type Binding = Map<PathExpr, Target | 'name'>;

/** c · f1 · f2 · …; the constant term has no factors. */
interface Monomial {
  coef: number;
  factors: IntExpr[];
}

/**
 * A translated sub-expression. `def` is COOM's definedness: a rule whose paths lead to objects that
 * do not exist (an absent optional part) is not violated, so every rule is guarded by it.
 */
type Val =
  | { t: 'num'; poly: Monomial[]; def: Formula }
  /** An enumeration or Bool variable, or a non-numeric attribute of one, compared by value names. */
  | { t: 'sym'; variable: string; names: Map<Value, string>; all: Set<string>; label: string; bool: boolean; def: Formula }
  | { t: 'name'; name: string; pos: Pos; path?: PathExpr }
  | { t: 'bool'; f: Formula; def: Formula };

const MIRROR: Record<CmpOp, CmpOp> = { '<': '>', '<=': '>=', '=': '=', '!=': '!=', '>=': '<=', '>': '<' };

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function constant(c: number): Monomial[] {
  return c === 0 ? [] : [{ coef: c, factors: [] }];
}

function simplify(poly: Monomial[]): Monomial[] {
  let c = 0;
  const out: Monomial[] = [];
  for (const m of poly) {
    if (m.factors.length === 0) c += m.coef;
    else if (m.coef !== 0) out.push(m);
  }
  return c === 0 ? out : [...out, { coef: c, factors: [] }];
}

function attrTable(byValue: Map<string, number | string>): Record<string, number> {
  const table: Record<string, number> = {};
  for (const [k, v] of byValue) if (typeof v === 'number') table[k] = v;
  return table;
}

/** Path occurrences outside aggregates: the ones a rule is instantiated over. */
export function occurrences(e: Expr, out: PathExpr[] = []): PathExpr[] {
  switch (e.kind) {
    case 'path':
      out.push(e);
      break;
    case 'unary':
    case 'paren':
      occurrences(e.arg, out);
      break;
    case 'binary':
      occurrences(e.left, out);
      occurrences(e.right, out);
      break;
    case 'call':
      if (!AGGREGATES.includes(e.name)) for (const a of e.args) occurrences(a, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * COOM instantiates a rule once per combination of the instances its paths denote (each occurrence
 * independently: `bags.color = bags.color` compares every pair of bags). Null when a path is wrong.
 */
export function groundings(paths: PathExpr[], ctx: Instance, sink: DiagnosticSink): Binding[] | null {
  const options: (Target | 'name')[][] = [];
  for (const p of paths) {
    if (isBareName(p, ctx)) {
      options.push(['name']);
      continue;
    }
    const targets = resolvePath(p, ctx, sink);
    if (!targets) return null;
    options.push(targets);
  }
  let total = 1;
  for (const o of options) total *= o.length;
  if (total > MAX_GROUNDINGS) {
    const at = paths[options.findIndex((o) => o.length > 1)]?.pos ?? paths[0].pos;
    sink.error('too-large', `the rule applies to ${total} combinations of instances (at most ${MAX_GROUNDINGS})`, at);
    return null;
  }
  let out: Binding[] = [new Map()];
  paths.forEach((p, k) => {
    const next: Binding[] = [];
    for (const b of out)
      for (const t of options[k]) {
        const copy = new Map(b);
        copy.set(p, t);
        next.push(copy);
      }
    out = next;
  });
  return out;
}

/** Translates the expressions of one rule for one context instance and one grounding. */
export class Translator {
  constructor(
    private readonly env: TranslateEnv,
    private readonly ctx: Instance,
    private readonly binding: Binding,
    private readonly label: string,
  ) {}

  private fail(code: string, message: string, at: Pos, hint?: string): never {
    this.env.sink.error(code, message, at, hint);
    throw new Reported();
  }

  formula(e: Expr): { f: Formula; def: Formula } {
    const v = this.asBool(this.value(e), e.pos);
    return { f: v.f, def: v.def };
  }

  numeric(e: Expr): { expr: IntExpr; def: Formula } {
    const v = this.asNum(this.value(e), e.pos);
    return { expr: this.intExpr(v.poly, e.pos), def: v.def };
  }

  /** The target variable of a path bound in this grounding (for tables, defaults and imply). */
  target(p: PathExpr): Target {
    const t = this.binding.get(p) ?? (isBareName(p, this.ctx) ? 'name' : undefined);
    if (t === undefined || t === 'name') this.unknownFeature(p);
    return t;
  }

  unknownFeature(p: PathExpr): never {
    const seg = p.segments[0];
    const where = this.ctx.name === '' ? 'the product' : `structure "${this.ctx.structure.name}"`;
    this.fail('unknown-name', `unknown feature "${seg.name}" in ${where}`, seg.pos, suggestion(seg.name, this.ctx.slots.keys()));
  }

  // ------------------------------------------------------------------ values

  private value(e: Expr): Val {
    switch (e.kind) {
      case 'number':
        return { t: 'num', poly: constant(e.value), def: TRUE };
      case 'string':
        return { t: 'name', name: e.value, pos: e.pos };
      case 'paren':
        return this.value(e.arg);
      case 'path': {
        const t = this.binding.get(e);
        if (t === undefined || t === 'name') return { t: 'name', name: e.segments[0].name, pos: e.pos, path: e };
        return this.leafValue(t, e);
      }
      case 'call':
        return this.aggregate(e.name, e.args, e.pos);
      case 'unary': {
        const v = this.value(e.arg);
        if (e.op === '!') {
          const b = this.asBool(v, e.arg.pos);
          return { t: 'bool', f: not(b.f), def: b.def };
        }
        const n = this.asNum(v, e.arg.pos);
        return e.op === '-' ? { t: 'num', poly: n.poly.map((m) => ({ ...m, coef: -m.coef })), def: n.def } : n;
      }
      case 'binary':
        return this.binary(e.op, e.left, e.right, e.pos);
    }
  }

  private leafValue(t: Target, p: PathExpr): Val {
    const def = t.exists ?? TRUE;
    if (t.kind === 'object') return this.fail('type', `"${pathText(p)}" is a structure, not a value: count(${pathText(p)}) counts its instances`, p.pos);
    const leaf = t.leaf;
    const label = pathText(p);
    if (t.attribute) {
      if (t.attribute.numeric) return { t: 'num', poly: [{ coef: 1, factors: [{ op: 'attr', var: leaf.name, table: attrTable(t.attribute.byValue) }] }], def };
      const names = new Map<Value, string>();
      for (const [k, v] of t.attribute.byValue) names.set(k, String(v));
      return { t: 'sym', variable: leaf.name, names, all: new Set(names.values()), label, bool: false, def };
    }
    const type = leaf.feature.type;
    if (type.kind === 'num') return { t: 'num', poly: [{ coef: 1, factors: [{ op: 'val', var: leaf.name }] }], def };
    if (type.kind === 'bool') {
      const names = new Map<Value, string>([
        [false, 'False'],
        [true, 'True'],
      ]);
      return { t: 'sym', variable: leaf.name, names, all: new Set(['True', 'False']), label, bool: true, def };
    }
    const names = new Map<Value, string>();
    for (const v of leaf.values) if (typeof v === 'string') names.set(v, v);
    const all = type.kind === 'enum' ? new Set(type.enumeration.values) : new Set(names.values());
    return { t: 'sym', variable: leaf.name, names, all, label, bool: false, def };
  }

  private asNum(v: Val, at: Pos): { t: 'num'; poly: Monomial[]; def: Formula } {
    switch (v.t) {
      case 'num':
        return v;
      case 'sym':
        if (v.bool) return { t: 'num', poly: [{ coef: 1, factors: [{ op: 'val', var: v.variable }] }], def: v.def };
        return this.fail('type', `"${v.label}" is not a number: compare it with one of its values, or use a numeric attribute`, at);
      case 'name':
        if (v.path) this.unknownFeature(v.path);
        return this.fail('type', `"${v.name}" is not a number`, at);
      case 'bool':
        return this.fail('type', 'a condition is not a number', at);
    }
  }

  private asBool(v: Val, at: Pos): { f: Formula; def: Formula } {
    switch (v.t) {
      case 'bool':
        return v;
      case 'sym':
        if (v.bool) return { f: { op: 'eq', var: v.variable, value: true }, def: v.def };
        return this.fail('type', `"${v.label}" is not a condition: compare it with one of its values`, at);
      case 'name':
        if (v.name === 'True' || v.name === 'False') return { f: v.name === 'True' ? TRUE : FALSE, def: TRUE };
        if (v.path) this.unknownFeature(v.path);
        return this.fail('type', `"${v.name}" is not a condition`, at);
      case 'num':
        return this.fail('type', 'a number is not a condition: compare it with something', at);
    }
  }

  private binary(op: string, l: Expr, r: Expr, at: Pos): Val {
    if (op === '&&' || op === '||') {
      const a = this.formula(l);
      const b = this.formula(r);
      return { t: 'bool', f: op === '&&' ? and(a.f, b.f) : or(a.f, b.f), def: and(a.def, b.def) };
    }
    if (op === '/' || op === '^')
      return this.fail('unsupported', `${op === '/' ? 'division "/"' : 'power "^"'} is not supported`, at, 'only +, - and * are');
    const a = this.value(l);
    const b = this.value(r);
    if (op === '+' || op === '-' || op === '*') {
      const x = this.asNum(a, l.pos);
      const y = this.asNum(b, r.pos);
      if (op === '*') {
        const poly: Monomial[] = [];
        for (const m of x.poly) for (const n of y.poly) poly.push({ coef: m.coef * n.coef, factors: [...m.factors, ...n.factors] });
        if (poly.length > MAX_MONOMIALS) this.fail('too-large', 'the product expands to too many terms', at);
        return { t: 'num', poly: simplify(poly), def: and(x.def, y.def) };
      }
      const sign = op === '-' ? -1 : 1;
      // COOM reads a + b with one side undefined as the other side: absent values count 0 here.
      return { t: 'num', poly: simplify([...x.poly, ...y.poly.map((m) => ({ ...m, coef: sign * m.coef }))]), def: or(x.def, y.def) };
    }
    return this.compare(op as CmpOp, a, b, l.pos, r.pos);
  }

  private compare(op: CmpOp, a: Val, b: Val, la: Pos, lb: Pos): Val {
    if (a.t === 'bool' || b.t === 'bool') {
      const x = this.asBool(a, la);
      const y = this.asBool(b, lb);
      if (op !== '=' && op !== '!=') this.fail('type', `"${op}" compares numbers, not conditions`, la);
      const same: Formula = { op: 'iff', args: [x.f, y.f] };
      return { t: 'bool', f: op === '=' ? same : not(same), def: and(x.def, y.def) };
    }
    if (a.t === 'num' || b.t === 'num') {
      const x = this.asNum(a, la);
      const y = this.asNum(b, lb);
      const f = this.foldedProduct(op, x.poly, y.poly, la) ?? { op: 'cmp', cmp: op, left: this.intExpr(x.poly, la), right: this.intExpr(y.poly, lb) };
      return { t: 'bool', f, def: and(x.def, y.def) };
    }
    if (a.t === 'name' && b.t === 'name') {
      if (a.path && !['True', 'False'].includes(a.name)) this.unknownFeature(a.path);
      if (b.path) this.unknownFeature(b.path);
      return this.fail('type', `"${a.name}" and "${b.name}" are both constants`, la);
    }
    if (a.t === 'name') return this.compare(MIRROR[op], b, a, lb, la);
    if (a.t !== 'sym') return this.fail('type', 'cannot compare these values', la);
    if (op !== '=' && op !== '!=') this.fail('type', `"${op}" compares numbers, but "${a.label}" is not numeric`, la);
    let f: Formula;
    if (b.t === 'name') {
      // A value of another enumeration is a legitimate name that just never matches (attributes name them).
      if (!a.all.has(b.name) && (a.bool || !this.env.names.has(b.name)))
        this.fail('unknown-name', `unknown value "${b.name}" for "${a.label}"`, b.pos, suggestion(b.name, a.all));
      const values = [...a.names].filter(([, n]) => n === b.name).map(([v]) => v);
      f = values.length === 0 ? FALSE : values.length === 1 ? { op: 'eq', var: a.variable, value: values[0] } : { op: 'in', var: a.variable, values };
      return { t: 'bool', f: op === '=' ? f : not(f), def: a.def };
    }
    if (b.t !== 'sym') return this.fail('type', 'cannot compare these values', lb);
    const parts: Formula[] = [];
    for (const name of new Set(a.names.values())) {
      const xs = [...a.names].filter(([, n]) => n === name).map(([v]) => v);
      const ys = [...b.names].filter(([, n]) => n === name).map(([v]) => v);
      if (ys.length === 0) continue;
      parts.push(and({ op: 'in', var: a.variable, values: xs }, { op: 'in', var: b.variable, values: ys }));
    }
    f = or(...parts);
    return { t: 'bool', f: op === '=' ? f : not(f), def: and(a.def, b.def) };
  }

  // ------------------------------------------------------------------ aggregates

  private aggregate(name: string, args: Expr[], at: Pos): Val {
    if (!AGGREGATES.includes(name)) return this.fail('unsupported', `unknown function "${name}"`, at, suggestion(name, AGGREGATES) ?? 'count, sum, min and max are supported');
    const arg = args[0];
    if (args.length !== 1 || arg.kind !== 'path') return this.fail('syntax', `${name}() takes one path`, at);
    const targets = resolvePath(arg, this.ctx, this.env.sink);
    if (!targets) throw new Reported();
    if (name === 'count') {
      let always = 0;
      const conds: Formula[] = [];
      for (const t of targets) {
        if (t.exists === null) always++;
        else conds.push(t.exists);
      }
      const poly: Monomial[] = constant(always);
      if (conds.length > 0) poly.push({ coef: 1, factors: [{ op: 'count', args: conds }] });
      return { t: 'num', poly, def: TRUE };
    }
    const terms = targets.map((t) => this.term(t, arg));
    if (name === 'sum') return { t: 'num', poly: terms.map((f) => ({ coef: 1, factors: [f] })), def: TRUE };
    if (terms.length === 0) return { t: 'num', poly: [], def: TRUE };
    // Absent instances read as a value that cannot win; with no instance at all the result is 0.
    const bounds = terms.map((t) => boundsOf(t, this.env.domain));
    const neutral = name === 'min' ? Math.max(...bounds.map((b) => b[1])) : Math.min(...bounds.map((b) => b[0]));
    const args2: IntExpr[] = terms.map((t, k) => {
      const e = targets[k].exists;
      return e === null ? t : { op: 'ite', cond: e, then: t, else: { op: 'num', value: neutral } };
    });
    let expr: IntExpr = { op: name === 'min' ? 'min' : 'max', args: args2 };
    if (targets.every((t) => t.exists !== null)) {
      expr = { op: 'ite', cond: or(...targets.map((t) => t.exists as Formula)), then: expr, else: { op: 'num', value: 0 } };
    }
    return { t: 'num', poly: [{ coef: 1, factors: [expr] }], def: TRUE };
  }

  private term(t: Target, p: PathExpr): IntExpr {
    if (t.kind === 'object') return this.fail('type', `"${pathText(p)}" is a structure: sum, min and max need a numeric feature or attribute`, p.pos);
    if (t.attribute) {
      if (!t.attribute.numeric) this.fail('type', `attribute "${t.attribute.name}" is not numeric`, p.pos);
      return { op: 'attr', var: t.leaf.name, table: attrTable(t.attribute.byValue) };
    }
    const type = t.leaf.feature.type;
    if (type.kind === 'num' || type.kind === 'bool') return { op: 'val', var: t.leaf.name };
    const attrs = type.kind === 'enum' ? [...type.enumeration.attributes.values()].filter((a) => a.numeric).map((a) => a.name) : [];
    return this.fail(
      'type',
      `"${pathText(p)}" is an enumeration, not a number`,
      p.pos,
      attrs.length > 0 ? `use a numeric attribute: ${attrs.map((a) => `${pathText(p)}.${a}`).join(', ')}` : undefined,
    );
  }

  // ------------------------------------------------------------------ to the engine

  /**
   * A comparison with one product of features, `c·Π op S` with S linear: when every term of S is a
   * multiple of g, only ⌊c·Π / g⌋ or ⌈c·Π / g⌉ matters, clamped to just outside the range of S / g.
   * `requestedVolume * 1000 <= length * width * height` then needs a helper with about a thousand
   * values instead of every distinct volume. Null when the comparison has another shape.
   */
  private foldedProduct(op: CmpOp, x: Monomial[], y: Monomial[], at: Pos): Formula | null {
    const products = this.env.products;
    if (!products) return null;
    let d = simplify([...x, ...y.map((m) => ({ ...m, coef: -m.coef }))]);
    const nonlinear = d.filter((m) => m.factors.length >= 2);
    if (nonlinear.length !== 1) return null;
    let o = op;
    if (nonlinear[0].coef < 0) {
      d = d.map((m) => ({ ...m, coef: -m.coef }));
      o = MIRROR[op];
    }
    const prod = d.find((m) => m.factors.length >= 2) as Monomial;
    // c·Π + R o 0  ⟺  c·Π o S with S = -R.
    const s = d.filter((m) => m !== prod).map((m) => ({ ...m, coef: -m.coef }));
    const c = prod.coef;
    if (!Number.isSafeInteger(c) || s.length === 0 || !s.every((m) => Number.isSafeInteger(m.coef) && m.factors.every((f) => this.integral(f)))) return null;
    const g = s.reduce((acc, m) => gcd(acc, Math.abs(m.coef)), 0);
    if (g === 0) return null;
    const scaled = s.map((m) => ({ ...m, coef: m.coef / g }));
    const only = scaled.length === 1 && scaled[0].coef === 1 && scaled[0].factors.length === 1 ? scaled[0].factors[0] : undefined;
    if (only?.op === 'val' && o !== '=' && o !== '!=') {
      const f = monotoneComparison(products, prod.factors, c, g, o, only.var, at, this.label);
      if (f) return f;
    }
    const sExpr = this.intExpr(scaled, at);
    const [lo, hi] = boundsOf(sExpr, this.env.domain);
    const clamp = (t: number): number => Math.min(hi + 1, Math.max(lo - 1, t));
    // W o g·S' ⟺ S' o' T(W), with T the rounding of W / g that keeps the comparison exact.
    const mode = o === '<=' || o === '>' ? 'ceil' : o === '<' || o === '>=' ? 'floor' : 'exact';
    const map = (z: number): number => {
      const w = c * z;
      if (mode === 'ceil') return clamp(Math.ceil(w / g));
      if (mode === 'floor') return clamp(Math.floor(w / g));
      return w % g === 0 ? clamp(w / g) : hi + 1;
    };
    const t = products.product(prod.factors, at, this.label, { key: `${c}/${g}/${mode}/${lo}/${hi}`, map });
    if (!t) throw new Reported();
    return { op: 'cmp', cmp: MIRROR[o], left: sExpr, right: t };
  }

  /** Whether an expression only takes whole values (so a common factor of its coefficients divides it). */
  private integral(e: IntExpr): boolean {
    switch (e.op) {
      case 'num':
        return Number.isInteger(e.value);
      case 'val':
        return (this.env.domain(e.var) ?? []).every((v) => typeof v !== 'number' || Number.isInteger(v));
      case 'attr':
        return Object.values(e.table).every((v) => Number.isInteger(v));
      case 'scale':
        return Number.isInteger(e.k) && this.integral(e.arg);
      case 'count':
        return true;
      case 'sum':
      case 'min':
      case 'max':
      case 'mul':
        return e.args.every((a) => this.integral(a));
      case 'ite':
        return this.integral(e.then) && this.integral(e.else);
    }
  }

  /**
   * Σ-free products go to the engine, which tabulates each product of two factors exactly. Its size
   * limits are checked here so that a product too large is a diagnostic at its position, not a
   * failure to compile later.
   */
  private product(factors: IntExpr[], at: Pos): IntExpr {
    const size = (f: IntExpr): number | null => {
      if (f.op === 'val' || f.op === 'attr') return (this.env.domain(f.var) ?? []).length;
      return possibleValues(f, this.env.domain, MAX_AUX_VALUES)?.length ?? null;
    };
    let acc = factors[0];
    // A dry run only reads the product's values, before domains are narrowed: nothing to refuse yet.
    if (!this.env.products) return factors.slice(1).reduce((p, f): IntExpr => ({ op: 'mul', args: [p, f] }), acc);
    for (const f of factors.slice(1)) {
      const [a, b] = [size(acc), size(f)];
      if (a === null || b === null) this.fail('too-large', `a factor of the product in "${this.label}" can take more than ${MAX_AUX_VALUES} values`, at, 'narrow the ranges of the multiplied features');
      if (a * b > MAX_PRODUCT_PAIRS)
        this.fail('too-large', `the product in "${this.label}" needs a table of ${a * b} pairs (at most ${MAX_PRODUCT_PAIRS})`, at, 'narrow the ranges of the multiplied features');
      acc = { op: 'mul', args: [acc, f] };
      if (size(acc) === null) this.fail('too-large', `the product in "${this.label}" can take more than ${MAX_AUX_VALUES} values`, at, 'narrow the ranges of the multiplied features');
    }
    return acc;
  }

  private intExpr(poly: Monomial[], at: Pos): IntExpr {
    const terms: IntExpr[] = [];
    for (const m of poly) {
      if (m.factors.length === 0) {
        terms.push({ op: 'num', value: m.coef });
        continue;
      }
      const e = m.factors.length === 1 ? m.factors[0] : this.product(m.factors, at);
      terms.push(m.coef === 1 ? e : { op: 'scale', k: m.coef, arg: e });
    }
    if (terms.length === 0) return { op: 'num', value: 0 };
    return terms.length === 1 ? terms[0] : { op: 'sum', args: terms };
  }
}
