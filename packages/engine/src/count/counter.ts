import type { Lit } from '../sat/cnf.ts';

export interface CountOptions {
  /** Wall-clock budget; when exceeded the result is { count: null } rather than hanging. */
  timeoutMs?: number;
  /** Literals assumed true (a configurator's current choices). */
  assumptions?: readonly Lit[];
  /** Variables to prefer when branching (the product variables' literals); others are usually fixed by propagation once these are set. */
  branchFirst?: readonly number[];
  /** Called now and then with progress, for a CLI progress line. */
  onProgress?: (info: { decisions: number; cacheEntries: number; elapsedMs: number }) => void;
}

export interface CountOutcome {
  count: bigint | null;
  seconds: number;
  decisions: number;
  cacheHits: number;
}

/*
 * Exact model counting in the style of sharpSAT: DPLL over an explicit stack, unit propagation with
 * two watched literals, dynamic decomposition of the residual formula into independent components
 * after every decision, and a cache from component to count.
 *
 * A component is identified by its (unassigned) variables and the ids of its unsatisfied clauses of
 * length >= 3. That pair fixes the residual formula exactly: every assigned literal left in an
 * unsatisfied clause is false, so the residual clause is the original clause restricted to the
 * component's variables, and binary clauses between two unassigned variables are always present,
 * so they need no place in the key.
 */

/** Above either limit the least recently used quarter of the cache is dropped, to keep memory bounded in a browser tab. */
const CACHE_MAX_ENTRIES = 500_000;
/** Key bytes plus a rough per-entry overhead; about the cache's share of the heap. */
const CACHE_MAX_BYTES = 64_000_000;
const ENTRY_OVERHEAD_BYTES = 80;
/**
 * Tree-decomposition guidance is abandoned above this width (e.g. the Tseitin-encoded tables of the
 * Renault models), where branching on frequent variables does better, and above this much
 * elimination work (roughly 10-20 ns a unit), so that preprocessing stays well under a second.
 */
const TD_MAX_WIDTH = 250;
const TD_MAX_WORK = 20_000_000;
/** Variables visited by component analysis between deadline checks, for formulas where decisions are slow. */
const WORK_PER_CHECK = 1 << 20;
/** Variables probed for failed literals per branch, see `probe`. */
const PROBE_COUNT = 16;
/** How many decisions between deadline checks; performance.now() is too costly to call on every one. */
const CHECK_EVERY = 256;
const PROGRESS_EVERY_MS = 500;

interface Component {
  /** Sorted variables, then sorted long-clause ids; the cache key. */
  readonly data: Int32Array;
  readonly nVars: number;
  readonly hash: number;
}

/** Elimination orders by formula, see countModels. */
const rankMemo = new WeakMap<object, { numVars: number; numClauses: number; rank: Int32Array | null }>();

interface CacheEntry {
  readonly key: Uint8Array;
  readonly count: bigint;
}

interface Frame {
  /** null only for the root, which never branches. */
  readonly comp: Component | null;
  readonly decVar: number;
  readonly trailStart: number;
  branch: number;
  /** Sum over finished branches. */
  total: bigint;
  /** Components of the current branch, smallest first, and the product of those counted so far. */
  children: Component[];
  childIdx: number;
  prod: bigint;
}

function hashData(data: Int32Array): number {
  // Two independent 32-bit mixes give a 53-bit key; collisions are still caught by comparing data.
  let h1 = 0x811c9dc5 ^ data.length;
  let h2 = 0x9747b28c;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 + x, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

let scratch = new Uint8Array(1 << 16);

/**
 * A component's key for the cache: the count of variables, then the sorted variables and the sorted
 * clause ids as LEB128 deltas. Ids of neighbouring features are close, so this takes about a byte an
 * id instead of four, which lets the cache hold several times more components in the same memory.
 */
function encodeKey(data: Int32Array, nVars: number): Uint8Array {
  if (scratch.length < 5 * data.length + 5) scratch = new Uint8Array(2 * (5 * data.length + 5));
  const buf = scratch;
  let p = 0;
  let x = nVars;
  while (x >= 0x80) {
    buf[p++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[p++] = x;
  let prev = 0;
  for (let i = 0; i < data.length; i++) {
    if (i === nVars) prev = -1;
    x = data[i] - prev;
    prev = data[i];
    while (x >= 0x80) {
      buf[p++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    buf[p++] = x;
  }
  return buf.slice(0, p);
}

function keyMatches(key: Uint8Array, data: Int32Array, nVars: number): boolean {
  let p = 0;
  const read = (): number => {
    let x = 0;
    let shift = 0;
    for (;;) {
      const b = key[p++];
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return x;
      shift += 7;
    }
  };
  if (read() !== nVars) return false;
  let prev = 0;
  for (let i = 0; i < data.length; i++) {
    if (p >= key.length) return false;
    if (i === nVars) prev = -1;
    prev += read();
    if (prev !== data[i]) return false;
  }
  return p === key.length;
}

/** Builds a compressed-row table from per-row counts; returns offsets with a trailing total. */
function offsetsFrom(counts: Int32Array): Int32Array {
  const off = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) off[i + 1] = off[i] + counts[i];
  return off;
}

/**
 * Ranks variables by a greedy min-fill elimination order of the residual primal graph (an implicit
 * tree decomposition): variables eliminated late sit near the root of the elimination tree, and once
 * they are assigned the subtrees below fall apart into independent components. Branching in that order
 * keeps the search close to the width of the decomposition, where occurrence-count heuristics can
 * wander for a long time inside one big component of a feature model's hierarchy.
 *
 * Fill counts are maintained exactly, but only the eliminated vertex's neighbours are requeued; other
 * vertices whose fill dropped are requeued when their stale entry surfaces. That delay keeps
 * elimination local to the region just eliminated, which on the feature models measured (freebsd,
 * ecos) gave far smaller searches than requeueing every changed vertex or than min-degree (though
 * min-degree does better on erp-system).
 *
 * Returns null when the order is not worth following: a vertex has more than `maxWidth` neighbours
 * at elimination or the work exceeds `budget`; 'timeout' when the deadline passes first.
 */
function eliminationRanks(
  n: number,
  cliques: readonly (readonly number[])[],
  maxWidth: number,
  budget: number,
  deadline: number,
): Int32Array | null | 'timeout' {
  const adj: Set<number>[] = new Array<Set<number>>(n + 1);
  for (let v = 0; v <= n; v++) adj[v] = new Set<number>();
  let work = 0;
  let nextClockCheck = 1 << 20;
  let timedOut = false;
  const outOfTime = (): boolean => {
    if (work > budget) return true;
    if (work < nextClockCheck) return false;
    nextClockCheck = work + (1 << 20);
    timedOut = performance.now() > deadline;
    return timedOut;
  };
  for (const q of cliques) {
    // A clause is a clique of the primal graph, so a wider one puts the width beyond maxWidth.
    if (q.length > maxWidth + 1) return null;
    work += q.length * q.length;
    if (outOfTime()) return timedOut ? 'timeout' : null;
    for (let i = 0; i < q.length; i++) {
      for (let j = i + 1; j < q.length; j++) {
        adj[q[i]].add(q[j]);
        adj[q[j]].add(q[i]);
      }
    }
  }
  /** Common neighbours of a and b, calling `each` on them. */
  const common = (a: number, b: number, each: ((c: number) => void) | null): number => {
    let x = adj[a];
    let y = adj[b];
    if (x.size > y.size) [x, y] = [y, x];
    work += x.size;
    let k = 0;
    for (const c of x) {
      if (y.has(c)) {
        k++;
        if (each) each(c);
      }
    }
    return k;
  };
  // fill[v]: pairs of neighbours of v that are not adjacent, C(deg, 2) minus edges among neighbours.
  const fill = new Float64Array(n + 1);
  for (let v = 1; v <= n; v++) {
    const d = adj[v].size;
    if (d === 0) continue;
    let inner = 0;
    for (const a of adj[v]) inner += common(v, a, null);
    fill[v] = (d * (d - 1)) / 2 - inner / 2;
    if (outOfTime()) return timedOut ? 'timeout' : null;
  }
  // A lazy binary heap of fill * scale + var (fill capped to keep keys exact in a double).
  const scale = n + 1;
  const keyOf = (v: number): number => Math.min(fill[v], 0x3fffffff) * scale + v;
  const heap: number[] = [];
  const push = (key: number): void => {
    let i = heap.length;
    heap.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= key) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = key;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop() as number;
    const len = heap.length;
    if (len > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= len) break;
        if (c + 1 < len && heap[c + 1] < heap[c]) c++;
        if (heap[c] >= last) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const rank = new Int32Array(n + 1);
  for (let v = 1; v <= n; v++) if (adj[v].size > 0) push(keyOf(v));
  let next = 1;
  const nb: number[] = [];
  const lose = (c: number): void => {
    fill[c]--;
  };
  while (heap.length > 0) {
    const key = pop();
    const v = key % scale;
    if (rank[v] !== 0) continue;
    if (key !== keyOf(v)) {
      push(keyOf(v));
      continue;
    }
    const deg = adj[v].size;
    if (deg > maxWidth) return null;
    work += deg * deg + 1;
    if (outOfTime()) return timedOut ? 'timeout' : null;
    rank[v] = next++;
    nb.length = 0;
    for (const w of adj[v]) nb.push(w);
    for (let i = 0; i < nb.length; i++) {
      const a = nb[i];
      for (let j = i + 1; j < nb.length; j++) {
        const b = nb[j];
        if (adj[a].has(b)) continue;
        // Edge a-b closes one missing pair at every common neighbour, and opens pairs between the
        // new neighbour and each neighbour the two do not share.
        const k = common(a, b, lose);
        fill[a] += adj[a].size - k;
        fill[b] += adj[b].size - k;
        adj[a].add(b);
        adj[b].add(a);
      }
    }
    // The neighbourhood is a clique now, so dropping v removes exactly deg(a) - deg(v) missing pairs at a.
    for (const a of nb) {
      fill[a] -= adj[a].size - deg;
      adj[a].delete(v);
      push(keyOf(a));
    }
    adj[v].clear();
  }
  return rank;
}

export function countModels(
  cnf: { numVars: number; clauses: readonly (readonly Lit[])[] },
  options: CountOptions = {},
): CountOutcome {
  const t0 = performance.now();
  const deadline = options.timeoutMs === undefined ? Infinity : t0 + options.timeoutMs;
  const n = cnf.numVars;
  const outcome = (count: bigint | null, decisions: number, cacheHits: number): CountOutcome => ({
    count,
    seconds: (performance.now() - t0) / 1000,
    decisions,
    cacheHits,
  });
  // The last report comes when the count ends (or gives up), so a progress line can show final figures.
  const finish = (count: bigint | null, decisions: number, cacheHits: number, cacheEntries: number): CountOutcome => {
    const result = outcome(count, decisions, cacheHits);
    options.onProgress?.({ decisions, cacheEntries, elapsedMs: result.seconds * 1000 });
    return result;
  };
  const litIndex = (l: Lit): number => {
    const v = l < 0 ? -l : l;
    if (!Number.isInteger(l) || l === 0 || v > n) throw new RangeError(`literal ${l} outside 1..${n}`);
    return 2 * v + (l < 0 ? 1 : 0);
  };

  // ---- Normalise clauses: drop duplicate literals and tautologies; split by length. ----
  const mark = new Int32Array(2 * n + 2);
  let markStamp = 0;
  const units: number[] = [];
  const binaries: number[] = [];
  const longLits: number[] = [];
  const longStart: number[] = [];
  let unsat = false;
  const tmp: number[] = [];
  for (const clause of cnf.clauses) {
    markStamp++;
    tmp.length = 0;
    let tautology = false;
    for (const l of clause) {
      const li = litIndex(l);
      if (mark[li] === markStamp) continue;
      if (mark[li ^ 1] === markStamp) {
        tautology = true;
        break;
      }
      mark[li] = markStamp;
      tmp.push(li);
    }
    if (tautology) continue;
    if (tmp.length === 0) unsat = true;
    else if (tmp.length === 1) units.push(tmp[0]);
    else if (tmp.length === 2) binaries.push(tmp[0], tmp[1]);
    else {
      longStart.push(longLits.length);
      for (const li of tmp) longLits.push(li);
    }
  }
  const assumptionLits = (options.assumptions ?? []).map(litIndex);
  if (unsat) return finish(0n, 0, 0, 0);

  const numLong = longStart.length;
  const lits = Int32Array.from(longLits);
  const cStart = new Int32Array(numLong + 1);
  for (let c = 0; c < numLong; c++) cStart[c] = longStart[c];
  cStart[numLong] = lits.length;

  // Binary implications: binImp[L] lists the literals forced when L becomes true.
  const binCount = new Int32Array(2 * n + 2);
  for (let i = 0; i < binaries.length; i += 2) {
    binCount[binaries[i] ^ 1]++;
    binCount[binaries[i + 1] ^ 1]++;
  }
  const binOff = offsetsFrom(binCount);
  const binImp = new Int32Array(binOff[2 * n + 2]);
  {
    const fill = binOff.slice(0, 2 * n + 2);
    for (let i = 0; i < binaries.length; i += 2) {
      const a = binaries[i];
      const b = binaries[i + 1];
      binImp[fill[a ^ 1]++] = b;
      binImp[fill[b ^ 1]++] = a;
    }
  }

  // Long-clause occurrences per variable, for component analysis.
  const occCount = new Int32Array(n + 1);
  for (let i = 0; i < lits.length; i++) occCount[lits[i] >> 1]++;
  const occOff = offsetsFrom(occCount);
  const occ = new Int32Array(occOff[n + 1]);
  {
    const fill = occOff.slice(0, n + 1);
    for (let c = 0; c < numLong; c++) {
      for (let k = cStart[c]; k < cStart[c + 1]; k++) occ[fill[lits[k] >> 1]++] = c;
    }
  }

  // Two watched literals: the first two positions of each long clause.
  const watches: number[][] = [];
  for (let i = 0; i < 2 * n + 2; i++) watches.push([]);
  for (let c = 0; c < numLong; c++) {
    watches[lits[cStart[c]]].push(c);
    watches[lits[cStart[c] + 1]].push(c);
  }

  // ---- Assignment, trail and propagation. ----
  /** value[L]: 1 true, -1 false, 0 unassigned. */
  const value = new Int8Array(2 * n + 2);
  const trail = new Int32Array(n + 1);
  let trailLen = 0;
  let qhead = 0;

  const assign = (li: number): void => {
    value[li] = 1;
    value[li ^ 1] = -1;
    trail[trailLen++] = li;
  };

  const propagate = (): boolean => {
    while (qhead < trailLen) {
      const p = trail[qhead++];
      for (let k = binOff[p], e = binOff[p + 1]; k < e; k++) {
        const q = binImp[k];
        const vq = value[q];
        if (vq === 0) assign(q);
        else if (vq < 0) return false;
      }
      const falseLit = p ^ 1;
      const ws = watches[falseLit];
      let i = 0;
      let j = 0;
      const len = ws.length;
      while (i < len) {
        const c = ws[i++];
        const s = cStart[c];
        let first = lits[s];
        if (first === falseLit) {
          first = lits[s + 1];
          lits[s] = first;
          lits[s + 1] = falseLit;
        }
        if (value[first] === 1) {
          ws[j++] = c;
          continue;
        }
        let moved = false;
        for (let k = s + 2, e = cStart[c + 1]; k < e; k++) {
          const l = lits[k];
          if (value[l] !== -1) {
            lits[s + 1] = l;
            lits[k] = falseLit;
            watches[l].push(c);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = c;
        if (value[first] === -1) {
          while (i < len) ws[j++] = ws[i++];
          ws.length = j;
          return false;
        }
        assign(first);
      }
      ws.length = j;
    }
    return true;
  };

  const undo = (to: number): void => {
    while (trailLen > to) {
      const li = trail[--trailLen];
      value[li] = 0;
      value[li ^ 1] = 0;
    }
    qhead = to;
  };

  const assumeAll = (lits: readonly number[]): boolean => {
    for (const li of lits) {
      if (value[li] === -1) return false;
      if (value[li] === 0) assign(li);
    }
    return propagate();
  };
  if (!assumeAll(units)) return finish(0n, 0, 0, 0);

  // The elimination order depends on the formula only, not on the assumptions, so a configurator
  // counting under changing choices computes it once. It only steers branching, so an order left
  // stale by a formula changed in place costs time, never correctness.
  let rank: Int32Array | null;
  const memo = rankMemo.get(cnf.clauses);
  if (memo !== undefined && memo.numVars === n && memo.numClauses === cnf.clauses.length) {
    rank = memo.rank;
  } else {
    const cliques: number[][] = [];
    for (let v = 1; v <= n; v++) {
      if (value[2 * v] !== 0) continue;
      for (let k = binOff[2 * v], e = binOff[2 * v + 2]; k < e; k++) {
        const w = binImp[k] >> 1;
        if (w > v && value[2 * w] === 0) cliques.push([v, w]);
      }
    }
    for (let c = 0; c < numLong; c++) {
      const q: number[] = [];
      let sat = false;
      for (let m = cStart[c]; m < cStart[c + 1] && !sat; m++) {
        const l = lits[m];
        if (value[l] === 1) sat = true;
        else if (value[l] === 0) q.push(l >> 1);
      }
      if (!sat) cliques.push(q);
    }
    const result = eliminationRanks(n, cliques, TD_MAX_WIDTH, TD_MAX_WORK, deadline);
    rank = result === 'timeout' ? null : result;
    // Running out of time says nothing about the formula, so only a finished verdict is kept.
    if (result !== 'timeout') rankMemo.set(cnf.clauses, { numVars: n, numClauses: cnf.clauses.length, rank });
  }

  if (!assumeAll(assumptionLits)) return finish(0n, 0, 0, 0);

  // ---- Component analysis. ----
  const varSeen = new Int32Array(n + 1);
  const varComp = new Int32Array(n + 1);
  const clauseSeen = new Int32Array(numLong);
  const clauseComp = new Int32Array(numLong);
  const score = new Int32Array(n + 1);
  const witness = new Int32Array(numLong);
  const queue = new Int32Array(n + 1);
  let stamp = 0;
  const compVars: number[] = [];
  const compClauses: number[] = [];
  let freeVars = 0;
  let decomposeWork = 0;

  /**
   * Splits the unassigned variables among the first nVars entries of `data` into connected components
   * of the residual formula; the rest of `data` must list every unsatisfied long clause touching them.
   * Sets freeVars to the number of those variables left in no unsatisfied clause: each doubles the count.
   */
  const decompose = (data: Int32Array, nVars: number): Component[] => {
    if (++stamp === 0x7fffffff) {
      varSeen.fill(0);
      clauseSeen.fill(0);
      stamp = 1;
    }
    let numComps = 0;
    decomposeWork += nVars;
    compVars.length = 0;
    compClauses.length = 0;
    freeVars = 0;
    for (let x = 0; x < nVars; x++) {
      const root = data[x];
      if (value[2 * root] !== 0 || varSeen[root] === stamp) continue;
      const id = numComps;
      varSeen[root] = stamp;
      varComp[root] = id;
      let qh = 0;
      let qt = 0;
      queue[qt++] = root;
      let nc = 0;
      while (qh < qt) {
        const u = queue[qh++];
        let sc = 0;
        for (let pol = 2 * u; pol <= 2 * u + 1; pol++) {
          for (let k = binOff[pol], e = binOff[pol + 1]; k < e; k++) {
            const w = binImp[k] >> 1;
            if (value[2 * w] !== 0) continue;
            if (varSeen[w] !== stamp) {
              varSeen[w] = stamp;
              varComp[w] = id;
              queue[qt++] = w;
            }
          }
        }
        for (let k = occOff[u], e = occOff[u + 1]; k < e; k++) {
          const c = occ[k];
          if (clauseSeen[c] === stamp) {
            if (clauseComp[c] >= 0) sc++;
            continue;
          }
          clauseSeen[c] = stamp;
          const s = cStart[c];
          const ce = cStart[c + 1];
          // A clause found satisfied usually stays so by the same literal deep into the search.
          let sat = value[witness[c]] === 1;
          for (let m = s; !sat && m < ce; m++) {
            if (value[lits[m]] === 1) {
              sat = true;
              witness[c] = lits[m];
            }
          }
          if (sat) {
            clauseComp[c] = -1;
            continue;
          }
          clauseComp[c] = id;
          nc++;
          sc++;
          for (let m = s; m < ce; m++) {
            const l = lits[m];
            if (value[l] !== 0) continue;
            const w = l >> 1;
            if (varSeen[w] !== stamp) {
              varSeen[w] = stamp;
              varComp[w] = id;
              queue[qt++] = w;
            }
          }
        }
        score[u] = sc;
      }
      if (qt === 1 && nc === 0) {
        varComp[root] = -1;
        freeVars++;
      } else {
        compVars.push(qt);
        compClauses.push(nc);
        numComps++;
      }
    }
    if (numComps === 0) return [];
    // Distributing in the parent's order keeps each child's variables and clauses sorted for free.
    const buffers: Int32Array[] = [];
    const fillV = new Int32Array(numComps);
    const fillC = new Int32Array(numComps);
    for (let id = 0; id < numComps; id++) {
      buffers.push(new Int32Array(compVars[id] + compClauses[id]));
      fillC[id] = compVars[id];
    }
    for (let x = 0; x < nVars; x++) {
      const v = data[x];
      if (varSeen[v] !== stamp || value[2 * v] !== 0) continue;
      const id = varComp[v];
      if (id >= 0) buffers[id][fillV[id]++] = v;
    }
    for (let x = nVars; x < data.length; x++) {
      const c = data[x];
      if (clauseSeen[c] !== stamp) continue;
      const id = clauseComp[c];
      if (id >= 0) buffers[id][fillC[id]++] = c;
    }
    const comps: Component[] = [];
    for (let id = 0; id < numComps; id++) {
      comps.push({ data: buffers[id], nVars: compVars[id], hash: hashData(buffers[id]) });
    }
    if (comps.length > 1) comps.sort((a, b) => a.data.length - b.data.length);
    return comps;
  };

  const preferred = new Uint8Array(n + 1);
  let anyPreferred = false;
  for (const v of options.branchFirst ?? []) {
    const a = v < 0 ? -v : v;
    if (a >= 1 && a <= n) {
      preferred[a] = 1;
      anyPreferred = true;
    }
  }

  /** Preferred variables first; among them the latest eliminated, or failing an order the most frequent. */
  const pickVar = (comp: Component): number => {
    let best = -1;
    let bestScore = -1;
    let bestPref = 0;
    const d = comp.data;
    const key = rank ?? score;
    for (let x = 0; x < comp.nVars; x++) {
      const v = d[x];
      const p = anyPreferred ? preferred[v] : 0;
      const sc = key[v];
      if (p > bestPref || (p === bestPref && sc > bestScore)) {
        best = v;
        bestScore = sc;
        bestPref = p;
      }
    }
    return best;
  };

  // ---- Cache. ----
  const cache = new Map<number, CacheEntry>();
  let cacheBytes = 0;
  let cacheHits = 0;
  const cacheGet = (comp: Component): bigint | undefined => {
    const e = cache.get(comp.hash);
    if (e === undefined || !keyMatches(e.key, comp.data, comp.nVars)) return undefined;
    // Re-inserting keeps the Map in least-recently-used order, so eviction spares the entries in use.
    cache.delete(comp.hash);
    cache.set(comp.hash, e);
    return e.count;
  };
  const cachePut = (comp: Component, count: bigint): void => {
    const old = cache.get(comp.hash);
    if (old !== undefined) {
      cacheBytes -= old.key.length + ENTRY_OVERHEAD_BYTES;
      cache.delete(comp.hash);
    }
    const key = encodeKey(comp.data, comp.nVars);
    cache.set(comp.hash, { key, count });
    cacheBytes += key.length + ENTRY_OVERHEAD_BYTES;
    if (cache.size > CACHE_MAX_ENTRIES || cacheBytes > CACHE_MAX_BYTES) {
      const entries = (CACHE_MAX_ENTRIES * 3) >> 2;
      const bytes = (CACHE_MAX_BYTES * 3) >> 2;
      for (const [k, e] of cache) {
        if (cache.size <= entries && cacheBytes <= bytes) break;
        cache.delete(k);
        cacheBytes -= e.key.length + ENTRY_OVERHEAD_BYTES;
      }
    }
  };

  // ---- Search. ----
  const pow2 = (k: number): bigint => (k === 0 ? 1n : 1n << BigInt(k));

  /**
   * Failed-literal probing: tries both values of the component's most promising branching variables
   * and asserts the opposite of any that propagates to a conflict, which leaves the count unchanged.
   * On one-hot encodings (Renault) most decisions would otherwise spend a whole component analysis to
   * rule out one dead value; probing finds several per analysis and cut decisions there five-fold.
   * Where it finds little (feature models) it is throttled to every 32nd branch by a running rate.
   */
  const probeCandidates: number[] = [];
  let probeYield = 1;
  let probeTick = 0;
  const probe = (comp: Component): boolean => {
    const key = rank ?? score;
    const cand = probeCandidates;
    cand.length = 0;
    const d = comp.data;
    for (let x = 0; x < comp.nVars; x++) {
      const v = d[x];
      if (value[2 * v] !== 0) continue;
      if (cand.length === PROBE_COUNT && key[v] <= key[cand[PROBE_COUNT - 1]]) continue;
      // Insertion into the short list of the best candidates, kept sorted by decreasing key.
      let i = cand.length < PROBE_COUNT ? cand.length : PROBE_COUNT - 1;
      if (cand.length < PROBE_COUNT) cand.push(v);
      while (i > 0 && key[cand[i - 1]] < key[v]) {
        cand[i] = cand[i - 1];
        i--;
      }
      cand[i] = v;
    }
    let found = false;
    let consistent = true;
    for (const v of cand) {
      if (value[2 * v] !== 0) continue;
      for (let pol = 0; pol < 2; pol++) {
        const mark = trailLen;
        assign(2 * v + pol);
        const ok = propagate();
        undo(mark);
        if (ok) continue;
        found = true;
        assign(2 * v + (pol ^ 1));
        consistent = propagate();
        break;
      }
      if (!consistent) break;
    }
    probeYield = 0.95 * probeYield + (found ? 0.05 : 0);
    return consistent;
  };

  const startBranch = (f: Frame, branch: number): void => {
    f.branch = branch;
    f.childIdx = 0;
    assign(2 * f.decVar + branch);
    if (!propagate()) {
      f.children = [];
      f.prod = 0n;
      return;
    }
    const comp = f.comp as Component;
    if ((probeYield > 0.1 || (probeTick++ & 31) === 0) && !probe(comp)) {
      f.children = [];
      f.prod = 0n;
      return;
    }
    f.children = decompose(comp.data, comp.nVars);
    f.prod = pow2(freeVars);
  };

  const all = new Int32Array(n + numLong);
  for (let v = 1; v <= n; v++) all[v - 1] = v;
  for (let c = 0; c < numLong; c++) all[n + c] = c;
  const rootChildren = decompose(all, n);
  const stack: Frame[] = [
    {
      comp: null,
      decVar: 0,
      trailStart: trailLen,
      branch: 0,
      total: 0n,
      children: rootChildren,
      childIdx: 0,
      prod: pow2(freeVars),
    },
  ];

  let decisions = 0;
  let nextProgress = t0 + PROGRESS_EVERY_MS;
  const onProgress = options.onProgress;

  for (;;) {
    const f = stack[stack.length - 1];
    if (f.prod !== 0n && f.childIdx < f.children.length) {
      const child = f.children[f.childIdx];
      const hit = cacheGet(child);
      if (hit !== undefined) {
        cacheHits++;
        f.prod *= hit;
        f.childIdx++;
        continue;
      }
      if (++decisions % CHECK_EVERY === 0 || decomposeWork > WORK_PER_CHECK) {
        decomposeWork = 0;
        const now = performance.now();
        if (now > deadline) return finish(null, decisions, cacheHits, cache.size);
        if (onProgress && now >= nextProgress) {
          nextProgress = now + PROGRESS_EVERY_MS;
          onProgress({ decisions, cacheEntries: cache.size, elapsedMs: now - t0 });
        }
      }
      const g: Frame = {
        comp: child,
        decVar: pickVar(child),
        trailStart: trailLen,
        branch: 0,
        total: 0n,
        children: [],
        childIdx: 0,
        prod: 0n,
      };
      stack.push(g);
      startBranch(g, 0);
      continue;
    }
    if (f.comp === null) return finish(f.prod, decisions, cacheHits, cache.size);
    f.total += f.prod;
    undo(f.trailStart);
    if (f.branch === 0) {
      startBranch(f, 1);
      continue;
    }
    cachePut(f.comp, f.total);
    stack.pop();
    const parent = stack[stack.length - 1];
    parent.prod *= f.total;
    parent.childIdx++;
  }
}
