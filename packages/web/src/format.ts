// How values, prices and dates read on screen.
import type { Value } from '@atelier/engine';
import type { ProductDefinition, VariableDefinition } from './api/types.ts';

export function money(amount: number, currency = 'EUR'): string {
  try {
    return new Intl.NumberFormat('en-IE', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A stable key for a variable's value (values are strings, numbers, booleans or null). */
export const valueKey = (variable: string, value: Value): string => `${variable}=${JSON.stringify(value)}`;

export function variableOf(definition: ProductDefinition, name: string): VariableDefinition | undefined {
  return definition.variables.find((v) => v.name === name);
}

export function valueLabel(variable: VariableDefinition | undefined, value: Value): string {
  const found = variable?.values.find((v) => v.value === value);
  const text = found?.label ?? (value === null ? 'none' : String(value));
  return variable?.unit && typeof value === 'number' ? `${text} ${variable.unit}` : text;
}

/** "Processor: Intel Core i5-13400" — a choice as a sentence fragment. */
export function choiceText(definition: ProductDefinition, variable: string, value: Value): string {
  const v = variableOf(definition, variable);
  return `${v ? fullLabel(definition, v) : variable}: ${valueLabel(v, value)}`;
}

/** Repeated components are numbered: memory[2].module reads "Module 2". */
function numbered(v: VariableDefinition): string {
  const index = /\[(\d+)\]/.exec(v.name);
  return index ? `${v.label} ${index[1]}` : v.label;
}

/**
 * A variable's label with its component's when the label alone is vague ("Model" of the processor
 * reads "Processor: Model"): the smallest group holding it names the component.
 */
export function fullLabel(definition: ProductDefinition, v: VariableDefinition): string {
  const own = numbered(v);
  const holders = definition.groups.filter((g) => g.variables.includes(v.name)).sort((a, b) => a.variables.length - b.variables.length);
  const component = holders[0];
  if (!component || holders.length < 2) return own;
  const a = component.label.toLowerCase();
  const b = v.label.toLowerCase();
  return a.includes(b) || b.includes(a) ? own : `${component.label}: ${own}`;
}

export function statusText(status: string): string {
  return status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
