import type { Formula, IntExpr, Value } from '@atelier/engine';
import type { Pos } from './ast.ts';
import { FALSE, TRUE, isFalse, isTrue, not, or } from './formulas.ts';
import type { Column, ProductHelpers } from './products.ts';

/** Comparisons needing more clauses than this take the general route (a threshold table). */
const MAX_CLAUSES = 300_000;

function numeric(v: Value): number {
  return typeof v === 'number' ? v : v === true ? 1 : 0;
}

/**
 * `c·f1·…·fn o g·v` for a single variable v, with non-negative factors and c, g > 0, as clauses over
 * threshold Booleans: for each value u of v and each value z of the smallest factor Z,
 * "v ≥ u and Z = z" requires "rest ≥ m" (or the mirror image for `<=`), where rest is the exact
 * product of the other factors. `requestedVolume * 1000 <= length * width * height` then costs about
 * a hundred thousand short clauses and propagates well; a table of every (rest, Z) pair would cost
 * several times more and search far worse. Null when the shape or the signs do not fit.
 */
export function monotoneComparison(
  helpers: ProductHelpers,
  factors: IntExpr[],
  c: number,
  g: number,
  o: '<' | '<=' | '>' | '>=',
  v: string,
  pos: Pos,
  label: string,
): Formula | null {
  if (!(c > 0) || !(g > 0)) return null;
  const columns: Column[] = [];
  for (const f of factors) {
    const col = helpers.factor(f, pos, label);
    if (!col) return null;
    columns.push(col);
  }
  const size = (col: Column): number => (helpers.domain(col.variable) ?? []).length;
  let zi = 0;
  columns.forEach((col, i) => {
    if (size(col) < size(columns[zi])) zi = i;
  });
  const z = columns[zi];
  const restFactors = factors.filter((_, i) => i !== zi);
  let rest: Column;
  if (restFactors.length === 1) rest = columns[zi === 0 ? 1 : 0];
  else {
    const p = helpers.product(restFactors, pos, label);
    if (!p || p.op !== 'val') return null;
    rest = { variable: p.var, value: numeric };
  }
  const zValues = helpers.domain(z.variable) ?? [];
  const restReadings = [...new Set((helpers.domain(rest.variable) ?? []).map(rest.value))].sort((a, b) => a - b);
  const vValues = helpers.domain(v) ?? [];
  const vReadings = [...new Set(vValues.map(numeric))].sort((a, b) => a - b);
  if (restReadings.length === 0 || restReadings[0] < 0 || zValues.some((x) => z.value(x) < 0)) return null;
  if (!vReadings.every((r) => Number.isInteger(r))) return null;
  if (vReadings.length * zValues.length > MAX_CLAUSES) return null;
  const vColumn: Column = { variable: v, value: numeric };
  const minRest = restReadings[0];
  const maxRest = restReadings[restReadings.length - 1];
  const clauses: Formula[] = [];
  const clause = (...lits: Formula[]): void => {
    const f = or(...lits);
    if (!isTrue(f)) clauses.push(f);
  };
  const zIs = (x: Value): Formula => ({ op: 'eq', var: z.variable, value: x });
  for (const x of zValues) {
    const fz = z.value(x);
    let previous: number | undefined;
    if (o === '>=' || o === '>') {
      // v >= u needs c·rest·fz >= g·u (or >): rest >= m.
      for (const u of vReadings) {
        const vAtLeast = helpers.atLeast(vColumn, 'n', u);
        if (fz === 0) {
          if (o === '>=' ? 0 >= g * u : 0 > g * u) continue;
          clause(not(vAtLeast), not(zIs(x)));
          break;
        }
        const m = o === '>=' ? Math.ceil((g * u) / (c * fz)) : Math.floor((g * u) / (c * fz)) + 1;
        if (m <= minRest) continue;
        if (m === previous) continue;
        previous = m;
        const restAtLeast = helpers.atLeast(rest, 'r', m);
        clause(not(vAtLeast), not(zIs(x)), restAtLeast);
        if (isFalse(restAtLeast)) break;
      }
    } else {
      // v <= u needs c·rest·fz <= g·u (or <): rest <= m. "v <= u" is "not v >= next value".
      for (let k = vReadings.length - 1; k >= 0; k--) {
        const u = vReadings[k];
        const vAbove = k + 1 < vReadings.length ? helpers.atLeast(vColumn, 'n', vReadings[k + 1]) : FALSE;
        if (fz === 0) {
          if (o === '<=' ? 0 <= g * u : 0 < g * u) continue;
          clause(vAbove, not(zIs(x)));
          break;
        }
        const m = o === '<=' ? Math.floor((g * u) / (c * fz)) : Math.ceil((g * u) / (c * fz)) - 1;
        if (m >= maxRest) continue;
        if (m === previous) continue;
        previous = m;
        const restAbove = m < minRest ? TRUE : helpers.atLeast(rest, 'r', m + 1);
        clause(vAbove, not(zIs(x)), not(restAbove));
        if (m < minRest) break;
      }
    }
  }
  return clauses.length === 0 ? TRUE : clauses.length === 1 ? clauses[0] : { op: 'and', args: clauses };
}
