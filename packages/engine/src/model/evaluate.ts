import type { Value } from './compiled.ts';
import type { ConstraintDecl, Formula, IntExpr, TableEntry, TableSpec } from './formula.ts';
import type { Model } from './model.ts';
import { numericValue } from './bounds.ts';
import { holds } from './mdd.ts';

/*
 * Direct evaluation of formulas on a complete assignment: the reference semantics the compiler is
 * tested against, and a way to check a configuration without a solver.
 */

export type Lookup = (name: string) => Value;

export function evalFormula(f: Formula, get: Lookup): boolean {
  switch (f.op) {
    case 'const':
      return f.value;
    case 'eq':
      return get(f.var) === f.value;
    case 'in':
      return f.values.includes(get(f.var));
    case 'not':
      return !evalFormula(f.arg, get);
    case 'and':
      return f.args.every((a) => evalFormula(a, get));
    case 'or':
      return f.args.some((a) => evalFormula(a, get));
    case 'implies':
      return !evalFormula(f.args[0], get) || evalFormula(f.args[1], get);
    case 'iff':
      return evalFormula(f.args[0], get) === evalFormula(f.args[1], get);
    case 'xor':
      return evalFormula(f.args[0], get) !== evalFormula(f.args[1], get);
    case 'atMost':
    case 'atLeast':
    case 'exactly': {
      const n = f.args.filter((a) => evalFormula(a, get)).length;
      return f.op === 'atMost' ? n <= f.k : f.op === 'atLeast' ? n >= f.k : n === f.k;
    }
    case 'cmp': {
      // Compare after rounding away binary noise, as the compiler scales decimals to integers.
      const d = evalExpr(f.left, get) - evalExpr(f.right, get);
      return holds(Math.round(d * 1e9) / 1e9, f.cmp, 0);
    }
  }
}

export function evalExpr(e: IntExpr, get: Lookup): number {
  switch (e.op) {
    case 'num':
      return e.value;
    case 'val': {
      const n = numericValue(get(e.var));
      if (n === undefined) throw new TypeError(`"${e.var}" has a non-numeric value`);
      return n;
    }
    case 'attr': {
      const v = get(e.var);
      return v === null ? 0 : (e.table[String(v)] ?? 0);
    }
    case 'sum':
      return e.args.reduce((s, a) => s + evalExpr(a, get), 0);
    case 'scale':
      return e.k * evalExpr(e.arg, get);
    case 'mul':
      return evalExpr(e.args[0], get) * evalExpr(e.args[1], get);
    case 'count':
      return e.args.filter((a) => evalFormula(a, get)).length;
    case 'min':
    case 'max': {
      if (e.args.length === 0) throw new RangeError(`${e.op} of no arguments`);
      const xs = e.args.map((a) => evalExpr(a, get));
      return e.op === 'min' ? Math.min(...xs) : Math.max(...xs);
    }
    case 'ite':
      return evalFormula(e.cond, get) ? evalExpr(e.then, get) : evalExpr(e.else, get);
  }
}

function entryMatches(entry: TableEntry, v: Value): boolean {
  if (entry === '*') return true;
  if (Array.isArray(entry)) return entry.includes(v);
  return entry === v;
}

export function tableHolds(spec: TableSpec, get: Lookup): boolean {
  const values = spec.vars.map(get);
  const listed = spec.tuples.some((t) => t.every((e, i) => entryMatches(e, values[i])));
  return spec.kind === 'allowed' ? listed : !listed;
}

export function constraintHolds(c: ConstraintDecl, get: Lookup): boolean {
  if (c.kind === 'formula') return evalFormula(c.formula, get);
  if (c.when && !evalFormula(c.when, get)) return true;
  return tableHolds(c.table, get);
}

/** Labels of the rules a complete assignment breaks (presence conditions included); empty when it is valid. */
export function violations(model: Model, get: Lookup): string[] {
  const out: string[] = [];
  for (const v of model.variables) {
    const value = get(v.name);
    if (value === null ? !v.optional : !v.values.includes(value)) out.push(`${v.name} has no value ${JSON.stringify(value)}`);
    if (v.optional?.when && evalFormula(v.optional.when, get) !== (value !== null))
      out.push(`${v.name} is present exactly when its condition holds`);
  }
  for (const c of model.constraints) if (!constraintHolds(c, get)) out.push(c.label);
  return out;
}
