import type { Formula } from '@atelier/engine';
import type { NumExpr } from '../product.ts';
import type { Pos } from './ast.ts';
import type { Member, Scope } from './scope.ts';

/** Why a numeric expression cannot be part of a condition, and where. */
export interface NonLinear {
  pos: Pos;
  why: string;
}

/**
 * An expression once its names are resolved: a condition, a number, a symbol (the chosen value of a
 * choice, or a symbolic attribute of it), a string, one of these per instance of a repeated
 * component, a component, or a bare name whose meaning depends on where it is used (`r5_7600` in
 * `cpu = r5_7600`). `what` names it in messages.
 */
export type Typed =
  | { t: 'bool'; f: Formula; what: string; asNum?: NumExpr }
  | { t: 'num'; e: NumExpr; what: string; nl?: NonLinear; var?: string; values?: number[] }
  /** `table`: value of `var` → symbol; `symbols`: every symbol it can be. */
  /** `choice`: the choice itself (its value names), not one of its attributes. */
  | { t: 'sym'; var: string; table: Record<string, string>; symbols: string[]; type?: string; what: string; hint?: string; choice?: boolean }
  | { t: 'str'; value: string; what: string }
  /**
   * `kept`: the item's value need not be 0 when its instance does not exist (`module.width + 10`), so
   * a sum must guard it with the instance's existence; a plain path's value is absent, hence 0.
   */
  | { t: 'many'; items: { item: Typed; exists: Formula; kept?: boolean }[]; what: string }
  | { t: 'component'; member: Member; instance?: Scope; what: string }
  | { t: 'name'; name: string; type?: string; pos: Pos; what: string }
  /** Already reported. */
  | { t: 'err'; what: string };

export const ERR: Typed = { t: 'err', what: 'an invalid expression' };

export function isTrue(f: Formula): boolean {
  return f.op === 'const' && f.value;
}

export function and(a: Formula | undefined, b: Formula | undefined): Formula | undefined {
  if (!a || isTrue(a)) return b;
  if (!b || isTrue(b)) return a;
  return { op: 'and', args: [a, b] };
}

/** `var` takes one of `values` (false when there are none). */
export function oneOf(v: string, values: string[]): Formula {
  if (values.length === 0) return { op: 'const', value: false };
  if (values.length === 1) return { op: 'eq', var: v, value: values[0] };
  return { op: 'in', var: v, values };
}

export function firstNonLinear(...xs: (Typed | undefined)[]): NonLinear | undefined {
  for (const x of xs) if (x?.t === 'num' && x.nl) return x.nl;
  return undefined;
}
