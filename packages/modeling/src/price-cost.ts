import type { Formula, IntExpr, Value, VariableDecl } from '@atelier/engine';
import { formulaVars } from '@atelier/engine';
import type { NumExpr, PriceTerm } from './product.ts';
import { evaluateNum } from './evaluate.ts';
import { toIntExpr } from './language/linear.ts';
import { multipliedOut, splitLargeFactors } from './price-rewrite.ts';

/*
 * A product's price as the engine's cost, so that the "cheapest" completion minimises what the
 * customer pays on every complete configuration: each price term under its condition, with products
 * of choices, decimals and discounts as they are. Personalisation surcharges are left out: they depend
 * on texts the solver never sees, and for given texts they only add a constant. Products are first
 * rewritten so that the engine's definitions of them stay small (see price-rewrite.ts): each summand
 * of a multiplied-out line is a cost term of its own, compiled (or tabulated) on its own.
 */

/** A term the engine cannot take is tabulated over its variables' values, up to this many combinations. */
export const MAX_TABULATED = 4096;

export interface PriceCost {
  cost?: IntExpr;
  /** Terms that neither the engine takes nor a small table covers: the cheapest completion ignores them. */
  left: PriceTerm[];
}

export function priceAsCost(prices: readonly PriceTerm[], variables: readonly VariableDecl[]): PriceCost {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const terms: IntExpr[] = [];
  const left: PriceTerm[] = [];
  for (const term of prices) {
    const parts = multipliedOut(term.amount) ?? [term.amount];
    const amounts = parts.map((p) => {
      const split = toIntExpr(splitLargeFactors(p, byName));
      return split ?? tabulate(p, byName);
    });
    if (!amounts.every((a) => a !== undefined)) {
      left.push(term);
      continue;
    }
    for (const amount of amounts as IntExpr[]) terms.push(term.when ? { op: 'ite', cond: term.when, then: amount, else: { op: 'num', value: 0 } } : amount);
  }
  if (terms.length === 0) return { left };
  return { cost: terms.length === 1 ? terms[0] : { op: 'sum', args: terms }, left };
}

/**
 * Σ over the combinations of the expression's variables of value · [this combination], which is exact
 * for rounding and division by a choice alike; undefined when there are too many combinations.
 */
function tabulate(e: NumExpr, byName: ReadonlyMap<string, VariableDecl>): IntExpr | undefined {
  const names = [...numVars(e)];
  const domains: Value[][] = [];
  let combinations = 1;
  for (const n of names) {
    const v = byName.get(n);
    if (!v) return undefined;
    const d: Value[] = v.optional ? [null, ...v.values] : v.values.slice();
    combinations *= d.length;
    if (combinations > MAX_TABULATED) return undefined;
    domains.push(d);
  }
  const args: IntExpr[] = [];
  const config: Record<string, Value> = {};
  const visit = (i: number): void => {
    if (i === names.length) {
      const value = evaluateNum(e, config);
      if (value === 0) return;
      const here: Formula = { op: 'and', args: names.map((n): Formula => ({ op: 'eq', var: n, value: config[n] })) };
      args.push({ op: 'scale', k: value, arg: { op: 'count', args: [here] } });
      return;
    }
    for (const v of domains[i]) {
      config[names[i]] = v;
      visit(i + 1);
    }
  };
  visit(0);
  return args.length === 0 ? { op: 'num', value: 0 } : { op: 'sum', args };
}

function numVars(e: NumExpr, out = new Set<string>()): Set<string> {
  switch (e.op) {
    case 'num':
      break;
    case 'val':
    case 'attr':
      out.add(e.var);
      break;
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'min':
    case 'max':
      for (const a of e.args) numVars(a, out);
      break;
    case 'ceil':
    case 'floor':
    case 'round':
    case 'neg':
      numVars(e.arg, out);
      break;
    case 'if':
      formulaVars(e.cond, out);
      numVars(e.then, out);
      numVars(e.else, out);
      break;
    case 'count':
      for (const f of e.args) formulaVars(f, out);
      break;
  }
  return out;
}
