import type { SourcePosition, Value, VariableKind } from './compiled.ts';
import type { ConstraintDecl, Formula, IntExpr } from './formula.ts';
import { ModelError, modelError, variableContext } from './errors.ts';

/** Larger integer domains are refused: one literal per value would swamp the solver long before they helped anyone. */
export const MAX_DOMAIN_SIZE = 100_000;

/** A product variable as declared: plain data, like constraints. */
export interface VariableDecl {
  name: string;
  kind: VariableKind;
  /** The real values, without `null`; absence is declared with `optional`. */
  values: Value[];
  /**
   * The variable may be absent (`null`). With `when`, it is absent exactly when the condition is false;
   * without, absence is an ordinary value that other constraints may restrict (importers' "joker" values).
   */
  optional?: { when?: Formula };
  default?: Value;
  /** Cost of each real value, parallel to `values` (absence costs nothing). */
  costs?: number[];
  hidden?: boolean;
  label?: string;
  source?: SourcePosition;
}

/** A finite-domain product model: what the builder produces and the compiler consumes. */
export interface Model {
  variables: VariableDecl[];
  constraints: ConstraintDecl[];
  /** What "best" means when the engine completes a configuration, in priority order. */
  objectives?: ObjectiveDecl[];
  /**
   * The price of a configuration, which the "cheapest" completion minimises (decimals, products and
   * conditions allowed, negative terms too). Without it, the values' `costs` add up instead.
   */
  cost?: IntExpr;
}

/** Minimise or maximise a linear integer expression (a sum of attributes of the chosen values, say). */
export interface ObjectiveDecl {
  sense: 'minimize' | 'maximize';
  expr: IntExpr;
  label?: string;
  source?: SourcePosition;
}

/** The full list of values a compiled variable gets: `null` first when it may be absent. */
export function domainOf(v: VariableDecl): Value[] {
  return v.optional ? [null, ...v.values] : v.values.slice();
}

/** Identity of a value across types: 3 and "3" differ. */
export function valueKey(v: Value): string {
  return v === null ? 'null' : `${typeof v}:${String(v)}`;
}

/** Checks one declaration on its own; throws ModelError naming the variable. */
export function validateVariable(v: VariableDecl): void {
  const ctx = variableContext(v.name, v.source);
  if (typeof v.name !== 'string' || v.name.length === 0) throw new ModelError('a variable has an empty name', v.name, v.source);
  if (v.values.length === 0) throw modelError(ctx, 'empty domain');
  if (v.values.length > MAX_DOMAIN_SIZE)
    throw modelError(ctx, `integer domain too large (${v.values.length} values, at most ${MAX_DOMAIN_SIZE})`);
  const seen = new Set<string>();
  for (const value of v.values) {
    if (value === null) throw modelError(ctx, 'null is not a value: declare the variable optional instead');
    const ok =
      v.kind === 'bool' ? typeof value === 'boolean' : v.kind === 'int' ? Number.isSafeInteger(value) : typeof value === 'string';
    if (!ok) throw modelError(ctx, `value ${JSON.stringify(value)} does not fit a ${v.kind} variable`);
    const key = valueKey(value);
    if (seen.has(key)) throw modelError(ctx, `value ${JSON.stringify(value)} listed twice`);
    seen.add(key);
  }
  if (v.default !== undefined && !v.values.includes(v.default) && !(v.default === null && v.optional))
    throw modelError(ctx, `default ${JSON.stringify(v.default)} is not in the domain`);
  if (v.costs !== undefined) {
    if (v.costs.length !== v.values.length)
      throw modelError(ctx, `${v.costs.length} costs for ${v.values.length} values`);
    for (const c of v.costs) if (!Number.isFinite(c)) throw modelError(ctx, `cost ${c} is not a finite number`);
  }
}

/** An integer domain from bounds, refusing absurd sizes before allocating them. */
export function intRange(name: string, min: number, max: number, source?: SourcePosition): number[] {
  const ctx = variableContext(name, source);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) throw modelError(ctx, `bounds ${min}..${max} are not integers`);
  if (max < min) throw modelError(ctx, `empty domain (${min}..${max})`);
  if (max - min + 1 > MAX_DOMAIN_SIZE)
    throw modelError(ctx, `integer domain too large (${min}..${max} has ${max - min + 1} values, at most ${MAX_DOMAIN_SIZE})`);
  const out: number[] = [];
  for (let i = min; i <= max; i++) out.push(i);
  return out;
}
