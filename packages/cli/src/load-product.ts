import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { compile, ModelError } from '@atelier/engine';
import type { CompiledModel } from '@atelier/engine';
import {
  formatDiagnostic,
  hasErrors,
  isProductFile,
  productExtensions,
  readProductText,
  sortDiagnostics,
  type Diagnostic,
  type ProductModel,
  type ProductReadResult,
} from '@atelier/modeling';
import { CliError, EXIT_INPUT, loadModel, type LoadOptions } from './load-model.ts';

/** Product formats: they carry prices, bills of materials and presentation besides the rules. */
export const productFormats: readonly string[] = productExtensions;

export interface LoadedSource {
  model: CompiledModel;
  /** Present for product formats; DIMACS and XCSP files are rules only. */
  product?: ProductModel;
  /** Warnings met while reading (errors end the command instead). */
  warnings: Diagnostic[];
}

/** Reads a file of imports relative to the importing file; undefined when it cannot be read. */
export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A product model from any product format, with every diagnostic the reader found. */
export function readProduct(file: string): ProductReadResult {
  const text = readTextFile(file);
  if (text === undefined) throw new CliError(`${file}: cannot read file`, EXIT_INPUT);
  if (!isProductFile(file)) {
    throw new CliError(`${file}: not a product format (expected one of ${productFormats.join(', ')})`, EXIT_INPUT);
  }
  return readProductText(text, file, readTextFile);
}

/** Any model file, compiled; a product format's errors are all listed, then the command stops. */
export async function loadSource(file: string, options: LoadOptions = {}): Promise<LoadedSource> {
  if (!productFormats.includes(extname(file).toLowerCase())) {
    return { model: await loadModel(file, options), warnings: [] };
  }
  const { product, diagnostics } = readProduct(file);
  if (!product || hasErrors(diagnostics)) {
    const errors = sortDiagnostics(diagnostics.filter((d) => d.severity === 'error'));
    throw new CliError(`${file}: the model has errors\n${errors.map(formatDiagnostic).join('\n')}`, EXIT_INPUT);
  }
  try {
    return { model: compile(product.model), product, warnings: diagnostics };
  } catch (error) {
    if (error instanceof ModelError) throw new CliError(`${file}: ${error.message}`, EXIT_INPUT);
    throw error;
  }
}
