import { Cnf, type Lit } from '../sat/cnf.ts';
import type { CompiledModel, CompiledVariable, Value } from '../model/compiled.ts';

export { prng } from './prng.ts';

export function randomCnf(rand: () => number, vars: number, clauses: number, width: number): Lit[][] {
  const out: Lit[][] = [];
  for (let c = 0; c < clauses; c++) {
    const clause: Lit[] = [];
    const w = 1 + Math.floor(rand() * width);
    for (let k = 0; k < w; k++) {
      const v = 1 + Math.floor(rand() * vars);
      clause.push(rand() < 0.5 ? v : -v);
    }
    out.push(clause);
  }
  return out;
}

/**
 * A small product model compiled by hand: `sizes[i]` values per variable (2 → boolean, more →
 * one-hot enum with exactly-one), plus random clauses over the value literals, each its own named
 * constraint. Costs are random when asked for.
 */
export function randomProductModel(rand: () => number, sizes: readonly number[], extraClauses: number, withCosts = false): CompiledModel {
  const cnf = new Cnf();
  const variables: CompiledVariable[] = sizes.map((size, i) => {
    const name = `v${i}`;
    if (size === 2) {
      const x = cnf.newVar();
      return { name, kind: 'bool', values: [false, true], lits: [-x, x], hidden: false };
    }
    const lits = Array.from({ length: size }, () => cnf.newVar());
    cnf.addClause(lits);
    for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) cnf.addClause([-lits[a], -lits[b]]);
    const values: Value[] = lits.map((_, k) => `${name}_${k}`);
    return { name, kind: 'enum', values, lits, hidden: false };
  });
  if (withCosts) for (const v of variables) v.costs = v.values.map(() => Math.floor(rand() * 10));
  const allLits = variables.flatMap((v) => (v.kind === 'bool' ? [v.lits[1]] : v.lits));
  const constraints = [];
  for (let c = 0; c < extraClauses; c++) {
    const w = 2 + Math.floor(rand() * 2);
    const clause: Lit[] = [];
    for (let k = 0; k < w; k++) {
      const l = allLits[Math.floor(rand() * allLits.length)];
      clause.push(rand() < 0.5 ? l : -l);
    }
    cnf.owner = constraints.length;
    constraints.push({ label: `rule ${c}` });
    cnf.addClause(clause);
  }
  cnf.owner = -1;
  return { cnf, variables, byName: new Map(variables.map((v, i) => [v.name, i])), constraints };
}

/** Every valid configuration of a small model, as value indices per variable (brute force). */
export function enumerateConfigurations(model: CompiledModel): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const truth = new Map<number, boolean>();
  const holds = (l: Lit): boolean => (l > 0 ? truth.get(l) === true : truth.get(-l) === false);
  const visit = (i: number): void => {
    if (i === model.variables.length) {
      if (model.cnf.clauses.every((c) => c.some(holds))) out.push(pick.slice());
      return;
    }
    const v = model.variables[i];
    for (let k = 0; k < v.values.length; k++) {
      for (const l of v.lits) truth.set(Math.abs(l), false);
      for (let j = 0; j < v.lits.length; j++) {
        const l = v.lits[j];
        if (j === k) truth.set(Math.abs(l), l > 0);
      }
      pick[i] = k;
      visit(i + 1);
    }
  };
  visit(0);
  return out;
}
