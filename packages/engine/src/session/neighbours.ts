import type { Lit } from '../sat/cnf.ts';
import type { CompiledModel } from '../model/compiled.ts';
import { formulaVars, type ConstraintDecl, type Formula, type IntExpr } from '../model/formula.ts';
import type { Model } from '../model/model.ts';
import { constraintHolds, evalFormula, type Lookup } from '../model/evaluate.ts';

/**
 * A configuration as the value index of each declared variable (in declaration order), so that a
 * witness can be kept and changed without a solver.
 */
export type Configuration = Int32Array;

/** Evaluation work (formula nodes, table cells) above which a variable's rules are left to the solver. */
const MAX_CHECK_COST = 500;

type Check = (get: Lookup) => boolean;

/**
 * Neighbouring witnesses: from a valid configuration, every change of one variable that keeps each
 * rule it takes part in is a valid configuration too. Evaluating those few rules costs microseconds,
 * where a solver call must assign every auxiliary of the CNF: on a model whose budget rule compiles to
 * thousands of decision-diagram gates, one model found this way witnesses a whole range of budgets,
 * solar sizes or alternatives at once. Only "possible" is ever concluded here; "impossible" stays the
 * solver's to prove.
 */
export class RuleNeighbours {
  /** Per declared variable: the rules to re-check when it changes; null when too costly to evaluate. */
  private readonly checks: (Check[] | null)[];
  private readonly byName: Map<string, number>;
  /** Declared variable and value index of each literal code (2v for +v, 2v + 1 for -v); -1 when none. */
  private readonly litVariable: Int32Array;
  private readonly litValue: Int32Array;
  private readonly config: Configuration;
  private readonly get: Lookup;

  /**
   * `firstTracked[i]`: the tracked index of variable i's first value (the oracle's layout), or -1 for
   * a variable that is not tracked.
   */
  constructor(
    private readonly compiled: CompiledModel,
    declaration: Model,
    private readonly firstTracked: readonly number[],
  ) {
    const n = declaration.variables.length;
    this.byName = new Map(declaration.variables.map((v, i) => [v.name, i]));
    const rules: { check: Check; cost: number; mentions: Set<string> }[] = declaration.constraints.map((c) => ({
      check: (get) => constraintHolds(c, get),
      cost: constraintCost(c),
      mentions: constraintMentions(c),
    }));
    for (const v of declaration.variables) {
      const when = v.optional?.when;
      if (!when) continue;
      const mentions = formulaVars(when, new Set([v.name]));
      rules.push({ check: (get) => evalFormula(when, get) === (get(v.name) !== null), cost: formulaCost(when), mentions });
    }
    const lists: Check[][] = Array.from({ length: n }, () => []);
    const costs = new Float64Array(n);
    for (const r of rules)
      for (const name of r.mentions) {
        const i = this.byName.get(name);
        if (i === undefined) continue;
        lists[i].push(r.check);
        costs[i] += r.cost;
      }
    this.checks = lists.map((l, i) => (costs[i] <= MAX_CHECK_COST ? l : null));

    let maxVar = 0;
    for (let i = 0; i < n; i++) for (const l of compiled.variables[i].lits) maxVar = Math.max(maxVar, Math.abs(l));
    this.litVariable = new Int32Array(2 * maxVar + 2).fill(-1);
    this.litValue = new Int32Array(2 * maxVar + 2).fill(-1);
    for (let i = 0; i < n; i++)
      compiled.variables[i].lits.forEach((l, k) => {
        this.litVariable[litCode(l)] = i;
        this.litValue[litCode(l)] = k;
      });
    this.config = new Int32Array(n);
    const values = compiled.variables;
    this.get = (name) => {
      const i = this.byName.get(name);
      if (i === undefined) throw new RangeError(`unknown variable ${name}`);
      return values[i].values[this.config[i]];
    };
  }

  /** The configuration a solver model holds (`model` indexed by CNF variable - 1: 1 true, -1 false). */
  capture(model: Int8Array<ArrayBufferLike>): Configuration {
    const out = new Int32Array(this.config.length);
    for (let i = 0; i < out.length; i++) {
      const lits = this.compiled.variables[i].lits;
      for (let k = 0; k < lits.length; k++) {
        const l = lits[k];
        if (l > 0 ? model[l - 1] === 1 : model[-l - 1] === -1) {
          out[i] = k;
          break;
        }
      }
    }
    return out;
  }

  /**
   * Marks `possible[t]` for every tracked value t still `open` that one change of `base` reaches while
   * keeping every rule and every assumption. Returns how many it marked. `base` must be a valid
   * configuration satisfying the assumptions; an assumption that is not a value of a declared variable
   * (an auxiliary's literal) stops the search, as a change could break it unseen.
   */
  expand(base: Configuration, assumptions: readonly Lit[], possible: Uint8Array, open: (t: number) => boolean): number {
    const n = this.config.length;
    const fixed = new Uint8Array(n);
    const excluded: number[] = [];
    for (const a of assumptions) {
      const code = litCode(a);
      if (code < this.litVariable.length && this.litVariable[code] >= 0) {
        fixed[this.litVariable[code]] = 1;
        continue;
      }
      const negated = litCode(-a);
      if (negated >= this.litVariable.length || this.litVariable[negated] < 0) return 0;
      // "not this value": the variable may move, only not onto it.
      excluded.push(this.litVariable[negated], this.litValue[negated]);
    }
    this.config.set(base);
    let found = 0;
    for (let i = 0; i < n; i++) {
      const first = this.firstTracked[i];
      const checks = this.checks[i];
      if (first < 0 || fixed[i] || !checks) continue;
      const from = base[i];
      const size = this.compiled.variables[i].values.length;
      for (let k = 0; k < size; k++) {
        if (k === from || !open(first + k) || isExcluded(excluded, i, k)) continue;
        this.config[i] = k;
        if (this.holds(checks)) {
          possible[first + k] = 1;
          found++;
        }
      }
      this.config[i] = from;
    }
    return found;
  }

  /**
   * `base` moved onto the assumptions when it breaks exactly one of them, a value of one declared
   * variable, and the move keeps every rule; null otherwise. `base` must be a valid configuration.
   */
  adapt(base: Configuration, assumptions: readonly Lit[]): Configuration | null {
    let variable = -1;
    let value = -1;
    for (const a of assumptions) {
      const code = litCode(a);
      const i = code < this.litVariable.length ? this.litVariable[code] : -1;
      if (i < 0) return null;
      const k = this.litValue[code];
      if (base[i] === k) continue;
      if (variable >= 0 && (variable !== i || value !== k)) return null;
      variable = i;
      value = k;
    }
    if (variable < 0) return base.slice();
    const checks = this.checks[variable];
    if (!checks) return null;
    this.config.set(base);
    this.config[variable] = value;
    return this.holds(checks) ? this.config.slice() : null;
  }

  /** Sets, in a tracked-values byte array, the values the configuration takes. */
  mark(configuration: Configuration, bits: Uint8Array): void {
    for (let i = 0; i < configuration.length; i++) if (this.firstTracked[i] >= 0) bits[this.firstTracked[i] + configuration[i]] = 1;
  }

  private holds(checks: readonly Check[]): boolean {
    try {
      for (const c of checks) if (!c(this.get)) return false;
      return true;
    } catch {
      // A rule that cannot be evaluated on this configuration (a non-numeric value in a sum) proves nothing.
      return false;
    }
  }
}

function isExcluded(pairs: readonly number[], variable: number, value: number): boolean {
  for (let j = 0; j < pairs.length; j += 2) if (pairs[j] === variable && pairs[j + 1] === value) return true;
  return false;
}

function litCode(l: Lit): number {
  return l > 0 ? 2 * l : -2 * l + 1;
}

function constraintMentions(c: ConstraintDecl): Set<string> {
  if (c.kind === 'formula') return formulaVars(c.formula);
  const out = new Set(c.table.vars);
  return c.when ? formulaVars(c.when, out) : out;
}

function constraintCost(c: ConstraintDecl): number {
  if (c.kind === 'formula') return formulaCost(c.formula);
  return c.table.tuples.length * Math.max(1, c.table.vars.length) + (c.when ? formulaCost(c.when) : 0);
}

function formulaCost(f: Formula): number {
  switch (f.op) {
    case 'const':
    case 'eq':
      return 1;
    case 'in':
      return f.values.length;
    case 'not':
      return 1 + formulaCost(f.arg);
    case 'cmp':
      return 1 + exprCost(f.left) + exprCost(f.right);
    default:
      return f.args.reduce((s, a) => s + formulaCost(a), 1);
  }
}

function exprCost(e: IntExpr): number {
  switch (e.op) {
    case 'num':
    case 'val':
    case 'attr':
      return 1;
    case 'scale':
      return 1 + exprCost(e.arg);
    case 'count':
      return e.args.reduce((s, a) => s + formulaCost(a), 1);
    case 'ite':
      return 1 + formulaCost(e.cond) + exprCost(e.then) + exprCost(e.else);
    default:
      return e.args.reduce((s, a) => s + exprCost(a), 1);
  }
}
