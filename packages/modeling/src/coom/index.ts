import type { Diagnostic } from '../diagnostics.ts';
import type { Preset, ProductModel } from '../product.ts';
import { parseCoom } from './parser.ts';
import { DiagnosticSink } from './sink.ts';
import { type CoomOptions, toProductModel } from './to-model.ts';
import { type UserChoice, readUserInput } from './user-input.ts';

export type { CoomOptions } from './to-model.ts';
export type { UserChoice } from './user-input.ts';
export { parseCoom } from './parser.ts';
export { MAX_GROUNDINGS } from './translate.ts';
export { MAX_VARIABLES } from './instances.ts';
export { MAX_PRODUCT_ROWS } from './products.ts';

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.coom$/i, '') || 'product';
}

function sorted(list: Diagnostic[]): Diagnostic[] {
  return list.slice().sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Reads a COOM model (the product-configuration language of Baumeister et al. 2025) into a product
 * model. Never throws: every problem found is a diagnostic, and `product` is null when any is an
 * error. Unbounded cardinalities (`0..*`) are refused unless `options.maxInstances` bounds them.
 */
export function readCoom(text: string, file: string, options: CoomOptions = {}): { product: ProductModel | null; diagnostics: Diagnostic[] } {
  const parsed = parseCoom(text, file);
  const sink = new DiagnosticSink(file);
  for (const d of parsed.diagnostics) sink.list.push(d);
  if (sink.hasErrors) return { product: null, diagnostics: sorted(sink.list) };
  const product = toProductModel(parsed.ast, baseName(file), file, options, sink);
  return { product: sink.hasErrors ? null : product, diagnostics: sorted(sink.list) };
}

/**
 * Reads a COOM user-input file (`set path[0] = Value`, `add path[0]`): the customer's partial choices
 * for `product`, as presets in file order. `choices` keeps each statement with its position.
 */
export function readCoomUserInput(
  text: string,
  file: string,
  product: ProductModel,
): { presets: Preset[]; choices: UserChoice[]; diagnostics: Diagnostic[] } {
  const out = readUserInput(text, file, product);
  return { presets: out.presets, choices: out.choices, diagnostics: sorted(out.diagnostics) };
}
