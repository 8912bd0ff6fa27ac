import type { IntExpr, Model, Value } from '@atelier/engine';

/** Text in several languages, keyed by BCP 47 tag ("en", "pl", "it"). */
export type Labels = Record<string, string>;

/**
 * A product as the rest of the platform reads it: the engine's finite-domain model plus what the
 * engine does not need (prices, bill of materials, presentation). Every importer (the Atelier
 * language, UVL, COOM) produces this shape; fields a format cannot express stay empty.
 */
export interface ProductModel {
  id: string;
  name: string;
  labels?: Labels;
  descriptions?: Labels;
  /** Variables and constraints, with source positions, ready for `compile()`. */
  model: Model;
  /** Optimisation goals a format declares (COOM minimize/maximize), in priority order. */
  objectives: Objective[];
  /** The customer's partial choices shipped with the model (COOM user-input files). */
  presets: Preset[];
}

export interface Objective {
  sense: 'minimize' | 'maximize';
  expr: IntExpr;
}

export interface Preset {
  variable: string;
  value: Value;
}
