import type { Formula, Model, SourcePosition, Value } from '@atelier/engine';

/** Text in several languages, keyed by BCP 47 tag ("en", "pl", "it"); "en" is the default. */
export type Labels = Record<string, string>;

/**
 * A product as the rest of the platform reads it: the engine's finite-domain model plus what the
 * engine does not need to decide validity (prices, bill of materials, presentation). Every reader
 * (the Atelier language, UVL, COOM) produces this shape; what a format cannot express stays empty.
 */
export interface ProductModel {
  id: string;
  name: string;
  labels?: Labels;
  descriptions?: Labels;
  /** Variables and constraints, with source positions, ready for the engine's `compile()`. */
  model: Model;
  /** The customer's partial choices shipped with the model (COOM user-input files). */
  presets: Preset[];
  /** ISO 4217 code, e.g. "EUR". */
  currency?: string;
  /** Price terms, added up on a complete configuration. */
  prices: PriceTerm[];
  /** Bill-of-materials rules: parts and sub-assemblies a configuration brings. */
  bom: BomLine[];
  /** Routing: operations at work centres, with minutes. */
  operations: Operation[];
  presentation: Presentation;
  /** Where the product is declared (diagnostics about the whole model point here). */
  source?: SourcePosition;
  /** Per engine variable, per String(value): where the value is declared (dead-value warnings point here). */
  valueSources?: Record<string, Record<string, SourcePosition>>;
  /**
   * What a feature model (UVL) states of its features beyond the engine's variables, keyed by feature
   * name (the engine variable's name; inside a repeated subtree, the name within one instance). Kept
   * so that writing the model back as UVL restates attribute names, types and abstract markers.
   */
  features?: Record<string, FeatureInfo>;
}

/** An attribute value as a feature model writes it; null for a bare key (`{hidden}`). */
export type FeatureAttributeValue = null | boolean | number | string | FeatureAttributeValue[] | { [key: string]: FeatureAttributeValue };

export interface FeatureInfo {
  /** The type as written; `Real` is approximated by whole numbers in the engine model. */
  type?: 'Boolean' | 'Integer' | 'Real' | 'String';
  abstract?: boolean;
  /** Attributes in the order written (constraints written in attribute blocks are rules, not listed here). */
  attributes?: Record<string, FeatureAttributeValue>;
}

export interface Preset {
  variable: string;
  value: Value;
  source?: SourcePosition;
}

/**
 * A numeric expression evaluated on a complete configuration: prices, quantities and minutes may be
 * non-linear (metres of fabric × price per metre) and decimal, unlike the engine's constraints.
 */
export type NumExpr =
  | { op: 'num'; value: number }
  /** Value of an integer variable, a boolean as 0/1; absent → 0. */
  | { op: 'val'; var: string }
  /** Numeric attribute of the chosen value, keyed by String(value); absent or missing → 0. */
  | { op: 'attr'; var: string; table: Record<string, number> }
  | { op: 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max'; args: NumExpr[] }
  | { op: 'ceil' | 'floor' | 'round' | 'neg'; arg: NumExpr }
  | { op: 'if'; cond: Formula; then: NumExpr; else: NumExpr }
  /** Number of the formulas that hold. */
  | { op: 'count'; args: Formula[] };

/** A string that may depend on the configuration (a part number taken from the chosen fabric). */
export type TextExpr = { op: 'text'; value: string } | { op: 'attrText'; var: string; table: Record<string, string> };

export interface PriceTerm {
  label?: string;
  amount: NumExpr;
  /** The term counts only when this holds (default: always). */
  when?: Formula;
  source?: SourcePosition;
}

export interface BomLine {
  kind: 'part' | 'assembly';
  partNumber: TextExpr;
  quantity: NumExpr;
  unit?: string;
  when?: Formula;
  label?: string;
  /** Parts and sub-assemblies of an assembly. */
  children: BomLine[];
  /** Operations that make an assembly. */
  operations: Operation[];
  source?: SourcePosition;
}

export interface Operation {
  name: string;
  workCentre: string;
  minutes: NumExpr;
  when?: Formula;
  source?: SourcePosition;
}

export interface Presentation {
  /** Per engine variable (components' presence, choices, flags, numbers): how to show it. */
  variables: Record<string, VariablePresentation>;
  /** Groups of variables as the configurator shows them (components, sections), in order. */
  groups: PresentationGroup[];
  /** Preview layers, stacked in this order (first = bottom). */
  layers: PreviewLayer[];
  /** Personalisation fields: free text outside the solver, validated on its own. */
  personalisation: PersonalisationField[];
  /** Preview canvas, e.g. "0 0 400 300". */
  viewBox?: string;
}

export interface VariablePresentation {
  labels?: Labels;
  descriptions?: Labels;
  /** Per value (String(value)): its labels. */
  valueLabels?: Record<string, Labels>;
  /** Unit of an integer attribute ("in", "cm", "m²"). */
  unit?: string;
}

export interface PresentationGroup {
  id: string;
  labels?: Labels;
  /** Engine variables and personalisation field ids, in the order shown. */
  variables: string[];
}

/** One layer: for each value of a variable, an SVG fragment or an asset path shown when it is chosen. */
export interface PreviewLayer {
  id: string;
  variable: string;
  /** Keyed by String(value). An entry may contain `{text:FIELD}` placeholders for personalisation. */
  fragments: Record<string, string>;
}

export interface PersonalisationField {
  id: string;
  labels?: Labels;
  maxLength: number;
  /** Allowed characters as a character-class body, e.g. "A-Za-z0-9 .&". */
  allowed: string;
  /** The field applies (and may be filled) only when this holds. */
  when?: Formula;
  required: boolean;
  price?: NumExpr;
  /** SVG fragment for the preview with `{value}` where the text goes; stacked above the layers. */
  preview?: string;
  source?: SourcePosition;
}

/** An empty presentation/pricing/BOM, for readers of formats that carry none. */
export function bareProduct(id: string, name: string, model: Model): ProductModel {
  return {
    id,
    name,
    model,
    presets: [],
    prices: [],
    bom: [],
    operations: [],
    presentation: { variables: {}, groups: [], layers: [], personalisation: [] },
  };
}
