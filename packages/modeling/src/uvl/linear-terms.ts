import type { Formula, IntExpr } from '@atelier/engine';

/** Σ weight · [literal] + Σ coef · value + constant: how a linear engine expression reads in UVL. */
export interface LinearForm {
  constant: number;
  /** Per selection literal (a feature's key, see `LiteralReader`): weight when it holds. */
  weights: Map<string, number>;
  /** Per integer feature: coefficient of its value. */
  values: Map<string, number>;
}

/**
 * What the linearisation needs from the exporter: which formulas are a feature's selection (or its
 * negation), and which variables are integer features written by value.
 */
export interface LiteralReader {
  /** The key of the feature this formula selects, and whether it is negated; undefined otherwise. */
  literal(f: Formula): { key: string; negated: boolean } | undefined;
  /** Key of an integer feature read by value, or a weight source (repeat counts, booleans as 0/1). */
  value(name: string): { kind: 'value'; key: string } | { kind: 'weight'; key: string } | undefined;
  /** `attr(var, table)`: the table as weights on selection keys, plus a constant. */
  table(name: string, table: Record<string, number>): { constant: number; weights: [string, number][] } | undefined;
}

export function emptyLinear(): LinearForm {
  return { constant: 0, weights: new Map(), values: new Map() };
}

function bump(map: Map<string, number>, key: string, w: number): void {
  const next = (map.get(key) ?? 0) + w;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Adds `k · e` to `into`; returns a description of what cannot be written when e is not linear in literals. */
export function addLinear(into: LinearForm, e: IntExpr, k: number, reader: LiteralReader): string | undefined {
  const addLiteral = (f: Formula, w: number): string | undefined => {
    if (f.op === 'const') {
      if (f.value) into.constant += w;
      return undefined;
    }
    const lit = reader.literal(f);
    if (!lit) return 'a count or condition over a formula that is not a feature selection';
    if (lit.negated) {
      into.constant += w;
      bump(into.weights, lit.key, -w);
    } else bump(into.weights, lit.key, w);
    return undefined;
  };
  switch (e.op) {
    case 'num':
      into.constant += k * e.value;
      return undefined;
    case 'val': {
      const v = reader.value(e.var);
      if (!v) return `the value of "${e.var}"`;
      bump(v.kind === 'value' ? into.values : into.weights, v.key, k);
      return undefined;
    }
    case 'attr': {
      const t = reader.table(e.var, e.table);
      if (!t) return `a value-dependent number of "${e.var}"`;
      into.constant += k * t.constant;
      for (const [key, w] of t.weights) bump(into.weights, key, k * w);
      return undefined;
    }
    case 'sum':
      for (const a of e.args) {
        const problem = addLinear(into, a, k, reader);
        if (problem) return problem;
      }
      return undefined;
    case 'scale':
      return addLinear(into, e.arg, k * e.k, reader);
    case 'count':
      for (const f of e.args) {
        const problem = addLiteral(f, k);
        if (problem) return problem;
      }
      return undefined;
    case 'ite': {
      const then = constantOf(e.then);
      const otherwise = constantOf(e.else);
      if (then === undefined || otherwise === undefined) return 'a conditional number with non-constant branches';
      into.constant += k * otherwise;
      return addLiteral(e.cond, k * (then - otherwise));
    }
    case 'min':
    case 'max':
      return `${e.op}(...)`;
    case 'mul': {
      const [a, b] = e.args;
      const ka = constantOf(a);
      if (ka !== undefined) return addLinear(into, b, k * ka, reader);
      const kb = constantOf(b);
      if (kb !== undefined) return addLinear(into, a, k * kb, reader);
      return 'a product of two quantities that both depend on the choices';
    }
  }
}

function constantOf(e: IntExpr): number | undefined {
  if (e.op === 'num') return e.value;
  if (e.op === 'scale') {
    const v = constantOf(e.arg);
    return v === undefined ? undefined : e.k * v;
  }
  if (e.op === 'sum') {
    let total = 0;
    for (const a of e.args) {
      const v = constantOf(a);
      if (v === undefined) return undefined;
      total += v;
    }
    return total;
  }
  return undefined;
}
