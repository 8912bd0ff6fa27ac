import type { Lit } from '../sat/cnf.ts';
import { Solver } from '../sat/solver.ts';
import type { CompiledConstraint, CompiledModel } from '../model/compiled.ts';

/**
 * Names the model's own rules behind an exclusion. A second solver holds the same clauses, each
 * constraint's clauses guarded by a selector literal, so "which rules are needed for this
 * conflict?" becomes a failed-assumption question over selectors, minimised by deletion.
 * Built on first use: most sessions never ask.
 */
export class Diagnoser {
  private readonly solver = new Solver();
  private readonly selectors: Lit[];

  constructor(private readonly model: CompiledModel) {
    const cnf = model.cnf;
    this.solver.reserveVars(cnf.numVars);
    this.selectors = model.constraints.map(() => this.solver.newVar());
    cnf.clauses.forEach((clause, i) => {
      const owner = cnf.owners[i];
      this.solver.addClause(owner >= 0 ? [...clause, -this.selectors[owner]] : clause);
    });
  }

  /**
   * A minimal set of constraints that, with the given (already minimal) literals, excludes `lit`.
   * Empty when the structure alone (domains) excludes it, or when the literals are consistent.
   */
  constraintsExcluding(fixed: readonly Lit[], lit: Lit): CompiledConstraint[] {
    if (this.selectors.length === 0) return [];
    const selectorIndex = new Map<Lit, number>(this.selectors.map((s, i) => [s, i]));
    const base = [...fixed, lit];
    if (this.solver.solve([...base, ...this.selectors]) !== 'unsat') return [];
    let core = this.solver.failedAssumptions().filter((l) => selectorIndex.has(l));
    for (let i = 0; i < core.length; ) {
      const without = core.filter((_, j) => j !== i);
      if (this.solver.solve([...base, ...without]) === 'unsat') {
        const failed = new Set(this.solver.failedAssumptions());
        core = without.filter((l) => failed.has(l));
      } else {
        i++;
      }
    }
    return core.map((s) => this.model.constraints[selectorIndex.get(s) as number]);
  }
}
