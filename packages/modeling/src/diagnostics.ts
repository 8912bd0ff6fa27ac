import type { SourcePosition } from '@atelier/engine';

export type Severity = 'error' | 'warning';

/**
 * One problem found in a model, pointing at where it was written. Every reader and checker reports
 * all the problems it can find in one pass as a list of these, never by throwing.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable kind, e.g. "unknown-name", "syntax", "dead-value", "void-model". */
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** An obvious fix, e.g. `did you mean "color"?`. */
  hint?: string;
}

export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  at: SourcePosition,
  hint?: string,
): Diagnostic {
  return { severity, code, message, file: at.file, line: at.line, column: at.column, ...(hint ? { hint } : {}) };
}

/** `file:line:column: severity: message (hint)` — the form editors and terminals understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
