import type { VariableDecl } from '@atelier/engine';
import type { NumExpr } from './product.ts';

/*
 * Price formulas rewritten into shapes the engine's cost compiles small. The engine multiplies two
 * choice-dependent numbers through a table of every pair of their values, defined by new variables
 * that the optimiser must settle on each search; a sum inside a product makes that table the product
 * of every value the sum can take. Both rewrites keep the value of the formula on every configuration.
 */

/** A product of sums is multiplied out into at most this many summands. */
export const MAX_SUMMANDS = 64;

/** A factor with at least this many evenly spaced whole values is split into binary digits. */
export const MIN_SPLIT_VALUES = 16;

const neg = (arg: NumExpr): NumExpr => ({ op: 'neg', arg });

/**
 * The summands of a formula whose products of sums are multiplied out (`per_metre × (a + b + c)`
 * becomes `per_metre × a + per_metre × b + per_metre × c`, each product of two small factors);
 * undefined when nothing is multiplied out, or when there would be too many summands.
 */
export function multipliedOut(e: NumExpr): NumExpr[] | undefined {
  let expanded = false;
  const all = (args: NumExpr[]): NumExpr[][] | undefined => {
    const out: NumExpr[][] = [];
    for (const a of args) {
      const s = walk(a);
      if (!s) return undefined;
      out.push(s);
    }
    return out;
  };
  const walk = (x: NumExpr): NumExpr[] | undefined => {
    switch (x.op) {
      case 'add':
        return all(x.args)?.flat();
      case 'sub':
        return all(x.args)?.flatMap((s, i) => (i === 0 ? s : s.map(neg)));
      case 'neg':
        return walk(x.arg)?.map(neg);
      case 'mul': {
        const factors = all(x.args);
        if (!factors) return undefined;
        let out: NumExpr[][] = [[]];
        for (const s of factors) {
          if (s.length > 1 && out.length * s.length > 1) expanded = true;
          if (out.length * s.length > MAX_SUMMANDS) return undefined;
          out = out.flatMap((prefix) => s.map((t) => [...prefix, t]));
        }
        return out.map((f): NumExpr => (f.length === 1 ? f[0] : { op: 'mul', args: f }));
      }
      case 'div': {
        // Division by constants distributes; by a choice it stays whole.
        const [first, ...rest] = x.args;
        if (!first || !rest.every((d) => d.op === 'num')) return [x];
        return walk(first)?.map((t): NumExpr => ({ op: 'div', args: [t, ...rest] }));
      }
      default:
        return [x];
    }
  };
  const out = walk(e);
  return expanded && out && out.length <= MAX_SUMMANDS ? out : undefined;
}

/** lo + step·k for k = 0 … n−1, whole numbers; undefined otherwise. */
function evenlySpaced(d: VariableDecl): { lo: number; step: number; values: number[] } | undefined {
  if (d.kind !== 'int' || d.optional) return undefined;
  const values = (d.values as number[]).slice().sort((a, b) => a - b);
  if (values.length < 2 || !values.every(Number.isInteger)) return undefined;
  const [lo, step] = [values[0], values[1] - values[0]];
  return values.every((v, k) => v === lo + step * k) ? { lo, step, values } : undefined;
}

function factorsOf(e: NumExpr): NumExpr[] {
  return e.op === 'mul' ? e.args.flatMap(factorsOf) : [e];
}

/**
 * In a product of several choice-dependent factors, the number with the most evenly spaced values
 * (`amount` in 10 … 500 kEUR) is written as lo + step·Σ 2^b·[digit b of its index], so the rest is
 * multiplied by a handful of yes/no digits instead of by every one of its values.
 */
export function splitLargeFactors(e: NumExpr, byName: ReadonlyMap<string, VariableDecl>): NumExpr {
  const walk = (x: NumExpr): NumExpr => {
    switch (x.op) {
      case 'add':
      case 'sub':
      case 'div':
      case 'min':
      case 'max':
        return { op: x.op, args: x.args.map(walk) };
      case 'neg':
      case 'ceil':
      case 'floor':
      case 'round':
        return { op: x.op, arg: walk(x.arg) };
      case 'if':
        return { ...x, then: walk(x.then), else: walk(x.else) };
      case 'mul':
        return splitProduct(factorsOf(x).map(walk), byName) ?? { op: 'mul', args: x.args.map(walk) };
      default:
        return x;
    }
  };
  return walk(e);
}

/** The product with its largest evenly spaced factor split into digits; undefined when none is worth it. */
function splitProduct(factors: NumExpr[], byName: ReadonlyMap<string, VariableDecl>): NumExpr | undefined {
  const varying = factors.filter((f) => f.op !== 'num');
  let best: { at: number; lo: number; step: number; values: number[]; name: string } | undefined;
  if (varying.length >= 2)
    factors.forEach((f, at) => {
      const d = f.op === 'val' ? byName.get(f.var) : undefined;
      const spaced = d && evenlySpaced(d);
      if (d && spaced && spaced.values.length >= MIN_SPLIT_VALUES && (!best || spaced.values.length > best.values.length)) best = { at, ...spaced, name: d.name };
    });
  if (!best) return undefined;
  const { at, lo, step, values, name } = best;
  const rest = factors.filter((_, k) => k !== at);
  const other: NumExpr = rest.length === 1 ? rest[0] : { op: 'mul', args: rest };
  const summands: NumExpr[] = lo === 0 ? [] : [{ op: 'mul', args: [{ op: 'num', value: lo }, other] }];
  for (let bit = 0; 1 << bit < values.length; bit++) {
    const set = values.filter((_, k) => (k >> bit) & 1);
    summands.push({
      op: 'mul',
      args: [
        { op: 'num', value: step * (1 << bit) },
        { op: 'if', cond: { op: 'in', var: name, values: set }, then: other, else: { op: 'num', value: 0 } },
      ],
    });
  }
  return summands.length === 1 ? summands[0] : { op: 'add', args: summands };
}
