import type { Lit } from '../sat/cnf.ts';
import type { CmpOp } from './formula.ts';

/** One level of a linear form: an exactly-one group and the weight of each of its members. */
export interface LinearTerm {
  lits: Lit[];
  weights: number[];
  /** Position in the MDD's level order: product variables first, then literals, then auxiliaries. */
  order: number;
}

/** Σ terms + constant, with at most one term per variable (weights of the same variable add up). */
export interface Linear {
  terms: Map<string, LinearTerm>;
  constant: number;
}

export function constantLinear(c: number): Linear {
  return { terms: new Map(), constant: c };
}

/** target += k * source. */
export function addLinear(target: Linear, source: Linear, k = 1): void {
  target.constant += k * source.constant;
  for (const [key, t] of source.terms) {
    const mine = target.terms.get(key);
    if (mine) for (let i = 0; i < mine.weights.length; i++) mine.weights[i] += k * t.weights[i];
    else target.terms.set(key, { lits: t.lits, weights: t.weights.map((w) => k * w), order: t.order });
  }
}

export function isConstant(l: Linear): boolean {
  return l.terms.size === 0;
}

export const NEGATED: Record<CmpOp, CmpOp> = { '<': '>=', '<=': '>', '=': '!=', '!=': '=', '>=': '<', '>': '<=' };

/** A linear constraint ready for the MDD: Σ weights[i][x_i] op k with integer weights, ordered levels. */
export interface NormalLinear {
  levels: Lit[][];
  weights: number[][];
  op: CmpOp;
  k: number;
}

const MAX_DECIMALS = 9;

/**
 * Moves the constant to the right, drops terms whose weights are all equal (folding them into k),
 * and scales decimal weights to integers so partial sums compare exactly.
 */
export function normalise(lin: Linear, op: CmpOp): NormalLinear {
  let k = -lin.constant;
  const terms = [...lin.terms.values()].sort((a, b) => a.order - b.order);
  const levels: Lit[][] = [];
  const weights: number[][] = [];
  for (const t of terms) {
    const w0 = t.weights[0];
    if (t.weights.every((w) => w === w0)) {
      k -= w0;
      continue;
    }
    levels.push(t.lits);
    weights.push(t.weights.slice());
  }
  let factor = 1;
  const integral = (x: number): boolean => Math.abs(x * factor - Math.round(x * factor)) < 1e-9 * Math.max(1, Math.abs(x * factor));
  for (let d = 0; d < MAX_DECIMALS; d++) {
    if (integral(k) && weights.every((ws) => ws.every(integral))) break;
    factor *= 10;
  }
  const round = (x: number): number => Math.round(x * factor);
  return { levels, weights: weights.map((ws) => ws.map(round)), op, k: round(k) };
}

/** Every value Σ can take (for an auxiliary variable's domain); undefined past `limit` values. */
export function possibleValues(lin: Linear, limit: number): number[] | undefined {
  let sums = new Set<number>([lin.constant]);
  for (const t of lin.terms.values()) {
    const next = new Set<number>();
    for (const s of sums)
      for (const w of t.weights) {
        next.add(s + w);
        if (next.size > limit) return undefined;
      }
    sums = next;
  }
  return [...sums].sort((a, b) => a - b);
}
