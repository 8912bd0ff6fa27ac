// Product modelling: the Atelier language, UVL and COOM readers, checks, and evaluation of prices and
// bills of materials on a configuration.
export * from './diagnostics.ts';
export * from './product.ts';
export * from './read-product.ts';
export * from './personalisation.ts';
export * from './preview.ts';
export * from './configuration-view.ts';
export * from './source.ts';
export * from './product-definition.ts';
export * from './model-analysis.ts';
export { readAtl, parseAtl, type ReadAtlOptions, type ReadFile } from './language/index.ts';
export { readUvl, writeUvl, type UvlReadResult, type UvlReadOptions } from './uvl/index.ts';
export { readCoom, readCoomUserInput } from './coom/index.ts';
export { checkProduct, checkFile, sortDiagnostics } from './check/index.ts';
export {
  configurationOf,
  holdsOn,
  evaluateNum,
  evaluateText,
  priceBreakdown,
  evaluatePrice,
  explodeBom,
  routeOperations,
  bomTotals,
  type Configuration,
  type PriceLine,
  type BomItem,
  type RoutedOperation,
  type PersonalisationTexts,
} from './evaluate.ts';
