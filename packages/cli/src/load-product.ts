import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { compile, ModelError } from '@atelier/engine';
import type { CompiledModel } from '@atelier/engine';
import {
  formatDiagnostic,
  hasErrors,
  readAtl,
  readCoom,
  readUvl,
  sortDiagnostics,
  type Diagnostic,
  type ProductModel,
} from '@atelier/modeling';
import { CliError, EXIT_INPUT, loadModel, type LoadOptions } from './load-model.ts';

/** Product formats: they carry prices, bills of materials and presentation besides the rules. */
export const productFormats = ['.atl', '.uvl', '.coom', '.json'];

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
export function readProduct(file: string): { product: ProductModel | null; diagnostics: Diagnostic[] } {
  const text = readTextFile(file);
  if (text === undefined) throw new CliError(`${file}: cannot read file`, EXIT_INPUT);
  switch (extname(file).toLowerCase()) {
    case '.atl':
      return readAtl(text, file, { readFile: readTextFile });
    case '.uvl':
      return readUvl(text, file, { resolve: readTextFile });
    case '.coom':
      return readCoom(text, file);
    case '.json':
      return readProductJson(text, file);
    default:
      throw new CliError(`${file}: not a product format (expected one of ${productFormats.join(', ')})`, EXIT_INPUT);
  }
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

/** `atelier import` writes product models as JSON; reading one back checks its outline only. */
function readProductJson(text: string, file: string): { product: ProductModel | null; diagnostics: Diagnostic[] } {
  try {
    const value: unknown = JSON.parse(text);
    if (isProductModel(value)) return { product: value, diagnostics: [] };
    return { product: null, diagnostics: [jsonProblem(file, 'not a product model (expected id, name and model.variables)')] };
  } catch (error) {
    return { product: null, diagnostics: [jsonProblem(file, error instanceof Error ? error.message : String(error))] };
  }
}

function isProductModel(value: unknown): value is ProductModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { id?: unknown; name?: unknown; model?: { variables?: unknown; constraints?: unknown } };
  return typeof v.id === 'string' && typeof v.name === 'string' && Array.isArray(v.model?.variables) && Array.isArray(v.model?.constraints);
}

function jsonProblem(file: string, message: string): Diagnostic {
  return { severity: 'error', code: 'syntax', message, file, line: 1, column: 1 };
}
