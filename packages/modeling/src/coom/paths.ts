import type { Formula } from '@atelier/engine';
import type { PathExpr } from './ast.ts';
import type { Instance, Item, VarSpec } from './instances.ts';
import type { AttributeInfo } from './schema.ts';
import { type DiagnosticSink, suggestion } from './sink.ts';

/** What a path denotes in one instance: a variable (maybe through an attribute of its value), or an object. */
export type Target =
  | { kind: 'leaf'; leaf: VarSpec; attribute?: AttributeInfo; exists: Formula | null }
  | { kind: 'object'; item: Item; exists: Formula | null };

export function pathText(p: PathExpr): string {
  return p.segments.map((s) => (s.index === undefined ? s.name : `${s.name}[${s.index}]`)).join('.');
}

function owner(inst: Instance): string {
  return inst.name === '' ? 'the product' : `structure "${inst.structure.name}"`;
}

/** A lone name that is no feature here: an enumeration value, True/False, or a misspelt feature. */
export function isBareName(p: PathExpr, ctx: Instance): boolean {
  const s = p.segments[0];
  return p.segments.length === 1 && s.index === undefined && !ctx.slots.has(s.name) && !ctx.structure.untyped.has(s.name);
}

/**
 * Every ground target of a path from a context instance: a path through a feature with several
 * instances denotes each of them (COOM instantiates the rule once per combination), unless an
 * index picks one. Reports unknown names with a suggestion and returns null.
 */
export function resolvePath(p: PathExpr, ctx: Instance, sink: DiagnosticSink): Target[] | null {
  let current: Instance[] = [ctx];
  const segs = p.segments;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k];
    const last = k === segs.length - 1;
    const sample = current[0];
    if (!sample) return [];
    const slot = sample.slots.get(seg.name);
    const untyped = sample.structure.untyped.get(seg.name);
    if (!slot && untyped !== undefined) {
      sink.error('unknown-type', `feature "${seg.name}" has the unknown type "${untyped}"`, seg.pos);
      return null;
    }
    if (!slot) {
      sink.error('unknown-name', `unknown feature "${seg.name}" in ${owner(sample)}`, seg.pos, suggestion(seg.name, sample.slots.keys()));
      return null;
    }
    const f = slot.feature;
    if (seg.index !== undefined && seg.index >= f.max) {
      sink.error('value-range', `index ${seg.index} is out of range: feature "${f.name}" has at most ${f.max} instance${f.max === 1 ? '' : 's'}`, seg.pos);
      return null;
    }
    const items: Item[] = current.flatMap((inst) => {
      const s = inst.slots.get(seg.name);
      if (!s) return [];
      return seg.index === undefined ? s.items : s.items.filter((it) => it.index === seg.index);
    });
    if (last) {
      return items.map((it): Target => (it.leaf ? { kind: 'leaf', leaf: it.leaf, exists: it.exists } : { kind: 'object', item: it, exists: it.exists }));
    }
    if (f.type.kind === 'struct') {
      current = items.map((it) => it.instance as Instance);
      continue;
    }
    const next = segs[k + 1];
    if (f.type.kind === 'enum' && k + 1 === segs.length - 1) {
      const attribute = f.type.enumeration.attributes.get(next.name);
      if (!attribute) {
        const en = f.type.enumeration;
        sink.error('unknown-name', `enumeration "${en.name}" has no attribute "${next.name}"`, next.pos, suggestion(next.name, en.attributes.keys()));
        return null;
      }
      return items.map((it): Target => ({ kind: 'leaf', leaf: it.leaf as VarSpec, attribute, exists: it.exists }));
    }
    if (f.type.kind === 'enum' && f.type.enumeration.attributes.has(next.name)) {
      // `front.size.x`: the attribute is a value, so it is what cannot be followed.
      const after = segs[k + 2];
      sink.error('unknown-name', `"${next.name}" is an attribute of enumeration "${f.type.enumeration.name}": the path cannot go on to "${after.name}"`, after.pos);
      return null;
    }
    const what = f.type.kind === 'bool' ? 'a Bool' : f.type.kind === 'num' ? 'a number' : `enumeration "${f.type.enumeration.name}"`;
    sink.error('unknown-name', `feature "${f.name}" is ${what}: the path cannot go on to "${next.name}"`, next.pos);
    return null;
  }
  return [];
}
