import type { ConstraintDecl, Formula, IntExpr, SourcePosition, TableEntry, Value } from '@atelier/engine';
import { FALSE, TRUE } from './formulas.ts';
import type { Pos } from './ast.ts';
import type { DiagnosticSink } from './sink.ts';
import { type DomainLookup, possibleValues } from './value-sets.ts';

/** A definition table larger than this is refused: the product of two features' domains is too big. */
export const MAX_PRODUCT_ROWS = 400_000;
/** Largest domain of a helper variable standing for a sub-expression of a product. */
export const MAX_HELPER_VALUES = 20_000;

export interface HelperVariable {
  name: string;
  values: number[];
}

export interface Column {
  variable: string;
  /** The factor's number for each value of the variable (absent counts 0). */
  value: (v: Value) => number;
}

function numeric(v: Value): number {
  return typeof v === 'number' ? v : v === true ? 1 : 0;
}

/**
 * Products of features (`length * width * height`) are not linear, so the engine cannot compile them
 * directly. Each product of two factors becomes a hidden variable defined by a table of every pair of
 * the factors' values; longer products chain such tables. The tables are exact, so the product is too.
 */
export class ProductHelpers {
  readonly variables: HelperVariable[] = [];
  /** Hidden Booleans "a variable's number is at least t" (see `atLeast`). */
  readonly flags: string[] = [];
  readonly constraints: ConstraintDecl[] = [];
  private readonly cache = new Map<string, string>();
  private readonly ladders = new Map<string, { readings: number[]; flags: string[] }>();
  private readonly own = new Map<string, number[]>();

  constructor(
    private readonly outer: DomainLookup,
    private readonly file: string,
    private readonly sink: DiagnosticSink,
  ) {}

  readonly domain: DomainLookup = (name) => this.own.get(name) ?? this.outer(name);

  /**
   * The product of the factors as an expression over a new hidden variable; null (reported) when too
   * large. `last` maps the final product to what the caller needs (a comparison folds it into a
   * small threshold, see Translator), which keeps the last variable's domain small.
   */
  product(factors: IntExpr[], pos: Pos, label: string, last?: { key: string; map: (z: number) => number }): IntExpr | null {
    const key = JSON.stringify(factors) + (last ? `|${last.key}` : '');
    const hit = this.cache.get(key);
    if (hit) return { op: 'val', var: hit };
    let left = this.factor(factors[0], pos, label);
    if (!left) return null;
    for (let k = 1; k < factors.length; k++) {
      const right = this.factor(factors[k], pos, label);
      if (!right) return null;
      const a = this.domain(left.variable) ?? [];
      const b = this.domain(right.variable) ?? [];
      if (a.length * b.length > MAX_PRODUCT_ROWS) {
        this.sink.error(
          'too-large',
          `the product in "${label}" needs a table of ${a.length * b.length} rows (at most ${MAX_PRODUCT_ROWS})`,
          pos,
          'narrow the ranges of the multiplied features',
        );
        return null;
      }
      const final = k === factors.length - 1 && last ? last.map : (z: number): number => z;
      // The smaller domain first: the table's decision diagram branches less at the top.
      const [p, q] = a.length <= b.length ? [left, right] : [right, left];
      const rows: TableEntry[][] = [];
      const values = new Set<number>();
      for (const x of this.domain(p.variable) ?? [])
        for (const y of this.domain(q.variable) ?? []) {
          const z = final(p.value(x) * q.value(y));
          values.add(z);
          rows.push([x, y, z]);
        }
      const name = this.helper([...values].sort((u, w) => u - w));
      this.constraints.push({
        label: `${label} (product ${this.variables.length})`,
        source: this.at(pos),
        kind: 'table',
        table: { vars: [p.variable, q.variable, name], tuples: rows, kind: 'allowed' },
      });
      left = { variable: name, value: numeric };
    }
    this.cache.set(key, left.variable);
    return { op: 'val', var: left.variable };
  }

  private at(pos: Pos): SourcePosition {
    return { file: this.file, line: pos.line, column: pos.column };
  }

  private helper(values: number[]): string {
    const name = `$coom.product${this.variables.length + 1}`;
    this.variables.push({ name, values });
    this.own.set(name, values);
    return name;
  }

  /**
   * "The column's number is at least t" as a formula over a hidden Boolean. Each variable gets one
   * ladder of such Booleans, one per distinct number, each defined from the next: a comparison of a
   * product with a threshold then costs one short clause per threshold instead of a long one.
   */
  atLeast(column: Column, key: string, t: number): Formula {
    const ladderKey = `${column.variable}|${key}`;
    let ladder = this.ladders.get(ladderKey);
    if (!ladder) {
      const values = this.domain(column.variable) ?? [];
      const readings = [...new Set(values.map(column.value))].sort((a, b) => a - b);
      const flags: string[] = readings.map(() => '');
      let above: Formula = FALSE;
      const definitions: Formula[] = [];
      for (let i = readings.length - 1; i >= 1; i--) {
        const name = `$coom.atLeast${this.flags.length + 1}`;
        this.flags.push(name);
        flags[i] = name;
        const here: Formula = { op: 'in', var: column.variable, values: values.filter((v) => column.value(v) === readings[i]) };
        const flag: Formula = { op: 'eq', var: name, value: true };
        definitions.push({ op: 'iff', args: [flag, above.op === 'const' ? here : { op: 'or', args: [above, here] }] });
        above = flag;
      }
      if (definitions.length > 0)
        this.constraints.push({ label: `thresholds of ${column.variable}`, kind: 'formula', formula: { op: 'and', args: definitions } });
      ladder = { readings, flags };
      this.ladders.set(ladderKey, ladder);
    }
    const i = ladder.readings.findIndex((r) => r >= t);
    if (i < 0) return FALSE;
    if (i === 0) return TRUE;
    return { op: 'eq', var: ladder.flags[i], value: true };
  }

  /** A factor as a table column: a variable read directly or through an attribute, else a helper for it. */
  factor(f: IntExpr, pos: Pos, label: string): Column | null {
    if (f.op === 'val') return { variable: f.var, value: numeric };
    if (f.op === 'attr') {
      const table = f.table;
      return { variable: f.var, value: (v) => (v === null ? 0 : (table[String(v)] ?? 0)) };
    }
    const values = possibleValues(f, this.domain, MAX_HELPER_VALUES);
    if (!values) {
      this.sink.error('too-large', `a factor of the product in "${label}" can take more than ${MAX_HELPER_VALUES} values`, pos);
      return null;
    }
    const name = this.helper(values);
    this.constraints.push({
      label: `${label} (factor of a product)`,
      source: this.at(pos),
      kind: 'formula',
      formula: { op: 'cmp', cmp: '=', left: { op: 'val', var: name }, right: f },
    });
    return { variable: name, value: numeric };
  }
}
