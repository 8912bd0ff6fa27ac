import type { Diagnostic } from '../diagnostics.ts';
import type { ProductModel } from '../product.ts';
import { lowerProgram } from './lower.ts';
import { type ReadFile, loadProgram } from './resolve.ts';

export type { ReadFile } from './resolve.ts';
export { parseAtl } from './parser.ts';

export interface ReadAtlOptions {
  /** Reads an imported file; `undefined` when it does not exist. Without it, imports are errors. */
  readFile?: ReadFile;
}

/** Two diagnostics alike in place and words are one: instances of a repeated component repeat them. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.severity}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads an Atelier product model (`.atl`) and the files it imports. Every problem found is a
 * diagnostic; the product is null when there is an error (warnings leave it usable). Never throws.
 */
export function readAtl(text: string, file: string, options: ReadAtlOptions = {}): { product: ProductModel | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let product: ProductModel | null = null;
  try {
    const files = loadProgram(String(text), file, options.readFile, diagnostics);
    product = lowerProgram(files, file, diagnostics);
  } catch (e) {
    // A bug of ours must still reach the user as a diagnostic, not as a crash of the editor or CLI.
    diagnostics.push({
      severity: 'error',
      code: 'internal',
      message: `internal error while reading the model: ${e instanceof Error ? e.message : String(e)}`,
      file,
      line: 1,
      column: 1,
    });
    product = null;
  }
  const out = unique(diagnostics);
  return { product: out.some((d) => d.severity === 'error') ? null : product, diagnostics: out };
}
