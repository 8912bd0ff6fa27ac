import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { ProductModel } from '../product.ts';
import { parseUvl } from './parser.ts';
import { type UvlReadOptions, documentToProduct } from './to-model.ts';

export type { UvlDocument, FeatureNode, GroupNode, Constraint, Expr } from './ast.ts';
export type { UvlResolver } from './imports.ts';
export type { UvlReadOptions } from './to-model.ts';
export { DEFAULT_INTEGER_RANGE } from './to-model.ts';
export { OTHER_STRING, isOtherString } from './domains.ts';
export { parseUvl, type ParseResult } from './parser.ts';
export { lexUvl, type Token, type LexResult } from './lexer.ts';
export { writeUvl, exportUvl, UvlExportError, type UvlExport } from './export.ts';

export interface UvlReadResult {
  /** Null when any diagnostic is an error. */
  product: ProductModel | null;
  diagnostics: Diagnostic[];
}

/** Diagnostics file by file (in the order files were met), then by position. */
function inReadingOrder(diagnostics: Diagnostic[]): Diagnostic[] {
  const files = [...new Set(diagnostics.map((d) => d.file))];
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => files.indexOf(a.d.file) - files.indexOf(b.d.file) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map((x) => x.d);
}

/**
 * Reads a UVL feature model (and, through `options.resolve`, the models it imports) into a product
 * model. Never throws: every problem found is returned as a diagnostic with file, line and column.
 */
export function readUvl(text: string, file: string, options: UvlReadOptions = {}): UvlReadResult {
  const diagnostics: Diagnostic[] = [];
  try {
    const parsed = parseUvl(text, file);
    diagnostics.push(...parsed.diagnostics);
    const product = documentToProduct(parsed.document, options, diagnostics);
    return { product: diagnostics.some((d) => d.severity === 'error') ? null : product, diagnostics: inReadingOrder(diagnostics) };
  } catch (e) {
    // A defect of this reader, not of the model: still reported rather than thrown.
    const message = e instanceof Error ? e.message : String(e);
    diagnostics.push(diagnostic('error', 'internal', `the UVL reader failed: ${message}`, { file, line: 1, column: 1 }));
    return { product: null, diagnostics };
  }
}
