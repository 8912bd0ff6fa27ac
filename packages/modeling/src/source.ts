// A model as the catalogue stores it — several files by relative path, one of them read first — and
// the checks every copy of it gets, in one order: the server's upload, the studio's live check in the
// browser and the storefront's worker all read a source here, so they cannot disagree.
import { compile, ModelError, type CompiledModel } from '@atelier/engine';
import { checkProduct } from './check/index.ts';
import { sortDiagnostics } from './check/index.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import type { ProductModel } from './product.ts';
import { isProductFile, readProductText } from './read-product.ts';

/** A model version's text: the file to read first and every file it may import, by relative path. */
export interface ModelSource {
  main: string;
  files: Record<string, string>;
}

/** `./a\b.atl` and `a/b.atl` are one file. */
export const normalisePath = (path: string): string => path.replace(/\\/g, '/').replace(/^\.\//, '');

const atStart = (code: string, message: string, file: string): Diagnostic => ({ severity: 'error', code, message, file, line: 1, column: 1 });

/**
 * Reads a source and, when it reads cleanly and `checks` is set, runs the model checks (void model,
 * dead options, false-optional components). Every problem has file:line:column; the product is null
 * when any of them is an error.
 */
export function checkSource(source: ModelSource, checks = true): { product: ProductModel | null; diagnostics: Diagnostic[] } {
  const main = normalisePath(source.main);
  const files = new Map(Object.entries(source.files).map(([path, text]) => [normalisePath(path), text]));
  const text = files.get(main);
  if (text === undefined) return { product: null, diagnostics: [atStart('file-not-found', `"${main}" is not among the files`, main)] };
  if (!isProductFile(main)) {
    return { product: null, diagnostics: [atStart('unknown-format', `"${main}" is not a product model file (.atl, .uvl, .coom, .json)`, main)] };
  }
  const { product, diagnostics } = readProductText(text, main, (path) => files.get(normalisePath(path)));
  const all = [...diagnostics];
  if (checks && product && !hasErrors(diagnostics)) all.push(...checkProduct(product));
  return { product: hasErrors(all) ? null : product, diagnostics: sortDiagnostics(all) };
}

/** Compiles a product that read cleanly; a model the engine refuses becomes a diagnostic, anything else is a bug and throws. */
export function compileProduct(product: ProductModel, main: string): { model: CompiledModel | null; diagnostics: Diagnostic[] } {
  try {
    return { model: compile(product.model), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const at = product.source ?? { file: normalisePath(main), line: 1, column: 1 };
    return { model: null, diagnostics: [{ severity: 'error', code: 'model', message: error.message, file: at.file, line: at.line, column: at.column }] };
  }
}

/** Every problem of a source (the upload's checks, then compiling), with the product and its compiled model when none is an error. */
export function diagnoseSource(source: ModelSource, checks = true): { product: ProductModel | null; model: CompiledModel | null; diagnostics: Diagnostic[] } {
  const read = checkSource(source, checks);
  if (!read.product) return { product: null, model: null, diagnostics: read.diagnostics };
  const compiled = compileProduct(read.product, source.main);
  if (!compiled.model) return { product: null, model: null, diagnostics: [...read.diagnostics, ...compiled.diagnostics] };
  return { product: read.product, model: compiled.model, diagnostics: read.diagnostics };
}
