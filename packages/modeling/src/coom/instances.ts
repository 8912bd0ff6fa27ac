import type { Formula, SourcePosition, Value } from '@atelier/engine';
import type { FeatureInfo, FeatureType, Schema, StructureInfo } from './schema.ts';
import type { DiagnosticSink } from './sink.ts';

/** Larger expansions (instances plus variables) are refused: the cardinalities multiply out of hand. */
export const MAX_VARIABLES = 50_000;

/** A product variable to declare: a feature of one instance, or the instance count of a feature. */
export interface VarSpec {
  name: string;
  kind: 'bool' | 'enum' | 'int';
  /** Values; for int variables possibly narrowed later (see tightening in to-model). */
  values: Value[];
  /** Absent exactly when this is false; null: always present. */
  exists: Formula | null;
  source: SourcePosition;
  feature: FeatureInfo;
  /** A count variable of a feature with a variable number of instances. */
  isCount: boolean;
  /** An open numeric range (`num weight`) filled in from what is implied for it. */
  narrowed?: boolean;
  default?: Value;
  unit?: string;
}

export interface Item {
  index: number;
  name: string;
  exists: Formula | null;
  /** A structure instance, or the variable of an enumeration, Bool or num feature. */
  instance?: Instance;
  leaf?: VarSpec;
}

export interface FeatureSlot {
  feature: FeatureInfo;
  /** Name of the instance-count variable when the number of instances is open. */
  countVar?: string;
  items: Item[];
}

export interface Instance {
  structure: StructureInfo;
  /** '' for the product; otherwise the instance's name (`carrier.bag[1]`). */
  name: string;
  exists: Formula | null;
  slots: Map<string, FeatureSlot>;
}

export interface InstanceTree {
  root: Instance;
  /** Every instance of every structure, in declaration order, for behaviors local to a structure. */
  byStructure: Map<string, Instance[]>;
  variables: VarSpec[];
  byName: Map<string, VarSpec>;
}

function range(min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v++) out.push(v);
  return out;
}

function leafValues(type: FeatureType): { kind: VarSpec['kind']; values: Value[] } {
  switch (type.kind) {
    case 'bool':
      return { kind: 'bool', values: [false, true] };
    case 'enum':
      return { kind: 'enum', values: type.enumeration.values.slice() };
    case 'num':
      // Open ranges are filled in from implied expressions; until then one placeholder value.
      return { kind: 'int', values: type.open ? [0] : range(type.min, type.max) };
    case 'struct':
      return { kind: 'enum', values: [] };
  }
}

class TooLarge extends Error {}

/**
 * Expands the partonomy into instances. A feature with exactly one instance keeps its plain name
 * (`motherboard.cpu`); any other gets 0-based indices (`hdunit[0].hdisk[1]`), as in COOM user input.
 * A feature whose number of instances is open gets an int variable `<feature>.count`; instance i
 * exists exactly when that count is above i, so instances are used in order and permutations of
 * equal instances do not multiply configurations.
 */
export function expandInstances(schema: Schema, file: string, sink: DiagnosticSink): InstanceTree | null {
  const tree: InstanceTree = {
    root: { structure: schema.product, name: '', exists: null, slots: new Map() },
    byStructure: new Map(),
    variables: [],
    byName: new Map(),
  };
  let elements = 0;
  const grow = (): void => {
    if (++elements > MAX_VARIABLES) throw new TooLarge();
  };
  const add = (v: VarSpec): void => {
    grow();
    const clash = tree.byName.get(v.name);
    if (clash) {
      sink.error('duplicate', `"${v.name}" names two variables`, { line: v.source.line, column: v.source.column });
      return;
    }
    tree.variables.push(v);
    tree.byName.set(v.name, v);
  };
  const fill = (inst: Instance): void => {
    for (const f of inst.structure.features) {
      const base = inst.name === '' ? f.name : `${inst.name}.${f.name}`;
      const source: SourcePosition = { file, line: f.decl.pos.line, column: f.decl.pos.column };
      const slot: FeatureSlot = { feature: f, items: [] };
      if (f.min !== f.max) {
        slot.countVar = `${base}.count`;
        add({ name: slot.countVar, kind: 'int', values: range(f.min, f.max), exists: inst.exists, source, feature: f, isCount: true });
      }
      const single = f.min === 1 && f.max === 1;
      for (let i = 0; i < f.max; i++) {
        const name = single ? base : `${base}[${i}]`;
        const exists: Formula | null =
          i < f.min ? inst.exists : { op: 'in', var: slot.countVar as string, values: range(i + 1, f.max) };
        const item: Item = { index: i, name, exists };
        grow();
        if (f.type.kind === 'struct') {
          item.instance = { structure: f.type.structure, name, exists, slots: new Map() };
          const list = tree.byStructure.get(f.type.structure.name);
          if (list) list.push(item.instance);
          else tree.byStructure.set(f.type.structure.name, [item.instance]);
          fill(item.instance);
        } else {
          const { kind, values } = leafValues(f.type);
          const leaf: VarSpec = { name, kind, values, exists, source, feature: f, isCount: false };
          if (f.type.kind === 'num' && f.type.unit) leaf.unit = f.type.unit;
          add(leaf);
          item.leaf = leaf;
        }
        slot.items.push(item);
      }
      inst.slots.set(f.name, slot);
    }
  };
  try {
    fill(tree.root);
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
    sink.error('too-large', `the product expands to more than ${MAX_VARIABLES} instances and variables`, schema.product.pos, 'lower the cardinalities');
    return null;
  }
  return tree;
}
