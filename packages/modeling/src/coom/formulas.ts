import type { Formula } from '@atelier/engine';

/*
 * Formula constructors that fold constants: guards such as "the instance exists" are often simply
 * true, and the model stays readable when they vanish instead of piling up as `and(true, …)`.
 */

export const TRUE: Formula = { op: 'const', value: true };
export const FALSE: Formula = { op: 'const', value: false };

export function isTrue(f: Formula): boolean {
  return f.op === 'const' && f.value;
}

export function isFalse(f: Formula): boolean {
  return f.op === 'const' && !f.value;
}

export function and(...args: (Formula | null | undefined)[]): Formula {
  const out: Formula[] = [];
  const seen = new Set<string>();
  for (const a of args) {
    if (!a || isTrue(a)) continue;
    if (isFalse(a)) return FALSE;
    const parts = a.op === 'and' ? a.args : [a];
    for (const p of parts) {
      const key = JSON.stringify(p);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  if (out.length === 0) return TRUE;
  return out.length === 1 ? out[0] : { op: 'and', args: out };
}

export function or(...args: Formula[]): Formula {
  const out: Formula[] = [];
  for (const a of args) {
    if (isTrue(a)) return TRUE;
    if (isFalse(a)) continue;
    out.push(...(a.op === 'or' ? a.args : [a]));
  }
  if (out.length === 0) return FALSE;
  return out.length === 1 ? out[0] : { op: 'or', args: out };
}

export function not(f: Formula): Formula {
  if (f.op === 'const') return { op: 'const', value: !f.value };
  if (f.op === 'not') return f.arg;
  return { op: 'not', arg: f };
}

export function implies(guard: Formula, f: Formula): Formula {
  if (isTrue(guard)) return f;
  if (isFalse(guard) || isTrue(f)) return TRUE;
  return { op: 'implies', args: [guard, f] };
}
