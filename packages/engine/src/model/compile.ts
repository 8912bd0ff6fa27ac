import type { CompiledConstraint, CompiledModel, CompiledObjective, CompiledVariable } from './compiled.ts';
import type { Formula } from './formula.ts';
import { type Linear, addLinear, constantLinear } from './linear.ts';
import { ModelBuilder } from './builder.ts';
import { ModelError, constraintContext, modelError, variableContext } from './errors.ts';
import { type Model, domainOf, validateVariable } from './model.ts';
import { Compiler } from './compiler.ts';

export interface CompileOptions {
  /** Domains up to this size use pairwise at-most-one; larger ones a ladder (default 8). */
  pairwiseMax?: number;
}

export interface CompileStats {
  productVariables: number;
  cnfVariables: number;
  clauses: number;
  /** CNF variables that are not value literals of product variables. */
  auxiliaryVariables: number;
  mddNodes: number;
  mddEdges: number;
  milliseconds: number;
}

/** Compiles and reports sizes (for benchmarks and tests). */
export function compileWithStats(input: Model | ModelBuilder, options: CompileOptions = {}): { model: CompiledModel; stats: CompileStats } {
  const start = performance.now();
  const model = input instanceof ModelBuilder ? input.build() : input;
  const c = new Compiler(options.pairwiseMax);
  const variables: CompiledVariable[] = [];
  const byName = new Map<string, number>();

  for (const decl of model.variables) {
    const ctx = variableContext(decl.name, decl.source);
    if (byName.has(decl.name)) throw modelError(ctx, 'declared twice');
    validateVariable(decl);
    const values = domainOf(decl);
    const slot = c.addSlot(decl.name, decl.kind, values, true);
    const v: CompiledVariable = { name: decl.name, kind: decl.kind, values, lits: slot.lits, hidden: decl.hidden ?? false };
    if (decl.default !== undefined) v.defaultIndex = values.indexOf(decl.default);
    if (decl.costs) v.costs = decl.optional ? [0, ...decl.costs] : decl.costs.slice();
    if (decl.label !== undefined) v.label = decl.label;
    if (decl.source) v.source = decl.source;
    byName.set(decl.name, variables.length);
    variables.push(v);
  }

  const constraints: CompiledConstraint[] = [];
  const meta = (label: string, explanation?: string, source?: CompiledConstraint['source']): CompiledConstraint => {
    const out: CompiledConstraint = { label };
    if (explanation !== undefined) out.explanation = explanation;
    if (source) out.source = source;
    return out;
  };
  for (const decl of model.constraints) {
    c.ctx = constraintContext(decl.label, decl.source);
    c.cnf.owner = constraints.length;
    constraints.push(meta(decl.label, decl.explanation, decl.source));
    if (decl.kind === 'formula') c.assert(decl.formula);
    else if (decl.kind === 'table') c.table(decl.table, decl.when);
    else throw modelError(c.ctx, `unknown constraint kind ${JSON.stringify((decl as { kind: unknown }).kind)}`);
  }
  // Presence conditions are rules like any other, so explanations can say why something is absent.
  for (const decl of model.variables) {
    const when = decl.optional?.when;
    if (!when) continue;
    c.ctx = { ...variableContext(decl.name, decl.source), what: `presence condition of variable "${decl.name}"` };
    c.cnf.owner = constraints.length;
    constraints.push(meta(`${decl.name} is present exactly when its condition holds`, undefined, decl.source));
    const present: Formula = { op: 'not', arg: { op: 'eq', var: decl.name, value: null } };
    c.assert({ op: 'iff', args: [when, present] });
  }
  c.cnf.owner = -1;

  const linearForm = (sense: CompiledObjective['sense'], lin: Linear): CompiledObjective => {
    const out: CompiledObjective = { sense, lits: [], weights: [], constant: lin.constant };
    for (const term of lin.terms.values()) {
      term.lits.forEach((l, k) => {
        if (term.weights[k] === 0) return;
        out.lits.push(l);
        out.weights.push(term.weights[k]);
      });
    }
    return out;
  };
  const objectives: CompiledObjective[] = (model.objectives ?? []).map((o, i) => {
    c.ctx = constraintContext(o.label ?? `objective ${i + 1}`, o.source);
    const out = linearForm(o.sense, c.linearize(o.expr));
    if (o.label !== undefined) out.label = o.label;
    return out;
  });
  // The price comes last, so its auxiliaries can move out of the CNF (nothing compiled after them
  // refers to them). A term too large to compile is left out, named in `costProblem`, rather than
  // making the product unconfigurable; what it compiled on the way only defines unused auxiliaries.
  let cost: CompiledObjective | undefined;
  const costProblems: string[] = [];
  if (model.cost) {
    c.ctx = { what: 'price' };
    const mark = { vars: c.cnf.numVars, clauses: c.cnf.clauses.length };
    const terms = model.cost.op === 'sum' ? model.cost.args : [model.cost];
    const total: Linear = constantLinear(0);
    for (const term of terms) {
      try {
        addLinear(total, c.linearize(term));
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        costProblems.push(e.message);
      }
    }
    cost = linearForm('minimize', total);
    cost.label = 'price';
    const clauses = c.cnf.clauses.splice(mark.clauses);
    c.cnf.owners.splice(mark.clauses);
    if (c.cnf.numVars > mark.vars || clauses.length > 0) cost.definitions = { numVars: c.cnf.numVars, clauses };
    c.cnf.numVars = mark.vars;
  }

  const productLits = variables.reduce((n, v) => n + (v.lits.length === 2 && v.lits[0] === -v.lits[1] ? 1 : v.lits.length), 0);
  const stats: CompileStats = {
    productVariables: variables.length,
    cnfVariables: c.cnf.numVars,
    clauses: c.cnf.clauses.length,
    auxiliaryVariables: c.cnf.numVars - productLits,
    mddNodes: c.stats.mddNodes,
    mddEdges: c.stats.mddEdges,
    milliseconds: performance.now() - start,
  };
  const compiled: CompiledModel = { cnf: c.cnf, variables, byName, constraints, declaration: model };
  if (objectives.length > 0) compiled.objectives = objectives;
  if (cost) compiled.cost = cost;
  if (costProblems.length > 0) compiled.costProblem = costProblems.join('; ');
  return { model: compiled, stats };
}

/**
 * The CNF of a product model: one literal per value (exactly one true), constraints as clauses, tables
 * and linear constraints through MDDs. CNF models correspond one-to-one with valid configurations.
 * Throws ModelError for a malformed model.
 */
export function compile(input: Model | ModelBuilder, options: CompileOptions = {}): CompiledModel {
  return compileWithStats(input, options).model;
}
