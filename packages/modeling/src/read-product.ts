import type { Diagnostic } from './diagnostics.ts';
import { readAtl, type ReadFile } from './language/index.ts';
import { readUvl } from './uvl/index.ts';
import { readCoom } from './coom/index.ts';
import type { ProductModel } from './product.ts';

/** File extensions that carry a whole product (rules, prices, bill of materials, presentation). */
export const productExtensions = ['.atl', '.uvl', '.coom', '.json'] as const;

export interface ProductReadResult {
  product: ProductModel | null;
  diagnostics: Diagnostic[];
}

function extensionOf(file: string): string {
  const slash = file.lastIndexOf('/');
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(dot).toLowerCase() : '';
}

export function isProductFile(file: string): boolean {
  return (productExtensions as readonly string[]).includes(extensionOf(file));
}

/**
 * Reads a product in whichever format its file name says, so the command line, the server and the
 * studio accept the same files. Imports go through `readFile`. Never throws: every problem is a
 * diagnostic, and the product is null when there is an error.
 */
export function readProductText(text: string, file: string, readFile?: ReadFile): ProductReadResult {
  switch (extensionOf(file)) {
    case '.atl':
      return readAtl(text, file, readFile ? { readFile } : {});
    case '.uvl':
      return readUvl(text, file, readFile ? { resolve: readFile } : {});
    case '.coom':
      return readCoom(text, file);
    case '.json':
      return readProductJson(text, file);
    default:
      return {
        product: null,
        diagnostics: [problem(file, `not a product format (expected one of ${productExtensions.join(', ')})`, 'unknown-format')],
      };
  }
}

/** `atelier import` writes product models as JSON; reading one back checks its outline only. */
function readProductJson(text: string, file: string): ProductReadResult {
  try {
    const value: unknown = JSON.parse(text);
    if (isProductModel(value)) return { product: value, diagnostics: [] };
    return { product: null, diagnostics: [problem(file, 'not a product model (expected id, name and model.variables)')] };
  } catch (error) {
    return { product: null, diagnostics: [problem(file, error instanceof Error ? error.message : String(error))] };
  }
}

function isProductModel(value: unknown): value is ProductModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { id?: unknown; name?: unknown; model?: { variables?: unknown; constraints?: unknown } };
  return typeof v.id === 'string' && typeof v.name === 'string' && Array.isArray(v.model?.variables) && Array.isArray(v.model?.constraints);
}

function problem(file: string, message: string, code = 'syntax'): Diagnostic {
  return { severity: 'error', code, message, file, line: 1, column: 1 };
}
