import type { CompiledVariable, Value } from '@atelier/engine';

/** The form a user types and reads: `true`/`false` for booleans, `-` for absent. */
export function formatValue(value: Value): string {
  return value === null ? '-' : String(value);
}

const absentSpellings = new Set(['-', 'none']);

/** The variable's value whose string form is `text`, or undefined when it has none. */
export function findValue(variable: CompiledVariable, text: string): { value: Value } | undefined {
  const wanted = text.trim();
  for (const value of variable.values) {
    if (value === null ? absentSpellings.has(wanted.toLowerCase()) : String(value) === wanted) return { value };
  }
  return undefined;
}
