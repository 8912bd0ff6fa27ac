import { defineProduct } from '@atelier/modeling';
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

/** The configurator definition of a published version, in one language. */
export function describeProduct(runtime: ProductRuntime, lang: string): ProductDefinition {
  return defineProduct(runtime.productId, runtime.version, runtime.product, runtime.model, lang);
}
