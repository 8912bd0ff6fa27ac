import { F, type Formula, type Model, type Value, type VariableDecl } from '@atelier/engine';
import type { FeatureInfo, ProductModel } from '../product.ts';
import { AttributeSums, type Carrier } from './attribute-sums.ts';
import { isOtherString } from './domains.ts';
import { type LinearForm, type LiteralReader, addLinear, emptyLinear } from './linear-terms.ts';
import { UvlNames, formatAttribute, formatAttributeName, formatNumber, formatString, quoteName } from './names.ts';
import { simplify, tableFormula } from './simplify.ts';
import { countVariable, instanceVariable } from './to-model.ts';

/** The model uses something UVL cannot say; `problems` lists each, naming the rule or variable. */
export class UvlExportError extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot write this model as UVL: ${problems.join('; ')}`);
    this.name = 'UvlExportError';
  }
}

export interface UvlExport {
  text: string;
  /** Rules or variables left out because UVL cannot express them; empty when the text is exact. */
  problems: string[];
}

type Kind = 'bool' | 'int' | 'string' | 'choice' | 'value' | 'root';

/** A feature of the written tree. */
interface XFeature {
  /** Selection key: variable name, `choice=value`, or a synthetic root's name. */
  key: string;
  /** Name under which the product's feature information describes it, if it may. */
  infoKey?: string;
  text: string;
  kind: Kind;
  decl?: VariableDecl;
  /** Declaration order, to keep siblings in the model's order. */
  order: number;
  parent?: XFeature;
  children: XFeature[];
  mandatory: Set<XFeature>;
  groups: { keyword: string; members: XFeature[] }[];
  grouped: Set<XFeature>;
  attrs: [string, number][];
  card?: { min: number; max: number };
}

/** A repeated component written as a feature cardinality. */
interface Repeat {
  feature: XFeature;
  countName: string;
  max: number;
  /** Subtree features by their name inside an instance (`Blah` for `N[2].Blah`). */
  members: Map<string, XFeature>;
}

/** Thrown inside the writer when a rule cannot be written; caught per rule. */
class Unexpressible extends Error {}

const INSTANCE = /^(.*)\[(\d+)\]\.(.+)$/;

function newFeature(key: string, text: string, kind: Kind, order: number, decl?: VariableDecl): XFeature {
  const x: XFeature = { key, text, kind, order, children: [], mandatory: new Set(), groups: [], grouped: new Set(), attrs: [] };
  if (decl) {
    x.decl = decl;
    x.infoKey = decl.name;
  }
  return x;
}

/** Identity of a set of features, whatever their order. */
function setKey(members: readonly XFeature[]): string {
  return members
    .map((m) => m.key)
    .sort()
    .join('\u0002');
}

function same(a: Formula, b: Formula): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = lo; k <= hi; k++) out.push(k);
  return out;
}

/** Printed constraint text with its precedence: 0 <=>, 1 =>, 2 |, 3 &, 4 comparison, 5 atom or negation. */
interface Printed {
  text: string;
  level: number;
}

class Writer implements LiteralReader {
  readonly names = new UvlNames();
  readonly problems: string[] = [];
  /** Top-level features by variable name (and `choice=value` keys). */
  private readonly features = new Map<string, XFeature>();
  private readonly decls = new Map<string, VariableDecl>();
  private readonly repeats = new Map<string, Repeat>();
  /** Instance variable → its repeat, instance index and name inside the instance. */
  private readonly instances = new Map<string, { repeat: Repeat; index: number; inner: string }>();
  private root!: XFeature;
  private readonly lines: string[] = [];
  private attributeCount = 0;
  private sums?: AttributeSums<XFeature>;
  /** Rule labels, for problems; a rule inside a repeated component's instances keeps its rule's label. */
  private readonly labels = new Map<Formula, string>();

  constructor(
    private readonly model: Model,
    private readonly productName: string,
    private readonly namespace: string,
    private readonly info: Record<string, FeatureInfo>,
  ) {}

  private infoOf(x: XFeature): FeatureInfo | undefined {
    return x.infoKey !== undefined && Object.hasOwn(this.info, x.infoKey) ? this.info[x.infoKey] : undefined;
  }

  /** The numeric attributes of the written features, once the tree is known. */
  private attributeSums(): AttributeSums<XFeature> {
    if (this.sums) return this.sums;
    const carried = new Map<string, Carrier<XFeature>[]>();
    const carry = (x: XFeature, keys: string[]): void => {
      for (const [name, value] of Object.entries(this.infoOf(x)?.attributes ?? {})) {
        if (typeof value !== 'number') continue;
        let list = carried.get(name);
        if (!list) carried.set(name, (list = []));
        list.push({ keys, value, node: x });
      }
    };
    for (const x of this.features.values())
      if (x.kind === 'bool' || x.kind === 'int' || x.kind === 'string') carry(x, [this.repeats.has(x.key) ? `c\u0000${x.key}` : `s\u0000${x.key}`]);
    for (const rep of this.repeats.values())
      for (const [inner, m] of rep.members) carry(m, range(1, rep.max).map((i) => `i\u0000${instanceVariable(rep.feature.key, i, inner)}`));
    this.sums = new AttributeSums(carried);
    return this.sums;
  }

  // ------------------------------------------------------------------ variables → features

  private classify(): void {
    const { variables } = this.model;
    variables.forEach((d) => this.decls.set(d.name, d));
    // Repeated components: a boolean N, its count `N.count` from 0, and instance variables `N[i].x`.
    for (const d of variables) {
      const m = INSTANCE.exec(d.name);
      if (!m) continue;
      const [, owner, index, inner] = m;
      const ownerDecl = this.decls.get(owner);
      const countDecl = this.decls.get(countVariable(owner));
      if (!ownerDecl || ownerDecl.kind !== 'bool' || !countDecl || countDecl.kind !== 'int') continue;
      let rep = this.repeats.get(owner);
      if (!rep) {
        const max = Math.max(...(countDecl.values as number[]));
        rep = { feature: newFeature(owner, '', 'bool', 0, ownerDecl), countName: countDecl.name, max, members: new Map() };
        this.repeats.set(owner, rep);
      }
      this.instances.set(d.name, { repeat: rep, index: Number(index), inner });
    }
    variables.forEach((d, order) => {
      if (this.instances.has(d.name)) return;
      if (d.kind === 'int' && d.name.endsWith('.count') && this.repeats.has(d.name.slice(0, -'.count'.length))) return;
      const rep = this.repeats.get(d.name);
      if (rep) {
        rep.feature.text = this.names.add(d.name);
        rep.feature.order = order;
        this.features.set(d.name, rep.feature);
        return;
      }
      if (d.kind === 'bool') {
        if (d.optional && !d.optional.when) this.problem(`variable "${d.name}": a boolean that may be absent at will has no UVL form`);
        this.features.set(d.name, newFeature(d.name, this.names.add(d.name), 'bool', order, d));
      } else if (d.kind === 'int') this.features.set(d.name, newFeature(d.name, this.names.add(d.name), 'int', order, d));
      else if (d.values.length > 0 && isOtherString(d.values[d.values.length - 1]))
        this.features.set(d.name, newFeature(d.name, this.names.add(d.name), 'string', order, d));
      else {
        // An enumeration is a feature with one alternative child per value.
        const choice = newFeature(d.name, this.names.add(d.name), 'choice', order, d);
        this.features.set(d.name, choice);
        const values = d.values.map((v) => {
          const key = this.valueKey(d.name, v);
          const x = newFeature(key, this.names.add(this.names.free(`${d.name}=${String(v)}`)), 'value', order);
          x.parent = choice;
          choice.children.push(x);
          this.features.set(key, x);
          return x;
        });
        choice.groups.push({ keyword: 'alternative', members: values });
        values.forEach((v) => choice.grouped.add(v));
      }
    });
  }

  private valueKey(variable: string, value: Value): string {
    return `${variable}\u0000${String(value)}`;
  }

  private problem(text: string): void {
    this.problems.push(text);
  }

  /** The formula that holds exactly when a feature of the written tree is selected. */
  private selection(x: XFeature): Formula | null {
    if (x.kind === 'root') return null;
    if (x.kind === 'value') {
      const [variable, ...rest] = x.key.split('\u0000');
      const decl = this.decls.get(variable) as VariableDecl;
      const value = decl.values.find((v) => String(v) === rest.join('\u0000')) ?? null;
      return F.eq(variable, value);
    }
    const d = x.decl as VariableDecl;
    if (d.kind === 'bool') return F.is(d.name);
    return d.optional ? F.present(d.name) : null;
  }

  // ------------------------------------------------------------------ literals and linear forms

  /** The top-level feature a formula selects, if it is exactly a selection. */
  private selected(f: Formula): XFeature | undefined {
    if (f.op === 'eq') {
      const x = this.features.get(f.var);
      if (x && x.kind === 'bool' && f.value === true) return x;
      if (x && x.kind === 'choice' && f.value !== null) return this.features.get(this.valueKey(f.var, f.value));
      return undefined;
    }
    if (f.op === 'not' && f.arg.op === 'eq' && f.arg.value === null) {
      const x = this.features.get(f.arg.var);
      if (x && x.kind !== 'bool' && x.decl?.optional) return x;
    }
    return undefined;
  }

  literal(f: Formula): { key: string; negated: boolean } | undefined {
    if (f.op === 'not') {
      const inner = this.literal(f.arg);
      return inner && { key: inner.key, negated: !inner.negated };
    }
    if (f.op === 'eq') {
      const inst = this.instances.get(f.var);
      if (inst && f.value === true) return { key: `i\u0000${f.var}`, negated: false };
      const x = this.features.get(f.var);
      if (x?.kind === 'bool' && f.value === false && !x.decl?.optional) return { key: `s\u0000${f.var}`, negated: true };
      if (x && x.kind !== 'bool' && f.value === null && x.decl?.optional) return { key: `s\u0000${f.var}`, negated: true };
    }
    const x = this.selected(f);
    return x && { key: `s\u0000${x.key}`, negated: false };
  }

  value(name: string): { kind: 'value'; key: string } | { kind: 'weight'; key: string } | undefined {
    const x = this.features.get(name);
    if (x?.kind === 'int') return { kind: 'value', key: name };
    if (x?.kind === 'bool' && !x.decl?.optional && !this.repeats.has(name)) return { kind: 'weight', key: `s\u0000${name}` };
    for (const rep of this.repeats.values()) if (rep.countName === name) return { kind: 'weight', key: `c\u0000${rep.feature.key}` };
    return undefined;
  }

  table(name: string, table: Record<string, number>): { constant: number; weights: [string, number][] } | undefined {
    const at = (v: Value): number => table[String(v)] ?? 0;
    if (this.instances.has(name)) return at(false) === 0 ? { constant: 0, weights: [[`i\u0000${name}`, at(true)]] } : undefined;
    const x = this.features.get(name);
    const d = this.decls.get(name);
    if (!x || !d) return undefined;
    if (x.kind === 'bool') {
      if (d.optional) return at(false) === 0 ? { constant: 0, weights: [[`s\u0000${name}`, at(true)]] } : undefined;
      return { constant: at(false), weights: [[`s\u0000${name}`, at(true) - at(false)]] };
    }
    if (x.kind === 'choice') return { constant: 0, weights: d.values.map((v): [string, number] => [`s\u0000${this.valueKey(name, v)}`, at(v)]) };
    // Integer and String features: only a number that does not depend on the value.
    const first = at(d.values[0]);
    if (!d.values.every((v) => at(v) === first)) return undefined;
    return d.optional ? { constant: 0, weights: [[`s\u0000${name}`, first]] } : { constant: first, weights: [] };
  }

  /** Places the weights of a linear form as a fresh attribute on the features; returns `sum(attr)`. */
  private attribute(weights: Map<string, number>): string {
    const taken = this.attributeSums().names();
    let name = this.names.free(`w${++this.attributeCount}`);
    while (taken.has(name)) name = this.names.free(`w${++this.attributeCount}`);
    const byInstance = new Map<Repeat, Map<string, Map<number, number>>>();
    for (const [key, w] of weights) {
      const [tag, rest] = [key.slice(0, 1), key.slice(2)];
      if (tag === 's') {
        const x = this.features.get(rest) as XFeature;
        if (this.repeats.has(rest)) throw new Unexpressible(`a number that counts "${rest}" once, although it has a feature cardinality`);
        x.attrs.push([name, w]);
      } else if (tag === 'c') (this.features.get(rest) as XFeature).attrs.push([name, w]);
      else {
        const inst = this.instances.get(rest) as { repeat: Repeat; index: number; inner: string };
        let perInner = byInstance.get(inst.repeat);
        if (!perInner) byInstance.set(inst.repeat, (perInner = new Map()));
        let perIndex = perInner.get(inst.inner);
        if (!perIndex) perInner.set(inst.inner, (perIndex = new Map()));
        perIndex.set(inst.index, w);
      }
    }
    for (const [rep, perInner] of byInstance)
      for (const [inner, perIndex] of perInner) {
        const w = perIndex.get(1);
        const uniform = w !== undefined && range(1, rep.max).every((i) => perIndex.get(i) === w);
        const member = rep.members.get(inner);
        if (!uniform || !member) throw new Unexpressible(`a number that differs between instances of "${rep.feature.key}"`);
        member.attrs.push([name, w]);
      }
    return `sum(${name})`;
  }

  /** `sum(a)` or `sum(X, a)` over an attribute the features carry, with its factor; else a made-up attribute. */
  private weightsTerm(weights: Map<string, number>): { coef: number; text: string } {
    const match = this.attributeSums().sum(weights);
    if (!match) return { coef: 1, text: this.attribute(weights) };
    return { coef: match.coef, text: this.aggregate('sum', match.attribute, match.scope) };
  }

  private aggregate(fn: 'sum' | 'avg', attribute: string, scope: XFeature | undefined): string {
    const name = formatAttributeName(attribute);
    return scope ? `${fn}(${scope.text}, ${name})` : `${fn}(${name})`;
  }

  private linear(form: LinearForm, op: string): Printed {
    const uvlOp = op === '=' ? '==' : op;
    if (form.values.size === 0 && form.constant === 0) {
      const avg = this.attributeSums().avg(form.weights);
      if (avg) return { text: `${this.aggregate('avg', avg.attribute, avg.scope)} ${uvlOp} ${formatNumber(avg.k)}`, level: 4 };
    }
    const terms: { coef: number; text: string }[] = [];
    if (form.weights.size > 0) terms.push(this.weightsTerm(form.weights));
    for (const [name, c] of form.values) terms.push({ coef: c, text: this.names.text(name) });
    const right = -form.constant;
    if (terms.length === 0) {
      const holds = { '<': 0 < right, '<=': 0 <= right, '==': right === 0, '!=': right !== 0, '>=': 0 >= right, '>': 0 > right }[uvlOp];
      return this.constant(holds === true);
    }
    const parts = terms.map((t, i) => {
      const magnitude = Math.abs(t.coef);
      const body = magnitude === 1 ? t.text : `${formatNumber(magnitude)} * ${t.text}`;
      if (i === 0) return t.coef < 0 ? (magnitude === 1 ? `-1 * ${t.text}` : `-${body}`) : body;
      return `${t.coef < 0 ? '-' : '+'} ${body}`;
    });
    return { text: `${parts.join(' ')} ${uvlOp} ${formatNumber(right)}`, level: 4 };
  }

  // ------------------------------------------------------------------ formulas

  private wrap(p: Printed, min: number): string {
    return p.level < min ? `(${p.text})` : p.text;
  }

  private constant(value: boolean): Printed {
    // UVL has no constants: the root is always selected.
    return { text: value ? this.root.text : `!${this.root.text}`, level: 5 };
  }

  private print(f: Formula): Printed {
    const selected = this.selected(f);
    if (selected) return this.ref(selected.key);
    switch (f.op) {
      case 'const':
        return this.constant(f.value);
      case 'eq':
        return this.equality(f.var, f.value);
      case 'in':
        return this.print(F.or(...f.values.map((v) => F.eq(f.var, v))));
      case 'not': {
        const a = this.print(f.arg);
        return { text: `!${this.wrap(a, 5)}`, level: 5 };
      }
      case 'and':
      case 'or': {
        const min = f.op === 'and' ? 3 : 2;
        const args = f.args.map((a) => this.wrap(this.print(a), min));
        return { text: args.join(f.op === 'and' ? ' & ' : ' | '), level: min };
      }
      case 'implies':
        return { text: `${this.wrap(this.print(f.args[0]), 2)} => ${this.wrap(this.print(f.args[1]), 2)}`, level: 1 };
      case 'iff':
        return { text: `${this.wrap(this.print(f.args[0]), 1)} <=> ${this.wrap(this.print(f.args[1]), 1)}`, level: 0 };
      case 'xor':
        return this.print(F.not(F.iff(f.args[0], f.args[1])));
      case 'atMost':
      case 'atLeast':
      case 'exactly':
        return this.cardinality(f);
      case 'cmp': {
        const form = emptyLinear();
        const problem = addLinear(form, f.left, 1, this) ?? addLinear(form, f.right, -1, this);
        if (problem) throw new Unexpressible(problem);
        return this.linear(form, f.cmp);
      }
    }
  }

  /** A count of formulas against k: over feature selections as an attribute sum, else spelled out if small. */
  private cardinality(f: Formula & { op: 'atMost' | 'atLeast' | 'exactly' }): Printed {
    const form = emptyLinear();
    const counted = addLinear(form, { op: 'count', args: f.args }, 1, this);
    if (!counted) {
      form.constant -= f.k;
      return this.linear(form, f.op === 'atMost' ? '<=' : f.op === 'atLeast' ? '>=' : '=');
    }
    const n = f.args.length;
    /** Every subset of the arguments of this size; null past 64 of them. */
    const subsets = (size: number): Formula[][] | null => {
      const out: Formula[][] = [];
      const pick = (from: number, acc: Formula[]): void => {
        if (out.length > 64) return;
        if (acc.length === size) out.push(acc);
        else for (let i = from; i < n; i++) pick(i + 1, [...acc, f.args[i]]);
      };
      pick(0, []);
      return out.length > 64 ? null : out;
    };
    // At most k: no k+1 of them hold together. At least k: any n-k+1 of them include one that holds.
    const atMost = (k: number): Formula | null => subsets(k + 1)?.map((set) => F.not(F.and(...set))).reduce((a, b) => F.and(a, b), F.t()) ?? null;
    const atLeast = (k: number): Formula | null => subsets(n - k + 1)?.map((set) => F.or(...set)).reduce((a, b) => F.and(a, b), F.t()) ?? null;
    const parts = f.op === 'atMost' ? [atMost(f.k)] : f.op === 'atLeast' ? [atLeast(f.k)] : [atMost(f.k), atLeast(f.k)];
    if (parts.some((p) => p === null)) throw new Unexpressible(`a count over ${n} conditions that are not feature selections`);
    const spelled = F.and(...(parts as Formula[]));
    return this.print(simplify(spelled));
  }

  private ref(name: string): Printed {
    return { text: this.features.get(name)?.text ?? this.names.text(name), level: 5 };
  }

  private equality(variable: string, value: Value): Printed {
    if (this.instances.has(variable)) throw new Unexpressible(`a rule about one instance ("${variable}")`);
    if (this.repeats.has(variable) && value !== true && value !== false) throw new Unexpressible(`a rule about "${variable}"`);
    const d = this.decls.get(variable);
    const x = this.features.get(variable);
    if (!d || !x) {
      for (const rep of this.repeats.values())
        if (rep.countName === variable) {
          const form = emptyLinear();
          if (typeof value !== 'number') return this.constant(false);
          form.weights.set(`c\u0000${rep.feature.key}`, 1);
          form.constant = -value;
          return this.linear(form, '=');
        }
      throw new Unexpressible(`unknown variable "${variable}"`);
    }
    const when = d.optional?.when;
    if (d.kind === 'bool') {
      if (value === true) return this.ref(variable);
      if (value === null) return when ? this.print(F.not(when)) : this.constant(false);
      const not = { text: `!${this.ref(variable).text}`, level: 5 };
      return when ? this.print(F.and(when, F.not(F.is(variable)))) : not;
    }
    if (value === null) return d.optional ? { text: `!${this.ref(variable).text}`, level: 5 } : this.constant(false);
    if (!d.values.includes(value)) return this.constant(false);
    if (x.kind === 'int') {
      const n = value as number;
      const eq = `${this.ref(variable).text} == ${formatNumber(n)}`;
      // An absent integer reads as 0.
      return d.optional && n === 0 ? { text: `${this.ref(variable).text} & ${eq}`, level: 3 } : { text: eq, level: 4 };
    }
    if (x.kind === 'string') {
      if (!isOtherString(value)) return { text: `${this.ref(variable).text} == ${formatString(String(value))}`, level: 4 };
      const others = d.values.filter((v) => !isOtherString(v)).map((v) => `${this.ref(variable).text} != ${formatString(String(v))}`);
      return { text: [this.ref(variable).text, ...others].join(' & '), level: others.length > 0 ? 3 : 5 };
    }
    return this.ref(this.valueKey(variable, value));
  }

  /** A whole rule; problems are recorded with its label. */
  private rule(f: Formula, label: string): string | null {
    try {
      const simple = simplify(f);
      if (simple.op === 'const' && simple.value) return null;
      return this.print(simple).text;
    } catch (e) {
      if (!(e instanceof Unexpressible)) throw e;
      this.problem(`rule "${label}": UVL cannot express ${e.message}`);
      return null;
    }
  }

  // ------------------------------------------------------------------ tree recognition

  /** Sets parents from `child => parent` rules, keeping the tree acyclic; returns the rules left. */
  private parents(rules: Formula[], sel: (f: Formula) => XFeature | undefined): Formula[] {
    const rest: Formula[] = [];
    for (const f of rules) {
      if (f.op === 'implies') {
        const child = sel(f.args[0]);
        const parent = sel(f.args[1]);
        if (child && parent && child !== parent && !child.parent && child.kind !== 'value') {
          let cycle = false;
          for (let p: XFeature | undefined = parent; p; p = p.parent) if (p === child) cycle = true;
          if (!cycle) {
            child.parent = parent;
            parent.children.push(child);
            continue;
          }
        }
      }
      rest.push(f);
    }
    return rest;
  }

  /** A group rule over `parent`'s children: mandatory children or a cardinality group. */
  private group(parent: XFeature, g: Formula, sel: (f: Formula) => XFeature | undefined): boolean {
    const child = sel(g);
    if (child) {
      if (child.parent !== parent || parent.grouped.has(child) || parent.mandatory.has(child)) return false;
      parent.mandatory.add(child);
      return true;
    }
    let min: number;
    let max: number | null;
    let args: Formula[];
    if (g.op === 'or') [min, max, args] = [1, null, g.args];
    else if (g.op === 'exactly') [min, max, args] = [g.k, g.k, g.args];
    else if (g.op === 'atLeast') [min, max, args] = [g.k, null, g.args];
    else if (g.op === 'atMost') [min, max, args] = [0, g.k, g.args];
    else if (g.op === 'and' && g.args.length === 2 && g.args[0].op === 'atLeast' && g.args[1].op === 'atMost' && same({ op: 'and', args: g.args[0].args }, { op: 'and', args: g.args[1].args }))
      [min, max, args] = [g.args[0].k, g.args[1].k, g.args[0].args];
    else return false;
    const members = args.map(sel);
    const unique = new Set(members);
    if (members.some((m) => !m || m.parent !== parent || parent.grouped.has(m) || parent.mandatory.has(m)) || unique.size !== members.length) return false;
    const list = members as XFeature[];
    const keyword =
      min === 1 && max === 1 ? 'alternative' : min === 1 && (max === null || max >= list.length) ? 'or' : `[${min}..${max === null ? '*' : max}]`;
    parent.groups.push({ keyword, members: list });
    list.forEach((m) => parent.grouped.add(m));
    return true;
  }

  /**
   * Recognises group rules (`parent => group`, or a bare group under `root`); returns the rules left.
   * An or-group whose members also have an at-most-one rule is an alternative.
   */
  private groups(rules: Formula[], root: XFeature, sel: (f: Formula) => XFeature | undefined): Formula[] {
    const exclusive = new Map<string, number>();
    rules.forEach((f, k) => {
      const members = this.atMostOne(f, sel);
      if (members) exclusive.set(setKey(members), k);
    });
    const consumed = new Set<number>();
    const kept = rules.filter((f, k) => {
      if (consumed.has(k)) return false;
      let parent: XFeature | undefined = root;
      let body = f;
      if (f.op === 'implies') {
        const p = sel(f.args[0]);
        if (p && this.group(p, f.args[1], sel)) {
          parent = p;
          body = f.args[1];
        } else parent = this.group(root, f, sel) ? root : undefined;
      } else if (!this.group(root, f, sel)) parent = undefined;
      if (!parent) return true;
      if (body.op === 'or') {
        const g = parent.groups[parent.groups.length - 1];
        const at = exclusive.get(setKey(g.members));
        if (at !== undefined && at !== k && !consumed.has(at)) {
          g.keyword = 'alternative';
          consumed.add(at);
        }
      }
      return false;
    });
    // Exclusions met before their group were kept above; drop the ones a group took.
    const taken = new Set([...consumed].map((k) => rules[k]));
    return kept.filter((f) => !taken.has(f));
  }

  /** The features an at-most-one rule covers: `atMost(1, …)` or every pairwise exclusion among them. */
  private atMostOne(f: Formula, sel: (f: Formula) => XFeature | undefined): XFeature[] | undefined {
    if (f.op === 'atMost' && f.k === 1) {
      const members = f.args.map(sel);
      return members.every((m) => m) && new Set(members).size === members.length ? (members as XFeature[]) : undefined;
    }
    if (f.op !== 'and' || f.args.length === 0) return undefined;
    const members: XFeature[] = [];
    const pairs = new Set<string>();
    for (const a of f.args) {
      if (a.op !== 'not' || a.arg.op !== 'and' || a.arg.args.length !== 2) return undefined;
      const [x, y] = a.arg.args.map(sel);
      if (!x || !y || x === y) return undefined;
      for (const m of [x, y]) if (!members.includes(m)) members.push(m);
      pairs.add(setKey([x, y]));
    }
    const n = members.length;
    return pairs.size === f.args.length && pairs.size === (n * (n - 1)) / 2 ? members : undefined;
  }

  // ------------------------------------------------------------------ repeated components

  /** Writes each repeat as a feature cardinality with the subtree of its first instance. */
  private repeated(rules: Formula[]): Formula[] {
    if (this.repeats.size === 0) return rules;
    const own = new Map<Repeat, Formula[][]>();
    const rest: Formula[] = [];
    const varsOf = (f: Formula): Set<string> => {
      const out = new Set<string>();
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === 'object') {
          const o = x as Record<string, unknown>;
          if (typeof o.var === 'string') out.add(o.var);
          Object.values(o).forEach(walk);
        }
      };
      walk(f);
      return out;
    };
    for (const f of rules) {
      const vars = [...varsOf(f)];
      const inst = vars.map((v) => this.instances.get(v));
      const first = inst.find((x) => x);
      const guard = (rep: Repeat, i: number): Formula => F.in(rep.countName, range(i, rep.max));
      if (
        first &&
        inst.every((x, k) => (x ? x.repeat === first.repeat && x.index === first.index : vars[k] === first.repeat.countName)) &&
        f.op === 'implies' &&
        same(f.args[0], guard(first.repeat, first.index))
      ) {
        let lists = own.get(first.repeat);
        if (!lists) own.set(first.repeat, (lists = []));
        (lists[first.index] ??= []).push(f.args[1]);
        const label = this.labels.get(f);
        if (label !== undefined) this.labels.set(f.args[1], label);
        continue;
      }
      rest.push(f);
    }
    const shape = (f: Formula): boolean => {
      for (const rep of this.repeats.values()) {
        if (f.op !== 'iff' || !same(f.args[0], F.is(rep.feature.key)) || f.args[1].op !== 'in' || f.args[1].var !== rep.countName) continue;
        const lo = Math.min(...(f.args[1].values as number[]));
        if (lo < 1 || !same(f.args[1], F.in(rep.countName, range(lo, rep.max)))) continue;
        rep.feature.card = { min: lo, max: rep.max };
        return true;
      }
      return false;
    };
    const lowerBound = (f: Formula): boolean => {
      for (const rep of this.repeats.values())
        if (f.op === 'not' && f.arg.op === 'in' && f.arg.var === rep.countName && rep.feature.card)
          return same(f.arg, F.in(rep.countName, range(1, rep.feature.card.min - 1)));
      return false;
    };
    const out = rest.filter((f) => !shape(f)).filter((f) => !lowerBound(f));
    for (const rep of this.repeats.values()) {
      if (!rep.feature.card) {
        this.problem(`repeated component "${rep.feature.key}": its instance count is not a UVL feature cardinality`);
        rep.feature.card = { min: 1, max: rep.max };
      }
      this.instanceTree(rep, own.get(rep) ?? []);
    }
    return out;
  }

  private instanceTree(rep: Repeat, lists: Formula[][]): void {
    const prefix = (i: number): string => `${rep.feature.key}[${i}].`;
    const rename = (f: Formula, i: number): string => JSON.stringify(f).split(JSON.stringify(prefix(i)).slice(1, -1)).join('\u0001');
    const first = (lists[1] ?? []).map((f) => rename(f, 1)).sort();
    for (let i = 2; i <= rep.max; i++) {
      const these = (lists[i] ?? []).map((f) => rename(f, i)).sort();
      if (these.length !== first.length || these.some((t, k) => t !== first[k])) {
        this.problem(`repeated component "${rep.feature.key}": its instances differ, which UVL cannot express`);
        break;
      }
    }
    for (const d of this.model.variables) {
      const inst = this.instances.get(d.name);
      if (!inst || inst.repeat !== rep || inst.index !== 1) continue;
      if (d.kind !== 'bool') this.problem(`variable "${d.name}": only boolean features can lie below a feature cardinality`);
      const member = newFeature(d.name, this.names.add(inst.inner), 'bool', this.model.variables.indexOf(d), d);
      member.infoKey = inst.inner;
      rep.members.set(inst.inner, member);
    }
    const sel = (f: Formula): XFeature | undefined => {
      if (f.op !== 'eq' || f.value !== true) return undefined;
      const inst = this.instances.get(f.var);
      return inst && inst.repeat === rep && inst.index === 1 ? rep.members.get(inst.inner) : undefined;
    };
    let rules = this.parents(lists[1] ?? [], sel);
    for (const m of rep.members.values())
      if (!m.parent) {
        m.parent = rep.feature;
        rep.feature.children.push(m);
      }
    rules = this.groups(rules, rep.feature, sel);
    for (const f of rules) this.problem(`repeated component "${rep.feature.key}": rule "${this.labels.get(f) ?? 'rule'}" inside its instances has no UVL form`);
  }

  // ------------------------------------------------------------------ whole model

  write(): string {
    this.classify();
    const labelled: { f: Formula; label: string }[] = [];
    for (const c of this.model.constraints) {
      if (c.kind === 'formula') labelled.push({ f: c.formula, label: c.label });
      else labelled.push({ f: tableFormula(c), label: c.label });
    }
    for (const d of this.model.variables) {
      const x = this.features.get(d.name);
      if (!x || !d.optional?.when) continue;
      // A presence condition: a boolean's `true` needs it; a typed feature is selected exactly when it holds.
      const sel = this.selection(x);
      if (sel) labelled.push({ f: d.kind === 'bool' ? F.implies(sel, d.optional.when) : F.iff(sel, d.optional.when), label: `presence of ${d.name}` });
    }
    for (const l of labelled) this.labels.set(l.f, l.label);
    let rules = this.repeated(labelled.map((l) => l.f));

    const top = [...this.features.values()].filter((x) => x.kind !== 'value');
    const sel = (f: Formula): XFeature | undefined => {
      const x = this.selected(f);
      return x && x.kind !== 'value' ? x : undefined;
    };
    rules = this.parents(rules, sel);
    // The root: a parentless feature the model always selects, else a new abstract one.
    let rootIndex = -1;
    for (let k = 0; k < rules.length && rootIndex < 0; k++) {
      const x = sel(rules[k]);
      if (x && !x.parent && x.kind !== 'choice') rootIndex = k;
    }
    if (rootIndex >= 0) {
      this.root = sel(rules[rootIndex]) as XFeature;
      rules.splice(rootIndex, 1);
    } else this.root = newFeature('', this.names.fresh(this.productName || 'Product'), 'root', -1);
    for (const x of top)
      if (!x.parent && x !== this.root) {
        x.parent = this.root;
        this.root.children.push(x);
        if (this.selection(x) === null) this.root.mandatory.add(x);
      }
    rules = this.groups(rules, this.root, sel);

    const constraintLines: string[] = [];
    for (const f of rules) {
      const text = this.rule(f, this.labels.get(f) ?? 'rule');
      if (text !== null) constraintLines.push(text);
    }
    for (const x of top) {
      const d = x.decl;
      if (x.kind !== 'int' || !d) continue;
      const values = (d.values as number[]).slice().sort((a, b) => a - b);
      const lo = values[0];
      const hi = values[values.length - 1];
      const name = x.text;
      let bounds = `${name} >= ${formatNumber(lo)} & ${name} <= ${formatNumber(hi)}`;
      if (values.length !== hi - lo + 1) bounds += ` & (${values.map((v) => `${name} == ${formatNumber(v)}`).join(' | ')})`;
      const line = d.optional ? `${name} => ${bounds}` : bounds;
      // A model read from UVL already states them.
      if (!constraintLines.includes(line)) constraintLines.push(line);
    }

    if (this.namespace) this.lines.push(`namespace ${quoteName(this.namespace)}`, '');
    this.lines.push('features');
    this.tree(this.root, 1);
    if (constraintLines.length > 0) {
      this.lines.push('', 'constraints');
      for (const l of constraintLines) this.lines.push(`\t${l}`);
    }
    return this.lines.join('\n') + '\n';
  }

  private tree(x: XFeature, depth: number): void {
    const indent = '\t'.repeat(depth);
    const info = this.infoOf(x);
    const card = x.card ? ` cardinality [${x.card.min}..${x.card.max}]` : '';
    const attrs = [
      ...(x.kind === 'root' || x.kind === 'choice' || info?.abstract ? ['abstract'] : []),
      ...Object.entries(info?.attributes ?? {}).map(([k, v]) => formatAttribute(k, v)),
      ...x.attrs.map(([k, v]) => `${k} ${formatNumber(v)}`),
    ];
    this.lines.push(`${indent}${typeOf(x.kind, info)}${x.text}${card}${attrs.length > 0 ? ` {${attrs.join(', ')}}` : ''}`);
    const byOrder = (a: XFeature, b: XFeature): number => a.order - b.order;
    const mandatory = x.children.filter((c) => x.mandatory.has(c)).sort(byOrder);
    const optional = x.children.filter((c) => !x.mandatory.has(c) && !x.grouped.has(c)).sort(byOrder);
    const blocks: { keyword: string; members: XFeature[] }[] = [];
    if (mandatory.length > 0) blocks.push({ keyword: 'mandatory', members: mandatory });
    if (optional.length > 0) blocks.push({ keyword: 'optional', members: optional });
    blocks.push(...x.groups);
    for (const b of blocks) {
      this.lines.push(`${indent}\t${b.keyword}`);
      for (const c of b.members) this.tree(c, depth + 2);
    }
  }
}

/** The type keyword a feature is written with: as the model states it when that fits its variable. */
function typeOf(kind: Kind, info: FeatureInfo | undefined): string {
  const stated = info?.type;
  if (kind === 'int') return stated === 'Real' ? 'Real ' : 'Integer ';
  if (kind === 'string') return 'String ';
  return kind === 'bool' && stated === 'Boolean' ? 'Boolean ' : '';
}

function isProduct(input: ProductModel | Model): input is ProductModel {
  return 'model' in input;
}

/**
 * Writes a model as UVL. The tree is recovered from the rules an importer writes (child ⇒ parent,
 * parent ⇒ group); every other rule becomes a cross-tree constraint, and linear arithmetic is written
 * with attributes made up for it (`sum(w1) <= 10`). Integer features get their bounds as constraints.
 */
export function exportUvl(input: ProductModel | Model): UvlExport {
  const model = isProduct(input) ? input.model : input;
  const name = isProduct(input) ? input.name : 'Product';
  const namespace = isProduct(input) && input.id !== input.name ? input.id : '';
  const writer = new Writer(model, name, namespace, (isProduct(input) && input.features) || {});
  const text = writer.write();
  return { text, problems: writer.problems };
}

/** UVL text of a product model; throws UvlExportError listing whatever UVL cannot express. */
export function writeUvl(product: ProductModel): string {
  const out = exportUvl(product);
  if (out.problems.length > 0) throw new UvlExportError(out.problems);
  return out.text;
}
