import type { IntExpr } from '@atelier/engine';
import type { NumExpr } from '../product.ts';

/*
 * Prices and quantities may be any arithmetic; the engine's conditions are linear. Both are built as
 * NumExpr; this turns the linear ones into the engine's IntExpr.
 */

export function constantOf(e: NumExpr): number | undefined {
  return e.op === 'num' ? e.value : undefined;
}

/** The engine form of a linear expression; undefined when it divides, rounds or multiplies two variables. */
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
        if (variable) return undefined;
        variable = toIntExpr(a);
        if (!variable) return undefined;
      }
      return variable ? { op: 'scale', k, arg: variable } : { op: 'num', value: k };
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
    case 'div':
    case 'ceil':
    case 'floor':
    case 'round':
      return undefined;
  }
}
