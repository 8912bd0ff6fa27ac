import type { SourcePosition, Value } from './compiled.ts';
import type { ConstraintDecl, ConstraintMeta, Formula, IntExpr, TableEntry, TableSpec } from './formula.ts';
import { exprBounds } from './bounds.ts';
import { ModelError, variableContext, modelError } from './errors.ts';
import { type Model, type ObjectiveDecl, type VariableDecl, domainOf, intRange, validateVariable } from './model.ts';

export interface VarOptions {
  label?: string;
  hidden?: boolean;
  /** `{ when }`: absent exactly when the condition is false; `{}`: absence is a value like any other. */
  optional?: { when?: Formula };
  source?: SourcePosition;
}

export interface EnumValue {
  value: string;
  cost?: number;
}

export type IntDomain = { min: number; max: number } | { values: number[] };

/** Handle on a repeated component: its instances and aggregates over the instances that exist. */
export interface Repeated {
  name: string;
  /** Int variable `<name>.count`: how many instances exist. */
  countVar: string;
  minCount: number;
  maxCount: number;
  /** `name[1]` … `name[max]`: prefix of each instance's variables. */
  prefixes: string[];
  /** Instance i (1-based) exists: count >= i. */
  exists(i: number): Formula;
  /** Number of existing instances, or of those satisfying `where`. */
  count(where?: (prefix: string) => Formula): IntExpr;
  /** Sum over existing instances (absent instances contribute nothing). */
  sum(term: (prefix: string) => IntExpr): IntExpr;
  /** Minimum over existing instances; 0 when none exists (the same convention as an absent variable). */
  min(term: (prefix: string) => IntExpr): IntExpr;
  /** Maximum over existing instances; 0 when none exists. */
  max(term: (prefix: string) => IntExpr): IntExpr;
  /** Every existing instance satisfies f. */
  all(f: (prefix: string) => Formula): Formula;
  /** Some existing instance satisfies f. */
  some(f: (prefix: string) => Formula): Formula;
}

export interface RepeatOptions {
  /** Hide the count variable from users (e.g. when the count follows from other choices). */
  hiddenCount?: boolean;
  label?: string;
  source?: SourcePosition;
  /** Default number of instances. */
  default?: number;
}

interface SharedState {
  variables: VariableDecl[];
  byName: Map<string, VariableDecl>;
  constraints: ConstraintDecl[];
  objectives: ObjectiveDecl[];
}

function metaOf(meta: ConstraintMeta | string): ConstraintMeta {
  return typeof meta === 'string' ? { label: meta } : meta;
}

function and(a: Formula | undefined, b: Formula | undefined): Formula | undefined {
  if (!a) return b;
  if (!b) return a;
  return { op: 'and', args: [a, b] };
}

/** True when the expression is 0 whenever the instance with this prefix is absent, so it needs no guard. */
function zeroWhenAbsent(e: IntExpr, prefix: string): boolean {
  switch (e.op) {
    case 'num':
      return e.value === 0;
    case 'val':
    case 'attr':
      return e.var.startsWith(prefix + '.');
    case 'sum':
    case 'min':
    case 'max':
      return e.args.every((a) => zeroWhenAbsent(a, prefix));
    case 'scale':
      return zeroWhenAbsent(e.arg, prefix);
    case 'mul':
      return zeroWhenAbsent(e.args[0], prefix) || zeroWhenAbsent(e.args[1], prefix);
    case 'ite':
      return zeroWhenAbsent(e.then, prefix) && zeroWhenAbsent(e.else, prefix);
    case 'count':
      return false;
  }
}

/**
 * Declares a product model. Variables and constraints are recorded as plain data (see `build()`);
 * inside `repeat` the builder handed to the body guards everything it declares with the instance's existence.
 */
export class ModelBuilder {
  private readonly state: SharedState;
  /** Existence condition of the repeated instance this builder declares into, if any. */
  private readonly guard?: Formula;

  constructor(state?: SharedState, guard?: Formula) {
    this.state = state ?? { variables: [], byName: new Map(), constraints: [], objectives: [] };
    this.guard = guard;
  }

  private declare(decl: VariableDecl, opts: VarOptions | undefined): string {
    if (opts?.label !== undefined) decl.label = opts.label;
    if (opts?.hidden) decl.hidden = true;
    if (opts?.source) decl.source = opts.source;
    const when = and(this.guard, opts?.optional?.when);
    if (opts?.optional || this.guard) decl.optional = when ? { when } : {};
    if (this.state.byName.has(decl.name)) throw modelError(variableContext(decl.name, decl.source), 'declared twice');
    validateVariable(decl);
    this.state.variables.push(decl);
    this.state.byName.set(decl.name, decl);
    return decl.name;
  }

  bool(name: string, opts?: VarOptions & { default?: boolean; costs?: [number, number] }): string {
    const decl: VariableDecl = { name, kind: 'bool', values: [false, true] };
    if (opts?.default !== undefined) decl.default = opts.default;
    if (opts?.costs) decl.costs = opts.costs.slice();
    return this.declare(decl, opts);
  }

  enum(name: string, values: (string | EnumValue)[], opts?: VarOptions & { default?: string }): string {
    const decl: VariableDecl = { name, kind: 'enum', values: values.map((v) => (typeof v === 'string' ? v : v.value)) };
    if (values.some((v) => typeof v !== 'string' && v.cost !== undefined))
      decl.costs = values.map((v) => (typeof v === 'string' ? 0 : (v.cost ?? 0)));
    if (opts?.default !== undefined) decl.default = opts.default;
    return this.declare(decl, opts);
  }

  int(name: string, domain: IntDomain, opts?: VarOptions & { default?: number; costs?: number[] }): string {
    const values = 'values' in domain ? domain.values.slice() : intRange(name, domain.min, domain.max, opts?.source);
    const decl: VariableDecl = { name, kind: 'int', values };
    if (opts?.default !== undefined) decl.default = opts.default;
    if (opts?.costs) decl.costs = opts.costs.slice();
    return this.declare(decl, opts);
  }

  /** Adds a rule. Inside a repeated component it only has to hold when the instance exists. */
  constrain(formula: Formula, meta: ConstraintMeta | string): this {
    const m = metaOf(meta);
    const f: Formula = this.guard ? { op: 'implies', args: [this.guard, formula] } : formula;
    this.state.constraints.push({ ...m, kind: 'formula', formula: f });
    return this;
  }

  table(vars: string[], tuples: TableEntry[][], kind: TableSpec['kind'], meta: ConstraintMeta | string): this {
    const m = metaOf(meta);
    const decl: ConstraintDecl = { ...m, kind: 'table', table: { vars, tuples, kind } };
    if (this.guard) decl.when = this.guard;
    this.state.constraints.push(decl);
    return this;
  }

  /** Appends an already-built constraint (parsers and importers); inside a repeat it is guarded too. */
  add(decl: ConstraintDecl): this {
    if (!this.guard) this.state.constraints.push(decl);
    else if (decl.kind === 'formula') this.constrain(decl.formula, decl);
    else this.state.constraints.push({ ...decl, when: and(this.guard, decl.when) });
    return this;
  }

  /**
   * A component repeated `min`..`max` times. Instance i exists iff `<name>.count >= i`, so instances are
   * used in order and symmetric permutations do not multiply configurations. `body` declares instance
   * variables with names starting with its prefix (`name[i]`); they are absent when the instance is.
   */
  repeat(
    name: string,
    min: number,
    max: number,
    body: (b: ModelBuilder, prefix: string, index: number) => void,
    opts?: RepeatOptions,
  ): Repeated {
    const countVar = `${name}.count`;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min)
      throw new ModelError(`repeated component "${name}": bad cardinality ${min}..${max}`, name, opts?.source);
    this.int(countVar, { min, max }, { hidden: opts?.hiddenCount, label: opts?.label, source: opts?.source, default: opts?.default });
    const prefixes: string[] = [];
    const existence: Formula[] = [];
    for (let i = 1; i <= max; i++) {
      const prefix = `${name}[${i}]`;
      prefixes.push(prefix);
      const values: Value[] = [];
      for (let c = i; c <= max; c++) values.push(c);
      // Instances up to `min` exist whenever the component does: no extra guard, no needless absent value.
      const exists: Formula | undefined = i <= min ? this.guard : { op: 'in', var: countVar, values };
      existence.push(exists ?? { op: 'const', value: true });
      body(new ModelBuilder(this.state, exists), prefix, i);
    }
    const domain = (n: string): readonly Value[] | undefined => {
      const d = this.state.byName.get(n);
      return d ? domainOf(d) : undefined;
    };
    const guarded = (i: number, e: IntExpr, otherwise: number): IntExpr =>
      otherwise === 0 && zeroWhenAbsent(e, prefixes[i])
        ? e
        : { op: 'ite', cond: existence[i], then: e, else: { op: 'num', value: otherwise } };
    const extreme = (op: 'min' | 'max', term: (prefix: string) => IntExpr): IntExpr => {
      if (max === 0) return { op: 'num', value: 0 };
      const terms = prefixes.map(term);
      // Absent instances read as a value that cannot win, so one flat min/max covers every count.
      const bounds = terms.map((t) => exprBounds(t, domain));
      const neutral = op === 'min' ? Math.max(...bounds.map((b) => b[1])) : Math.min(...bounds.map((b) => b[0]));
      const inner: IntExpr = { op, args: terms.map((t, i) => (i < min ? t : guarded(i, t, neutral))) };
      return min >= 1 ? inner : { op: 'ite', cond: existence[0], then: inner, else: { op: 'num', value: 0 } };
    };
    return {
      name,
      countVar,
      minCount: min,
      maxCount: max,
      prefixes,
      exists: (i) => existence[i - 1] ?? { op: 'const', value: false },
      count: (where) =>
        where
          ? { op: 'count', args: prefixes.map((p, i) => ({ op: 'and', args: [existence[i], where(p)] })) }
          : { op: 'val', var: countVar },
      sum: (term) => ({ op: 'sum', args: prefixes.map((p, i) => guarded(i, term(p), 0)) }),
      min: (term) => extreme('min', term),
      max: (term) => extreme('max', term),
      all: (f) => ({ op: 'and', args: prefixes.map((p, i) => ({ op: 'implies', args: [existence[i], f(p)] })) }),
      some: (f) => ({ op: 'or', args: prefixes.map((p, i) => ({ op: 'and', args: [existence[i], f(p)] })) }),
    };
  }

  /** What "best" means for completion; objectives declared first take priority. */
  objective(sense: ObjectiveDecl['sense'], expr: IntExpr, label?: string, source?: SourcePosition): this {
    this.state.objectives.push({ sense, expr, ...(label !== undefined ? { label } : {}), ...(source ? { source } : {}) });
    return this;
  }

  /** The model as plain data. The builder can go on declaring afterwards; the returned arrays are copies. */
  build(): Model {
    const model: Model = { variables: this.state.variables.slice(), constraints: this.state.constraints.slice() };
    if (this.state.objectives.length > 0) model.objectives = this.state.objectives.slice();
    return model;
  }
}
