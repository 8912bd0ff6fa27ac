// The configuration engine's public surface. Pure TypeScript, no runtime dependencies:
// the same code runs in Node and in a browser Web Worker.
export type { Lit, ClauseSink } from './sat/cnf.ts';
export { Cnf } from './sat/cnf.ts';
export { Solver, type SolveResult, type SolveOptions, type SolverStats } from './sat/solver.ts';
export type {
  Value,
  VariableKind,
  SourcePosition,
  CompiledVariable,
  CompiledConstraint,
  CompiledModel,
  CompiledObjective,
} from './model/compiled.ts';
export { countModels, type CountOptions, type CountOutcome } from './count/counter.ts';
export { DomainOracle, type DomainOptions, type DomainProgress } from './session/domains.ts';
export { Session, SessionError, type AssignResult, type SessionOptions } from './session/session.ts';
export { SolutionSpace, compileSolutionSpace, solutionSpaceOf } from './session/solution-space.ts';
export type {
  Setter,
  Assignment,
  VariableDomain,
  Explanation,
  Repair,
  CompletionStrategy,
  Completion,
  CountResult,
} from './session/types.ts';
export { analyzeModel, type ModelAnalysis, type AnalysisOptions, type ValueRef } from './analysis/backbone.ts';
export { ModelBuilder } from './model/builder.ts';
export { compile, compileWithStats, type CompileOptions, type CompileStats } from './model/compile.ts';
export {
  F,
  E,
  formulaVars,
  exprVars,
  type Formula,
  type IntExpr,
  type CmpOp,
  type TableEntry,
  type TableSpec,
  type ConstraintMeta,
  type ConstraintBody,
  type ConstraintDecl,
} from './model/formula.ts';
export type { Model, VariableDecl, ObjectiveDecl } from './model/model.ts';
export { ModelError } from './model/errors.ts';
export { parseDimacs, readDimacsCnf, type DimacsOptions } from './io/dimacs.ts';
export { parseXcsp, readXcsp } from './io/xcsp.ts';
export { ParseError } from './io/parse-error.ts';
export { evalFormula, evalExpr, tableHolds, constraintHolds, violations, type Lookup } from './model/evaluate.ts';
export { closestName, unknownVariableMessage } from './model/errors.ts';
export { Diagnoser } from './session/diagnosis.ts';
