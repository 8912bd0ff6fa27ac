import type { Lit } from '../sat/cnf.ts';
import { Solver } from '../sat/solver.ts';
import type { CompiledModel, Value } from '../model/compiled.ts';
import { searchBackbone } from './backbone-search.ts';

export interface ValueRef {
  variable: string;
  value: Value;
}

export interface ModelAnalysis {
  /** False for a void model: no valid configuration at all. */
  satisfiable: boolean;
  /** Visible product variables. */
  variables: number;
  /** Values taken in every configuration (for booleans: features always selected). */
  core: ValueRef[];
  /** Values taken in no configuration (for booleans: features never selected). */
  dead: ValueRef[];
  /** Optional variables that are present in every configuration although declared optional. */
  falseOptional: string[];
  seconds: number;
  solverCalls: number;
}

export interface AnalysisOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Core and dead values of a whole model: the backbone over every visible value literal, with no
 * choices made. For a boolean variable only the literal that is fixed is reported (a feature that is
 * always selected is core, one never selected is dead), which is how feature-model tools count.
 */
export function analyzeModel(model: CompiledModel, options: AnalysisOptions = {}): ModelAnalysis {
  const t0 = performance.now();
  const solver = new Solver();
  solver.reserveVars(model.cnf.numVars);
  solver.addCnf(model.cnf);

  const visible = model.variables.filter((v) => !v.hidden);
  const tracked: Lit[] = [];
  for (const v of visible) for (const l of v.lits) tracked.push(l);
  const { possible, solverCalls } = searchBackbone(solver, tracked, options.onProgress && ((p) => options.onProgress?.(p.done, p.total)));
  const result = { core: [] as ValueRef[], dead: [] as ValueRef[], falseOptional: [] as string[] };
  if (possible) {
    let at = 0;
    for (const v of visible) {
      // Plain loops over the bits: a subarray per variable costs more than the rest of this pass.
      const size = v.values.length;
      let open = 0;
      for (let k = 0; k < size; k++) open += possible[at + k];
      // A plain boolean is reported like a feature: by the one literal that is fixed. An optional
      // boolean (absent / false / true) is an enumeration like any other.
      if (v.kind === 'bool' && size === 2) {
        if (open === 1) (possible[at + v.values.indexOf(true)] ? result.core : result.dead).push({ variable: v.name, value: true });
      } else {
        for (let k = 0; k < size; k++) {
          if (!possible[at + k]) result.dead.push({ variable: v.name, value: v.values[k] });
          else if (open === 1) result.core.push({ variable: v.name, value: v.values[k] });
        }
        const absent = v.values.indexOf(null);
        if (absent >= 0 && !possible[at + absent] && open > 0) result.falseOptional.push(v.name);
      }
      at += size;
    }
  }
  return {
    satisfiable: possible !== null,
    variables: visible.length,
    ...result,
    seconds: (performance.now() - t0) / 1000,
    solverCalls,
  };
}
