import type { Cnf, Lit } from '../sat/cnf.ts';
import type { Model } from './model.ts';

/** A value a product variable can take. `null` is "absent": the variable does not apply (its component is not chosen). */
export type Value = string | number | boolean | null;

export type VariableKind = 'bool' | 'enum' | 'int';

/** Where a model element was written, so diagnostics can point at it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * A product variable after compilation. `lits[i]` is true exactly when the variable takes `values[i]`;
 * in every solution exactly one of `lits` is true. For a boolean variable the two literals are
 * complementary (`[-v, +v]` for `[false, true]`).
 */
export interface CompiledVariable {
  name: string;
  kind: VariableKind;
  values: Value[];
  lits: Lit[];
  /** Auxiliary variables (introduced by aggregates, repeated components' counters, ...) are not offered to users. */
  hidden: boolean;
  /** Index into `values` of the model's default, if any. */
  defaultIndex?: number;
  /** Cost of each value for "cheapest" completion (same length as values); absent means zero. */
  costs?: number[];
  label?: string;
  source?: SourcePosition;
}

export interface CompiledConstraint {
  /** Short name used in error messages and explanations, e.g. "table relPourcontrainte5" or "cpu requires board". */
  label: string;
  /** Text to show a customer when this rule blocks a value (COOM `explanation`). */
  explanation?: string;
  source?: SourcePosition;
}

/**
 * The model as the session sees it: a CNF whose solutions correspond one-to-one with the product's valid
 * configurations. Every auxiliary CNF variable is functionally determined by the product variables (and
 * unit propagation derives it once they are all set), so a model count over the CNF is the number of
 * configurations.
 */
export interface CompiledModel {
  cnf: Cnf;
  variables: CompiledVariable[];
  byName: Map<string, number>;
  /** `cnf.owners[i]` indexes this array (or is -1 for structural clauses such as exactly-one). */
  constraints: CompiledConstraint[];
  /** The model's objectives as linear forms over literals, in priority order. */
  objectives?: CompiledObjective[];
  /** The model's `cost` as a linear form to minimise. */
  cost?: CompiledObjective;
  /** Terms of the model's `cost` that could not be compiled (too large a product, say) and are left out of it. */
  costProblem?: string;
  /**
   * The declared model this was compiled from (its variables are the first `variables`, in order):
   * its rules, evaluated directly, check a configuration without the solver. Absent for a bare CNF.
   */
  declaration?: Model;
}

/** `constant + Σ weights[i] · lits[i]` (a true literal counts its weight), to minimise or maximise. */
export interface CompiledObjective {
  sense: 'minimize' | 'maximize';
  lits: Lit[];
  weights: number[];
  constant: number;
  label?: string;
  /**
   * Clauses defining auxiliaries that only this form uses (CNF variables `cnf.numVars + 1` to
   * `numVars`), kept out of `cnf`: counting and analysis need not carry a price's products.
   */
  definitions?: { numVars: number; clauses: Lit[][] };
}
