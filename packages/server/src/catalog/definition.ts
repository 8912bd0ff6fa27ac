import type { Value } from '@atelier/engine';
import type { Labels, ProductModel } from '@atelier/modeling';
import { z } from 'zod';
import type { ProductRuntime } from './runtime.ts';

export const JsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).meta({ id: 'Value' });

/** What a client needs to draw a configurator: variables with labels and units, groups, fields. */
export const ProductDefinition = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.number().int(),
    description: z.string().optional(),
    currency: z.string().optional(),
    viewBox: z.string(),
    groups: z.array(z.object({ id: z.string(), label: z.string(), variables: z.array(z.string()) })),
    variables: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['bool', 'enum', 'int']),
        label: z.string(),
        description: z.string().optional(),
        unit: z.string().optional(),
        default: JsonValue.optional(),
        values: z.array(z.object({ value: JsonValue, label: z.string() })),
      }),
    ),
    personalisation: z.array(
      z.object({ id: z.string(), label: z.string(), maxLength: z.number().int(), allowed: z.string(), required: z.boolean() }),
    ),
  })
  .meta({ id: 'ProductDefinition' });
export type ProductDefinition = z.infer<typeof ProductDefinition>;

/** The label in the asked language, then English, then any. */
export function pick(labels: Labels | undefined, lang: string): string | undefined {
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

export function describeProduct(runtime: ProductRuntime, lang: string): ProductDefinition {
  const { product, model } = runtime;
  const visible = model.variables.filter((v) => !v.hidden);
  const description = pick(product.descriptions, lang);
  return {
    id: runtime.productId,
    name: pick(product.labels, lang) ?? product.name,
    version: runtime.version,
    ...(description ? { description } : {}),
    ...(product.currency ? { currency: product.currency } : {}),
    viewBox: product.presentation.viewBox ?? '0 0 400 300',
    groups: product.presentation.groups.map((g) => ({ id: g.id, label: pick(g.labels, lang) ?? g.id, variables: g.variables })),
    variables: visible.map((v) => {
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
