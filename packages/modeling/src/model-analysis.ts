// A model's analysis as staff read it: dead and core values, false-optional features and the number
// of configurations. GET /api/products/:id/versions/:v/analysis answers it for a saved version, and
// the studio computes it in the browser on the text being edited.
import { analyzeModel, countModels, type CompiledModel, type ValueRef } from '@atelier/engine';

export interface Analysis {
  satisfiable: boolean;
  variables: number;
  core: ValueRef[];
  dead: ValueRef[];
  falseOptional: string[];
  /** Decimal string (it can exceed 2^53); null when counting ran out of its time budget. */
  configurations: string | null;
  seconds: number;
}

/** Analyses a compiled model; counting stops after `countBudgetMs` and then reports null. */
export function analyseModel(model: CompiledModel, countBudgetMs: number): Analysis {
  const t0 = performance.now();
  const analysis = analyzeModel(model);
  const count = analysis.satisfiable ? countModels(model.cnf, { timeoutMs: countBudgetMs }).count : 0n;
  return {
    satisfiable: analysis.satisfiable,
    variables: analysis.variables,
    core: analysis.core,
    dead: analysis.dead,
    falseOptional: analysis.falseOptional,
    configurations: count === null ? null : count.toString(),
    seconds: (performance.now() - t0) / 1000,
  };
}
