import type { Formula, Value } from '@atelier/engine';
import type { Labels, VariablePresentation } from '../product.ts';
import type { ChoiceDecl, ComponentDecl, DefaultItem, FlagDecl, Item, NumberDecl, Pos, Texts, UseDecl } from './ast.ts';
import { collectAttributes } from './attributes.ts';
import type { Lowering } from './context.ts';
import { didYouMean, where } from './resolve.ts';
import { type Member, type Scope, type ValueInfo, describeMember } from './scope.ts';

/** Repeated components beyond this many instances are refused: each instance is a copy of the body. */
export const MAX_INSTANCES = 1000;

/** Templates using templates deeper than this are refused (no product needs it; the stack would). */
const MAX_TEMPLATE_DEPTH = 64;

/** Integer domains beyond this many values are refused (the engine's own limit). */
const MAX_DOMAIN = 100_000;

export function labelsOf(texts: Texts, which: 'labels' | 'descriptions' = 'labels'): Labels | undefined {
  const list = texts[which];
  if (list.length === 0) return undefined;
  const out: Labels = {};
  for (const t of list) out[t.lang] = t.text;
  return out;
}

function englishLabel(texts: Texts): string | undefined {
  return texts.labels.find((t) => t.lang === 'en')?.text;
}

function presentationOf(texts: Texts): VariablePresentation {
  const p: VariablePresentation = {};
  const labels = labelsOf(texts);
  const descriptions = labelsOf(texts, 'descriptions');
  if (labels) p.labels = labels;
  if (descriptions) p.descriptions = descriptions;
  return p;
}

function optionalOf(scope: Scope): { optional?: { when: Formula } } {
  return scope.presence ? { optional: { when: scope.presence } } : {};
}

/**
 * Value costs from the values' prices: what "cheapest" adds up when the product's price cannot be
 * compiled (see price-cost.ts). The solver needs costs >= 0: when a variable always has exactly one
 * value, shifting every cost by the same amount changes nothing; an optional variable's absence costs
 * 0, so negatives are dropped instead.
 */
function costsFrom(prices: number[], optional: boolean): number[] | undefined {
  if (prices.every((p) => p === 0)) return undefined;
  const lowest = Math.min(...prices);
  if (lowest >= 0) return prices;
  if (!optional) return prices.map((p) => p - lowest);
  return prices.map((p) => Math.max(0, p));
}

/**
 * First pass over a product: declares every variable (in the order written) and the scope of every
 * component instance, so that the rules lowered afterwards may refer to any feature, wherever it is.
 */
export class Declarer {
  /** Components in declaration order, for the configurator's groups. */
  readonly components: { id: string; texts: Texts; member: Member }[] = [];
  private readonly templates: string[] = [];

  constructor(private readonly low: Lowering) {}

  scope(scope: Scope, items: readonly Item[]): void {
    for (const item of items) {
      if (this.duplicate(scope, item)) continue;
      switch (item.kind) {
        case 'choice':
          this.add(scope, this.choice(scope, item));
          break;
        case 'flag':
          this.add(scope, this.flag(scope, item));
          break;
        case 'number':
          this.add(scope, this.number(scope, item));
          break;
        case 'component':
          this.add(scope, this.component(scope, item));
          break;
        case 'use':
          this.add(scope, this.use(scope, item));
          break;
        case 'text':
          if (item.name.text) this.add(scope, { kind: 'text', name: item.name.text, id: scope.prefix + item.name.text, decl: item });
          scope.items.push(item);
          break;
        default:
          scope.items.push(item);
      }
    }
  }

  /** A second feature of the same name is reported and not declared at all. */
  private duplicate(scope: Scope, item: Item): boolean {
    if (!('name' in item)) return false;
    const first = scope.members.get(item.name.text);
    if (!first) return false;
    const at = item.name.pos;
    this.low.error(
      'duplicate-name',
      `"${item.name.text}" is declared twice in ${scope.describe} (first as ${describeMember(first)} at ${where(declPos(first), at)})`,
      at,
    );
    return true;
  }

  private add(scope: Scope, m: Member | undefined): void {
    if (!m || !m.name || scope.members.has(m.name)) return;
    scope.members.set(m.name, m);
    const v = m.kind === 'repeated' ? m.countVar : m.kind === 'text' ? undefined : m.var;
    if (v !== undefined) this.low.members.set(v, m);
  }

  private choice(scope: Scope, d: ChoiceDecl): Member | undefined {
    const low = this.low;
    const name = d.name.text;
    if (!name) return undefined;
    const v = scope.prefix + name;
    const values: ValueInfo[] = [];
    const seen = new Set<string>();
    const valueDecls = d.values.filter((vd) => {
      if (seen.has(vd.name.text)) {
        low.error('duplicate-name', `value "${vd.name.text}" is declared twice in choice "${name}"`, vd.name.pos);
        return false;
      }
      seen.add(vd.name.text);
      values.push({ name: vd.name.text, texts: vd.texts, pos: vd.name.pos });
      return true;
    });
    const attrs = collectAttributes(
      low,
      `choice "${name}"`,
      valueDecls.map((vd) => ({ name: vd.name.text, attrs: vd.attrs })),
    );
    const member: Member = { kind: 'choice', name, var: v, decl: d, values, attrs, valid: false };
    if (values.length === 0) {
      if (d.broken) return member;
      low.error('empty-choice', `choice "${name}" has no values; add at least one "value"`, d.name.pos);
      return member;
    }
    let dflt: string | undefined;
    if (d.default) {
      if (seen.has(d.default.text)) dflt = d.default.text;
      else
        low.error(
          'unknown-value',
          `default "${d.default.text}" is not a value of choice "${name}"`,
          d.default.pos,
          didYouMean(d.default.text, values.map((x) => x.name)),
        );
    }
    if (!low.room(1, d.name.pos)) return member;
    const price = attrs.get('price');
    const costs = price ? costsFrom(values.map((x) => price.numbers[x.name] ?? 0), !!scope.presence) : undefined;
    const label = englishLabel(d.texts);
    member.valid = low.declare(v, d.name.pos, values.map((x) => x.name), !!scope.presence, (b) =>
      b.enum(
        v,
        values.map((x, i) => (costs ? { value: x.name, cost: costs[i] } : x.name)),
        { ...(label !== undefined ? { label } : {}), ...(dflt !== undefined ? { default: dflt } : {}), ...optionalOf(scope), source: d.name.pos },
      ),
    );
    const p = presentationOf(d.texts);
    const valueLabels: Record<string, Labels> = {};
    for (const x of values) {
      const l = labelsOf(x.texts);
      if (l) valueLabels[x.name] = l;
    }
    if (Object.keys(valueLabels).length > 0) p.valueLabels = valueLabels;
    low.presentation.variables[v] = p;
    low.valueSources[v] = Object.fromEntries(values.map((x) => [x.name, x.pos]));
    return member;
  }

  private flag(scope: Scope, d: FlagDecl): Member | undefined {
    const low = this.low;
    const name = d.name.text;
    if (!name) return undefined;
    const v = scope.prefix + name;
    const attrs = collectAttributes(low, `flag "${name}"`, [{ name: 'true', attrs: d.attrs }]);
    const member: Member = { kind: 'flag', name, var: v, decl: d, attrs };
    if (!low.room(1, d.name.pos)) return member;
    const price = attrs.get('price')?.numbers.true ?? 0;
    const costs = costsFrom([0, price], !!scope.presence);
    const label = englishLabel(d.texts);
    low.declare(v, d.name.pos, [false, true], !!scope.presence, (b) =>
      b.bool(v, {
        ...(label !== undefined ? { label } : {}),
        ...(d.default ? { default: d.default.value } : {}),
        ...(costs ? { costs: [costs[0], costs[1]] as [number, number] } : {}),
        ...optionalOf(scope),
        source: d.name.pos,
      }),
    );
    low.presentation.variables[v] = presentationOf(d.texts);
    low.valueSources[v] = { true: d.name.pos, false: d.name.pos };
    return member;
  }

  private number(scope: Scope, d: NumberDecl): Member | undefined {
    const low = this.low;
    const name = d.name.text;
    if (!name) return undefined;
    const v = scope.prefix + name;
    const member: Member = { kind: 'number', name, var: v, decl: d, values: [], valid: false };
    const step = d.step?.value ?? 1;
    if (!Number.isSafeInteger(d.min) || !Number.isSafeInteger(d.max)) {
      low.error('domain', `number "${name}": the bounds ${d.min}..${d.max} must be whole numbers`, d.rangePos);
      return member;
    }
    if (d.max < d.min) {
      low.error('domain', `number "${name}": the range ${d.min}..${d.max} is empty (the smallest value comes first)`, d.rangePos);
      return member;
    }
    if (!Number.isSafeInteger(step) || step <= 0) {
      low.error('domain', `number "${name}": the step must be a whole number above 0, not ${step}`, d.step?.pos ?? d.rangePos);
      return member;
    }
    const size = Math.floor((d.max - d.min) / step) + 1;
    if (size > MAX_DOMAIN) {
      low.error('domain', `number "${name}" would have ${size} values; at most ${MAX_DOMAIN}`, d.rangePos);
      return member;
    }
    const values: number[] = [];
    for (let x = d.min; x <= d.max; x += step) values.push(x);
    member.values = values;
    let dflt: number | undefined;
    if (d.default) {
      if (values.includes(d.default.value)) dflt = d.default.value;
      else low.error('domain', `default ${d.default.value} is not a value of number "${name}" (${describeRange(d.min, d.max, step)})`, d.default.pos);
    }
    if (!low.room(1, d.name.pos)) return member;
    const costs = d.price ? costsFrom(values.map((x) => x * (d.price?.value ?? 0)), !!scope.presence) : undefined;
    const label = englishLabel(d.texts);
    member.valid = low.declare(v, d.name.pos, values, !!scope.presence, (b) =>
      b.int(v, { values }, {
        ...(label !== undefined ? { label } : {}),
        ...(dflt !== undefined ? { default: dflt } : {}),
        ...(costs ? { costs } : {}),
        ...optionalOf(scope),
        source: d.name.pos,
      }),
    );
    const p = presentationOf(d.texts);
    if (d.unit !== undefined) p.unit = d.unit;
    low.presentation.variables[v] = p;
    return member;
  }

  private use(scope: Scope, u: UseDecl): Member | undefined {
    const low = this.low;
    if (!u.template.text || !u.name.text) return undefined;
    const template = low.globals.templates.get(u.template.text);
    if (!template) {
      low.error(
        'unknown-name',
        `unknown component template "${u.template.text}"`,
        u.template.pos,
        didYouMean(u.template.text, low.globals.templates.keys()),
      );
      return undefined;
    }
    if (this.templates.length >= MAX_TEMPLATE_DEPTH) {
      low.error('template-cycle', `templates used inside templates more than ${MAX_TEMPLATE_DEPTH} levels deep`, u.pos);
      return undefined;
    }
    if (this.templates.includes(template.name.text)) {
      low.error('template-cycle', `component template "${template.name.text}" uses itself (${[...this.templates, template.name.text].join(' → ')})`, u.pos);
      return undefined;
    }
    const decl: ComponentDecl = {
      kind: 'component',
      name: u.name,
      texts: u.texts.labels.length > 0 ? u.texts : template.texts,
      multiplicity: u.multiplicity ?? template.multiplicity,
      body: template.body,
      pos: u.pos,
    };
    this.templates.push(template.name.text);
    try {
      // A template sees its own features only: it may be used in any product.
      return this.component(scope, decl, true);
    } finally {
      this.templates.pop();
    }
  }

  private component(scope: Scope, d: ComponentDecl, template = false): Member | undefined {
    const low = this.low;
    const name = d.name.text;
    if (!name) return undefined;
    const texts: Texts = { labels: [...d.texts.labels], descriptions: [...d.texts.descriptions] };
    let dflt: DefaultItem | undefined;
    const body: Item[] = [];
    for (const item of d.body) {
      if (item.kind === 'label') texts.labels.push(item.text);
      else if (item.kind === 'description') texts.descriptions.push(item.text);
      else if (item.kind === 'default') dflt = item;
      else body.push(item);
    }
    const label = englishLabel(texts);
    const parent = template ? undefined : scope;
    const child = (prefix: string, presence: Formula | undefined, instance?: string): Scope => ({
      ...(parent ? { parent } : {}),
      prefix,
      ...(presence ? { presence } : {}),
      members: new Map(),
      describe: `component "${name}"`,
      items: [],
      ...(instance ? { instance } : {}),
      pos: d.name.pos,
    });
    const m = d.multiplicity;
    let member: Member;
    if (m.kind === 'one') {
      if (dflt) low.error('misplaced', `component "${name}" is always present, so it has no default; make it optional or repeated`, dflt.pos);
      const inner = child(scope.prefix + name + '.', scope.presence);
      member = { kind: 'component', name, decl: d, scope: inner };
      this.scope(inner, body);
    } else if (m.kind === 'optional') {
      const v = scope.prefix + name;
      let present: boolean | undefined;
      if (dflt) {
        if (dflt.value.kind === 'ident' && (dflt.value.name === 'true' || dflt.value.name === 'false')) present = dflt.value.name === 'true';
        else low.error('type', `the default of optional component "${name}" is true or false`, dflt.value.pos);
      }
      if (!low.room(1, d.name.pos)) return undefined;
      low.declare(v, d.name.pos, [false, true], !!scope.presence, (b) =>
        b.bool(v, {
          ...(label !== undefined ? { label } : {}),
          ...(present !== undefined ? { default: present } : {}),
          ...optionalOf(scope),
          source: d.name.pos,
        }),
      );
      low.presentation.variables[v] = presentationOf(texts);
      low.valueSources[v] = { true: d.name.pos, false: d.name.pos };
      const inner = child(v + '.', { op: 'eq', var: v, value: true });
      member = { kind: 'component', name, var: v, decl: d, scope: inner };
      this.scope(inner, body);
    } else {
      const { min, max } = m;
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
        low.error('domain', `component "${name}": ${min}..${max} is not a number of instances (whole numbers, smallest first, from 0)`, m.pos);
        return undefined;
      }
      if (max > MAX_INSTANCES) {
        low.error('domain', `component "${name}" may repeat at most ${MAX_INSTANCES} times, not ${max}`, m.pos);
        return undefined;
      }
      const countVar = `${scope.prefix}${name}.count`;
      let count: number | undefined;
      if (dflt) {
        if (dflt.value.kind === 'number' && dflt.value.value >= min && dflt.value.value <= max && Number.isInteger(dflt.value.value))
          count = dflt.value.value;
        else low.error('domain', `the default number of "${name}" must be between ${min} and ${max}`, dflt.value.pos);
      }
      if (!low.room(1 + max, d.name.pos)) return undefined;
      const counts: Value[] = [];
      for (let i = min; i <= max; i++) counts.push(i);
      low.declare(countVar, d.name.pos, counts, !!scope.presence, (b) =>
        b.int(countVar, { min, max }, {
          ...(label !== undefined ? { label } : {}),
          ...(count !== undefined ? { default: count } : {}),
          ...optionalOf(scope),
          source: d.name.pos,
        }),
      );
      low.presentation.variables[countVar] = presentationOf(texts);
      const instances: Scope[] = [];
      const exists: Formula[] = [];
      for (let i = 1; i <= max; i++) {
        // Instances are used in order: instance i exists when the count reaches i (so swapping two
        // instances never gives a "different" configuration). Up to `min` they exist with the parent.
        const present: Formula | undefined =
          i <= min ? scope.presence : { op: 'in', var: countVar, values: counts.filter((c) => (c as number) >= i) };
        exists.push(present ?? { op: 'const', value: true });
        const inner = child(`${scope.prefix}${name}[${i}].`, present, `${scope.prefix}${name}[${i}]`);
        instances.push(inner);
        this.scope(inner, body);
      }
      member = { kind: 'repeated', name, countVar, decl: d, min, max, instances, exists };
    }
    this.components.push({ id: scope.prefix + name, texts, member });
    return member;
  }
}

function declPos(m: Member): Pos {
  return m.decl.name.pos;
}

export function describeRange(min: number, max: number, step: number): string {
  return step === 1 ? `${min}..${max}` : `${min}..${max} step ${step}`;
}
