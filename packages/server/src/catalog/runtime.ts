import { compile, ModelError, type CompiledModel } from '@atelier/engine';
import {
  checkProduct,
  hasErrors,
  isProductFile,
  readProductText,
  sortDiagnostics,
  type Diagnostic,
  type ProductModel,
} from '@atelier/modeling';

/** A model version's source: the file to read first and every file it may import, by relative path. */
export interface ModelSource {
  main: string;
  files: Record<string, string>;
}

/** A published (or checked) version, read and compiled once, shared by every session on it. */
export interface ProductRuntime {
  productId: string;
  version: number;
  product: ProductModel;
  model: CompiledModel;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * Reads a source and, when it reads cleanly and `checks` is set, runs the model checks (void model,
 * dead options, false-optional components). Every problem has file:line:column.
 */
export function checkSource(source: ModelSource, checks = true): { product: ProductModel | null; diagnostics: Diagnostic[] } {
  const main = normalise(source.main);
  const files = new Map(Object.entries(source.files).map(([path, text]) => [normalise(path), text]));
  const text = files.get(main);
  if (text === undefined) {
    return { product: null, diagnostics: [{ severity: 'error', code: 'file-not-found', message: `"${main}" is not among the files`, file: main, line: 1, column: 1 }] };
  }
  if (!isProductFile(main)) {
    return { product: null, diagnostics: [{ severity: 'error', code: 'unknown-format', message: `"${main}" is not a product model file (.atl, .uvl, .coom, .json)`, file: main, line: 1, column: 1 }] };
  }
  const { product, diagnostics } = readProductText(text, main, (path) => files.get(normalise(path)));
  const all = [...diagnostics];
  if (checks && product && !hasErrors(diagnostics)) all.push(...checkProduct(product));
  return { product: hasErrors(all) ? null : product, diagnostics: sortDiagnostics(all) };
}

/** Compiles a product that read cleanly; a model the engine refuses becomes a diagnostic too. */
export function compileProduct(product: ProductModel, main: string): { model: CompiledModel | null; diagnostics: Diagnostic[] } {
  try {
    return { model: compile(product.model), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const at = product.source ?? { file: main, line: 1, column: 1 };
    return { model: null, diagnostics: [{ severity: 'error', code: 'model', message: error.message, file: at.file, line: at.line, column: at.column }] };
  }
}
