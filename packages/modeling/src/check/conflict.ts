import { type CompiledConstraint, type CompiledModel, type Lit, Solver } from '@atelier/engine';

/**
 * A minimal set of a void model's constraints that has no solution on its own: every constraint's
 * clauses are guarded by a selector literal, the failed selectors of an unsatisfiable call form a
 * core, and deletion shrinks it until dropping any member makes the rest satisfiable.
 * Empty when the model is satisfiable, or when its domains alone admit nothing.
 */
export function minimalConflict(model: CompiledModel): CompiledConstraint[] {
  const solver = new Solver();
  solver.reserveVars(model.cnf.numVars);
  const selectors: Lit[] = model.constraints.map(() => solver.newVar());
  model.cnf.clauses.forEach((clause, i) => {
    const owner = model.cnf.owners[i];
    solver.addClause(owner >= 0 ? [...clause, -selectors[owner]] : clause);
  });
  if (solver.solve(selectors) !== 'unsat') return [];
  const index = new Map<Lit, number>(selectors.map((s, i) => [s, i]));
  let core = solver.failedAssumptions().filter((l) => index.has(l));
  for (let i = 0; i < core.length; ) {
    const without = core.filter((_, j) => j !== i);
    if (solver.solve(without) === 'unsat') {
      const failed = new Set(solver.failedAssumptions());
      core = without.filter((l) => failed.has(l));
    } else {
      i++;
    }
  }
  return core.map((s) => model.constraints[index.get(s) as number]);
}
