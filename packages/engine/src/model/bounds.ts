import type { Value } from './compiled.ts';
import type { IntExpr } from './formula.ts';

/** Numeric reading of a value inside an integer expression: booleans are 0/1, absence is 0. */
export function numericValue(v: Value): number | undefined {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  return undefined;
}

/**
 * Interval enclosing every value the expression can take, given each variable's possible values
 * (`null` included when absent is possible). Unknown variables and non-numeric values are left
 * to the compiler to report; here they count as 0.
 */
export function exprBounds(e: IntExpr, domain: (name: string) => readonly Value[] | undefined): [number, number] {
  switch (e.op) {
    case 'num':
      return [e.value, e.value];
    case 'val':
    case 'attr': {
      const values = domain(e.var) ?? [];
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of values) {
        const n = e.op === 'val' ? (numericValue(v) ?? 0) : v === null ? 0 : (e.table[String(v)] ?? 0);
        if (n < lo) lo = n;
        if (n > hi) hi = n;
      }
      return lo === Infinity ? [0, 0] : [lo, hi];
    }
    case 'sum': {
      let lo = 0;
      let hi = 0;
      for (const a of e.args) {
        const [l, h] = exprBounds(a, domain);
        lo += l;
        hi += h;
      }
      return [lo, hi];
    }
    case 'scale': {
      const [l, h] = exprBounds(e.arg, domain);
      return e.k >= 0 ? [e.k * l, e.k * h] : [e.k * h, e.k * l];
    }
    case 'mul': {
      const [a, b] = exprBounds(e.args[0], domain);
      const [c, d] = exprBounds(e.args[1], domain);
      const corners = [a * c, a * d, b * c, b * d];
      return [Math.min(...corners), Math.max(...corners)];
    }
    case 'count':
      return [0, e.args.length];
    case 'min':
    case 'max': {
      if (e.args.length === 0) return [0, 0];
      const bs = e.args.map((a) => exprBounds(a, domain));
      const pick = e.op === 'min' ? Math.min : Math.max;
      return [pick(...bs.map((b) => b[0])), pick(...bs.map((b) => b[1]))];
    }
    case 'ite': {
      const [a, b] = exprBounds(e.then, domain);
      const [c, d] = exprBounds(e.else, domain);
      return [Math.min(a, c), Math.max(b, d)];
    }
  }
}
