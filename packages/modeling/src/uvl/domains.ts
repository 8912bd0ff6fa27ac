import { MAX_DOMAIN_SIZE } from '@atelier/engine/model/model.ts';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { CmpOp, Constraint, Expr } from './ast.ts';
import type { Feature } from './features.ts';
import type { Scope } from './resolve.ts';

/** The value a String feature takes when it holds a string no constraint mentions. */
export const OTHER_STRING = '(other)';

/** Whether an enumeration value is the stand-in for "any other string" (see `otherString`). */
export function isOtherString(value: unknown): boolean {
  return typeof value === 'string' && /^\(other( \d+)?\)$/.test(value);
}

export interface IntRange {
  min: number;
  max: number;
}

export interface Domains {
  ints: Map<Feature, IntRange>;
  /** Values of each String feature: the strings its constraints compare it with, then the stand-in. */
  strings: Map<Feature, string[]>;
}

export interface ScopedConstraint {
  constraint: Constraint;
  scope: Scope;
}

/** Value of an expression made of numbers only. */
export function constantOf(e: Expr): number | undefined {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'neg': {
      const v = constantOf(e.arg);
      return v === undefined ? undefined : -v;
    }
    case 'bin': {
      const a = constantOf(e.left);
      const b = constantOf(e.right);
      if (a === undefined || b === undefined) return undefined;
      if (e.op === '+') return a + b;
      if (e.op === '-') return a - b;
      if (e.op === '*') return a * b;
      return b === 0 ? undefined : a / b;
    }
    default:
      return undefined;
  }
}

const FLIPPED: Record<CmpOp, CmpOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function otherString(values: readonly string[]): string {
  if (!values.includes(OTHER_STRING)) return OTHER_STRING;
  for (let k = 2; ; k++) if (!values.includes(`(other ${k})`)) return `(other ${k})`;
}

interface Bounds {
  lo?: number;
  hi?: number;
  constants: number[];
}

/**
 * Finite domains for typed features, which UVL leaves unbounded. An Integer feature takes the bounds
 * its constraints state outright (top-level `X >= 1`, or `X => X <= 9`), else the default range widened
 * to cover every constant it is compared with, with a warning. A String feature can take each string
 * it is compared with, plus one stand-in for all other strings: no constraint can tell those apart.
 */
export function deriveDomains(
  features: readonly Feature[],
  constraints: readonly ScopedConstraint[],
  defaultRange: IntRange,
  diagnostics: Diagnostic[],
): Domains {
  const bounds = new Map<Feature, Bounds>();
  const literals = new Map<Feature, string[]>();
  for (const f of features) {
    if (f.kind === 'int') bounds.set(f, { constants: [] });
    if (f.kind === 'string') literals.set(f, []);
  }

  const typedRef = (e: Expr, scope: Scope): Feature | undefined => {
    if (e.kind !== 'ref') return undefined;
    const r = scope.resolve(e.name);
    return r.kind === 'feature' && r.feature.kind !== 'bool' ? r.feature : undefined;
  };
  const stringConstant = (e: Expr, scope: Scope): string | undefined => {
    if (e.kind === 'str') return e.value;
    if (e.kind !== 'ref') return undefined;
    const r = scope.resolve(e.name);
    return r.kind === 'attribute' && r.value.kind === 'string' ? r.value.value : undefined;
  };
  /** `X op k` with X an Integer feature, however it was written. */
  const comparison = (c: Constraint & { kind: 'cmp' }, scope: Scope): { f: Feature; op: CmpOp; k: number } | undefined => {
    const l = typedRef(c.left, scope);
    const r = typedRef(c.right, scope);
    if (l?.kind === 'int') {
      const k = constantOf(c.right);
      if (k !== undefined) return { f: l, op: c.op, k };
    }
    if (r?.kind === 'int') {
      const k = constantOf(c.left);
      if (k !== undefined) return { f: r, op: FLIPPED[c.op], k };
    }
    return undefined;
  };

  const everywhere = (c: Constraint, scope: Scope): void => {
    const stack: Constraint[] = [c];
    while (stack.length > 0) {
      const x = stack.pop() as Constraint;
      switch (x.kind) {
        case 'not':
          stack.push(x.arg);
          break;
        case 'and':
        case 'or':
          stack.push(...x.args);
          break;
        case 'implies':
        case 'iff':
          stack.push(x.left, x.right);
          break;
        case 'cmp': {
          const cmp = comparison(x, scope);
          if (cmp) bounds.get(cmp.f)?.constants.push(cmp.k);
          if (x.op === '==' || x.op === '!=') {
            const pairs: [Expr, Expr][] = [
              [x.left, x.right],
              [x.right, x.left],
            ];
            for (const [a, b] of pairs) {
              const f = typedRef(a, scope);
              const s = f?.kind === 'string' ? stringConstant(b, scope) : undefined;
              if (f && s !== undefined) {
                const list = literals.get(f) as string[];
                if (!list.includes(s)) list.push(s);
              }
            }
          }
          break;
        }
        default:
          break;
      }
    }
  };

  /** Conjuncts that hold in every configuration, or whenever the feature itself is selected. */
  const topLevel = (c: Constraint, scope: Scope, guard: Feature | undefined): void => {
    if (c.kind === 'and') for (const a of c.args) topLevel(a, scope, guard);
    else if (c.kind === 'implies' && guard === undefined && c.left.kind === 'ref') {
      const r = scope.resolve(c.left.name);
      if (r.kind === 'feature' && r.feature.kind === 'int') topLevel(c.right, scope, r.feature);
    } else if (c.kind === 'cmp') {
      const cmp = comparison(c, scope);
      if (!cmp || (guard && cmp.f !== guard)) return;
      const b = bounds.get(cmp.f) as Bounds;
      const lower = (v: number): void => void (b.lo = b.lo === undefined ? v : Math.max(b.lo, v));
      const upper = (v: number): void => void (b.hi = b.hi === undefined ? v : Math.min(b.hi, v));
      if (cmp.op === '>') lower(Math.floor(cmp.k) + 1);
      else if (cmp.op === '>=') lower(Math.ceil(cmp.k));
      else if (cmp.op === '<') upper(Math.ceil(cmp.k) - 1);
      else if (cmp.op === '<=') upper(Math.floor(cmp.k));
      else if (cmp.op === '==') {
        lower(Math.ceil(cmp.k));
        upper(Math.floor(cmp.k));
      }
    }
  };

  for (const { constraint, scope } of constraints) {
    everywhere(constraint, scope);
    topLevel(constraint, scope, undefined);
  }

  const domains: Domains = { ints: new Map(), strings: new Map() };
  const span = defaultRange.max - defaultRange.min;
  for (const [f, b] of bounds) {
    const outside = b.constants.filter((k) => Number.isFinite(k));
    let lo = Math.min(defaultRange.min, ...outside.filter((k) => k < defaultRange.min).map((k) => Math.floor(k) - 1));
    let hi = Math.max(defaultRange.max, ...outside.filter((k) => k > defaultRange.max).map((k) => Math.ceil(k) + 1));
    const stated = b.lo !== undefined && b.hi !== undefined && b.lo <= b.hi;
    if (stated) {
      lo = b.lo as number;
      hi = b.hi as number;
    } else if (b.lo !== undefined && (b.hi === undefined || b.lo > b.hi)) {
      lo = b.lo;
      hi = Math.max(hi, lo + (lo <= defaultRange.max ? 0 : span));
    } else if (b.hi !== undefined) {
      hi = b.hi;
      lo = Math.min(lo, hi - (hi >= defaultRange.min ? 0 : span));
    }
    const kind = f.real ? 'Real' : 'Integer';
    if (hi - lo + 1 > MAX_DOMAIN_SIZE) {
      diagnostics.push(
        diagnostic('error', 'domain-too-large', `${kind} feature "${f.name}" would take ${hi - lo + 1} values (${lo}..${hi}); at most ${MAX_DOMAIN_SIZE} are supported`, f.source, 'bound it more tightly'),
      );
      hi = lo;
    } else if (!stated) {
      diagnostics.push(
        diagnostic(
          'warning',
          'integer-bounds',
          `${kind} feature "${f.name}" has no ${b.lo === undefined && b.hi === undefined ? 'bounds' : b.lo === undefined ? 'lower bound' : 'upper bound'} in the model; it takes values ${lo}..${hi}`,
          f.source,
          `bound it with constraints such as ${f.name} >= ${lo} & ${f.name} <= ${hi}`,
        ),
      );
    }
    domains.ints.set(f, { min: lo, max: hi });
  }
  for (const [f, list] of literals) domains.strings.set(f, [...list, otherString(list)]);
  return domains;
}
