import type { CompiledModel } from '@atelier/engine';
import type { ProductModel } from '@atelier/modeling';

// Reading and checking a source is the modeling package's, so the studio's live check in the browser
// answers exactly what an upload here answers.
export { checkSource, compileProduct, type ModelSource } from '@atelier/modeling';

/** A published (or checked) version, read and compiled once, shared by every session on it. */
export interface ProductRuntime {
  productId: string;
  version: number;
  product: ProductModel;
  model: CompiledModel;
}
