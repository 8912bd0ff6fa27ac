/*
 * COOM import: the product-configuration language of Baumeister et al. 2025 (COOM core, [P], [X]).
 *
 * How COOM maps onto the engine:
 * - Instances: a feature with exactly one instance keeps its plain name (`motherboard.cpu`); any other
 *   gets 0-based indices as in COOM user input (`hdunit[0].hdisk[1]`). An open number of instances is
 *   an int variable `<feature>.count`, and instance i exists exactly when it is above i (instances are
 *   used in order, so permutations of equal instances are one configuration). The instances' variables
 *   are absent (null) when the instance does not exist.
 * - Rules follow COOM's instantiation: a path through several instances applies the rule to each
 *   combination, and a rule whose paths reach an absent object is not violated (in `a + b` an absent
 *   side counts 0). `behavior S { … }` applies to every instance of S.
 * - Attributes: numeric ones are engine attribute tables; others compare by name, also against values
 *   of other enumerations (a name nothing has just never matches).
 * - Numbers are whole: decimal ranges are refused, formats such as `.#` read as whole numbers (with a
 *   warning). An implied value (`imply x = e`, or `require x = e`, without condition) narrows x to
 *   what e can take; an open range (`num weight`) is taken from it.
 * - Products of features are the engine's products (an auxiliary integer tabulated over each pair of
 *   factors), so implied features such as `area = length * width` get their values from them. A
 *   comparison of one product with linear terms (`requestedVolume * 1000 <= l * w * h`) keeps its own
 *   hidden variables: threshold clauses, or a table of the product folded to the few values the
 *   comparison can tell apart. `/` and `^` are refused.
 * - `default` is the variable's default (a preference; conditional defaults are ignored with a
 *   warning); `minimize`/`maximize` become objectives; `explanation` is the text the configurator shows
 *   when that rule blocks a value.
 * - Unbounded cardinalities (`0..*`) are refused unless `maxInstances` bounds them (a warning then
 *   names the bound); recursive structures are refused.
 */
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
