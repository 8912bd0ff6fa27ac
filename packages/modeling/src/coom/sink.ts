import { closestName } from '@atelier/engine/model/errors.ts';
import { type Diagnostic, type Severity, diagnostic } from '../diagnostics.ts';
import type { Pos } from './ast.ts';

/**
 * Collects diagnostics for one file. A behavior applies to every instance of its structure, so the
 * same problem would be found once per instance: each message is kept once per position.
 */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly file: string) {}

  report(severity: Severity, code: string, message: string, at: Pos, hint?: string): void {
    const key = `${at.line}:${at.column}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(diagnostic(severity, code, message, { file: this.file, line: at.line, column: at.column }, hint));
  }

  error(code: string, message: string, at: Pos, hint?: string): void {
    this.report('error', code, message, at, hint);
  }

  warning(code: string, message: string, at: Pos, hint?: string): void {
    this.report('warning', code, message, at, hint);
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
}

/** `did you mean "x"?` when a known name is close to the unknown one. */
export function suggestion(name: string, known: Iterable<string>): string | undefined {
  const close = closestName(name, known);
  return close === undefined ? undefined : `did you mean "${close}"?`;
}
