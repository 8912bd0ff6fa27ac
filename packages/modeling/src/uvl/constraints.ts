import { E, F, type Formula, type IntExpr } from '@atelier/engine';
import type { CmpOp as EngineCmp } from '@atelier/engine/model/formula.ts';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { AggregateFn, CmpOp, Constraint, Expr, Name, Pos } from './ast.ts';
import type { Feature } from './features.ts';
import type { Scope } from './resolve.ts';

/** A number as `e / d` (d > 0), so that division by a constant stays exact; `c` when it is a constant. */
interface Num {
  t: 'num';
  e: IntExpr;
  d: number;
  c?: number;
}

type StrSource = { kind: 'const'; value: string } | { kind: 'feature'; f: Feature } | { kind: 'attr'; f: Feature; value: string };

interface Str {
  t: 'str';
  s: StrSource;
}

/** `avg(attr)`: only comparable with a constant, as `sum op k · count`. */
interface Avg {
  t: 'avg';
  sum: IntExpr;
  count: IntExpr;
}

type Term = Num | Str | Avg;

const ENGINE_OP: Record<CmpOp, EngineCmp> = { '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const FLIPPED: Record<CmpOp, CmpOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function constant(c: number): Num {
  return { t: 'num', e: E.num(c), d: 1, c };
}

function compareConstants(a: number | string, op: CmpOp, b: number | string): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** How features become engine variables: needed to read a selection or an attribute. */
export interface FeatureVariables {
  /** The feature is selected (outside repeated subtrees). */
  selected(f: Feature): Formula;
  /** Sum of a per-feature number over the feature's instances: `w` once per selected instance. */
  weighted(f: Feature, w: number): IntExpr;
}

/**
 * Turns UVL constraints into engine formulas. Arithmetic is linear (the engine's): a product needs a
 * constant factor, a quotient a constant divisor. A feature's attribute counts when the feature is
 * selected and 0 otherwise; `sum(a)` adds it over every feature that has it, `avg(a)` compares
 * `sum(a)` with the constant times the number of such features selected (so with none selected,
 * `avg(a) <= k` holds and `avg(a) < k` does not).
 */
export class ConstraintTranslator {
  constructor(
    private readonly vars: FeatureVariables,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private scope!: Scope;
  private failed = false;

  /** The formula, or null when something in it was reported as an error. */
  translate(c: Constraint, scope: Scope): Formula | null {
    this.scope = scope;
    this.failed = false;
    const f = this.formula(c);
    return this.failed ? null : f;
  }

  private error(code: string, message: string, pos: Pos, hint?: string): void {
    this.failed = true;
    this.diagnostics.push(diagnostic('error', code, message, { file: this.scope.unit.file, line: pos.line, column: pos.column }, hint));
  }

  private formula(c: Constraint): Formula {
    switch (c.kind) {
      case 'ref':
        return this.reference(c.name);
      case 'not':
        return F.not(this.formula(c.arg));
      case 'and':
        return F.and(...c.args.map((a) => this.formula(a)));
      case 'or':
        return F.or(...c.args.map((a) => this.formula(a)));
      case 'implies':
        return F.implies(this.formula(c.left), this.formula(c.right));
      case 'iff':
        return F.iff(this.formula(c.left), this.formula(c.right));
      case 'cmp':
        return this.comparison(c.op, this.term(c.left), this.term(c.right), c.pos);
    }
  }

  /** A feature used as a constraint: selected. */
  private reference(name: Name): Formula {
    const r = this.scope.resolve(name);
    if (r.kind === 'unknown') {
      this.error('unknown-name', r.message, name.pos, r.hint);
      return F.f();
    }
    if (r.kind === 'attribute') {
      if (r.value.kind === 'bool') return r.value.value ? this.selected(r.feature, name.pos) : F.f();
      this.error('type', `attribute "${name.text}" is not a boolean`, name.pos, 'compare it with ==, <, >, …');
      return F.f();
    }
    return this.selected(r.feature, name.pos);
  }

  private selected(f: Feature, pos: Pos): Formula {
    if (f.owner) {
      this.error(
        'unsupported',
        `feature "${f.name}" lies below "${f.owner.name}", which has a feature cardinality; constraints cannot refer to one of its instances`,
        pos,
      );
      return F.f();
    }
    return this.vars.selected(f);
  }

  // ------------------------------------------------------------------ expressions

  private term(e: Expr): Term {
    switch (e.kind) {
      case 'num':
        return constant(e.value);
      case 'str':
        return { t: 'str', s: { kind: 'const', value: e.value } };
      case 'neg':
        return this.scale(this.number(e.arg), -1);
      case 'bin':
        return this.arithmetic(e.op, this.number(e.left), this.number(e.right), e.pos);
      case 'ref':
        return this.referenceTerm(e.name);
      case 'agg':
        return this.aggregate(e.fn, e.scope, e.arg, e.pos);
    }
  }

  private number(e: Expr): Num {
    const t = this.term(e);
    if (t.t === 'num') return t;
    if (t.t === 'avg') this.error('unsupported', 'avg(...) can only be compared with a constant', e.pos, 'write it as avg(attribute) <= number');
    else this.error('type', 'a string cannot be used in arithmetic', e.pos);
    return constant(0);
  }

  private scale(n: Num, k: number): Num {
    if (n.c !== undefined) return constant(n.c * k);
    return { t: 'num', e: k === 1 ? n.e : E.scale(k, n.e), d: n.d };
  }

  private arithmetic(op: '+' | '-' | '*' | '/', a: Num, b: Num, pos: Pos): Num {
    if (a.c !== undefined && b.c !== undefined) {
      if (op === '/' && b.c === 0) {
        this.error('type', 'division by zero', pos);
        return constant(0);
      }
      return constant(op === '+' ? a.c + b.c : op === '-' ? a.c - b.c : op === '*' ? a.c * b.c : a.c / b.c);
    }
    if (op === '+' || op === '-') {
      const s = op === '+' ? 1 : -1;
      if (a.d === b.d) return { t: 'num', e: E.sum(a.e, s === 1 ? b.e : E.scale(-1, b.e)), d: a.d };
      return { t: 'num', e: E.sum(E.scale(b.d, a.e), E.scale(s * a.d, b.e)), d: a.d * b.d };
    }
    if (op === '*') {
      if (a.c !== undefined) return { t: 'num', e: E.scale(a.c, b.e), d: b.d };
      if (b.c !== undefined) return { t: 'num', e: E.scale(b.c, a.e), d: a.d };
      this.error('unsupported', "multiplying two features' values is not supported: arithmetic must be linear", pos, 'multiply by a number instead');
      return constant(0);
    }
    if (b.c === undefined) {
      this.error('unsupported', "dividing by a feature's value is not supported: arithmetic must be linear", pos, 'divide by a number instead');
      return constant(0);
    }
    if (b.c === 0) {
      this.error('type', 'division by zero', pos);
      return constant(0);
    }
    return b.c > 0 ? { t: 'num', e: a.e, d: a.d * b.c } : { t: 'num', e: E.scale(-1, a.e), d: a.d * -b.c };
  }

  private referenceTerm(name: Name): Term {
    const r = this.scope.resolve(name);
    if (r.kind === 'unknown') {
      this.error('unknown-name', r.message, name.pos, r.hint);
      return constant(0);
    }
    if (r.kind === 'attribute') {
      if (r.value.kind === 'string') {
        if (r.feature.owner) this.selected(r.feature, name.pos);
        return { t: 'str', s: { kind: 'attr', f: r.feature, value: r.value.value } };
      }
      if (r.value.kind === 'number') return { t: 'num', e: this.vars.weighted(r.feature, r.value.value), d: 1 };
      this.error('type', `attribute "${name.text}" is not a number or a string`, name.pos);
      return constant(0);
    }
    const f = r.feature;
    if (f.owner) {
      this.selected(f, name.pos);
      return constant(0);
    }
    if (f.kind === 'int') return { t: 'num', e: E.val(f.name), d: 1 };
    if (f.kind === 'string') return { t: 'str', s: { kind: 'feature', f } };
    this.error('type', `feature "${name.text}" is not a number`, name.pos, 'use one of its numeric attributes, or declare it Integer');
    return constant(0);
  }

  /** Features in the scope (or the given subtree) with a numeric attribute `key`. */
  private carriers(scopeName: Name | undefined, key: string, pos: Pos): { f: Feature; w: number }[] | null {
    let candidates = this.scope.visible();
    if (scopeName) {
      const r = this.scope.resolve(scopeName);
      if (r.kind !== 'feature') {
        this.error('unknown-name', r.kind === 'unknown' ? r.message : `"${scopeName.text}" is not a feature`, scopeName.pos, r.kind === 'unknown' ? r.hint : undefined);
        return null;
      }
      const inside = (f: Feature): boolean => {
        for (let x: Feature | undefined = f; x; x = x.parent) if (x === r.feature) return true;
        return false;
      };
      candidates = candidates.filter(inside);
    }
    const out: { f: Feature; w: number }[] = [];
    const keys = new Set<string>();
    for (const f of candidates)
      for (const [k, v] of f.attrs) {
        keys.add(k);
        if (k === key && v.kind === 'number') out.push({ f, w: v.value });
      }
    if (out.length === 0) {
      const close = [...keys].find((k) => k.toLowerCase() === key.toLowerCase()) ?? undefined;
      this.error('unknown-name', `no feature has a numeric attribute "${key}"`, pos, close ? `did you mean "${close}"?` : undefined);
      return null;
    }
    return out;
  }

  private aggregate(fn: AggregateFn, scopeName: Name | undefined, arg: Name, pos: Pos): Term {
    if (fn === 'sum' || fn === 'avg') {
      const carriers = this.carriers(scopeName, arg.text, arg.pos);
      if (!carriers) return constant(0);
      const sum = E.sum(...carriers.map(({ f, w }) => this.vars.weighted(f, w)));
      if (fn === 'sum') return { t: 'num', e: sum, d: 1 };
      return { t: 'avg', sum, count: E.sum(...carriers.map(({ f }) => this.vars.weighted(f, 1))) };
    }
    const r = this.scope.resolve(arg);
    if (r.kind === 'unknown') {
      this.error('unknown-name', r.message, arg.pos, r.hint);
      return constant(0);
    }
    if (fn === 'len') {
      if (r.kind === 'attribute' && r.value.kind === 'string') return { t: 'num', e: this.vars.weighted(r.feature, r.value.value.length), d: 1 };
      this.error('unsupported', 'len(...) is supported on string attributes only: a String feature can hold any string', pos);
      return constant(0);
    }
    // floor / ceil
    if (r.kind === 'attribute' && r.value.kind === 'number') {
      const w = fn === 'floor' ? Math.floor(r.value.value) : Math.ceil(r.value.value);
      return { t: 'num', e: this.vars.weighted(r.feature, w), d: 1 };
    }
    if (r.kind === 'feature' && r.feature.kind === 'int') return this.referenceTerm(arg);
    this.error('type', `${fn}(...) needs a number`, pos);
    return constant(0);
  }

  // ------------------------------------------------------------------ comparisons

  private comparison(op: CmpOp, left: Term, right: Term, pos: Pos): Formula {
    if (left.t === 'str' || right.t === 'str') {
      if (left.t === 'str' && right.t === 'str') return this.strings(op, left.s, right.s, pos);
      this.error('type', 'a string cannot be compared with a number', pos);
      return F.f();
    }
    if (left.t === 'avg' || right.t === 'avg') {
      const avgLeft = left.t === 'avg';
      const avg = (avgLeft ? left : right) as Avg;
      const other = avgLeft ? right : left;
      if (other.t !== 'num' || other.c === undefined) {
        this.error('unsupported', 'avg(...) can only be compared with a constant', pos, 'write it as avg(attribute) <= number');
        return F.f();
      }
      const k = other.c;
      return F.cmp(avg.sum, ENGINE_OP[avgLeft ? op : FLIPPED[op]], E.scale(k, avg.count));
    }
    if (left.c !== undefined && right.c !== undefined) return compareConstants(left.c, op, right.c) ? F.t() : F.f();
    const l = right.d === 1 ? left.e : E.scale(right.d, left.e);
    const r = left.d === 1 ? right.e : E.scale(left.d, right.e);
    return F.cmp(l, ENGINE_OP[op], r);
  }

  private strings(op: CmpOp, a: StrSource, b: StrSource, pos: Pos): Formula {
    if (op !== '==' && op !== '!=') {
      this.error('type', 'strings can only be compared with == or !=', pos);
      return F.f();
    }
    let eq: Formula;
    if (a.kind === 'feature' && b.kind === 'feature') {
      this.error('unsupported', `comparing two String features ("${a.f.name}", "${b.f.name}") is not supported`, pos, 'compare each with string constants');
      return F.f();
    } else if (a.kind === 'feature' || b.kind === 'feature') {
      const [feat, other] = (a.kind === 'feature' ? [a, b] : [b, a]) as [StrSource & { kind: 'feature' }, StrSource & { kind: 'const' | 'attr' }];
      const is = F.eq(feat.f.name, other.value);
      eq = other.kind === 'attr' ? F.and(this.vars.selected(other.f), is) : is;
    } else {
      const guards = [a, b].flatMap((s) => (s.kind === 'attr' ? [this.vars.selected(s.f)] : []));
      eq = a.value === b.value ? (guards.length === 0 ? F.t() : F.and(...guards)) : F.f();
    }
    return op === '==' ? eq : F.not(eq);
  }
}
