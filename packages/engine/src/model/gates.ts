import type { Cnf, Lit } from '../sat/cnf.ts';

/** A literal or a constant: compiling constant sub-formulas must not cost variables. */
export type B = Lit | boolean;

export function neg(b: B): B {
  return typeof b === 'boolean' ? !b : -b;
}

/**
 * Auxiliary variables with full Tseitin equivalences, cached by structure so equal sub-formulas share
 * one variable. Their definitions are structural clauses (owner -1): a definition never excludes a
 * product assignment (it only names a function of it), so an explanation never needs to cite one,
 * and a constraint can be dropped without leaving another constraint's auxiliaries undefined.
 */
export class Gates {
  private readonly cache = new Map<string, Lit>();
  auxCount = 0;

  constructor(readonly cnf: Cnf) {}

  /** Adds a clause that only defines an auxiliary variable. */
  define(lits: readonly Lit[]): void {
    const saved = this.cnf.owner;
    this.cnf.owner = -1;
    this.cnf.addClause(lits);
    this.cnf.owner = saved;
  }

  fresh(): Lit {
    this.auxCount++;
    return this.cnf.newVar();
  }

  and(args: readonly B[]): B {
    const lits = new Set<Lit>();
    for (const a of args) {
      if (a === false) return false;
      if (a === true) continue;
      if (lits.has(-a)) return false;
      lits.add(a);
    }
    if (lits.size === 0) return true;
    if (lits.size === 1) return lits.values().next().value as Lit;
    const sorted = [...lits].sort((x, y) => x - y);
    const key = `&${sorted.join(',')}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const g = this.fresh();
    for (const l of sorted) this.define([-g, l]);
    this.define([g, ...sorted.map((l) => -l)]);
    this.cache.set(key, g);
    return g;
  }

  or(args: readonly B[]): B {
    return neg(this.and(args.map(neg)));
  }

  xor(a: B, b: B): B {
    if (typeof a === 'boolean') return a ? neg(b) : b;
    if (typeof b === 'boolean') return b ? -a : a;
    if (a === b) return false;
    if (a === -b) return true;
    // Normalise signs so x⊕y, ¬x⊕¬y and the negations share one variable.
    let flip = false;
    let x = a;
    let y = b;
    if (x < 0) {
      x = -x;
      flip = !flip;
    }
    if (y < 0) {
      y = -y;
      flip = !flip;
    }
    if (x > y) [x, y] = [y, x];
    const key = `^${x},${y}`;
    let g = this.cache.get(key);
    if (g === undefined) {
      g = this.fresh();
      this.define([-g, x, y]);
      this.define([-g, -x, -y]);
      this.define([g, -x, y]);
      this.define([g, x, -y]);
      this.cache.set(key, g);
    }
    return flip ? -g : g;
  }

  /**
   * g <-> a ∧ (one of `inSet`), where `inSet` and `outSet` partition an exactly-one group. Uses the
   * shorter of the two sides (x ∈ S is ¬(x ∈ complement) under exactly-one).
   */
  andIn(a: B, inSet: readonly Lit[], outSet: readonly Lit[]): B {
    if (a === false || inSet.length === 0) return false;
    if (outSet.length === 0) return a;
    if (inSet.length === 1) return this.and([a, inSet[0]]);
    if (outSet.length === 1) return this.and([a, -outSet[0]]);
    if (a === true) {
      return inSet.length <= outSet.length ? this.or(inSet) : neg(this.or(outSet));
    }
    const useIn = inSet.length <= outSet.length;
    const side = (useIn ? inSet : outSet).slice().sort((x, y) => x - y);
    const key = `${useIn ? 'in' : 'out'}${a}:${side.join(',')}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const g = this.fresh();
    this.define([-g, a]);
    if (useIn) {
      this.define([-g, ...side]);
      for (const s of side) this.define([-a, -s, g]);
    } else {
      for (const t of side) this.define([-g, -t]);
      this.define([-a, g, ...side]);
    }
    this.cache.set(key, g);
    return g;
  }
}
