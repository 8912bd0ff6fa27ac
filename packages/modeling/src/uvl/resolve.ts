import { closestName } from '@atelier/engine/model/errors.ts';
import type { AttrValue, Name } from './ast.ts';
import type { Feature, FeatureTable } from './features.ts';
import type { Unit } from './imports.ts';

export type Resolved =
  | { kind: 'feature'; feature: Feature }
  | { kind: 'attribute'; feature: Feature; key: string; value: AttrValue }
  | { kind: 'unknown'; message: string; hint?: string };

/**
 * Looks names up as written in one file: a file sees its own features and those of its imports
 * under their aliases, which is exactly the full name without the file's own prefix.
 */
export class Scope {
  private candidates?: string[];
  private visibleFeatures?: Feature[];

  constructor(
    readonly table: FeatureTable,
    readonly unit: Unit,
  ) {}

  feature(text: string): Feature | undefined {
    return this.table.byName.get(this.unit.prefix + text);
  }

  /** Features this file can see, in tree order. */
  visible(): Feature[] {
    this.visibleFeatures ??= this.table.list.filter((f) => f.name.startsWith(this.unit.prefix));
    return this.visibleFeatures;
  }

  resolve(name: Name): Resolved {
    const whole = this.feature(name.text);
    if (whole) return { kind: 'feature', feature: whole };
    if (name.parts.length >= 2) {
      const head = this.feature(name.parts.slice(0, -1).join('.'));
      const key = name.parts[name.parts.length - 1];
      if (head) {
        const value = head.attrs.get(key);
        if (value) return { kind: 'attribute', feature: head, key, value };
        const close = closestName(key, head.attrs.keys());
        return {
          kind: 'unknown',
          message: `feature "${head.name.slice(this.unit.prefix.length)}" has no attribute "${key}"`,
          hint: close ? `did you mean "${close}"?` : undefined,
        };
      }
    }
    return this.unknownFeature(name.text);
  }

  unknownFeature(text: string): Resolved & { kind: 'unknown' } {
    this.candidates ??= this.visible().map((f) => f.name.slice(this.unit.prefix.length));
    const close = closestName(text, this.candidates);
    return { kind: 'unknown', message: `unknown feature "${text}"`, hint: close ? `did you mean "${close}"?` : undefined };
  }
}
