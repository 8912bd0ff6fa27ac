import type { CompiledConstraint, Explanation, Repair, Session, Value } from '@atelier/engine';
import { describeConfiguration } from '@atelier/modeling';
import { z } from 'zod';
import { JsonValue } from '../catalog/definition.ts';
import type { ProductRuntime } from '../catalog/runtime.ts';

export const Setter = z.enum(['user', 'default', 'engine']);

/** A stored choice: what was set and by whom (a completion's values are the customer's to change). */
export const Choice = z.object({ variable: z.string().min(1).max(200), value: JsonValue, by: z.enum(['user', 'default']).default('user') });
export type Choice = z.infer<typeof Choice>;

export const Texts = z.record(z.string().max(100), z.string().max(1000));

export const Price = z
  .object({
    currency: z.string(),
    total: z.number(),
    lines: z.array(z.object({ label: z.string().optional(), amount: z.number() })),
  })
  .meta({ id: 'Price' });
export type Price = z.infer<typeof Price>;

export const ConfigurationState = z
  .object({
    id: z.uuid(),
    productId: z.string(),
    version: z.number().int(),
    revision: z.number().int(),
    choices: z.array(Choice),
    texts: z.record(z.string(), z.string()),
    assignments: z.array(z.object({ variable: z.string(), value: JsonValue, by: Setter })),
    domains: z.array(
      z.object({
        variable: z.string(),
        possible: z.array(JsonValue),
        impossible: z.array(JsonValue),
        forced: JsonValue.optional(),
        chosen: JsonValue.optional(),
      }),
    ),
    /** Every variable is decided: the configuration can be quoted. */
    complete: z.boolean(),
    price: Price,
    preview: z.string(),
  })
  .meta({ id: 'ConfigurationState' });
export type ConfigurationState = z.infer<typeof ConfigurationState>;

export const Rule = z.object({ label: z.string(), explanation: z.string().optional(), file: z.string().optional(), line: z.number().int().optional() });
export const ExplanationBody = z
  .object({
    kind: z.enum(['possible', 'choices', 'model']),
    /** The fewest of the customer's choices that together exclude the value. */
    choices: z.array(z.object({ variable: z.string(), value: JsonValue })),
    rules: z.array(Rule),
    /** What to show: the rules' own explanation texts when the model has them. */
    message: z.string(),
  })
  .meta({ id: 'Explanation' });
export type ExplanationBody = z.infer<typeof ExplanationBody>;

export const RepairBody = z
  .object({ variable: z.string(), value: JsonValue, retract: z.array(z.object({ variable: z.string(), value: JsonValue })) })
  .meta({ id: 'Repair' });
export type RepairBody = z.infer<typeof RepairBody>;

const rule = (c: CompiledConstraint): z.infer<typeof Rule> => ({
  label: c.label,
  ...(c.explanation ? { explanation: c.explanation } : {}),
  ...(c.source ? { file: c.source.file, line: c.source.line } : {}),
});

const shown = (value: Value): string => (value === null ? 'none' : String(value));

export function explanationBody(variable: string, value: Value, e: Explanation): ExplanationBody {
  if (e.kind === 'possible') return { kind: 'possible', choices: [], rules: [], message: `${variable} = ${shown(value)} is possible` };
  const rules = e.constraints.map(rule);
  const texts = [...new Set(rules.flatMap((r) => (r.explanation ? [r.explanation] : [])))];
  const choices = e.kind === 'choices' ? e.choices.map((c) => ({ variable: c.variable, value: c.value })) : [];
  const because =
    texts.length > 0
      ? texts.join(' ')
      : e.kind === 'model'
        ? `the model excludes it (${rules.map((r) => r.label).join('; ') || 'no valid configuration has it'})`
        : `it conflicts with ${choices.map((c) => `${c.variable} = ${shown(c.value)}`).join(' and ')}`;
  return { kind: e.kind, choices, rules, message: `${variable} = ${shown(value)} is not possible: ${because}` };
}

export function repairBody(r: Repair): RepairBody {
  return { variable: r.variable, value: r.value, retract: r.retract.map((a) => ({ variable: a.variable, value: a.value })) };
}

/** What every configurator answer carries: domains, who set what, price and preview, all server-computed. */
export function describeState(
  meta: { id: string; productId: string; version: number; revision: number; choices: Choice[]; texts: Record<string, string> },
  runtime: ProductRuntime,
  session: Session,
): ConfigurationState {
  const view = describeConfiguration(runtime.product, session, meta.texts);
  // The engine knows only that the customer set a value; the stored choice says whether a completion did.
  const chosenBy = new Map<string, Choice['by']>();
  for (const c of meta.choices) chosenBy.set(c.variable, c.by);
  const assignments: ConfigurationState['assignments'] = [];
  for (const a of view.assignments) assignments.push({ variable: a.variable, value: a.value, by: a.by === 'user' ? (chosenBy.get(a.variable) ?? 'user') : a.by });
  // One literal in the schema's order: the answer's shape is the same object shape every time.
  return {
    id: meta.id,
    productId: meta.productId,
    version: meta.version,
    revision: meta.revision,
    choices: meta.choices,
    texts: meta.texts,
    assignments,
    domains: view.domains,
    complete: view.complete,
    price: view.price,
    preview: view.preview,
  };
}
