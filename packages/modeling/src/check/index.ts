import { type Diagnostic, hasErrors } from '../diagnostics.ts';
import { readAtl } from '../language/index.ts';
import type { ReadFile } from '../language/resolve.ts';
import { checkProduct } from './check-model.ts';

export { checkProduct } from './check-model.ts';

/** By file, then line, then column; the order of equal places is kept. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.file < b.d.file ? -1 : a.d.file > b.d.file ? 1 : a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i))
    .map((x) => x.d);
}

/**
 * `atelier check FILE`: reads the file and its imports, then — when that found no error — runs the
 * solver checks. Every problem in one list, sorted by place. Never throws.
 */
export function checkFile(path: string, readFile: ReadFile): Diagnostic[] {
  let text: string | undefined;
  try {
    text = readFile(path);
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') {
    return [{ severity: 'error', code: 'file-not-found', message: `cannot read "${path}"`, file: path, line: 1, column: 1 }];
  }
  const { product, diagnostics } = readAtl(text, path, { readFile });
  const all = [...diagnostics];
  if (product && !hasErrors(diagnostics)) all.push(...checkProduct(product));
  return sortDiagnostics(all);
}
