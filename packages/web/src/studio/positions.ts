// Where a model diagnostic sits in an editor's document. Diagnostics carry a 1-based line and column
// (columns count UTF-16 units from the line's start, as the readers count them) and rarely an end;
// without one, the mark covers the token that starts there, so a misspelt name is underlined whole.
import type { Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@atelier/modeling';

export interface Range {
  from: number;
  to: number;
}

/** The length of the token starting at `at` in `line` (a name, a number, a string, an operator). */
export function tokenLength(line: string, at: number): number {
  const rest = line.slice(at);
  if (rest === '') return 0;
  const match =
    /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) ??
    /^[0-9]+(\.[0-9]+)?[A-Za-z0-9_]*/.exec(rest) ??
    /^"(?:[^"\\]|\\.)*"?/.exec(rest) ??
    /^(<=>|\.\.|=>|<=|>=|!=|==|&&|\|\|)/.exec(rest);
  return match ? match[0].length : 1;
}

/** Clamps a 1-based line and column into `doc` (a stored version may be older than the text shown). */
function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return l.from + Math.min(Math.max(0, column - 1), l.length);
}

/**
 * The range of `d` in `doc`: from its line and column to its end when it has one, else over the
 * token at its start. A position past the end of its line (an unclosed block at the end of the file)
 * marks the line's last character, so the mark stays visible.
 */
export function rangeOf(doc: Text, d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  const from = offsetOf(doc, d.line, d.column);
  if (d.endLine !== undefined && d.endColumn !== undefined) {
    const to = offsetOf(doc, d.endLine, d.endColumn);
    if (to > from) return { from, to };
  }
  const line = doc.lineAt(from);
  const length = tokenLength(line.text, from - line.from);
  if (length > 0) return { from, to: from + length };
  return line.length > 0 ? { from: from - 1, to: from } : { from, to: from };
}

/** The text shown for a diagnostic: its message, with the hint when it has one. */
export function describeDiagnostic(d: Diagnostic): string {
  return d.hint ? `${d.message} (${d.hint})` : d.message;
}

/** The diagnostics of one file as CodeMirror lint marks. */
export function lintMarks(doc: Text, file: string, diagnostics: readonly Diagnostic[]): LintDiagnostic[] {
  return diagnostics
    .filter((d) => d.file === file)
    .map((d) => ({ ...rangeOf(doc, d), severity: d.severity, source: d.code, message: describeDiagnostic(d) }));
}

/** Errors and warnings per file, for the file tabs. */
export function countByFile(diagnostics: readonly Diagnostic[]): Map<string, { errors: number; warnings: number }> {
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const d of diagnostics) {
    const c = counts.get(d.file) ?? { errors: 0, warnings: 0 };
    if (d.severity === 'error') c.errors++;
    else c.warnings++;
    counts.set(d.file, c);
  }
  return counts;
}
