import type { Formula, Value } from '@atelier/engine';
import { evalFormula } from '@atelier/engine/model/evaluate.ts';
import type { BomLine, NumExpr, Operation, ProductModel, TextExpr } from './product.ts';

/*
 * Prices, bills of materials and routings of one complete configuration. These live outside the
 * solver: they may be non-linear and decimal, and are only ever read on a finished configuration.
 */

/** A complete configuration: engine variable → value; a variable missing here is absent (`null`). */
export type Configuration = Readonly<Record<string, Value>>;

/** A configuration from a list of assignments (a session's `complete()` or `assignments()`). */
export function configurationOf(assignments: readonly { variable: string; value: Value }[]): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const a of assignments) out[a.variable] = a.value;
  return out;
}

type Lookup = (name: string) => Value;

function lookup(config: Configuration): Lookup {
  return (name) => (Object.prototype.hasOwnProperty.call(config, name) ? config[name] : null);
}

export function holdsOn(f: Formula | undefined, config: Configuration): boolean {
  return f === undefined || evalFormula(f, lookup(config));
}

function numeric(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** A numeric expression made a function of a configuration's lookup. */
type NumberOf = (get: Lookup) => number;

/*
 * Each expression is turned into closures once and kept for as long as the expression lives: every
 * configurator answer prices the configuration, and walking the tree afresh each time (with the
 * closures a walk creates) cost the server about 8 µs and 9 kB per answer on the PC model; the
 * compiled terms cost under 1 µs and allocate nothing but the lookup. Product models are never
 * changed once read, so an expression object always means the same function.
 */
const compiledNumbers = new WeakMap<NumExpr, NumberOf>();

function numberOf(e: NumExpr): NumberOf {
  let f = compiledNumbers.get(e);
  if (f === undefined) {
    f = compileNumber(e);
    compiledNumbers.set(e, f);
  }
  return f;
}

function compileNumber(x: NumExpr): NumberOf {
  switch (x.op) {
    case 'num': {
      const value = x.value;
      return () => value;
    }
    case 'val': {
      const name = x.var;
      return (get) => numeric(get(name));
    }
    case 'attr': {
      const { var: name, table } = x;
      return (get) => {
        const v = get(name);
        return v === null ? 0 : (table[String(v)] ?? 0);
      };
    }
    case 'add': {
      const args = x.args.map(numberOf);
      return (get) => {
        let sum = 0;
        for (const a of args) sum += a(get);
        return sum;
      };
    }
    case 'sub': {
      if (x.args.length === 0) return () => 0;
      const [first, ...rest] = x.args.map(numberOf);
      return (get) => {
        let acc = first(get);
        for (const a of rest) acc -= a(get);
        return acc;
      };
    }
    case 'mul': {
      const args = x.args.map(numberOf);
      return (get) => {
        let product = 1;
        for (const a of args) product *= a(get);
        return product;
      };
    }
    case 'div': {
      if (x.args.length === 0) return () => 0;
      const [first, ...rest] = x.args.map(numberOf);
      return (get) => {
        let acc = first(get);
        for (const a of rest) {
          const d = a(get);
          acc = d === 0 ? 0 : acc / d;
        }
        return acc;
      };
    }
    case 'min':
    case 'max': {
      if (x.args.length === 0) return () => 0;
      // Math.min(a, b, c) is Math.min(Math.min(a, b), c), NaN and -0 included.
      const pick = x.op === 'min' ? Math.min : Math.max;
      const [first, ...rest] = x.args.map(numberOf);
      return (get) => {
        let acc = first(get);
        for (const a of rest) acc = pick(acc, a(get));
        return acc;
      };
    }
    case 'ceil': {
      const arg = numberOf(x.arg);
      return (get) => Math.ceil(roundNoise(arg(get)));
    }
    case 'floor': {
      const arg = numberOf(x.arg);
      return (get) => Math.floor(roundNoise(arg(get)));
    }
    case 'round': {
      const arg = numberOf(x.arg);
      return (get) => Math.round(roundNoise(arg(get)));
    }
    case 'neg': {
      const arg = numberOf(x.arg);
      return (get) => -arg(get);
    }
    case 'if': {
      const { cond } = x;
      const then = numberOf(x.then);
      const otherwise = numberOf(x.else);
      return (get) => (evalFormula(cond, get) ? then(get) : otherwise(get));
    }
    case 'count': {
      const { args } = x;
      return (get) => {
        let n = 0;
        for (const f of args) if (evalFormula(f, get)) n++;
        return n;
      };
    }
  }
}

/** Value of a numeric expression; absent variables and missing attributes count 0, and so does x / 0. */
export function evaluateNum(e: NumExpr, config: Configuration): number {
  return numberOf(e)(lookup(config));
}

/** Binary noise (0.1 + 0.2) must not push ceil() up a whole unit. */
function roundNoise(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** A text on a configuration; empty when it depends on an absent variable or a value without the attribute. */
export function evaluateText(e: TextExpr, config: Configuration): string {
  if (e.op === 'text') return e.value;
  const v = lookup(config)(e.var);
  return v === null ? '' : (e.table[String(v)] ?? '');
}

export interface PriceLine {
  label?: string;
  amount: number;
}

/** What the customer typed into personalisation fields, by field id. */
export type PersonalisationTexts = Readonly<Record<string, string>>;

/**
 * The price terms that apply to a configuration, each with its amount, then the personalisation
 * fields that are filled in and apply.
 */
export function priceBreakdown(product: ProductModel, config: Configuration, texts: PersonalisationTexts = {}): PriceLine[] {
  const get = lookup(config);
  const out: PriceLine[] = [];
  for (const term of product.prices) {
    if (term.when !== undefined && !evalFormula(term.when, get)) continue;
    const amount = numberOf(term.amount)(get);
    if (amount !== 0) out.push(term.label === undefined ? { amount } : { label: term.label, amount });
  }
  for (const field of product.presentation.personalisation) {
    if (!field.price || !texts[field.id] || (field.when !== undefined && !evalFormula(field.when, get))) continue;
    const amount = numberOf(field.price)(get);
    if (amount !== 0) out.push({ label: field.labels?.en ?? field.id, amount });
  }
  return out;
}

/** Total price of a complete configuration, rounded to a millionth to hide binary noise. */
export function evaluatePrice(product: ProductModel, config: Configuration, texts: PersonalisationTexts = {}): number {
  const total = priceBreakdown(product, config, texts).reduce((s, l) => s + l.amount, 0);
  return Math.round(total * 1e6) / 1e6;
}

export interface RoutedOperation {
  name: string;
  workCentre: string;
  minutes: number;
}

export interface BomItem {
  kind: BomLine['kind'];
  partNumber: string;
  /** Per one of its parent (or per product at the top level). */
  quantity: number;
  unit?: string;
  label?: string;
  children: BomItem[];
  operations: RoutedOperation[];
}

function routeAll(operations: readonly Operation[], config: Configuration): RoutedOperation[] {
  const out: RoutedOperation[] = [];
  for (const op of operations) {
    if (!holdsOn(op.when, config)) continue;
    out.push({ name: op.name, workCentre: op.workCentre, minutes: evaluateNum(op.minutes, config) });
  }
  return out;
}

function explodeLines(lines: readonly BomLine[], config: Configuration): BomItem[] {
  const out: BomItem[] = [];
  for (const line of lines) {
    if (!holdsOn(line.when, config)) continue;
    const quantity = roundNoise(evaluateNum(line.quantity, config));
    const partNumber = evaluateText(line.partNumber, config);
    // A line whose part number comes from a value without one, or whose quantity is zero, brings nothing.
    if (quantity === 0 || partNumber === '') continue;
    const item: BomItem = {
      kind: line.kind,
      partNumber,
      quantity,
      children: explodeLines(line.children, config),
      operations: routeAll(line.operations, config),
    };
    if (line.unit !== undefined) item.unit = line.unit;
    if (line.label !== undefined) item.label = line.label;
    out.push(item);
  }
  return out;
}

/** The bill of materials of a complete configuration, as a tree of parts and sub-assemblies. */
export function explodeBom(product: ProductModel, config: Configuration): BomItem[] {
  return explodeLines(product.bom, config);
}

/** The product-level operations of a configuration (an assembly's own operations sit on its BomItem). */
export function routeOperations(product: ProductModel, config: Configuration): RoutedOperation[] {
  return routeAll(product.operations, config);
}

/** Total quantity of each part number over the whole tree (children multiplied by their parents' quantities). */
export function bomTotals(items: readonly BomItem[]): Map<string, number> {
  const totals = new Map<string, number>();
  const walk = (list: readonly BomItem[], factor: number): void => {
    for (const item of list) {
      const q = roundNoise(item.quantity * factor);
      totals.set(item.partNumber, roundNoise((totals.get(item.partNumber) ?? 0) + q));
      walk(item.children, q);
    }
  };
  walk(items, 1);
  return totals;
}
