// A model's configurator definition built in the browser from the text being edited, so the
// studio's live configurator draws it with the storefront's components before anything is saved.
// It is what GET /api/products/:id answers for a published version (the server's
// catalog/definition.ts); definition.test.ts holds the two to the same result.
import type { CompiledModel, Value } from '@atelier/engine';
import type { Labels, ProductModel } from '@atelier/modeling';
import type { ProductDefinition } from '../api/types.ts';

/** The label in the asked language, then English, then any. */
function pick(labels: Labels | undefined, lang: string): string | undefined {
  if (!labels) return undefined;
  return labels[lang] ?? labels.en ?? Object.values(labels)[0];
}

function valueLabel(product: ProductModel, variable: string, value: Value, lang: string): string {
  const own = pick(product.presentation.variables[variable]?.valueLabels?.[String(value)], lang);
  if (own) return own;
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function defineProduct(productId: string, version: number, product: ProductModel, model: CompiledModel, lang = 'en'): ProductDefinition {
  const description = pick(product.descriptions, lang);
  return {
    id: productId,
    name: pick(product.labels, lang) ?? product.name,
    version,
    ...(description ? { description } : {}),
    ...(product.currency ? { currency: product.currency } : {}),
    viewBox: product.presentation.viewBox ?? '0 0 400 300',
    groups: product.presentation.groups.map((g) => ({ id: g.id, label: pick(g.labels, lang) ?? g.id, variables: g.variables })),
    variables: model.variables
      .filter((v) => !v.hidden)
      .map((v) => {
        const shown = product.presentation.variables[v.name];
        const described = pick(shown?.descriptions, lang);
        return {
          name: v.name,
          kind: v.kind,
          label: pick(shown?.labels, lang) ?? v.label ?? v.name,
          ...(described ? { description: described } : {}),
          ...(shown?.unit ? { unit: shown.unit } : {}),
          ...(v.defaultIndex !== undefined ? { default: v.values[v.defaultIndex] } : {}),
          values: v.values.map((value) => ({ value, label: valueLabel(product, v.name, value, lang) })),
        };
      }),
    personalisation: product.presentation.personalisation.map((f) => ({
      id: f.id,
      label: pick(f.labels, lang) ?? f.id,
      maxLength: f.maxLength,
      allowed: f.allowed,
      required: f.required,
    })),
  };
}
