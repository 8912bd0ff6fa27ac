import { ModelBuilder } from '../model/builder.ts';
import type { Value } from '../model/compiled.ts';
import type { CmpOp, Formula, IntExpr, TableEntry } from '../model/formula.ts';
import { domainOf } from '../model/model.ts';

/*
 * Random small declared models (optional variables with conditions, formulas, sums, counts, min/max,
 * tables): small enough to enumerate, varied enough to catch what hand-written cases miss.
 */

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** The model of one seed: 3-5 variables, 1-2 rules. */
export function randomModel(seed: number): ModelBuilder {
  const r = rng(seed);
  const b = new ModelBuilder();
  const names: string[] = [];
  const nVars = 3 + r(3);
  for (let i = 0; i < nVars; i++) {
    const name = `v${i}`;
    const optional = i > 0 && r(4) === 0 ? { when: { op: 'eq', var: names[0], value: domainOf(b.build().variables[0])[r(2)] } as Formula } : undefined;
    const kind = r(3);
    if (kind === 0) b.bool(name, { optional });
    else if (kind === 1) b.enum(name, ['a', 'b', 'c'].slice(0, 2 + r(2)), { optional });
    else b.int(name, { values: [-1, 0, 2, 3].slice(r(2), 3 + r(2)) }, { optional });
    names.push(name);
  }
  const model = b.build();
  const dom = (name: string): Value[] => domainOf(model.variables.find((v) => v.name === name)!);
  const pick = <T>(xs: T[]): T => xs[r(xs.length)];
  const numeric = names.filter((n) => model.variables.find((v) => v.name === n)!.kind !== 'enum');
  const expr = (depth: number): IntExpr => {
    const k = depth <= 0 ? r(3) : r(9);
    const v = pick(names);
    switch (k) {
      case 0:
        return { op: 'num', value: r(5) - 2 };
      case 1:
        return numeric.length > 0 ? { op: 'val', var: pick(numeric) } : { op: 'num', value: 1 };
      case 2: {
        const table: Record<string, number> = {};
        for (const x of dom(v)) if (x !== null && r(3) > 0) table[String(x)] = r(7) - 3;
        return { op: 'attr', var: v, table };
      }
      case 3:
        return { op: 'sum', args: [expr(depth - 1), expr(depth - 1), expr(depth - 1)] };
      case 4:
        return { op: 'scale', k: r(5) - 2, arg: expr(depth - 1) };
      case 5:
        return { op: 'count', args: [formula(depth - 1), formula(depth - 1)] };
      case 6:
        return { op: r(2) ? 'min' : 'max', args: [expr(depth - 1), expr(depth - 1)] };
      default:
        return { op: 'ite', cond: formula(depth - 1), then: expr(depth - 1), else: expr(depth - 1) };
    }
  };
  const formula = (depth: number): Formula => {
    const k = depth <= 0 ? r(2) : r(11);
    const v = pick(names);
    switch (k) {
      case 0:
        return { op: 'eq', var: v, value: pick(dom(v)) };
      case 1:
        return { op: 'in', var: v, values: dom(v).filter(() => r(2) === 0) };
      case 2:
        return { op: 'not', arg: formula(depth - 1) };
      case 3:
      case 4:
        return { op: k === 3 ? 'and' : 'or', args: [formula(depth - 1), formula(depth - 1), formula(depth - 1)] };
      case 5:
        return { op: pick(['implies', 'iff', 'xor'] as const), args: [formula(depth - 1), formula(depth - 1)] };
      case 6:
      case 7:
        return { op: pick(['atMost', 'atLeast', 'exactly'] as const), k: r(3), args: [formula(depth - 1), formula(depth - 1), formula(depth - 1)] };
      default:
        return { op: 'cmp', cmp: pick<CmpOp>(['<', '<=', '=', '!=', '>=', '>']), left: expr(depth - 1), right: expr(depth - 1) };
    }
  };
  const nConstraints = 1 + r(2);
  for (let i = 0; i < nConstraints; i++) {
    if (r(3) === 0) {
      const vars = [pick(names), pick(names), pick(names)];
      const tuples: TableEntry[][] = [];
      for (let t = 0, n = 1 + r(10); t < n; t++) tuples.push(vars.map((x) => (r(5) === 0 ? '*' : r(5) === 0 ? dom(x).filter(() => r(2) === 0) : pick(dom(x)))));
      b.table(vars, tuples, r(3) === 0 ? 'allowed' : 'forbidden', `table ${i}`);
    } else b.constrain(formula(2), `rule ${i}`);
  }
  return b;
}
