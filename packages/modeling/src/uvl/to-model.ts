import { E, F, type Formula, type IntExpr, ModelBuilder, ModelError, type SourcePosition } from '@atelier/engine';
import { type Diagnostic, diagnostic, hasErrors } from '../diagnostics.ts';
import { type FeatureInfo, type ProductModel, bareProduct } from '../product.ts';
import type { GroupNode, UvlDocument } from './ast.ts';
import { ConstraintTranslator, type FeatureVariables } from './constraints.ts';
import { type Domains, type IntRange, type ScopedConstraint, deriveDomains } from './domains.ts';
import { type Feature, type FeatureTable, buildFeatureTable, sourceOf } from './features.ts';
import { type Unit, type UvlResolver, loadImports } from './imports.ts';
import { Scope } from './resolve.ts';

export interface UvlReadOptions {
  /** Reads an imported file, given its path relative to the importing one (`sub/Model.uvl`). */
  resolve?: UvlResolver;
  /** Values of Integer features whose constraints state no bounds (default 0..100, with a warning). */
  integerRange?: IntRange;
  /** Upper bound for `cardinality [n..*]` (with a warning); without it such features are refused. */
  unboundedCardinality?: number;
}

export const DEFAULT_INTEGER_RANGE: IntRange = { min: 0, max: 100 };

/**
 * Alternatives up to this size get pairwise exclusions, larger ones one `atMost(1)`. Pairs are
 * binary clauses the solver propagates cheaply; the engine compiles `atMost(1)` through an MDD with
 * auxiliary variables, which made the valid-domain pass of automotive02 (13,830 alternative
 * children) over twenty times slower.
 */
const PAIRWISE_MAX = 128;

/** At most one of the formulas holds: pairwise exclusions for small groups. */
export function atMostOne(children: Formula[]): Formula {
  if (children.length > PAIRWISE_MAX) return F.atMost(1, ...children);
  const pairs: Formula[] = [];
  for (let i = 0; i < children.length; i++) for (let j = i + 1; j < children.length; j++) pairs.push(F.not(F.and(children[i], children[j])));
  return F.and(...pairs);
}

/** Name of the engine variable holding how many instances a feature with a cardinality has. */
export function countVariable(feature: string): string {
  return `${feature}.count`;
}

/** Name of a feature's copy in instance `i` (1-based) of the repeated feature `owner`. */
export function instanceVariable(owner: string, i: number, feature: string): string {
  return `${owner}[${i}].${feature}`;
}

/**
 * The group's rule as a formula over the children's selections, or null when it constrains nothing
 * (optional, or a cardinality that every choice meets). Cardinality [1..1] is an alternative, [1..n] an or.
 */
export function groupFormula(group: GroupNode, children: Formula[]): Formula | null {
  const n = children.length;
  let min: number;
  let max: number;
  switch (group.kind) {
    case 'optional':
      return null;
    case 'mandatory':
      return children.length === 1 ? children[0] : F.and(...children);
    case 'alternative':
      [min, max] = [1, 1];
      break;
    case 'or':
      [min, max] = [1, n];
      break;
    case 'cardinality':
      min = group.interval?.min ?? 0;
      max = group.interval?.max ?? n;
      break;
  }
  max = Math.min(max, n);
  if (min <= 0 && max >= n) return null;
  if (min === max) return F.exactly(min, ...children);
  if (min <= 0) return F.atMost(max, ...children);
  if (max >= n) return F.atLeast(min, ...children);
  return F.and(F.atLeast(min, ...children), F.atMost(max, ...children));
}

function isAlternative(group: GroupNode): boolean {
  return group.kind === 'alternative' || (group.kind === 'cardinality' && group.interval?.min === 1 && group.interval.max === 1);
}

function isOr(group: GroupNode, size: number): boolean {
  const max = group.interval?.max;
  return group.kind === 'or' || (group.kind === 'cardinality' && group.interval?.min === 1 && (max === null || (max !== undefined && max >= size)));
}

function groupLabel(group: GroupNode, parent: string): string {
  const where = `below "${parent}"`;
  switch (group.kind) {
    case 'alternative':
      return `exactly one ${where}`;
    case 'or':
      return `at least one ${where}`;
    case 'cardinality':
      return `[${group.interval?.min ?? 0}..${group.interval?.max ?? '*'}] ${where}`;
    default:
      return `${group.kind} ${where}`;
  }
}

interface Member {
  name: string;
  sel: Formula;
}

class ModelAssembler implements FeatureVariables {
  readonly b = new ModelBuilder();

  constructor(
    private readonly table: FeatureTable,
    private readonly domains: Domains,
    private readonly diagnostics: Diagnostic[],
  ) {}

  selected(f: Feature): Formula {
    if (f.owner) return F.f();
    return f.kind === 'bool' ? F.is(f.name) : F.present(f.name);
  }

  weighted(f: Feature, w: number): IntExpr {
    if (f.owner) {
      const owner = f.owner;
      const max = owner.card?.max ?? 0;
      const terms: IntExpr[] = [];
      for (let i = 1; i <= max; i++) terms.push(E.attr(instanceVariable(owner.name, i, f.name), { true: w }));
      return terms.length === 0 ? E.num(0) : E.sum(...terms);
    }
    if (f.card) return E.scale(w, E.val(countVariable(f.name)));
    if (f.kind === 'bool') return E.attr(f.name, { true: w });
    return E.ite(F.present(f.name), E.num(w), E.num(0));
  }

  /** Runs a builder call, turning a refusal into a diagnostic at the feature. */
  private guarded(at: SourcePosition, action: () => void): void {
    try {
      action();
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      this.diagnostics.push(diagnostic('error', 'model', e.message, at));
    }
  }

  private declare(b: ModelBuilder, f: Feature, name: string): void {
    this.guarded(f.source, () => {
      if (f.kind === 'bool') b.bool(name, { source: f.source });
      else if (f.kind === 'int') {
        const range = this.domains.ints.get(f) ?? { min: 0, max: 0 };
        b.int(name, range, { optional: {}, source: f.source });
      } else b.enum(name, this.domains.strings.get(f) ?? [], { optional: {}, source: f.source });
    });
  }

  private rule(b: ModelBuilder, formula: Formula | null, label: string, source: SourcePosition): void {
    if (formula) this.guarded(source, () => b.constrain(formula, { label, source }));
  }

  assemble(): void {
    const root = this.table.root;
    if (!root) return;
    this.feature(root);
    this.rule(this.b, this.selected(root), `root "${root.name}" is always selected`, root.source);
  }

  /** A feature outside repeated subtrees, its rules and its subtree. */
  private feature(f: Feature): void {
    this.declare(this.b, f, f.name);
    if (f.card) {
      this.repeated(f);
      return;
    }
    for (const g of f.groups) {
      for (const c of g.children) {
        this.feature(c);
        this.rule(this.b, F.implies(this.selected(c), this.selected(f)), `"${c.name}" needs its parent "${f.name}"`, c.source);
      }
      this.groupRules(this.b, g.group, f.name, this.selected(f), g.children.map((c) => ({ name: c.name, sel: this.selected(c) })), sourceOf(g.unit, g.group.pos));
    }
  }

  private groupRules(b: ModelBuilder, group: GroupNode, parent: string, parentSel: Formula | null, members: Member[], source: SourcePosition): void {
    const guard = (x: Formula): Formula => (parentSel ? F.implies(parentSel, x) : x);
    if (group.kind === 'mandatory')
      // One rule per child, so that an explanation names the very feature that is mandatory.
      for (const m of members) this.rule(b, guard(m.sel), `"${m.name}" is mandatory below "${parent}"`, source);
    else if (isAlternative(group) || isOr(group, members.length)) {
      // Children imply their parent, so the exclusion needs no guard and compiles to plain clauses.
      const sels = members.map((m) => m.sel);
      if (sels.length === 0) return;
      this.rule(b, guard(F.or(...sels)), `at least one below "${parent}"`, source);
      if (isAlternative(group) && sels.length > 1) this.rule(b, atMostOne(sels), `at most one below "${parent}"`, source);
    } else {
      const rule = groupFormula(group, members.map((m) => m.sel));
      if (rule) this.rule(b, guard(rule), groupLabel(group, parent), source);
    }
  }

  /**
   * A feature with a cardinality: its instances are an engine repeat; the feature is selected exactly
   * when it has at least one instance (at least its minimum when that is higher).
   */
  private repeated(f: Feature): void {
    const card = f.card as { min: number; max: number };
    const lo = Math.max(1, card.min);
    const count = countVariable(f.name);
    this.guarded(f.source, () => {
      this.b.repeat(
        f.name,
        0,
        card.max,
        (ib, prefix) => {
          const name = (g: Feature): string => `${prefix}.${g.name}`;
          const inner = (g: Feature): void => {
            this.declare(ib, g, name(g));
            for (const fg of g.groups) {
              for (const c of fg.children) {
                inner(c);
                this.rule(ib, F.implies(F.is(name(c)), F.is(name(g))), `"${c.name}" needs its parent "${g.name}"`, c.source);
              }
              this.groupRules(ib, fg.group, g.name, F.is(name(g)), fg.children.map((c) => ({ name: c.name, sel: F.is(name(c)) })), sourceOf(fg.unit, fg.group.pos));
            }
          };
          for (const fg of f.groups) {
            fg.children.forEach(inner);
            // Inside an instance the builder guards every rule with the instance's existence.
            this.groupRules(ib, fg.group, f.name, null, fg.children.map((c) => ({ name: c.name, sel: F.is(name(c)) })), sourceOf(fg.unit, fg.group.pos));
          }
        },
        { source: f.source },
      );
    });
    const values: number[] = [];
    for (let k = lo; k <= card.max; k++) values.push(k);
    this.rule(this.b, F.iff(F.is(f.name), F.in(count, values)), `"${f.name}" has ${lo}..${card.max} instances when selected, none otherwise`, f.source);
    if (lo > 1) this.rule(this.b, F.not(F.in(count, Array.from({ length: lo - 1 }, (_, k) => k + 1))), `"${f.name}" has no fewer than ${lo} instances`, f.source);
  }
}

/** Every constraint of the placed files, with the scope its names are read in. */
function scopedConstraints(table: FeatureTable, main: Unit): { scoped: ScopedConstraint; text: string; source: SourcePosition }[] {
  const units: Unit[] = [];
  const seen = new Set<Unit>();
  const placed = new Set(table.list.map((f) => f.unit));
  const walk = (u: Unit): void => {
    if (seen.has(u) || (!placed.has(u) && u !== main)) return;
    seen.add(u);
    units.push(u);
    for (const sub of u.imports.values()) walk(sub);
  };
  walk(main);
  const out: { scoped: ScopedConstraint; text: string; source: SourcePosition }[] = [];
  const scopes = new Map<Unit, Scope>();
  const scopeOf = (u: Unit): Scope => {
    let s = scopes.get(u);
    if (!s) scopes.set(u, (s = new Scope(table, u)));
    return s;
  };
  for (const { line, unit } of table.attached)
    out.push({ scoped: { constraint: line.constraint, scope: scopeOf(unit) }, text: line.text, source: sourceOf(unit, line.pos) });
  for (const u of units)
    for (const line of u.doc.constraints)
      out.push({ scoped: { constraint: line.constraint, scope: scopeOf(u) }, text: line.text, source: sourceOf(u, line.pos) });
  return out;
}

/** Labels quote the constraint as written, shortened for explanations. */
function shorten(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 117)}...`;
}

/**
 * Turns a parsed UVL document (and the files it imports) into a product model. Boolean features
 * become engine booleans, Integer and Real features optional integers, String features optional
 * enumerations; a feature with a cardinality becomes an engine repeat of its subtree. Returns null
 * when any error was reported.
 */
export function documentToProduct(doc: UvlDocument, options: UvlReadOptions, diagnostics: Diagnostic[]): ProductModel | null {
  const main: Unit = { doc, file: doc.file, prefix: '', imports: new Map() };
  loadImports(main, options.resolve, diagnostics);
  const table = buildFeatureTable(main, options, diagnostics);
  if (!table.root) {
    if (!hasErrors(diagnostics))
      diagnostics.push(diagnostic('error', 'syntax', 'the model has no "features" section', { file: doc.file, line: 1, column: 1 }));
    return null;
  }
  const constraints = scopedConstraints(table, main);
  const domains = deriveDomains(
    table.list,
    constraints.map((c) => c.scoped),
    options.integerRange ?? DEFAULT_INTEGER_RANGE,
    diagnostics,
  );
  const assembler = new ModelAssembler(table, domains, diagnostics);
  assembler.assemble();
  const translator = new ConstraintTranslator(assembler, diagnostics);
  for (const { scoped, text, source } of constraints) {
    const formula = translator.translate(scoped.constraint, scoped.scope);
    if (formula) assembler.b.constrain(formula, { label: shorten(text), source });
  }
  if (hasErrors(diagnostics)) return null;
  const rootName = table.root.name;
  const product = bareProduct(doc.namespace?.text ?? rootName, rootName, assembler.b.build());
  const features = featureInfo(table);
  if (Object.keys(features).length > 0) product.features = features;
  return product;
}

/** Types, abstract markers and attributes as written, for the features that have any. */
function featureInfo(table: FeatureTable): Record<string, FeatureInfo> {
  const out: [string, FeatureInfo][] = [];
  for (const f of table.list) {
    const info: FeatureInfo = {};
    if (f.type) info.type = f.type;
    if (f.abstract) info.abstract = true;
    if (f.written.size > 0) info.attributes = Object.fromEntries(f.written);
    if (Object.keys(info).length > 0) out.push([f.name, info]);
  }
  // From entries, so that a feature named "__proto__" stays a key.
  return Object.fromEntries(out);
}
