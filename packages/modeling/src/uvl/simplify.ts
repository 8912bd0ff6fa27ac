import { F, type Formula } from '@atelier/engine';
import type { ConstraintDecl } from '@atelier/engine';

function isConst(f: Formula, value: boolean): boolean {
  return f.op === 'const' && f.value === value;
}

/** Folds constants away, so that `true`/`false` (which UVL cannot write) remain only as a whole rule. */
export function simplify(f: Formula): Formula {
  switch (f.op) {
    case 'and':
    case 'or': {
      const unit = f.op === 'and';
      const args: Formula[] = [];
      for (const a of f.args) {
        const s = simplify(a);
        if (isConst(s, !unit)) return F[unit ? 'f' : 't']();
        if (!isConst(s, unit)) args.push(s);
      }
      if (args.length === 0) return F[unit ? 't' : 'f']();
      return args.length === 1 ? args[0] : { op: f.op, args };
    }
    case 'not': {
      const a = simplify(f.arg);
      if (a.op === 'const') return { op: 'const', value: !a.value };
      return a.op === 'not' ? a.arg : F.not(a);
    }
    case 'implies': {
      const a = simplify(f.args[0]);
      const b = simplify(f.args[1]);
      if (isConst(a, false) || isConst(b, true)) return F.t();
      if (isConst(a, true)) return b;
      if (isConst(b, false)) return simplify(F.not(a));
      return F.implies(a, b);
    }
    case 'iff':
    case 'xor': {
      const a = simplify(f.args[0]);
      const b = simplify(f.args[1]);
      const same = f.op === 'iff';
      if (a.op === 'const') return simplify(a.value === same ? b : F.not(b));
      if (b.op === 'const') return simplify(b.value === same ? a : F.not(a));
      return same ? F.iff(a, b) : F.not(F.iff(a, b));
    }
    case 'atMost':
    case 'atLeast':
    case 'exactly': {
      let k = f.k;
      const args: Formula[] = [];
      for (const a of f.args) {
        const s = simplify(a);
        if (isConst(s, true)) k--;
        else if (!isConst(s, false)) args.push(s);
      }
      const n = args.length;
      if (f.op === 'atLeast') {
        if (k <= 0) return F.t();
        if (k > n) return F.f();
        return k === n ? simplify(F.and(...args)) : k === 1 ? simplify(F.or(...args)) : F.atLeast(k, ...args);
      }
      if (f.op === 'atMost') {
        if (k < 0) return F.f();
        if (k >= n) return F.t();
        return k === 0 ? simplify(F.and(...args.map((a) => F.not(a)))) : F.atMost(k, ...args);
      }
      if (k < 0 || k > n) return F.f();
      if (k === 0) return simplify(F.and(...args.map((a) => F.not(a))));
      if (k === n) return simplify(F.and(...args));
      return F.exactly(k, ...args);
    }
    case 'in':
      return f.values.length === 0 ? F.f() : f.values.length === 1 ? F.eq(f.var, f.values[0]) : f;
    default:
      return f;
  }
}

/** A table constraint as a formula: allowed tuples as a disjunction, forbidden ones as negated conjunctions. */
export function tableFormula(decl: ConstraintDecl & { kind: 'table' }): Formula {
  const { vars, tuples, kind } = decl.table;
  const row = (tuple: (typeof tuples)[number]): Formula =>
    F.and(
      ...tuple.flatMap((entry, i): Formula[] => {
        if (entry === '*') return [];
        return [Array.isArray(entry) ? F.in(vars[i], entry) : F.eq(vars[i], entry)];
      }),
    );
  const body = kind === 'allowed' ? F.or(...tuples.map(row)) : F.and(...tuples.map((t) => F.not(row(t))));
  return decl.when ? F.implies(decl.when, body) : body;
}
