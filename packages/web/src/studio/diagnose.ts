// The checks a model version gets when it is uploaded, run in the browser on the text being edited:
// read the files (syntax, names, types, imports), then — on a model read without errors — the solver
// checks (void model, dead values, false-optional features), then compile. The steps and their order
// are those of the server (packages/server/src/catalog/runtime.ts, `Catalog.diagnose`), so the
// studio shows what an upload would answer; diagnose.test.ts holds the two to the same results.
import { compile, ModelError, type CompiledModel } from '@atelier/engine';
import { checkProduct, hasErrors, isProductFile, readProductText, sortDiagnostics, type Diagnostic, type ProductModel } from '@atelier/modeling';
import type { ModelSource } from '../engine/protocol.ts';

export interface Diagnosis {
  diagnostics: Diagnostic[];
  /** The product and its compiled model when there is no error, for the live configurator. */
  product: ProductModel | null;
  model: CompiledModel | null;
}

export const normalisePath = (path: string): string => path.replace(/\\/g, '/').replace(/^\.\//, '');

const problem = (code: string, message: string, file: string): Diagnostic => ({ severity: 'error', code, message, file, line: 1, column: 1 });

/** Every problem of a source, sorted by file, line and column; throws only when the engine itself fails, as the server would. */
export function diagnoseSource(source: ModelSource): Diagnosis {
  const main = normalisePath(source.main);
  const files = new Map(Object.entries(source.files).map(([path, text]) => [normalisePath(path), text]));
  const text = files.get(main);
  if (text === undefined) return { diagnostics: [problem('file-not-found', `"${main}" is not among the files`, main)], product: null, model: null };
  if (!isProductFile(main)) {
    return { diagnostics: [problem('unknown-format', `"${main}" is not a product model file (.atl, .uvl, .coom, .json)`, main)], product: null, model: null };
  }
  const read = readProductText(text, main, (path) => files.get(normalisePath(path)));
  const all = [...read.diagnostics];
  if (read.product && !hasErrors(read.diagnostics)) all.push(...checkProduct(read.product));
  const diagnostics = sortDiagnostics(all);
  if (!read.product || hasErrors(diagnostics)) return { diagnostics, product: null, model: null };
  try {
    return { diagnostics, product: read.product, model: compile(read.product.model) };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const at = read.product.source ?? { file: main, line: 1, column: 1 };
    return {
      diagnostics: [...diagnostics, { severity: 'error', code: 'model', message: error.message, file: at.file, line: at.line, column: at.column }],
      product: null,
      model: null,
    };
  }
}

/** Reads and compiles a source without the solver checks (for the analysis, which runs them itself); null when it has errors. */
export function compileSource(source: ModelSource): CompiledModel | null {
  const main = normalisePath(source.main);
  const files = new Map(Object.entries(source.files).map(([path, text]) => [normalisePath(path), text]));
  const text = files.get(main);
  if (text === undefined || !isProductFile(main)) return null;
  const { product, diagnostics } = readProductText(text, main, (path) => files.get(normalisePath(path)));
  if (!product || hasErrors(diagnostics)) return null;
  try {
    return compile(product.model);
  } catch (error) {
    if (error instanceof ModelError) return null;
    throw error;
  }
}
