import { MAX_DOMAIN_SIZE } from '@atelier/engine/model/model.ts';
import type { CoomFile, EnumerationDecl, FeatureDecl, Pos, StructureDecl } from './ast.ts';
import { type DiagnosticSink, suggestion } from './sink.ts';

/** An attribute of enumeration values: numbers to add and compare, or names to compare. */
export interface AttributeInfo {
  name: string;
  numeric: boolean;
  unit?: string;
  /** Per enumeration value: its number, or its name for a non-numeric attribute. */
  byValue: Map<string, number | string>;
}

export interface EnumerationInfo {
  name: string;
  values: string[];
  attributes: Map<string, AttributeInfo>;
}

export type FeatureType =
  | { kind: 'bool' }
  /** `open`: no range was written; it is taken from the expressions implied for the feature. */
  | { kind: 'num'; min: number; max: number; open: boolean; unit?: string }
  | { kind: 'enum'; enumeration: EnumerationInfo }
  | { kind: 'struct'; structure: StructureInfo };

export interface FeatureInfo {
  name: string;
  decl: FeatureDecl;
  type: FeatureType;
  min: number;
  max: number;
}

export interface StructureInfo {
  name: string;
  pos: Pos;
  features: FeatureInfo[];
  byName: Map<string, FeatureInfo>;
  /** Features left out because their type is unknown: feature name → type name. */
  untyped: Map<string, string>;
}

export interface Schema {
  product: StructureInfo;
  structures: Map<string, StructureInfo>;
  enumerations: Map<string, EnumerationInfo>;
}

export interface SchemaOptions {
  /** Upper bound given to unbounded cardinalities (`0..*`); without it they are refused. */
  maxInstances?: number;
}

const BUILTIN_TYPES = ['Bool', 'num'];

function enumeration(decl: EnumerationDecl, sink: DiagnosticSink): EnumerationInfo {
  const info: EnumerationInfo = { name: decl.name, values: [], attributes: new Map() };
  for (const a of decl.attributes) {
    if (info.attributes.has(a.name)) {
      sink.error('duplicate', `attribute "${a.name}" is declared twice in enumeration "${decl.name}"`, a.pos);
      continue;
    }
    info.attributes.set(a.name, { name: a.name, numeric: a.numeric, ...(a.unit ? { unit: a.unit } : {}), byValue: new Map() });
  }
  const attrs = [...info.attributes.values()];
  for (const v of decl.values) {
    if (info.values.includes(v.name)) {
      sink.error('duplicate', `value "${v.name}" is listed twice in enumeration "${decl.name}"`, v.pos);
      continue;
    }
    info.values.push(v.name);
    if (v.attributes.length !== decl.attributes.length) {
      // Surplus values are harmless (published examples have them); missing ones leave an attribute undefined.
      const extra = v.attributes.length > decl.attributes.length;
      sink.report(
        extra ? 'warning' : 'error',
        'attribute-arity',
        `value "${v.name}" has ${v.attributes.length} attribute value${v.attributes.length === 1 ? '' : 's'}, but enumeration "${decl.name}" declares ${decl.attributes.length} attribute${decl.attributes.length === 1 ? '' : 's'}${extra ? ': the extra values are ignored' : ''}`,
        v.tuplePos ?? v.pos,
      );
    }
    attrs.forEach((a, k) => {
      const lit = v.attributes[k];
      if (!lit) return;
      if (a.numeric) {
        if (lit.kind !== 'number' || !Number.isFinite(lit.value))
          sink.error('type', `attribute "${a.name}" of value "${v.name}" must be a number`, lit.pos);
        else a.byValue.set(v.name, lit.value);
      } else {
        a.byValue.set(v.name, lit.kind === 'number' ? lit.text : lit.kind === 'name' ? lit.name : lit.value);
      }
    });
  }
  if (info.values.length === 0) sink.error('empty', `enumeration "${decl.name}" has no values`, decl.pos);
  return info;
}

/** Larger cardinalities are refused: every instance is expanded into variables of its own. */
export const MAX_CARDINALITY = 1000;

function cardinalityOf(f: FeatureDecl, options: SchemaOptions, sink: DiagnosticSink): [number, number] {
  const c = f.cardinality;
  if (!c) return [1, 1];
  if (Math.max(c.min, c.max ?? options.maxInstances ?? 0) > MAX_CARDINALITY) {
    sink.error('too-large', `cardinality of feature "${f.name}" is above ${MAX_CARDINALITY}`, c.pos);
    return [0, 0];
  }
  if (c.max === null) {
    const cap = options.maxInstances;
    if (cap === undefined) {
      sink.error(
        'unbounded',
        `unbounded cardinality ${c.min}..* of feature "${f.name}" is not supported`,
        c.pos,
        'give it an upper bound, or import with the maxInstances option',
      );
      return [c.min, c.min];
    }
    const max = Math.max(cap, c.min);
    sink.warning('unbounded', `unbounded cardinality ${c.min}..* of feature "${f.name}" is bounded to ${c.min}..${max}`, c.pos);
    return [c.min, max];
  }
  if (c.max < c.min) {
    sink.error('cardinality', `cardinality ${c.min}..${c.max} of feature "${f.name}" is empty`, c.pos);
    return [c.min, c.min];
  }
  return [c.min, c.max];
}

function numericType(f: FeatureDecl, sink: DiagnosticSink): FeatureType {
  const n = f.numeric ?? {};
  const unit = n.unit ? { unit: n.unit } : {};
  if (n.min === undefined || n.max === undefined) return { kind: 'num', min: 0, max: 0, open: true, ...unit };
  const at = n.rangePos ?? f.typePos;
  if (!Number.isInteger(n.min) || !Number.isInteger(n.max)) {
    sink.error('decimal', `decimal range ${n.min}-${n.max} of feature "${f.name}" is not supported: only whole numbers are`, at, 'scale the feature to a smaller unit');
    return { kind: 'num', min: Math.ceil(n.min), max: Math.max(Math.ceil(n.min), Math.floor(n.max)), open: false, ...unit };
  }
  if (n.max - n.min + 1 > MAX_DOMAIN_SIZE) {
    sink.error('too-large', `range ${n.min}-${n.max} of feature "${f.name}" has more than ${MAX_DOMAIN_SIZE} values`, at, 'use a coarser unit');
    return { kind: 'num', min: n.min, max: n.min, open: false, ...unit };
  }
  if (n.max < n.min) {
    sink.error('value-range', `range ${n.min}-${n.max} of feature "${f.name}" is empty`, at);
    return { kind: 'num', min: n.min, max: n.min, open: false, ...unit };
  }
  if (n.format !== undefined && n.format.includes('.'))
    sink.warning('decimal', `number format "${n.format}" of feature "${f.name}" is read as whole numbers`, f.typePos);
  return { kind: 'num', min: n.min, max: n.max, open: false, ...unit };
}

/**
 * Symbol tables of a COOM file: every type resolved, cardinalities bounded, enumeration attributes
 * checked. Problems are reported and replaced by something usable so later checks still run.
 */
export function buildSchema(ast: CoomFile, options: SchemaOptions, sink: DiagnosticSink): Schema | null {
  const enumerations = new Map<string, EnumerationInfo>();
  for (const e of ast.enumerations) {
    if (enumerations.has(e.name) || ast.structures.some((s) => s.name === e.name) || BUILTIN_TYPES.includes(e.name)) {
      sink.error('duplicate', `type "${e.name}" is declared twice`, e.pos);
      continue;
    }
    enumerations.set(e.name, enumeration(e, sink));
  }
  const structures = new Map<string, StructureInfo>();
  const decls = new Map<string, StructureDecl>();
  for (const s of ast.structures) {
    if (structures.has(s.name) || BUILTIN_TYPES.includes(s.name)) {
      sink.error('duplicate', `type "${s.name}" is declared twice`, s.pos);
      continue;
    }
    structures.set(s.name, { name: s.name, pos: s.pos, features: [], byName: new Map(), untyped: new Map() });
    decls.set(s.name, s);
  }
  if (!ast.product) {
    sink.error('no-product', 'the file declares no "product { … }"', { line: 1, column: 1 });
    return null;
  }
  const product: StructureInfo = { name: 'product', pos: ast.product.pos, features: [], byName: new Map(), untyped: new Map() };
  decls.set('', ast.product);
  const known = [...BUILTIN_TYPES, ...structures.keys(), ...enumerations.keys()];

  for (const [key, decl] of decls) {
    const owner = key === '' ? product : (structures.get(key) as StructureInfo);
    for (const f of decl.features) {
      if (owner.byName.has(f.name)) {
        sink.error('duplicate', `feature "${f.name}" is declared twice in ${key === '' ? 'the product' : `structure "${key}"`}`, f.pos);
        continue;
      }
      let type: FeatureType | undefined;
      if (f.type === 'Bool') type = { kind: 'bool' };
      else if (f.type === 'num') type = numericType(f, sink);
      else {
        const en = enumerations.get(f.type);
        const st = structures.get(f.type);
        if (en) type = { kind: 'enum', enumeration: en };
        else if (st) type = { kind: 'struct', structure: st };
      }
      if (!type) {
        // Left out with a warning: a published example declares a feature of an undeclared type it never uses.
        // Any rule that refers to the feature is an error (see resolvePath).
        sink.warning('unknown-type', `unknown type "${f.type}": feature "${f.name}" is left out`, f.typePos, suggestion(f.type, known));
        owner.untyped.set(f.name, f.type);
        continue;
      }
      const [min, max] = cardinalityOf(f, options, sink);
      const info: FeatureInfo = { name: f.name, decl: f, type, min, max };
      owner.features.push(info);
      owner.byName.set(f.name, info);
    }
  }
  if (!checkRecursion(product, sink)) return null;
  return { product, structures, enumerations };
}

/** A structure that contains itself would expand forever: refused, naming the feature that closes the cycle. */
function checkRecursion(product: StructureInfo, sink: DiagnosticSink): boolean {
  const onPath = new Set<StructureInfo>();
  const done = new Set<StructureInfo>();
  let ok = true;
  const visit = (s: StructureInfo): void => {
    onPath.add(s);
    for (const f of s.features) {
      if (f.type.kind !== 'struct' || f.max === 0) continue;
      const child = f.type.structure;
      if (onPath.has(child)) {
        sink.error('recursive', `structure "${child.name}" contains itself through feature "${f.name}": recursive structures are not supported`, f.decl.pos);
        ok = false;
      } else if (!done.has(child)) visit(child);
    }
    onPath.delete(s);
    done.add(s);
  };
  visit(product);
  return ok;
}
