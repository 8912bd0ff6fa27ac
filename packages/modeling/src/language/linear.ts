import type { IntExpr } from '@atelier/engine';
import type { NumExpr } from '../product.ts';

/*
 * Prices and quantities may be any arithmetic; the engine's conditions take sums, products and
 * divisions by constants, not rounding or dividing by a choice. Both are built as NumExpr; this turns
 * the ones the engine takes into its IntExpr.
 */

export function constantOf(e: NumExpr): number | undefined {
  return e.op === 'num' ? e.value : undefined;
}

/**
 * 1/c when it has a short decimal expansion (c = 2, 4, 5, 10, 200, …): the engine scales decimals to
 * whole numbers exactly, which 1/3 would defeat.
 */
export function exactInverse(c: number): number | undefined {
  if (c === 0 || !Number.isFinite(c)) return undefined;
  const inv = 1 / c;
  const scaled = inv * 1e9;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 ? inv : undefined;
}

/** The engine form of an expression; undefined when it rounds, or divides by a choice or by a constant such as 3. */
export function toIntExpr(e: NumExpr): IntExpr | undefined {
  switch (e.op) {
    case 'num':
    case 'val':
    case 'attr':
      return e;
    case 'add': {
      const args = e.args.map(toIntExpr);
      return args.every((a) => a !== undefined) ? { op: 'sum', args: args as IntExpr[] } : undefined;
    }
    case 'sub': {
      const args = e.args.map(toIntExpr);
      if (!args.every((a) => a !== undefined)) return undefined;
      const [first, ...rest] = args as IntExpr[];
      if (!first) return { op: 'num', value: 0 };
      return { op: 'sum', args: [first, ...rest.map((a): IntExpr => ({ op: 'scale', k: -1, arg: a }))] };
    }
    case 'neg': {
      const arg = toIntExpr(e.arg);
      return arg && { op: 'scale', k: -1, arg };
    }
    case 'mul': {
      let k = 1;
      let variable: IntExpr | undefined;
      for (const a of e.args) {
        const c = constantOf(a);
        if (c !== undefined) {
          k *= c;
          continue;
        }
        const next = toIntExpr(a);
        if (!next) return undefined;
        variable = variable ? { op: 'mul', args: [variable, next] } : next;
      }
      return variable ? (k === 1 ? variable : { op: 'scale', k, arg: variable }) : { op: 'num', value: k };
    }
    case 'div': {
      const [first, ...rest] = e.args;
      const num = first && toIntExpr(first);
      if (!num) return undefined;
      let k = 1;
      for (const d of rest) {
        const inv = exactInverse(constantOf(d) ?? 0);
        if (inv === undefined) return undefined;
        k *= inv;
      }
      return k === 1 ? num : { op: 'scale', k, arg: num };
    }
    case 'min':
    case 'max': {
      const args = e.args.map(toIntExpr);
      return args.length > 0 && args.every((a) => a !== undefined) ? { op: e.op, args: args as IntExpr[] } : undefined;
    }
    case 'if': {
      const then = toIntExpr(e.then);
      const otherwise = toIntExpr(e.else);
      return then && otherwise ? { op: 'ite', cond: e.cond, then, else: otherwise } : undefined;
    }
    case 'count':
      return e;
    case 'ceil':
    case 'floor':
    case 'round':
      return undefined;
  }
}
