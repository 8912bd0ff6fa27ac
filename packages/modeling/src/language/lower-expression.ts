import type { Formula, IntExpr, Value } from '@atelier/engine';
import { exprBounds } from '@atelier/engine/model/bounds.ts';
import type { NumExpr, TextExpr } from '../product.ts';
import type { Expr, PathExpr, PathSegment, Pos } from './ast.ts';
import type { Lowering } from './context.ts';
import { constantOf, exactInverse, toIntExpr } from './linear.ts';
import { didYouMean } from './resolve.ts';
import { type AttrInfo, type Member, type Scope, lookup, visibleNames } from './scope.ts';
import { ERR, type NonLinear, type Typed, and, firstNonLinear, isTrue, oneOf } from './typed.ts';

const FUNCTIONS = ['sum', 'count', 'min', 'max', 'ceil', 'floor', 'round', 'all', 'any'];

/** A path resolved as far as it names something: a member, an instance, an attribute, or one per instance. */
type Ref =
  | { r: 'member'; m: Member; path: string }
  | { r: 'instance'; m: Extract<Member, { kind: 'repeated' }>; scope: Scope; path: string }
  | { r: 'count'; m: Extract<Member, { kind: 'repeated' }>; path: string }
  | { r: 'attr'; m: Extract<Member, { kind: 'choice' | 'flag' }>; info: AttrInfo; path: string; pos: Pos }
  | { r: 'many'; items: { ref: Ref; exists: Formula }[]; path: string }
  | { r: 'err' };

function segmentText(s: PathSegment): string {
  return s.index === undefined ? s.name : `${s.name}[${s.index}]`;
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => `"${n}"`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(names.length === 2 ? ' and ' : ', ');
}

/**
 * Resolves and type-checks expressions written in one scope, producing the engine's formulas (linear
 * conditions) and the product IR's numeric and text expressions. Every problem is reported once,
 * where it was written; a failed part yields `undefined` and the caller drops what it was building.
 */
export class ExpressionLowering {
  constructor(
    private readonly low: Lowering,
    private readonly scope: Scope,
  ) {}

  // ------------------------------------------------------------------ entry points

  formula(e: Expr): Formula | undefined {
    return this.asFormula(this.typed(e), e.pos);
  }

  number(e: Expr): NumExpr | undefined {
    return this.asNumber(this.typed(e), e.pos)?.e;
  }

  /** A linear integer expression, for objectives: reported where it stops being linear. */
  integer(e: Expr): IntExpr | undefined {
    const t = this.asNumber(this.typed(e), e.pos);
    return t ? this.linear(t, t.nl, 'objectives') : undefined;
  }

  /** A part number: a string, or a string attribute of the chosen value. */
  text(e: Expr): TextExpr | undefined {
    const t = this.typed(e);
    if (t.t === 'err') return undefined;
    if (t.t === 'str') return { op: 'text', value: t.value };
    if (t.t === 'sym') return { op: 'attrText', var: t.var, table: t.table };
    if (t.t === 'name') return this.unknown(t);
    this.low.error('type', `a part number is a string or a string attribute such as fabric.part_number, not ${t.what}`, e.pos);
    return undefined;
  }

  /** What a path names, for table columns, preview layers and groups. */
  resolve(path: PathExpr): Typed {
    return this.path(path);
  }

  // ------------------------------------------------------------------ conversions

  /** Reports a name that means nothing here; returns undefined so callers can `return this.unknown(t)`. */
  private unknown(t: Extract<Typed, { t: 'name' }>): undefined {
    if (t.type !== undefined) {
      this.low.error('type', `${t.type}.${t.name} is a symbol; compare an attribute with it, e.g. cpu.socket = ${t.type}.${t.name}`, t.pos);
      return undefined;
    }
    this.low.error('unknown-name', `unknown name "${t.name}"`, t.pos, didYouMean(t.name, visibleNames(this.scope)));
    return undefined;
  }

  private asFormula(t: Typed, pos: Pos): Formula | undefined {
    switch (t.t) {
      case 'bool':
        return t.f;
      case 'err':
        return undefined;
      case 'name':
        this.unknown(t);
        return undefined;
      case 'sym':
        this.low.error('type', `${t.what} is not a yes/no condition; compare it with a value, e.g. ${t.var} = ${t.symbols[0] ?? 'x'}`, pos);
        return undefined;
      case 'num':
        this.low.error('type', `${t.what} is not a yes/no condition; compare it, e.g. ${t.var ?? 'x'} > 0`, pos);
        return undefined;
      case 'component':
        this.low.error(
          'type',
          t.member.kind === 'repeated' && !t.instance
            ? `${t.what} is a repeated component, not a condition; use count(${t.member.name}) > 0`
            : `${t.what} is always present when its parent is; it is not a condition`,
          pos,
        );
        return undefined;
      case 'many':
        this.manyError(t, pos);
        return undefined;
      case 'str':
        this.low.error('type', `a string is not a yes/no condition`, pos);
        return undefined;
    }
  }

  private asNumber(t: Typed, pos: Pos): Extract<Typed, { t: 'num' }> | undefined {
    switch (t.t) {
      case 'num':
        return t;
      case 'bool':
        if (t.asNum) return { t: 'num', e: t.asNum, what: t.what };
        this.low.error('type', `a condition is not a number; count conditions with count(…) or write if … then 1 else 0`, pos);
        return undefined;
      case 'err':
        return undefined;
      case 'name':
        this.unknown(t);
        return undefined;
      case 'sym':
        this.low.error('type', `${t.what} is not a number`, pos, t.hint);
        return undefined;
      case 'component':
        this.low.error(
          'type',
          t.member.kind === 'repeated' && !t.instance ? `${t.what} is not a number; count its instances with count(${t.member.name})` : `${t.what} is not a number`,
          pos,
        );
        return undefined;
      case 'many':
        this.manyError(t, pos);
        return undefined;
      case 'str':
        this.low.error('type', `a string is not a number`, pos);
        return undefined;
    }
  }

  private manyError(t: Extract<Typed, { t: 'many' }>, pos: Pos): void {
    this.low.error(
      'type',
      `${t.what} has one value per instance; pick one instance (e.g. [1]) or aggregate them with sum, count, min, max, all or any`,
      pos,
    );
  }

  /** A number for a condition or an objective, or reported where it leaves what the engine takes (rounding, dividing by a choice). */
  private linear(t: Extract<Typed, { t: 'num' }>, nl: NonLinear | undefined, where = 'conditions'): IntExpr | undefined {
    if (nl) {
      this.low.error('not-linear', `${where} allow +, -, * and dividing by a constant such as 10; this ${nl.why}`, nl.pos);
      return undefined;
    }
    return toIntExpr(t.e);
  }

  // ------------------------------------------------------------------ names

  private path(p: PathExpr): Typed {
    const [first, ...rest] = p.segments;
    if (!first) return ERR;
    const m = lookup(this.scope, first.name);
    if (!m) {
      if (p.segments.length === 1 && first.index === undefined) return { t: 'name', name: first.name, pos: first.pos, what: `"${first.name}"` };
      const second = p.segments[1];
      if (p.segments.length === 2 && first.index === undefined && second.index === undefined && this.low.globals.types.has(first.name))
        return { t: 'name', name: second.name, type: first.name, pos: p.pos, what: `${first.name}.${second.name}` };
      this.low.error('unknown-name', `unknown name "${first.name}"`, first.pos, didYouMean(first.name, visibleNames(this.scope)));
      return ERR;
    }
    let ref = this.indexed(m, first, segmentText(first));
    for (const seg of rest) ref = this.step(ref, seg);
    return this.valueOf(ref, p.pos);
  }

  private indexed(m: Member, seg: PathSegment, path: string): Ref {
    if (seg.index === undefined) return { r: 'member', m, path };
    if (m.kind !== 'repeated') {
      this.low.error('type', `"${m.name}" is not a repeated component, so it has no instance [${seg.index}]`, seg.pos);
      return { r: 'err' };
    }
    if (seg.index < 1 || seg.index > m.max) {
      this.low.error('domain', `"${m.name}" has instances ${m.max === 0 ? 'none' : `[1] to [${m.max}]`}; there is no ${m.name}[${seg.index}]`, seg.pos);
      return { r: 'err' };
    }
    return { r: 'instance', m, scope: m.instances[seg.index - 1], path };
  }

  private step(ref: Ref, seg: PathSegment): Ref {
    const path = `${'path' in ref ? ref.path : ''}.${segmentText(seg)}`;
    switch (ref.r) {
      case 'err':
        return ref;
      case 'many': {
        const items: { ref: Ref; exists: Formula }[] = [];
        for (const it of ref.items) {
          const next = this.step(it.ref, seg);
          if (next.r === 'err') return next;
          if (next.r === 'many') for (const inner of next.items) items.push({ ref: inner.ref, exists: and(it.exists, inner.exists) ?? it.exists });
          else items.push({ ref: next, exists: it.exists });
        }
        return { r: 'many', items, path };
      }
      case 'instance':
        return this.member(ref.scope, `"${ref.path}"`, seg, path);
      case 'count':
        this.low.error('type', `"${ref.path}" is a number; it has no "${seg.name}"`, seg.pos);
        return { r: 'err' };
      case 'attr':
        this.low.error('type', `"${ref.path}" is an attribute; it has no "${seg.name}"`, seg.pos);
        return { r: 'err' };
      case 'member':
        break;
    }
    const m = ref.m;
    switch (m.kind) {
      case 'component':
        return this.member(m.scope, `component "${ref.path}"`, seg, path);
      case 'repeated': {
        if (seg.name === 'count' && seg.index === undefined && !m.instances.some((s) => s.members.has('count'))) return { r: 'count', m, path };
        const items: { ref: Ref; exists: Formula }[] = [];
        for (let i = 0; i < m.instances.length; i++) {
          const next = this.step({ r: 'instance', m, scope: m.instances[i], path: `${ref.path}[${i + 1}]` }, seg);
          if (next.r === 'err') return next;
          if (next.r === 'many') for (const inner of next.items) items.push({ ref: inner.ref, exists: and(m.exists[i], inner.exists) ?? m.exists[i] });
          else items.push({ ref: next, exists: m.exists[i] });
        }
        if (m.instances.length === 0 && !m.decl.body.some((item) => 'name' in item && item.name.text === seg.name)) {
          this.low.error('unknown-name', `component "${ref.path}" has no feature "${seg.name}"`, seg.pos);
          return { r: 'err' };
        }
        return { r: 'many', items, path };
      }
      case 'choice':
      case 'flag': {
        const info = m.attrs.get(seg.name);
        if (!info) {
          const owner = m.kind === 'choice' ? `no value of choice "${ref.path}" has` : `flag "${ref.path}" has no`;
          this.low.error('unknown-name', `${owner} an attribute "${seg.name}"`, seg.pos, didYouMean(seg.name, m.attrs.keys()));
          return { r: 'err' };
        }
        if (seg.index !== undefined) {
          this.low.error('type', `attribute "${seg.name}" has no instances`, seg.pos);
          return { r: 'err' };
        }
        return { r: 'attr', m, info, path, pos: seg.pos };
      }
      case 'number':
        this.low.error('type', `number "${ref.path}" has no attributes; "${seg.name}" means nothing here`, seg.pos);
        return { r: 'err' };
      case 'text':
        this.low.error('type', `text field "${ref.path}" has no attributes`, seg.pos);
        return { r: 'err' };
    }
  }

  private member(scope: Scope, owner: string, seg: PathSegment, path: string): Ref {
    const m = scope.members.get(seg.name);
    if (!m) {
      this.low.error('unknown-name', `${owner} has no feature "${seg.name}"`, seg.pos, didYouMean(seg.name, scope.members.keys()));
      return { r: 'err' };
    }
    return this.indexed(m, seg, path);
  }

  private valueOf(ref: Ref, pos: Pos): Typed {
    switch (ref.r) {
      case 'err':
        return ERR;
      case 'many':
        return { t: 'many', items: ref.items.map((it) => ({ item: this.valueOf(it.ref, pos), exists: it.exists })), what: `"${ref.path}"` };
      case 'instance':
        return { t: 'component', member: ref.m, instance: ref.scope, what: `"${ref.path}"` };
      case 'count':
        return {
          t: 'num',
          e: { op: 'val', var: ref.m.countVar },
          what: `"${ref.path}"`,
          var: ref.m.countVar,
          values: Array.from({ length: ref.m.max - ref.m.min + 1 }, (_, i) => ref.m.min + i),
        };
      case 'attr':
        return this.attribute(ref);
      case 'member':
        break;
    }
    const m = ref.m;
    const what = `"${ref.path}"`;
    switch (m.kind) {
      case 'choice':
        if (!m.valid) return ERR;
        return {
          t: 'sym',
          var: m.var,
          table: Object.fromEntries(m.values.map((v) => [v.name, v.name])),
          symbols: m.values.map((v) => v.name),
          what: `choice ${what}`,
          choice: true,
          ...numericHint(m, ref.path),
        };
      case 'flag':
        return { t: 'bool', f: { op: 'eq', var: m.var, value: true }, what: `flag ${what}`, asNum: { op: 'val', var: m.var } };
      case 'number':
        if (!m.valid) return ERR;
        return { t: 'num', e: { op: 'val', var: m.var }, what: `number ${what}`, var: m.var, values: m.values };
      case 'component':
        if (m.var) return { t: 'bool', f: { op: 'eq', var: m.var, value: true }, what: `component ${what}`, asNum: { op: 'val', var: m.var } };
        return { t: 'component', member: m, what: `component ${what}` };
      case 'repeated':
        return { t: 'component', member: m, what: `component ${what}` };
      case 'text':
        this.low.error('type', `text field ${what} is free text outside the rules; conditions and formulas cannot use it`, pos);
        return ERR;
    }
  }

  private attribute(ref: Extract<Ref, { r: 'attr' }>): Typed {
    const { m, info } = ref;
    const what = `"${ref.path}"`;
    // A flag's attributes belong to "yes"; "no" has none by nature.
    if (m.kind === 'choice' && info.missing.length > 0) {
      const counts = info.kind === 'number' ? 'counts as 0' : 'matches no value';
      const values = info.missing.length === 1 ? `value "${info.missing[0]}"` : `values ${listNames(info.missing)}`;
      this.low.warn('missing-attribute', `${values} of choice "${m.name}" ${info.missing.length === 1 ? 'has' : 'have'} no "${info.name}"; there it ${counts}`, ref.pos);
    }
    if (info.kind === 'number') return { t: 'num', e: { op: 'attr', var: m.var, table: { ...info.numbers } }, what: `attribute ${what}` };
    const symbols = [...new Set(Object.values(info.texts))];
    return { t: 'sym', var: m.var, table: { ...info.texts }, symbols, ...(info.type ? { type: info.type } : {}), what: `attribute ${what}` };
  }

  // ------------------------------------------------------------------ expressions

  private typed(e: Expr): Typed {
    switch (e.kind) {
      case 'error':
        return ERR;
      case 'num':
        return { t: 'num', e: { op: 'num', value: e.value }, what: `${e.value}` };
      case 'str':
        return { t: 'str', value: e.value, what: `"${e.value}"` };
      case 'bool':
        return { t: 'bool', f: { op: 'const', value: e.value }, what: `${e.value}`, asNum: { op: 'num', value: e.value ? 1 : 0 } };
      case 'path':
        return this.path(e);
      case 'not': {
        const f = this.formula(e.arg);
        return f ? { t: 'bool', f: { op: 'not', arg: f }, what: 'a condition' } : ERR;
      }
      case 'and':
      case 'or': {
        const args = e.args.map((a) => this.formula(a));
        if (!args.every((a) => a !== undefined)) return ERR;
        return { t: 'bool', f: { op: e.kind, args: args as Formula[] }, what: 'a condition' };
      }
      case 'binary': {
        const a = this.formula(e.left);
        const b = this.formula(e.right);
        if (!a || !b) return ERR;
        const f: Formula = e.op === 'excludes' ? { op: 'not', arg: { op: 'and', args: [a, b] } } : { op: e.op, args: [a, b] };
        return { t: 'bool', f, what: 'a condition' };
      }
      case 'neg':
        return this.arithmetic([this.typed(e.arg)], e.pos, (nonZero) => nonZero[0], ([t]) => {
          const a = this.asNumber(t, e.arg.pos);
          if (!a) return ERR;
          const c = constantOf(a.e);
          return { t: 'num', e: c !== undefined ? { op: 'num', value: -c } : { op: 'neg', arg: a.e }, what: 'a number', ...(a.nl ? { nl: a.nl } : {}) };
        });
      case 'add':
        return this.sum(e);
      case 'mul':
        return this.product(e);
      case 'cmp':
        return this.comparison(e);
      case 'in':
        return this.membership(e);
      case 'call':
        return this.call(e);
      case 'if':
        return this.conditional(e);
      case 'card': {
        if (!Number.isSafeInteger(e.k) || e.k < 0) {
          this.low.error('domain', `${e.op} needs a whole number of at least 0, not ${e.k}`, e.pos);
          return ERR;
        }
        const args = this.conditions(e.args);
        if (!args) return ERR;
        const op = e.op === 'atmost' ? 'atMost' : e.op === 'atleast' ? 'atLeast' : 'exactly';
        return { t: 'bool', f: { op, k: e.k, args }, what: 'a condition' };
      }
    }
  }

  /**
   * Arithmetic where an operand has one value per instance (`module.width * module.depth`,
   * `module.width + 10`) is done instance by instance; operands with one value (`depth`, `2`) apply to
   * every instance. `kept(absent)` says whether the result may be non-zero for an instance that does
   * not exist, given which operands may be (a product of an absent value is 0, a sum with 10 is not).
   */
  private arithmetic(operands: Typed[], pos: Pos, kept: (mayBeNonZero: boolean[]) => boolean, combine: (items: Typed[]) => Typed): Typed {
    const many = operands.filter((o): o is Extract<Typed, { t: 'many' }> => o.t === 'many');
    if (many.length === 0) return combine(operands);
    const first = many[0];
    const key = (f: Formula): string => JSON.stringify(f);
    for (const m of many.slice(1))
      if (m.items.length !== first.items.length || m.items.some((it, i) => key(it.exists) !== key(first.items[i].exists))) {
        this.low.error('type', `${first.what} and ${m.what} have one value per instance of different components; aggregate each on its own`, pos);
        return ERR;
      }
    const items: { item: Typed; exists: Formula; kept?: boolean }[] = [];
    for (let i = 0; i < first.items.length; i++) {
      const item = combine(operands.map((o) => (o.t === 'many' ? o.items[i].item : o)));
      if (item.t === 'err') return ERR;
      const nonZero = operands.map((o) => (o.t === 'many' ? o.items[i].kept === true : !(o.t === 'num' && constantOf(o.e) === 0)));
      items.push({ item, exists: first.items[i].exists, ...(kept(nonZero) ? { kept: true } : {}) });
    }
    return { t: 'many', items, what: first.what };
  }

  private sum(e: Extract<Expr, { kind: 'add' }>): Typed {
    const operands = e.terms.map((term) => this.typed(term.expr));
    return this.arithmetic(operands, e.pos, (nonZero) => nonZero.some((x) => x), (items) => this.sumOf(e, items));
  }

  private sumOf(e: Extract<Expr, { kind: 'add' }>, operands: Typed[]): Typed {
    const terms: NumExpr[] = [];
    let constant = 0;
    let nl: NonLinear | undefined;
    for (const [i, term] of e.terms.entries()) {
      const t = this.asNumber(operands[i], term.expr.pos);
      if (!t) return ERR;
      nl ??= t.nl;
      const c = constantOf(t.e);
      if (c !== undefined) constant += term.negate ? -c : c;
      else terms.push(term.negate ? { op: 'neg', arg: t.e } : t.e);
    }
    if (constant !== 0 || terms.length === 0) terms.push({ op: 'num', value: constant });
    const out: NumExpr = terms.length === 1 ? terms[0] : { op: 'add', args: terms };
    return { t: 'num', e: out, what: 'a sum', ...(nl ? { nl } : {}) };
  }

  private product(e: Extract<Expr, { kind: 'mul' }>): Typed {
    const operands = e.factors.map((f) => this.typed(f.expr));
    // A product is 0 for an absent instance when any factor is (a divisor is never 0 here).
    return this.arithmetic(
      operands,
      e.pos,
      (nonZero) => nonZero.every((x, i) => x || e.factors[i].divide),
      (items) => this.productOf(e, items),
    );
  }

  private productOf(e: Extract<Expr, { kind: 'mul' }>, operands: Typed[]): Typed {
    let acc: NumExpr | undefined;
    let nl: NonLinear | undefined;
    for (const [i, f] of e.factors.entries()) {
      const t = this.asNumber(operands[i], f.expr.pos);
      if (!t) return ERR;
      nl ??= t.nl;
      if (!acc) {
        acc = t.e;
        continue;
      }
      const a = constantOf(acc);
      const b = constantOf(t.e);
      if (f.divide) {
        if (b === 0) {
          this.low.error('domain', 'division by zero', f.expr.pos);
          return ERR;
        }
        if (b === undefined) nl ??= { pos: f.expr.pos, why: 'divides by a quantity that depends on the choices' };
        else if (a === undefined && exactInverse(b) === undefined) nl ??= { pos: f.expr.pos, why: `divides by ${b}, which has no exact decimal inverse` };
        acc = a !== undefined && b !== undefined ? { op: 'num', value: a / b } : { op: 'div', args: [acc, t.e] };
        continue;
      }
      acc = a !== undefined && b !== undefined ? { op: 'num', value: a * b } : { op: 'mul', args: [acc, t.e] };
    }
    if (!acc) return ERR;
    return { t: 'num', e: acc, what: 'a product', ...(nl ? { nl } : {}) };
  }

  /** Conditions of a list, each aggregate spread over its instances (with whether each exists). */
  private conditionItems(exprs: Expr[]): { f: Formula; exists: Formula }[] | undefined {
    const out: { f: Formula; exists: Formula }[] = [];
    for (const x of exprs) {
      const t = this.typed(x);
      const items = t.t === 'many' ? t.items : [{ item: t, exists: { op: 'const', value: true } as Formula }];
      for (const it of items) {
        const f = this.asFormula(it.item, x.pos);
        if (!f) return undefined;
        out.push({ f, exists: it.exists });
      }
    }
    return out;
  }

  /** Conditions of a list; an instance that does not exist contributes a false one. */
  private conditions(exprs: Expr[]): Formula[] | undefined {
    return this.conditionItems(exprs)?.map(({ f, exists }) => (isTrue(exists) ? f : { op: 'and', args: [exists, f] }));
  }

  /** Numbers of a list, each aggregate spread over its instances (with whether each exists). */
  private numbers(exprs: Expr[]): { e: NumExpr; exists: Formula; nl?: NonLinear; kept?: boolean }[] | undefined {
    const out: { e: NumExpr; exists: Formula; nl?: NonLinear; kept?: boolean }[] = [];
    for (const x of exprs) {
      const t = this.typed(x);
      const items: { item: Typed; exists: Formula; kept?: boolean }[] = t.t === 'many' ? t.items : [{ item: t, exists: { op: 'const', value: true } }];
      for (const it of items) {
        const n = this.asNumber(it.item, x.pos);
        if (!n) return undefined;
        out.push({ e: n.e, exists: it.exists, ...(n.nl ? { nl: n.nl } : {}), ...(it.kept ? { kept: true } : {}) });
      }
    }
    return out;
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Typed {
    const arity = (n: number): boolean => {
      if (e.args.length === n) return true;
      this.low.error('type', `${e.fn}() takes ${n} argument${n === 1 ? '' : 's'}, not ${e.args.length}`, e.pos);
      return false;
    };
    const atLeastOne = (): boolean => {
      if (e.args.length > 0) return true;
      this.low.error('type', `${e.fn}() needs at least one argument`, e.pos);
      return false;
    };
    switch (e.fn) {
      case 'count': {
        if (!atLeastOne()) return ERR;
        if (e.args.length === 1) {
          const only = this.typed(e.args[0]);
          if (only.t === 'component' && only.member.kind === 'repeated' && !only.instance)
            return this.valueOf({ r: 'count', m: only.member, path: only.member.name }, e.pos);
          if (only.t === 'num' && only.var !== undefined) {
            this.low.error('type', `count() counts the instances of a repeated component or the conditions that hold; ${only.what} is already a number`, e.pos);
            return ERR;
          }
        }
        const args = this.conditions(e.args);
        return args ? { t: 'num', e: { op: 'count', args }, what: 'a count' } : ERR;
      }
      case 'all':
      case 'any': {
        if (!atLeastOne()) return ERR;
        const items = this.conditionItems(e.args);
        if (!items) return ERR;
        // "all" speaks of the instances that exist, "any" needs one that exists.
        const f: Formula =
          e.fn === 'any'
            ? { op: 'or', args: items.map(({ f: c, exists }) => (isTrue(exists) ? c : { op: 'and', args: [exists, c] })) }
            : { op: 'and', args: items.map(({ f: c, exists }) => (isTrue(exists) ? c : { op: 'implies', args: [exists, c] })) };
        return { t: 'bool', f, what: 'a condition' };
      }
      case 'sum': {
        if (!atLeastOne()) return ERR;
        const items = this.numbers(e.args);
        if (!items) return ERR;
        const nl = items.find((i) => i.nl)?.nl;
        // Absent variables count 0, so instances that do not exist add nothing; what may not be 0 there is guarded.
        const terms = items.map((i): NumExpr => (i.kept && !isTrue(i.exists) ? { op: 'if', cond: i.exists, then: i.e, else: { op: 'num', value: 0 } } : i.e));
        const e2: NumExpr = terms.length === 1 ? terms[0] : { op: 'add', args: terms };
        return { t: 'num', e: e2, what: 'a sum', ...(nl ? { nl } : {}) };
      }
      case 'min':
      case 'max':
        return this.extreme(e.fn, e);
      case 'ceil':
      case 'floor':
      case 'round': {
        if (!arity(1)) return ERR;
        const a = this.asNumber(this.typed(e.args[0]), e.args[0].pos);
        if (!a) return ERR;
        const c = constantOf(a.e);
        if (c !== undefined) return { t: 'num', e: { op: 'num', value: Math[e.fn](c) }, what: 'a number' };
        return { t: 'num', e: { op: e.fn, arg: a.e }, what: `${e.fn}(…)`, nl: a.nl ?? { pos: e.pos, why: `uses ${e.fn}()` } };
      }
      default:
        this.low.error('unknown-name', `unknown function "${e.fn}"`, e.pos, didYouMean(e.fn, FUNCTIONS));
        return ERR;
    }
  }

  /**
   * min/max over the instances that exist. An instance that does not exist reads as a value that
   * cannot win (the largest any item can take, for min), and with no instance at all the result is 0.
   */
  private extreme(op: 'min' | 'max', e: Extract<Expr, { kind: 'call' }>): Typed {
    if (e.args.length === 0) {
      this.low.error('type', `${op}() needs at least one argument`, e.pos);
      return ERR;
    }
    const items = this.numbers(e.args);
    if (!items) return ERR;
    if (items.length === 0) return { t: 'num', e: { op: 'num', value: 0 }, what: 'a number' };
    const nl = items.find((i) => i.nl)?.nl;
    const guarded = items.filter((i) => !isTrue(i.exists));
    if (guarded.length === 0) return { t: 'num', e: { op, args: items.map((i) => i.e) }, what: `${op}(…)`, ...(nl ? { nl } : {}) };
    let neutral: number | undefined;
    for (const i of items) {
      const int = toIntExpr(i.e);
      if (!int) return { t: 'num', e: { op, args: items.map((x) => x.e) }, what: `${op}(…)`, nl: nl ?? { pos: e.pos, why: `takes the ${op} of non-linear terms` } };
      const [lo, hi] = exprBounds(int, (name) => this.domainOf(name));
      neutral = neutral === undefined ? (op === 'min' ? hi : lo) : op === 'min' ? Math.max(neutral, hi) : Math.min(neutral, lo);
    }
    const args: NumExpr[] = items.map((i) =>
      isTrue(i.exists) ? i.e : { op: 'if', cond: i.exists, then: i.e, else: { op: 'num', value: neutral ?? 0 } },
    );
    const anyExists: Formula | undefined = items.some((i) => isTrue(i.exists)) ? undefined : { op: 'or', args: items.map((i) => i.exists) };
    const inner: NumExpr = { op, args };
    const out: NumExpr = anyExists ? { op: 'if', cond: anyExists, then: inner, else: { op: 'num', value: 0 } } : inner;
    return { t: 'num', e: out, what: `${op}(…)`, ...(nl ? { nl } : {}) };
  }

  private domainOf(name: string): readonly Value[] | undefined {
    const d = this.low.domains.get(name);
    return d ? (d.optional ? [null, ...d.values] : d.values) : undefined;
  }

  private conditional(e: Extract<Expr, { kind: 'if' }>): Typed {
    const cond = this.formula(e.cond);
    const a = this.typed(e.then);
    const b = this.typed(e.else);
    if (!cond || a.t === 'err' || b.t === 'err') return ERR;
    if (a.t === 'bool' && b.t === 'bool') {
      return {
        t: 'bool',
        f: { op: 'or', args: [{ op: 'and', args: [cond, a.f] }, { op: 'and', args: [{ op: 'not', arg: cond }, b.f] }] },
        what: 'a condition',
        ...(a.asNum && b.asNum ? { asNum: { op: 'if', cond, then: a.asNum, else: b.asNum } } : {}),
      };
    }
    const x = this.asNumber(a, e.then.pos);
    const y = this.asNumber(b, e.else.pos);
    if (!x || !y) return ERR;
    const nl = firstNonLinear(x, y);
    return { t: 'num', e: { op: 'if', cond, then: x.e, else: y.e }, what: 'a number', ...(nl ? { nl } : {}) };
  }

  // ------------------------------------------------------------------ comparisons

  /**
   * The right side of `x = …` when x is a symbol: a bare name is first one of x's own values or
   * symbols (`cpu = r5_7600`), then a feature; `Socket.AM5` names a type's member.
   */
  private symbolOperand(left: Extract<Typed, { t: 'sym' }>, e: Expr): { symbol: string; pos: Pos } | Typed {
    if (e.kind === 'str') return { symbol: e.value, pos: e.pos };
    if (e.kind !== 'path' || e.segments.some((s) => s.index !== undefined)) return this.typed(e);
    const [first, second] = e.segments;
    const members = left.type ? this.low.globals.types.get(left.type)?.members : undefined;
    if (e.segments.length === 1) {
      if (left.symbols.includes(first.name) || members?.has(first.name)) return { symbol: first.name, pos: first.pos };
      if (lookup(this.scope, first.name)) return this.typed(e);
      const candidates = members ? [...members.keys()] : left.symbols;
      const where = left.type ? `a member of type ${left.type}` : `a value of ${left.what}`;
      this.low.error('unknown-value', `"${first.name}" is not ${where}`, first.pos, didYouMean(first.name, candidates));
      return ERR;
    }
    if (e.segments.length === 2 && !lookup(this.scope, first.name)) {
      const type = this.low.globals.types.get(first.name);
      if (type) {
        if (!type.members.has(second.name)) {
          this.low.error('unknown-value', `"${second.name}" is not a member of type ${first.name}`, second.pos, didYouMean(second.name, type.members.keys()));
          return ERR;
        }
        if (left.type !== undefined && left.type !== first.name) {
          this.low.error('type', `${left.what} holds members of type ${left.type}, not ${first.name}`, e.pos);
          return ERR;
        }
        return { symbol: second.name, pos: e.pos };
      }
    }
    return this.typed(e);
  }

  private symbolEquals(left: Extract<Typed, { t: 'sym' }>, symbol: string): Formula {
    return oneOf(left.var, Object.keys(left.table).filter((v) => left.table[v] === symbol));
  }

  private symbolsEqual(a: Extract<Typed, { t: 'sym' }>, b: Extract<Typed, { t: 'sym' }>, pos: Pos): Formula | undefined {
    if (a.type !== undefined && b.type !== undefined && a.type !== b.type) {
      this.low.error('type', `cannot compare ${a.what} (type ${a.type}) with ${b.what} (type ${b.type})`, pos);
      return undefined;
    }
    const common = a.symbols.filter((s) => b.symbols.includes(s));
    if (a.var === b.var) {
      // The same variable on both sides: equal wherever both attributes are given.
      return oneOf(a.var, Object.keys(a.table).filter((v) => b.table[v] !== undefined && a.table[v] === b.table[v]));
    }
    return { op: 'or', args: common.map((s): Formula => ({ op: 'and', args: [this.symbolEquals(a, s), this.symbolEquals(b, s)] })) };
  }

  private equality(left: Typed, right: Expr, pos: Pos): Formula | undefined {
    if (left.t === 'sym') {
      const r = this.symbolOperand(left, right);
      if ('symbol' in r) return this.symbolEquals(left, r.symbol);
      if (r.t === 'sym') return this.symbolsEqual(left, r, pos);
      if (r.t === 'str') return this.symbolEquals(left, r.value);
      if (r.t === 'err') return undefined;
      if (r.t === 'name') return this.unknown(r);
      this.low.error('type', `cannot compare ${left.what} (a symbol) with ${r.what}`, pos);
      return undefined;
    }
    if (left.t === 'err') return undefined;
    const r = this.typed(right);
    if (r.t === 'err') return undefined;
    if ((left.t === 'name' || left.t === 'str') && r.t === 'sym') {
      // `r5_7600 = cpu`: the same comparison written the other way round.
      if (left.t === 'str') return this.symbolEquals(r, left.value);
      return this.equality(r, { kind: 'path', segments: [{ name: left.name, pos: left.pos }], pos: left.pos }, pos);
    }
    if (left.t === 'bool' && r.t === 'bool') return { op: 'iff', args: [left.f, r.f] };
    if (left.t === 'num' || r.t === 'num') {
      const a = this.asNumber(left, pos);
      const b = this.asNumber(r, right.pos);
      if (!a || !b) return undefined;
      this.checkInDomain(a, b, right.pos);
      this.checkInDomain(b, a, pos);
      return this.compare(a, '=', b);
    }
    if (left.t === 'name') return this.unknown(left);
    if (r.t === 'name') return this.unknown(r);
    this.low.error('type', `cannot compare ${left.what} with ${r.what}`, pos);
    return undefined;
  }

  /** `waist = 50` when waist goes from 26 to 44 is never true: almost surely a mistake. */
  private checkInDomain(variable: Extract<Typed, { t: 'num' }>, value: Extract<Typed, { t: 'num' }>, pos: Pos): void {
    const c = constantOf(value.e);
    if (c === undefined || !variable.values || variable.values.includes(c)) return;
    this.low.error('domain', `${c} is not a value of ${variable.what} (${describeValues(variable.values)})`, pos);
  }

  private compare(a: Extract<Typed, { t: 'num' }>, op: Extract<Formula, { op: 'cmp' }>['cmp'], b: Extract<Typed, { t: 'num' }>): Formula | undefined {
    const nl = firstNonLinear(a, b);
    const left = this.linear(a, nl);
    const right = this.linear(b, nl);
    if (!left || !right) return undefined;
    return { op: 'cmp', cmp: op, left, right };
  }

  /**
   * `memory.size = gb32`: a comparison whose left side has one value per instance is one condition
   * per instance, for all(), any(), count() and atmost … of to combine.
   */
  private perInstance(left: Extract<Typed, { t: 'many' }>, compare: (item: Typed) => Typed): Typed {
    const items: { item: Typed; exists: Formula }[] = [];
    for (const it of left.items) {
      const r = compare(it.item);
      if (r.t === 'err') return ERR;
      items.push({ item: r, exists: it.exists });
    }
    return { t: 'many', items, what: left.what };
  }

  private comparison(e: Extract<Expr, { kind: 'cmp' }>): Typed {
    const left = this.typed(e.left);
    if (e.op !== '=' && e.op !== '!=') {
      // Both sides may have one value per instance (`module.load > module.span`): compared instance by instance.
      const right = this.typed(e.right);
      return this.arithmetic([left, right], e.pos, () => false, ([a, b]) => {
        const x = this.asNumber(a, e.left.pos);
        const y = this.asNumber(b, e.right.pos);
        const f = x && y && this.compare(x, e.op, y);
        return f ? { t: 'bool', f, what: 'a comparison' } : ERR;
      });
    }
    // A bare name on the right may be one of the left side's values, so it is only read as a feature when it is one.
    const plainName = e.right.kind === 'path' && e.right.segments.length === 1;
    if (left.t === 'many' && !plainName && e.right.kind !== 'str') {
      const right = this.typed(e.right);
      if (right.t === 'err') return ERR;
      if (right.t === 'many')
        return this.arithmetic([left, right], e.pos, () => false, ([a, b]) => {
          const f = this.equalTyped(a, b, e.pos);
          return f ? { t: 'bool', f: e.op === '=' ? f : { op: 'not', arg: f }, what: 'a comparison' } : ERR;
        });
    }
    return this.compareTyped(left, e);
  }

  /** Two values already resolved, compared for equality. */
  private equalTyped(a: Typed, b: Typed, pos: Pos): Formula | undefined {
    if (a.t === 'sym' && b.t === 'sym') return this.symbolsEqual(a, b, pos);
    if (a.t === 'bool' && b.t === 'bool') return { op: 'iff', args: [a.f, b.f] };
    const x = this.asNumber(a, pos);
    const y = x && this.asNumber(b, pos);
    return x && y ? this.compare(x, '=', y) : undefined;
  }

  private compareTyped(left: Typed, e: Extract<Expr, { kind: 'cmp' }>): Typed {
    if (left.t === 'many') return this.perInstance(left, (item) => this.compareTyped(item, e));
    if (e.op === '=' || e.op === '!=') {
      const f = this.equality(left, e.right, e.pos);
      if (!f) return ERR;
      return { t: 'bool', f: e.op === '=' ? f : { op: 'not', arg: f }, what: 'a comparison' };
    }
    const a = this.asNumber(left, e.left.pos);
    const b = this.asNumber(this.typed(e.right), e.right.pos);
    if (!a || !b) return ERR;
    const f = this.compare(a, e.op, b);
    return f ? { t: 'bool', f, what: 'a comparison' } : ERR;
  }

  private membership(e: Extract<Expr, { kind: 'in' }>): Typed {
    return this.memberOf(this.typed(e.left), e);
  }

  private memberOf(left: Typed, e: Extract<Expr, { kind: 'in' }>): Typed {
    if (left.t === 'err') return ERR;
    if (left.t === 'many') return this.perInstance(left, (item) => this.memberOf(item, e));
    if (e.values.length === 0) return { t: 'bool', f: { op: 'const', value: false }, what: 'a condition' };
    if (left.t === 'num' && left.var && !left.nl && e.values.every((v) => v.kind === 'num' || (v.kind === 'neg' && v.arg.kind === 'num'))) {
      const values: number[] = [];
      for (const v of e.values) {
        const n = this.asNumber(this.typed(v), v.pos);
        const c = n && constantOf(n.e);
        if (c === undefined || c === null) return ERR;
        this.checkInDomain(left, n as Extract<Typed, { t: 'num' }>, v.pos);
        values.push(c);
      }
      return { t: 'bool', f: { op: 'in', var: left.var, values }, what: 'a condition' };
    }
    const parts: Formula[] = [];
    for (const v of e.values) {
      const f = this.equality(left, v, v.pos);
      if (!f) return ERR;
      parts.push(f);
    }
    if (left.t === 'sym') {
      // Plain value lists become one `in`, the engine's cheapest form.
      const values = new Set<Value>();
      const others: Formula[] = [];
      for (const f of parts) {
        if (f.op === 'eq' && f.var === left.var) values.add(f.value);
        else if (f.op === 'in' && f.var === left.var) f.values.forEach((x) => values.add(x));
        else others.push(f);
      }
      const merged = oneOf(left.var, [...values].map(String));
      const all = values.size > 0 ? [merged, ...others] : others;
      return { t: 'bool', f: all.length === 1 ? all[0] : { op: 'or', args: all }, what: 'a condition' };
    }
    return { t: 'bool', f: parts.length === 1 ? parts[0] : { op: 'or', args: parts }, what: 'a condition' };
  }
}

function numericHint(m: Extract<Member, { kind: 'choice' }>, path: string): { hint?: string } {
  const names = [...m.attrs.values()].filter((a) => a.kind === 'number').map((a) => `${path}.${a.name}`);
  return names.length > 0 ? { hint: `use a numeric attribute: ${names.slice(0, 3).join(', ')}` } : {};
}

function describeValues(values: number[]): string {
  if (values.length === 0) return 'none';
  const step = values.length > 1 ? values[1] - values[0] : 1;
  const regular = values.every((v, i) => v === values[0] + i * step);
  if (regular && values.length > 2) return `${values[0]}..${values[values.length - 1]}${step === 1 ? '' : ` step ${step}`}`;
  return values.join(', ');
}
