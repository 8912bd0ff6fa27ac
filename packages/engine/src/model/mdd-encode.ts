import type { Lit } from '../sat/cnf.ts';
import { type B, type Gates } from './gates.ts';
import { FALSE_NODE, type Mdd, TRUE_NODE } from './mdd.ts';

/*
 * CNF of an MDD whose root must hold. Node u gets N_u (root: true), an edge e = (u, S, c) with the
 * values S of u's level leading to child c gets E_e <-> N_u ∧ x ∈ S, and N_c <-> OR(incoming E);
 * every node adds N_u -> x ∈ (values with an edge). Two shortcuts keep it small without weakening it:
 * a node with a single incoming edge uses that edge's gate as N_c, and edges into the true terminal
 * need no variable (N_u -> x ∈ allowed already covers them).
 *
 * Every auxiliary is a gate over earlier ones (parents come first), so it is a function of the
 * product variables and unit propagation derives it top-down once they are set: counting stays exact.
 */

export interface MddEncodeStats {
  nodes: number;
  edges: number;
}

/** `levelLits[l]`: the exactly-one literal group of level l, one literal per value index. */
export function encodeMdd(
  mdd: Mdd,
  root: number,
  levelLits: readonly (readonly Lit[])[],
  gates: Gates,
  constraintClause: (lits: Lit[]) => void,
): MddEncodeStats {
  if (root === TRUE_NODE) return { nodes: 0, edges: 0 };
  if (root === FALSE_NODE) {
    constraintClause([]);
    return { nodes: 0, edges: 0 };
  }
  const order = mdd.reachable(root);
  // Incoming edges of each node, grouped by parent: (parent, value indices).
  const incoming = new Map<number, { parent: number; values: number[] }[]>();
  let edges = 0;
  for (const u of order) {
    const vs = mdd.edgeValues[u];
    const cs = mdd.edgeChildren[u];
    const byChild = new Map<number, number[]>();
    for (let i = 0; i < vs.length; i++) {
      const list = byChild.get(cs[i]);
      if (list) list.push(vs[i]);
      else byChild.set(cs[i], [vs[i]]);
    }
    for (const [c, values] of byChild) {
      edges++;
      if (c === TRUE_NODE) continue;
      const list = incoming.get(c);
      if (list) list.push({ parent: u, values });
      else incoming.set(c, [{ parent: u, values }]);
    }
  }
  const nodeLit = new Map<number, B>();
  nodeLit.set(root, true);
  const edgeGate = (parent: number, values: number[]): B => {
    const lits = levelLits[mdd.level[parent]];
    const inSet: Lit[] = [];
    const outSet: Lit[] = [];
    let j = 0;
    for (let v = 0; v < lits.length; v++) {
      if (j < values.length && values[j] === v) {
        inSet.push(lits[v]);
        j++;
      } else outSet.push(lits[v]);
    }
    return gates.andIn(nodeLit.get(parent)!, inSet, outSet);
  };
  for (const u of order) {
    if (u === root) continue;
    const inc = incoming.get(u)!;
    nodeLit.set(u, inc.length === 1 ? edgeGate(inc[0].parent, inc[0].values) : gates.or(inc.map((e) => edgeGate(e.parent, e.values))));
  }
  for (const u of order) {
    const n = nodeLit.get(u)!;
    if (n === false) continue;
    const lits = levelLits[mdd.level[u]];
    const vs = mdd.edgeValues[u];
    if (vs.length === lits.length) continue;
    const allowed: Lit[] = [];
    const excluded: Lit[] = [];
    let j = 0;
    for (let v = 0; v < lits.length; v++) {
      if (j < vs.length && vs[j] === v) {
        allowed.push(lits[v]);
        j++;
      } else excluded.push(lits[v]);
    }
    // Binary clauses propagate best; a long clause is shorter when most values are excluded.
    if (n === true || excluded.length <= 2 || excluded.length <= allowed.length) {
      for (const x of excluded) constraintClause(n === true ? [-x] : [-n, -x]);
    } else constraintClause([-n, ...allowed]);
  }
  return { nodes: order.length, edges };
}
