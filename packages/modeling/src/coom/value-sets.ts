import type { IntExpr, Value } from '@atelier/engine';
import { exprBounds } from '@atelier/engine/model/bounds.ts';

/** Domains of a variable by name, `null` included when it may be absent. */
/** Sums whose partial sets would need more additions than this are left to interval bounds. */
const MAX_WORK = 4_000_000;

export type DomainLookup = (name: string) => readonly Value[] | undefined;

function numeric(v: Value): number {
  return typeof v === 'number' ? v : v === true ? 1 : 0;
}

function termValues(e: IntExpr, domain: DomainLookup): Set<number> | null {
  if (e.op === 'val' || e.op === 'attr') {
    const d = domain(e.var);
    if (!d) return null;
    return new Set(d.map((v) => (e.op === 'val' ? numeric(v) : v === null ? 0 : (e.table[String(v)] ?? 0))));
  }
  return null;
}

/**
 * Every value an integer expression can take, given the variables' domains (a superset: variables
 * that occur twice are treated as independent); null when more than `limit` values are possible
 * or the expression is not a sum of simple terms. Used to keep implied features' domains tight.
 */
export function possibleValues(e: IntExpr, domain: DomainLookup, limit: number): number[] | null {
  const set = valuesOf(e, domain, limit);
  return set ? [...set].sort((a, b) => a - b) : null;
}

function valuesOf(e: IntExpr, domain: DomainLookup, limit: number): Set<number> | null {
  switch (e.op) {
    case 'num':
      return new Set([e.value]);
    case 'val':
    case 'attr':
      return termValues(e, domain);
    case 'scale': {
      const inner = valuesOf(e.arg, domain, limit);
      return inner ? new Set([...inner].map((v) => v * e.k)) : null;
    }
    case 'count': {
      const out = new Set<number>();
      for (let k = 0; k <= e.args.length; k++) out.add(k);
      return out.size > limit ? null : out;
    }
    case 'sum': {
      let acc = new Set<number>([0]);
      for (const a of e.args) {
        const vs = valuesOf(a, domain, limit);
        if (!vs || acc.size * vs.size > MAX_WORK) return null;
        const next = new Set<number>();
        for (const x of acc)
          for (const y of vs) {
            next.add(x + y);
            if (next.size > limit) return null;
          }
        acc = next;
      }
      return acc;
    }
    case 'mul': {
      const a = valuesOf(e.args[0], domain, limit);
      const b = valuesOf(e.args[1], domain, limit);
      if (!a || !b || a.size * b.size > MAX_WORK) return null;
      const out = new Set<number>();
      for (const x of a)
        for (const y of b) {
          out.add(x * y);
          if (out.size > limit) return null;
        }
      return out;
    }
    case 'ite': {
      const a = valuesOf(e.then, domain, limit);
      const b = valuesOf(e.else, domain, limit);
      if (!a || !b) return null;
      const out = new Set([...a, ...b]);
      return out.size > limit ? null : out;
    }
    case 'min':
    case 'max': {
      const [lo, hi] = exprBounds(e, domain);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi - lo + 1 > limit) return null;
      const out = new Set<number>();
      for (let v = lo; v <= hi; v++) out.add(v);
      return out;
    }
  }
}

/** Interval enclosing every value of the expression. */
export function boundsOf(e: IntExpr, domain: DomainLookup): [number, number] {
  return exprBounds(e, domain);
}
