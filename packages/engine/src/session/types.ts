import type { CompiledConstraint, Value } from '../model/compiled.ts';

/** Who gave a variable its value. The engine never overrides a user's choice. */
export type Setter = 'user' | 'default' | 'engine';

export interface Assignment {
  variable: string;
  value: Value;
  by: Setter;
}

/**
 * What a variable can still become, given the user's choices (global consistency: no dead ends).
 * Frozen: a session hands out the same object again while the variable's domain stays the same.
 */
export interface VariableDomain {
  variable: string;
  /** Values that extend to at least one complete valid configuration. */
  possible: Value[];
  /** Values that cannot, whatever else is chosen. */
  impossible: Value[];
  /** Set when exactly one value is possible. */
  forced?: Value;
  /** The user's own choice, if any. */
  chosen?: Value;
}

export type Explanation =
  | { kind: 'possible' }
  /** A minimal set of the user's choices that together exclude the value: retracting any one of them frees it. */
  | { kind: 'choices'; choices: Assignment[]; constraints: CompiledConstraint[] }
  /** No choice of the user's is involved: the model itself excludes the value (a dead value). */
  | { kind: 'model'; constraints: CompiledConstraint[] };

/** The fewest user choices to retract so that `variable = value` becomes possible. */
export interface Repair {
  variable: string;
  value: Value;
  retract: Assignment[];
}

export type CompletionStrategy =
  | { kind: 'defaults' }
  | { kind: 'cheapest'; timeoutMs?: number }
  /** The model's own objectives (minimize / maximize), in priority order. */
  | { kind: 'optimize'; timeoutMs?: number }
  | { kind: 'preferences'; order: Record<string, Value[]> };

export interface Completion {
  assignments: Assignment[];
  /** Cost of the completion, for every strategy: the model's price when it has one, else the sum of value costs. */
  cost: number;
  /** For "cheapest" and "optimize": true when the optimum was proved; false when the time budget ran out first. */
  optimal: boolean;
  /** For "optimize": the value reached for each objective, in priority order. */
  objectives?: number[];
}

export interface CountResult {
  /** Exact number of valid completions of the current choices, or null when the budget ran out. */
  count: bigint | null;
  seconds: number;
}
