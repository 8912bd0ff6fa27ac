import type { SourcePosition, Value } from './compiled.ts';

/*
 * Constraints are plain JSON-able data over variable names, so the modelling-language parser,
 * importers and the browser can all build, store and ship them without touching the compiler.
 */

export type CmpOp = '<' | '<=' | '=' | '!=' | '>=' | '>';

export type Formula =
  | { op: 'const'; value: boolean }
  /** True when the variable takes this value; `value: null` tests "absent". */
  | { op: 'eq'; var: string; value: Value }
  | { op: 'in'; var: string; values: Value[] }
  | { op: 'not'; arg: Formula }
  | { op: 'and' | 'or'; args: Formula[] }
  | { op: 'implies' | 'iff' | 'xor'; args: [Formula, Formula] }
  | { op: 'atMost' | 'atLeast' | 'exactly'; k: number; args: Formula[] }
  | { op: 'cmp'; cmp: CmpOp; left: IntExpr; right: IntExpr };

export type IntExpr =
  | { op: 'num'; value: number }
  /** Value of an int variable (a boolean counts 0/1); absent counts 0. */
  | { op: 'val'; var: string }
  /** Attribute of the chosen value, keyed by String(value); absent, or a value missing from the table, counts 0. */
  | { op: 'attr'; var: string; table: Record<string, number> }
  | { op: 'sum'; args: IntExpr[] }
  | { op: 'scale'; k: number; arg: IntExpr }
  /**
   * Product of two quantities that may both depend on the choices (`width * depth`). Not linear: the
   * compiler gives it an auxiliary integer defined by a table over the two operands' values.
   */
  | { op: 'mul'; args: [IntExpr, IntExpr] }
  /** Number of true formulas. */
  | { op: 'count'; args: Formula[] }
  /** At least one argument is required: min/max of nothing has no value (repeat aggregates define it as 0). */
  | { op: 'min' | 'max'; args: IntExpr[] }
  | { op: 'ite'; cond: Formula; then: IntExpr; else: IntExpr };

/** A table entry: one value, `'*'` for any value of the column's variable, or an array meaning any of these values. */
export type TableEntry = Value | Value[];

export interface TableSpec {
  vars: string[];
  tuples: TableEntry[][];
  kind: 'allowed' | 'forbidden';
}

export interface ConstraintMeta {
  label: string;
  explanation?: string;
  source?: SourcePosition;
}

export type ConstraintBody =
  | { kind: 'formula'; formula: Formula }
  /** `when`: the table only has to hold when this formula is true (used inside repeated components). */
  | { kind: 'table'; table: TableSpec; when?: Formula };

export type ConstraintDecl = ConstraintMeta & ConstraintBody;

/** Small constructors: the data is what matters, these only save keystrokes. */
export const F = {
  t: (): Formula => ({ op: 'const', value: true }),
  f: (): Formula => ({ op: 'const', value: false }),
  eq: (v: string, value: Value): Formula => ({ op: 'eq', var: v, value }),
  in: (v: string, values: Value[]): Formula => ({ op: 'in', var: v, values }),
  not: (arg: Formula): Formula => ({ op: 'not', arg }),
  and: (...args: Formula[]): Formula => ({ op: 'and', args }),
  or: (...args: Formula[]): Formula => ({ op: 'or', args }),
  implies: (a: Formula, b: Formula): Formula => ({ op: 'implies', args: [a, b] }),
  iff: (a: Formula, b: Formula): Formula => ({ op: 'iff', args: [a, b] }),
  xor: (a: Formula, b: Formula): Formula => ({ op: 'xor', args: [a, b] }),
  atMost: (k: number, ...args: Formula[]): Formula => ({ op: 'atMost', k, args }),
  atLeast: (k: number, ...args: Formula[]): Formula => ({ op: 'atLeast', k, args }),
  exactly: (k: number, ...args: Formula[]): Formula => ({ op: 'exactly', k, args }),
  cmp: (left: IntExpr, cmp: CmpOp, right: IntExpr): Formula => ({ op: 'cmp', cmp, left, right }),
  /** A boolean variable is true. */
  is: (v: string): Formula => ({ op: 'eq', var: v, value: true }),
  present: (v: string): Formula => ({ op: 'not', arg: { op: 'eq', var: v, value: null } }),
};

export const E = {
  num: (value: number): IntExpr => ({ op: 'num', value }),
  val: (v: string): IntExpr => ({ op: 'val', var: v }),
  attr: (v: string, table: Record<string, number>): IntExpr => ({ op: 'attr', var: v, table }),
  sum: (...args: IntExpr[]): IntExpr => ({ op: 'sum', args }),
  scale: (k: number, arg: IntExpr): IntExpr => ({ op: 'scale', k, arg }),
  mul: (a: IntExpr, b: IntExpr): IntExpr => ({ op: 'mul', args: [a, b] }),
  count: (...args: Formula[]): IntExpr => ({ op: 'count', args }),
  min: (...args: IntExpr[]): IntExpr => ({ op: 'min', args }),
  max: (...args: IntExpr[]): IntExpr => ({ op: 'max', args }),
  ite: (cond: Formula, then: IntExpr, otherwise: IntExpr): IntExpr => ({ op: 'ite', cond, then, else: otherwise }),
};

/** Every variable name a formula mentions, in first-seen order. */
export function formulaVars(f: Formula, out: Set<string> = new Set()): Set<string> {
  switch (f.op) {
    case 'const':
      break;
    case 'eq':
    case 'in':
      out.add(f.var);
      break;
    case 'not':
      formulaVars(f.arg, out);
      break;
    case 'and':
    case 'or':
    case 'implies':
    case 'iff':
    case 'xor':
    case 'atMost':
    case 'atLeast':
    case 'exactly':
      for (const a of f.args) formulaVars(a, out);
      break;
    case 'cmp':
      exprVars(f.left, out);
      exprVars(f.right, out);
      break;
  }
  return out;
}

export function exprVars(e: IntExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.op) {
    case 'num':
      break;
    case 'val':
    case 'attr':
      out.add(e.var);
      break;
    case 'sum':
    case 'min':
    case 'max':
    case 'mul':
      for (const a of e.args) exprVars(a, out);
      break;
    case 'scale':
      exprVars(e.arg, out);
      break;
    case 'count':
      for (const a of e.args) formulaVars(a, out);
      break;
    case 'ite':
      formulaVars(e.cond, out);
      exprVars(e.then, out);
      exprVars(e.else, out);
      break;
  }
  return out;
}
