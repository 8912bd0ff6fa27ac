/** A node of the written tree, as far as scoping an aggregate needs it. */
export interface TreeNode<T> {
  parent?: T;
}

/** A feature that carries a numeric attribute: the selection keys it counts under, and its value. */
export interface Carrier<T> {
  /** One key per place the feature is counted (one per instance below a feature cardinality). */
  keys: string[];
  value: number;
  node: T;
}

/** `coef * sum(scope, attribute)`; no scope means the whole model. */
export interface SumMatch<T> {
  attribute: string;
  coef: number;
  scope?: T;
}

/** `avg(scope, attribute) op k`, read as `sum(a) op k · count`, i.e. weights `a − k`. */
export interface AvgMatch<T> {
  attribute: string;
  k: number;
  scope?: T;
}

function within<T extends TreeNode<T>>(node: T, scope: T): boolean {
  for (let x: T | undefined = node; x; x = x.parent) if (x === scope) return true;
  return false;
}

/**
 * Finds the attribute aggregate that a linear form's weights stand for, so that a rule read from
 * `sum(Price) < 10` is written back with its attribute instead of one made up for it. The weights
 * are what the reader makes of an aggregate: per selection key, the attribute's value (zero values
 * drop out of a sum; an average weighs every carrier, zero or not, by `value − k`).
 */
export class AttributeSums<T extends TreeNode<T>> {
  /** Per selection key, its carrier, per attribute. */
  private readonly byKey = new Map<string, Map<string, Carrier<T>>>();

  constructor(private readonly carried: Map<string, Carrier<T>[]>) {
    for (const [attribute, carriers] of carried) {
      const keys = new Map<string, Carrier<T>>();
      for (const c of carriers) for (const k of c.keys) keys.set(k, c);
      this.byKey.set(attribute, keys);
    }
  }

  /** Attribute names carried by some feature, for made-up names to avoid. */
  names(): Set<string> {
    return new Set(this.carried.keys());
  }

  sum(weights: Map<string, number>): SumMatch<T> | undefined {
    if (weights.size === 0) return undefined;
    for (const [attribute, keys] of this.byKey) {
      const [firstKey, firstWeight] = weights.entries().next().value as [string, number];
      const first = keys.get(firstKey);
      if (!first || first.value === 0) continue;
      const coef = firstWeight / first.value;
      const fits = [...weights].every(([key, w]) => {
        const c = keys.get(key);
        return c !== undefined && c.value * coef === w;
      });
      if (!fits) continue;
      const scope = this.scope(attribute, weights);
      if (scope !== undefined) return { attribute, coef, ...(scope === null ? {} : { scope }) };
    }
    return undefined;
  }

  avg(weights: Map<string, number>): AvgMatch<T> | undefined {
    if (weights.size === 0) return undefined;
    for (const [attribute, keys] of this.byKey) {
      const [firstKey, firstWeight] = weights.entries().next().value as [string, number];
      const first = keys.get(firstKey);
      if (!first || ![...weights.keys()].every((key) => keys.has(key))) continue;
      const k = first.value - firstWeight;
      const carriers = this.carried.get(attribute) ?? [];
      // Carriers whose value is k weigh nothing, so the whole model is tried before the nearest subtree.
      const fits = (scope: T | null): boolean =>
        carriers.every((c) => {
          const expected = scope !== null && !within(c.node, scope) ? 0 : c.value - k;
          return c.keys.every((key) => (expected === 0 ? !weights.has(key) : weights.get(key) === expected));
        });
      if (fits(null)) return { attribute, k };
      const scope = this.nearestCommon([...weights.keys()].map((key) => (keys.get(key) as Carrier<T>).node));
      if (scope && fits(scope)) return { attribute, k, scope };
    }
    return undefined;
  }

  private nearestCommon(nodes: T[]): T | undefined {
    let lca: T | undefined;
    for (const node of nodes) {
      if (lca === undefined) lca = node;
      else while (lca && !within(node, lca)) lca = lca.parent;
      if (!lca) return undefined;
    }
    return lca;
  }

  /**
   * The subtree whose carriers (with a value other than 0) have exactly the weighted keys: null for the whole
   * model, undefined when no subtree fits.
   */
  private scope(attribute: string, weights: Map<string, number>): T | null | undefined {
    const keys = this.byKey.get(attribute) as Map<string, Carrier<T>>;
    const carriers = (this.carried.get(attribute) ?? []).filter((c) => c.value !== 0);
    const total = carriers.reduce((n, c) => n + c.keys.length, 0);
    if (total === weights.size) return null;
    const scope = this.nearestCommon([...weights.keys()].map((key) => (keys.get(key) as Carrier<T>).node));
    if (!scope) return undefined;
    const inside = carriers.filter((c) => within(c.node, scope));
    return inside.reduce((n, c) => n + c.keys.length, 0) === weights.size ? scope : undefined;
  }
}
