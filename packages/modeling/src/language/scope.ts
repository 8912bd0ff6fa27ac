import type { Formula } from '@atelier/engine';
import type { ChoiceDecl, ComponentDecl, FlagDecl, Item, NumberDecl, Pos, TextFieldDecl, Texts } from './ast.ts';

/** One attribute across the values of a choice (or of a flag's "true"). */
export interface AttrInfo {
  name: string;
  kind: 'number' | 'symbol' | 'string';
  /** Value (String(value)) → number, for numeric attributes. */
  numbers: Record<string, number>;
  /** Value → symbol or string, for the others. */
  texts: Record<string, string>;
  /** The declared type of a symbolic attribute, when its symbols are members of one. */
  type?: string;
  /** Values that do not give this attribute. */
  missing: string[];
  pos: Pos;
  /** Value → where it gives this attribute. */
  positions: Record<string, Pos>;
}

export interface ValueInfo {
  name: string;
  texts: Texts;
  pos: Pos;
}

export type Member =
  | { kind: 'choice'; name: string; var: string; decl: ChoiceDecl; values: ValueInfo[]; attrs: Map<string, AttrInfo>; valid: boolean }
  | { kind: 'flag'; name: string; var: string; decl: FlagDecl; attrs: Map<string, AttrInfo> }
  | { kind: 'number'; name: string; var: string; decl: NumberDecl; values: number[]; valid: boolean }
  /** A component without multiplicity (`one`, only a namespace) or `optional` (a presence flag `var`). */
  | { kind: 'component'; name: string; var?: string; decl: ComponentDecl; scope: Scope }
  | { kind: 'repeated'; name: string; countVar: string; decl: ComponentDecl; min: number; max: number; instances: Scope[]; exists: Formula[] }
  | { kind: 'text'; name: string; id: string; decl: TextFieldDecl };

/**
 * The features declared in a product or in one instance of a component. `prefix` turns a local name
 * into an engine variable name (`gpu.`, `memory[2].`); `presence` holds exactly when the scope's
 * features exist (undefined: always).
 */
export interface Scope {
  parent?: Scope;
  prefix: string;
  presence?: Formula;
  members: Map<string, Member>;
  /** For messages: `product "pc"`, `component "gpu"`. */
  describe: string;
  /** The items to lower once every variable of the product is declared. */
  items: Item[];
  /** Index of the repeated instance this scope is, shown in rule labels ("memory[2]"). */
  instance?: string;
  /** The component's own `default` item, when it has one. */
  pos: Pos;
}

/** The member a name means here: this scope first, then the enclosing ones. */
export function lookup(scope: Scope, name: string): Member | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const m = s.members.get(name);
    if (m) return m;
  }
  return undefined;
}

/** Every name visible from a scope, nearest first (for "did you mean"). */
export function visibleNames(scope: Scope): string[] {
  const out: string[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) out.push(...s.members.keys());
  return out;
}

/** Engine variables a member stands for, in declaration order (groups list them all). */
export function memberVariables(m: Member): string[] {
  switch (m.kind) {
    case 'choice':
      return m.valid ? [m.var] : [];
    case 'flag':
      return [m.var];
    case 'number':
      return m.valid ? [m.var] : [];
    case 'component':
      return [...(m.var ? [m.var] : []), ...scopeVariables(m.scope)];
    case 'repeated':
      return [m.countVar, ...m.instances.flatMap(scopeVariables)];
    case 'text':
      return [];
  }
}

export function scopeVariables(scope: Scope): string[] {
  return [...scope.members.values()].flatMap(memberVariables);
}

export function describeMember(m: Member): string {
  switch (m.kind) {
    case 'choice':
    case 'flag':
    case 'number':
      return `${m.kind} "${m.name}"`;
    case 'component':
      return m.var ? `optional component "${m.name}"` : `component "${m.name}"`;
    case 'repeated':
      return `repeated component "${m.name}"`;
    case 'text':
      return `text field "${m.name}"`;
  }
}
