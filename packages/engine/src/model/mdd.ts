import type { CmpOp } from './formula.ts';

/*
 * Reduced multi-valued decision diagrams over an ordered list of levels (one finite-domain variable
 * each). Tables and linear constraints both become MDDs and share one CNF encoder (mdd-encode.ts).
 *
 * Nodes are hash-consed: `mk` returns the existing node for equal (level, edges), and skips a node whose
 * every value leads to the same child, so edges may jump levels ("don't care" in between). A value with
 * no edge is rejected.
 */

export const FALSE_NODE = 0;
export const TRUE_NODE = 1;

export class Mdd {
  /** Level of each node; terminals sit below every level. */
  readonly level: number[] = [Infinity, Infinity];
  /** Value indices with an edge, ascending, and the child of each. */
  readonly edgeValues: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
  readonly edgeChildren: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
  private readonly unique = new Map<string, number>();

  constructor(readonly domainSizes: readonly number[]) {}

  get nodeCount(): number {
    return this.level.length;
  }

  /** The node testing `level`, sending each of `values` (ascending) to the matching child; other values are rejected. */
  mk(level: number, values: readonly number[], children: readonly number[]): number {
    if (values.length === 0) return FALSE_NODE;
    if (values.length === this.domainSizes[level]) {
      const first = children[0];
      let same = true;
      for (let i = 1; i < children.length && same; i++) same = children[i] === first;
      if (same) return first;
    }
    let key = `${level}`;
    for (let i = 0; i < values.length; i++) key += `,${values[i]}:${children[i]}`;
    const hit = this.unique.get(key);
    if (hit !== undefined) return hit;
    const id = this.level.length;
    this.level.push(level);
    this.edgeValues.push(Int32Array.from(values));
    this.edgeChildren.push(Int32Array.from(children));
    this.unique.set(key, id);
    return id;
  }

  /** Child of `node` for value index `value` at the node's level (FALSE_NODE when rejected). */
  child(node: number, value: number): number {
    const vs = this.edgeValues[node];
    let lo = 0;
    let hi = vs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (vs[mid] === value) return this.edgeChildren[node][mid];
      if (vs[mid] < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return FALSE_NODE;
  }

  /** Non-terminal nodes reachable from root, ordered by level (parents before children). */
  reachable(root: number): number[] {
    const seen = new Set<number>();
    const stack = [root];
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (u <= TRUE_NODE || seen.has(u)) continue;
      seen.add(u);
      for (const c of this.edgeChildren[u]) stack.push(c);
    }
    return [...seen].sort((a, b) => this.level[a] - this.level[b] || a - b);
  }

  /** The diagram accepting exactly the assignments `root` rejects. */
  complement(root: number): number {
    const memo = new Map<number, number>();
    const rec = (u: number): number => {
      if (u === TRUE_NODE) return FALSE_NODE;
      if (u === FALSE_NODE) return TRUE_NODE;
      const hit = memo.get(u);
      if (hit !== undefined) return hit;
      const lvl = this.level[u];
      const values: number[] = [];
      const children: number[] = [];
      for (let v = 0; v < this.domainSizes[lvl]; v++) {
        const c = rec(this.child(u, v));
        if (c !== FALSE_NODE) {
          values.push(v);
          children.push(c);
        }
      }
      const r = this.mk(lvl, values, children);
      memo.set(u, r);
      return r;
    };
    return rec(root);
  }
}

/** One column of a table row: a value index, ANY, or a set of value indices (ascending). */
export type RowEntry = number | readonly number[];
export const ANY = -1;

/**
 * The MDD of the rows (a trie of the tuples, merged bottom-up by hash-consing). Levels first..first+arity-1.
 * Rows with wildcards or value sets go to every matching branch; then equal row subsets recur, so they are memoised.
 */
export function tableMdd(mdd: Mdd, first: number, arity: number, rows: readonly (readonly RowEntry[])[]): number {
  const hasSets = rows.some((r) => r.some((e) => typeof e !== 'number' || e === ANY));
  const memo = hasSets ? new Map<string, number>() : undefined;
  const rec = (ids: number[], depth: number): number => {
    if (ids.length === 0) return FALSE_NODE;
    if (depth === arity) return TRUE_NODE;
    const key = memo ? `${depth}:${ids.join(',')}` : '';
    if (memo) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
    }
    const level = first + depth;
    const d = mdd.domainSizes[level];
    const buckets: (number[] | undefined)[] = new Array(d);
    let any: number[] | undefined;
    for (const r of ids) {
      const e = rows[r][depth];
      if (typeof e === 'number') {
        if (e === ANY) (any ??= []).push(r);
        else (buckets[e] ??= []).push(r);
      } else for (const v of e) (buckets[v] ??= []).push(r);
    }
    const values: number[] = [];
    const children: number[] = [];
    let anyChild: number | undefined;
    for (let v = 0; v < d; v++) {
      const b = buckets[v];
      let c: number;
      if (!b) c = any ? (anyChild ??= rec(any, depth + 1)) : FALSE_NODE;
      else c = rec(any ? mergeSorted(b, any) : b, depth + 1);
      if (c !== FALSE_NODE) {
        values.push(v);
        children.push(c);
      }
    }
    const node = mdd.mk(level, values, children);
    if (memo) memo.set(key, node);
    return node;
  };
  const all: number[] = [];
  for (let i = 0; i < rows.length; i++) all.push(i);
  return rec(all, 0);
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

export function holds(sum: number, op: CmpOp, k: number): boolean {
  switch (op) {
    case '<':
      return sum < k;
    case '<=':
      return sum <= k;
    case '=':
      return sum === k;
    case '!=':
      return sum !== k;
    case '>=':
      return sum >= k;
    case '>':
      return sum > k;
  }
}

/** Whether every sum in [lo, hi] satisfies `op k` (TRUE), none does (FALSE), or it is open (undefined). */
function decide(lo: number, hi: number, op: CmpOp, k: number): number | undefined {
  const a = holds(lo, op, k);
  if (lo === hi) return a ? TRUE_NODE : FALSE_NODE;
  const b = holds(hi, op, k);
  if (op === '=' || op === '!=') {
    const inside = k >= lo && k <= hi;
    if (inside) return undefined;
    return op === '=' ? FALSE_NODE : TRUE_NODE;
  }
  if (a && b) return TRUE_NODE;
  if (!a && !b) return FALSE_NODE;
  return undefined;
}

export class TooManyStates extends Error {}

/**
 * Beyond this many nodes a linear constraint is refused rather than compiled for minutes: decision
 * diagrams of sums with many varied coefficients can grow without bound.
 */
export const MAX_LINEAR_NODES = 200_000;

/**
 * The MDD of Σ_i weights[i][value_i] op k over levels first..first+n-1. Inequalities are built as
 * Σ <= budget, bottom-up with the interval technique of Abío et al. (“A new look at BDDs for
 * pseudo-Boolean constraints”, JAIR 2012): each node covers the whole interval of remaining budgets
 * that lead to the same sub-diagram, so large coefficients cost nodes only where the function changes.
 * Equalities and disequalities are layered by partial sums instead (equal sums share a node).
 * Either way, a budget whose outcome no longer depends on the remaining levels becomes a terminal.
 */
export function linearMdd(
  mdd: Mdd,
  first: number,
  weights: readonly (readonly number[])[],
  op: CmpOp,
  k: number,
  maxNodes = MAX_LINEAR_NODES,
): number {
  switch (op) {
    case '<=':
      return atMostMdd(mdd, first, weights, k, maxNodes);
    case '<':
      return atMostMdd(mdd, first, weights, k - 1, maxNodes);
    case '>=':
      return atMostMdd(mdd, first, weights.map((ws) => ws.map((w) => -w)), -k, maxNodes);
    case '>':
      return atMostMdd(mdd, first, weights.map((ws) => ws.map((w) => -w)), -k - 1, maxNodes);
    default:
      return layeredMdd(mdd, first, weights, op, k, maxNodes);
  }
}

interface Interval {
  lo: number;
  hi: number;
  node: number;
}

/** Least and greatest sum levels i..n-1 can add: past them, a partial sum's verdict is settled. */
function suffixBounds(weights: readonly (readonly number[])[]): [number[], number[]] {
  const n = weights.length;
  const sufMin = new Array<number>(n + 1).fill(0);
  const sufMax = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    sufMin[i] = sufMin[i + 1] + Math.min(...weights[i]);
    sufMax[i] = sufMax[i + 1] + Math.max(...weights[i]);
  }
  return [sufMin, sufMax];
}

function atMostMdd(mdd: Mdd, first: number, weights: readonly (readonly number[])[], budget: number, maxNodes: number): number {
  const n = weights.length;
  const [sufMin, sufMax] = suffixBounds(weights);
  // Per level, disjoint budget intervals sorted by lo.
  const known: Interval[][] = Array.from({ length: n }, () => []);
  let created = 0;
  const find = (list: Interval[], b: number): Interval | undefined => {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const iv = list[mid];
      if (b < iv.lo) hi = mid - 1;
      else if (b > iv.hi) lo = mid + 1;
      else return iv;
    }
    return undefined;
  };
  const build = (i: number, b: number): Interval => {
    if (b >= sufMax[i]) return { lo: sufMax[i], hi: Infinity, node: TRUE_NODE };
    if (b < sufMin[i]) return { lo: -Infinity, hi: sufMin[i] - 1, node: FALSE_NODE };
    const list = known[i];
    const hit = find(list, b);
    if (hit) return hit;
    let lo = -Infinity;
    let hi = Infinity;
    const values: number[] = [];
    const children: number[] = [];
    const ws = weights[i];
    for (let v = 0; v < ws.length; v++) {
      const c = build(i + 1, b - ws[v]);
      lo = Math.max(lo, c.lo + ws[v]);
      hi = Math.min(hi, c.hi + ws[v]);
      if (c.node !== FALSE_NODE) {
        values.push(v);
        children.push(c.node);
      }
    }
    if (++created > maxNodes) throw new TooManyStates(`more than ${maxNodes} nodes`);
    const iv: Interval = { lo, hi, node: mdd.mk(first + i, values, children) };
    let at = list.length;
    while (at > 0 && list[at - 1].lo > lo) at--;
    list.splice(at, 0, iv);
    return iv;
  };
  return build(0, budget).node;
}

/** Σ op k layered by partial sums, for "=" and "!=" whose states do not form intervals. */
function layeredMdd(
  mdd: Mdd,
  first: number,
  weights: readonly (readonly number[])[],
  op: CmpOp,
  k: number,
  maxStates = MAX_LINEAR_NODES,
): number {
  const n = weights.length;
  const [sufMin, sufMax] = suffixBounds(weights);
  const verdict = (sum: number, i: number): number | undefined => decide(sum + sufMin[i], sum + sufMax[i], op, k);
  const start = verdict(0, 0);
  if (start !== undefined) return start;
  // Forward: the open partial sums at each level.
  const layers: number[][] = [[0]];
  let total = 1;
  for (let i = 0; i < n - 1; i++) {
    const next = new Set<number>();
    for (const s of layers[i])
      for (const w of weights[i]) {
        const t = s + w;
        if (verdict(t, i + 1) === undefined) next.add(t);
      }
    total += next.size;
    if (total > maxStates) throw new TooManyStates(`more than ${maxStates} partial sums`);
    layers.push([...next]);
  }
  // Backward: one node per open sum.
  let below = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    const here = new Map<number, number>();
    for (const s of layers[i] ?? []) {
      const values: number[] = [];
      const children: number[] = [];
      weights[i].forEach((w, v) => {
        const t = s + w;
        const c = verdict(t, i + 1) ?? below.get(t) ?? FALSE_NODE;
        if (c !== FALSE_NODE) {
          values.push(v);
          children.push(c);
        }
      });
      here.set(s, mdd.mk(first + i, values, children));
    }
    below = here;
  }
  return below.get(0) ?? FALSE_NODE;
}
