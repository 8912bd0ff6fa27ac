// What a client needs to draw a configurator for a product in one language: variables with labels
// and units, groups, personalisation fields. The server answers it for published versions and the
// studio builds it in the browser from the text being edited; both call this.
import type { CompiledModel, Value } from '@atelier/engine';
import type { Labels, ProductModel } from './product.ts';

export interface VariableDefinition {
  name: string;
  kind: 'bool' | 'enum' | 'int';
  label: string;
  description?: string;
  unit?: string;
  default?: Value;
  values: { value: Value; label: string }[];
}

export interface FieldDefinition {
  id: string;
  label: string;
  maxLength: number;
  allowed: string;
  required: boolean;
}

export interface ProductDefinition {
  id: string;
  name: string;
  version: number;
  description?: string;
  currency?: string;
  viewBox: string;
  groups: { id: string; label: string; variables: string[] }[];
  variables: VariableDefinition[];
  personalisation: FieldDefinition[];
}

/** The label in the asked language, then English, then any. */
export function pickLabel(labels: Labels | undefined, lang: string): string | undefined {
  if (!labels) return undefined;
  return labels[lang] ?? labels.en ?? Object.values(labels)[0];
}

/** What a flag's values and absence are called when the model gives them no label of its own. */
const PLAIN_WORDS: Record<string, { yes: string; no: string; none: string }> = {
  en: { yes: 'yes', no: 'no', none: 'none' },
  pl: { yes: 'tak', no: 'nie', none: 'brak' },
  it: { yes: 'sì', no: 'no', none: 'nessuno' },
};

function valueLabel(product: ProductModel, variable: string, value: Value, lang: string): string {
  const own = pickLabel(product.presentation.variables[variable]?.valueLabels?.[String(value)], lang);
  if (own) return own;
  const words = PLAIN_WORDS[lang.split('-')[0].toLowerCase()] ?? PLAIN_WORDS.en;
  if (value === null) return words.none;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  return String(value);
}

/** The definition of `product` (compiled as `model`) as version `version` of catalogue entry `productId`. */
export function defineProduct(productId: string, version: number, product: ProductModel, model: CompiledModel, lang = 'en'): ProductDefinition {
  const description = pickLabel(product.descriptions, lang);
  return {
    id: productId,
    name: pickLabel(product.labels, lang) ?? product.name,
    version,
    ...(description ? { description } : {}),
    ...(product.currency ? { currency: product.currency } : {}),
    viewBox: product.presentation.viewBox ?? '0 0 400 300',
    groups: product.presentation.groups.map((g) => ({ id: g.id, label: pickLabel(g.labels, lang) ?? g.id, variables: g.variables })),
    variables: model.variables
      .filter((v) => !v.hidden)
      .map((v) => {
        const shown = product.presentation.variables[v.name];
        const described = pickLabel(shown?.descriptions, lang);
        return {
          name: v.name,
          kind: v.kind,
          label: pickLabel(shown?.labels, lang) ?? v.label ?? v.name,
          ...(described ? { description: described } : {}),
          ...(shown?.unit ? { unit: shown.unit } : {}),
          ...(v.defaultIndex !== undefined ? { default: v.values[v.defaultIndex] } : {}),
          values: v.values.map((value) => ({ value, label: valueLabel(product, v.name, value, lang) })),
        };
      }),
    personalisation: product.presentation.personalisation.map((f) => ({
      id: f.id,
      label: pickLabel(f.labels, lang) ?? f.id,
      maxLength: f.maxLength,
      allowed: f.allowed,
      required: f.required,
    })),
  };
}
