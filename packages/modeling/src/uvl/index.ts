/*
 * UVL (Universal Variability Language) in and out of Atelier product models.
 *
 * Reading:
 * - Every feature is an engine variable named as written (imported ones prefixed with their alias,
 *   `fs.NTFS`). Boolean features are booleans; the root is always selected.
 * - Tree rules: a child needs its parent; mandatory children come with their parent; an `or` group
 *   needs one child, an `alternative` exactly one (pairwise exclusions), `[n..m]` between n and m.
 * - Integer and Real features are integers that are absent when deselected (an absent number reads
 *   as 0). UVL gives them no domain: they take the bounds their constraints state outright, else
 *   `integerRange` (0..100) widened to the constants they are compared with, with a warning. Real
 *   features take whole values only (warning).
 * - String features are enumerations of the strings they are compared with plus "(other)", which
 *   stands for every other string; comparing two String features is refused.
 * - `cardinality [n..m]` repeats the feature's subtree m times (an engine repeat); the feature is
 *   selected exactly when it has at least max(n, 1) instances. `[n..*]` is refused unless
 *   `unboundedCardinality` gives a cap. Constraints cannot name a feature inside such a subtree.
 * - Numeric attributes count when their feature is selected (once per instance), 0 otherwise;
 *   `sum(a)` adds them over every feature that has one, `avg(a) op k` is read as
 *   `sum(a) op k × (number of those features selected)`. Arithmetic must stay linear.
 * - `constraint`/`constraints` entries in attribute blocks are constraints like any other; other
 *   non-numeric attributes (strings, vectors, nested blocks) are kept only for string comparisons.
 * - `include` is accepted and not checked; `namespace` becomes the product id.
 *
 * - Types as written, abstract markers and every attribute (bare keys, strings, lists and blocks
 *   too) are kept in the product's `features`, so that writing the model back restates them.
 *
 * Writing: see `exportUvl`. Configurations, attributes, types and abstract markers survive a round
 * trip; the tree's sibling order and the constraints' wording may not.
 */
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
