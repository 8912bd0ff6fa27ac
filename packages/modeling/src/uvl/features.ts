import type { SourcePosition } from '@atelier/engine';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { FeatureAttributeValue } from '../product.ts';
import type { AttrValue, ConstraintLine, FeatureNode, FeatureType, GroupNode, Pos } from './ast.ts';
import type { Unit } from './imports.ts';

export type FeatureKind = 'bool' | 'int' | 'string';

export interface FeatureGroup {
  group: GroupNode;
  /** Unit the group was written in (for positions). */
  unit: Unit;
  children: Feature[];
}

/** A feature of the combined model, with everything the translation needs to know about it. */
export interface Feature {
  /** Full name, prefixed with import aliases: the engine variable's name outside repeated subtrees. */
  name: string;
  unit: Unit;
  node: FeatureNode;
  kind: FeatureKind;
  /** Declared `Real`: approximated by whole numbers. */
  real: boolean;
  abstract: boolean;
  /** Attributes with a value, for constraints to read. */
  attrs: Map<string, AttrValue>;
  /** Every attribute as written, bare keys included, for the product's feature information. */
  written: Map<string, FeatureAttributeValue>;
  /** The type keyword as written, if any. */
  type?: FeatureType;
  parent?: Feature;
  groups: FeatureGroup[];
  /** Feature cardinality `cardinality [min..max]`, made bounded. */
  card?: { min: number; max: number };
  /** Nearest ancestor with a feature cardinality: this feature exists once per instance of it. */
  owner?: Feature;
  source: SourcePosition;
}

export interface FeatureTable {
  root?: Feature;
  byName: Map<string, Feature>;
  /** Tree order (pre-order). */
  list: Feature[];
  /** Constraints written in attribute blocks (`constraint …`, `constraints […]`), with their unit. */
  attached: { line: ConstraintLine; unit: Unit }[];
}

export interface FeatureOptions {
  /** Upper bound given to `cardinality [n..*]`; without it such a feature is refused. */
  unboundedCardinality?: number;
}

/** Instances of one feature with a cardinality: each copies its whole subtree into the engine model. */
export const MAX_INSTANCES = 1000;
export const MAX_INSTANCE_VARIABLES = 100_000;

/** An attribute value as plain data; constraints nested in a value block are kept as their text. */
function plainValue(v: AttrValue): FeatureAttributeValue {
  switch (v.kind) {
    case 'bool':
    case 'number':
    case 'string':
      return v.value;
    case 'vector':
      return v.items.map(plainValue);
    case 'object':
      return Object.fromEntries(v.attributes.map((a) => [a.key, a.value ? plainValue(a.value) : null]));
    case 'constraints':
      return v.constraints.map((c) => c.text);
  }
}

export function sourceOf(unit: Unit, pos: Pos): SourcePosition {
  return { file: unit.file, line: pos.line, column: pos.column };
}

/**
 * Walks the feature tree of the main unit, grafting each imported model's tree where the importing
 * file places its root (`fs.FileSystem`), and records every feature under its full name.
 */
export function buildFeatureTable(main: Unit, options: FeatureOptions, diagnostics: Diagnostic[]): FeatureTable {
  const table: FeatureTable = { byName: new Map(), list: [], attached: [] };
  const grafted = new Set<Unit>();
  const report = (severity: 'error' | 'warning', code: string, message: string, at: SourcePosition, hint?: string): void => {
    diagnostics.push(diagnostic(severity, code, message, at, hint));
  };

  /** The imported unit whose root this node places, if any. */
  const graftOf = (unit: Unit, node: FeatureNode): Unit | undefined => {
    for (const [alias, sub] of unit.imports) {
      const root = sub.doc.root;
      if (root && node.name.text === `${alias}.${root.name.text}`) return sub;
    }
    return undefined;
  };

  const visit = (unit: Unit, node: FeatureNode, parent: Feature | undefined, owner: Feature | undefined): Feature | undefined => {
    const source = sourceOf(unit, node.pos);
    const name = unit.prefix + node.name.text;
    const sub = graftOf(unit, node);
    // A grafted root is described by its own file, plus whatever the importing line adds.
    const parts: { unit: Unit; node: FeatureNode }[] = [{ unit, node }];
    if (sub?.doc.root && !grafted.has(sub)) {
      grafted.add(sub);
      parts.unshift({ unit: sub, node: sub.doc.root });
    }
    const first = table.byName.get(name);
    if (first) {
      report('error', 'duplicate-name', `duplicate feature "${name}"`, source, `first declared at ${first.source.line}:${first.source.column}`);
      return undefined;
    }
    const typed = parts.find((p) => p.node.type)?.node.type;
    const f: Feature = {
      name,
      unit: parts[0].unit,
      node: parts[0].node,
      kind: typed === 'Integer' || typed === 'Real' ? 'int' : typed === 'String' ? 'string' : 'bool',
      real: typed === 'Real',
      abstract: false,
      attrs: new Map(),
      written: new Map(),
      groups: [],
      source,
    };
    if (typed) f.type = typed;
    if (parent) f.parent = parent;
    if (owner) f.owner = owner;
    table.byName.set(name, f);
    table.list.push(f);
    if (f.real)
      report('warning', 'real-as-integer', `Real feature "${name}" is approximated by whole numbers`, source, 'use an Integer feature and scale its unit');

    for (const p of parts)
      for (const attr of p.node.attributes) {
        if (attr.key === 'abstract' && (attr.value === undefined || attr.value.kind === 'bool')) {
          f.abstract = attr.value === undefined || attr.value.value;
          continue;
        }
        if (attr.value?.kind === 'constraints') {
          for (const line of attr.value.constraints) table.attached.push({ line, unit: p.unit });
          continue;
        }
        if (f.attrs.has(attr.key))
          report('warning', 'duplicate-name', `attribute "${attr.key}" of "${name}" is given twice; the last value counts`, sourceOf(p.unit, attr.pos));
        if (attr.value) f.attrs.set(attr.key, attr.value);
        f.written.set(attr.key, attr.value ? plainValue(attr.value) : null);
      }

    const cardNode = parts.find((p) => p.node.cardinality);
    const card = cardNode?.node.cardinality;
    if (card) {
      const at = sourceOf(cardNode.unit, card.pos);
      let max = card.max;
      if (max === null) {
        if (options.unboundedCardinality === undefined) {
          report(
            'error',
            'unbounded-cardinality',
            `feature cardinality [${card.min}..*] of "${name}" has no upper bound`,
            at,
            `write an upper bound, e.g. [${card.min}..${Math.max(card.min, 1) + 4}]`,
          );
          max = Math.max(card.min, 1);
        } else {
          max = Math.max(card.min, options.unboundedCardinality);
          report('warning', 'unbounded-cardinality', `feature cardinality [${card.min}..*] of "${name}" is capped at ${max}`, at);
        }
      }
      if (f.kind !== 'bool') report('error', 'unsupported', `${typed === 'Integer' ? 'an' : 'a'} ${typed} feature cannot have a feature cardinality`, at);
      else if (owner)
        report('error', 'unsupported', `feature cardinality of "${name}" inside the repeated feature "${owner.name}" is not supported`, at);
      else if (f === table.list[0]) report('error', 'unsupported', 'the root feature cannot have a feature cardinality', at);
      else if (max > MAX_INSTANCES)
        report('error', 'too-large', `feature cardinality of "${name}" allows ${max} instances; at most ${MAX_INSTANCES} are supported`, at);
      // [0..1] and [1..1] say nothing beyond the feature's own group: no instances needed.
      else if (max > 1) f.card = { min: card.min, max };
    }
    if (owner && f.kind !== 'bool')
      report('error', 'unsupported', `typed feature "${name}" below the repeated feature "${owner.name}" is not supported`, source);

    const childOwner = f.card ? f : owner;
    const before = table.list.length;
    for (const p of parts)
      for (const group of p.node.groups) {
        const fg: FeatureGroup = { group, unit: p.unit, children: [] };
        for (const child of group.children) {
          const c = visit(p.unit, child, f, childOwner);
          if (c) fg.children.push(c);
        }
        f.groups.push(fg);
      }
    const copies = f.card ? f.card.max * (table.list.length - before) : 0;
    if (f.card && copies > MAX_INSTANCE_VARIABLES) {
      report('error', 'too-large', `"${name}" would need ${copies} feature copies for its instances; at most ${MAX_INSTANCE_VARIABLES} are supported`, source);
      delete f.card;
    }
    return f;
  };

  if (main.doc.root) table.root = visit(main, main.doc.root, undefined, undefined);
  const unused = (unit: Unit): void => {
    for (const [alias, sub] of unit.imports) {
      if (!grafted.has(sub)) {
        const decl = unit.doc.imports.find((d) => (d.alias?.text ?? d.namespace.text) === alias);
        report(
          'warning',
          'import-unused',
          `the imported model "${alias}" is not placed in the feature tree; its features and constraints are left out`,
          sourceOf(unit, decl?.pos ?? { line: 1, column: 1 }),
          sub.doc.root ? `place it with a feature line "${alias}.${sub.doc.root.name.text}"` : undefined,
        );
      } else unused(sub);
    }
  };
  unused(main);
  return table;
}

/** Units whose features are in the model: the main one and every grafted import. */
export function placedUnits(table: FeatureTable): Set<Unit> {
  return new Set(table.list.map((f) => f.unit));
}
