import type { SourcePosition } from '@atelier/engine';
import type { CmpOp } from '@atelier/engine/model/formula.ts';

/*
 * The syntax tree of one `.atl` file, as written: names are not resolved and nothing is checked
 * beyond the grammar. Every node carries the position it starts at.
 */

export type Pos = SourcePosition;

export interface Name {
  text: string;
  pos: Pos;
}

/** A text in one language: `label pl "…"`; `lang` is "en" for the label after a declared name. */
export interface Translation {
  lang: string;
  text: string;
  pos: Pos;
}

export interface Texts {
  /** The string after the declared name (English) first, then `label LANG "…"` lines. */
  labels: Translation[];
  descriptions: Translation[];
}

export interface AtlFile {
  file: string;
  imports: ImportDecl[];
  types: TypeDecl[];
  parts: PartDecl[];
  templates: ComponentDecl[];
  products: ProductDecl[];
}

export interface ImportDecl {
  kind: 'import';
  path: string;
  pos: Pos;
}

export interface TypeDecl {
  kind: 'type';
  name: Name;
  texts: Texts;
  members: { name: Name; label?: string }[];
  pos: Pos;
}

export interface PartDecl {
  kind: 'part';
  number: string;
  label?: string;
  unit?: string;
  pos: Pos;
}

export interface ProductDecl {
  kind: 'product';
  name: Name;
  texts: Texts;
  body: Item[];
  pos: Pos;
}

export type Multiplicity = { kind: 'one' } | { kind: 'optional'; pos: Pos } | { kind: 'repeat'; min: number; max: number; pos: Pos };

export interface ComponentDecl {
  kind: 'component';
  name: Name;
  texts: Texts;
  multiplicity: Multiplicity;
  body: Item[];
  pos: Pos;
}

export type Item =
  | LabelItem
  | CurrencyItem
  | DefaultItem
  | PriceItem
  | ChoiceDecl
  | FlagDecl
  | NumberDecl
  | ComponentDecl
  | UseDecl
  | RuleDecl
  | TableDecl
  | BomDecl
  | PreviewDecl
  | TextFieldDecl
  | GroupDecl
  | ObjectiveItem;

/** `minimize "Weight" sum(parts.grams)`: what the best completion optimises, in the order written. */
export interface ObjectiveItem {
  kind: 'objective';
  sense: 'minimize' | 'maximize';
  label?: string;
  expr: Expr;
  pos: Pos;
}

/** `label pl "…"` or `description "…"` inside a product or component. */
export interface LabelItem {
  kind: 'label' | 'description';
  text: Translation;
  pos: Pos;
}

export interface CurrencyItem {
  kind: 'currency';
  code: string;
  pos: Pos;
}

/** `default N` / `default true` in a component: the default count or presence. */
export interface DefaultItem {
  kind: 'default';
  value: Literal;
  pos: Pos;
}

export interface PriceItem {
  kind: 'price';
  label?: string;
  amount: Expr;
  when?: Expr;
  pos: Pos;
}

export type AttrValue =
  | { kind: 'number'; value: number; pos: Pos }
  /** A symbol, optionally qualified by its type (`Socket.AM5`). */
  | { kind: 'symbol'; name: string; type?: string; pos: Pos }
  | { kind: 'string'; value: string; pos: Pos };

export interface Attr {
  name: Name;
  value: AttrValue;
}

export interface ValueDecl {
  name: Name;
  texts: Texts;
  attrs: Attr[];
}

export interface ChoiceDecl {
  kind: 'choice';
  name: Name;
  texts: Texts;
  values: ValueDecl[];
  default?: Name;
  /** It had a syntax error: what is missing from it is not reported again. */
  broken?: boolean;
  pos: Pos;
}

export interface FlagDecl {
  kind: 'flag';
  name: Name;
  texts: Texts;
  attrs: Attr[];
  default?: { value: boolean; pos: Pos };
  pos: Pos;
}

export interface NumberDecl {
  kind: 'number';
  name: Name;
  texts: Texts;
  min: number;
  max: number;
  rangePos: Pos;
  unit?: string;
  step?: { value: number; pos: Pos };
  default?: { value: number; pos: Pos };
  /** Price per unit. */
  price?: { value: number; pos: Pos };
  pos: Pos;
}

export interface UseDecl {
  kind: 'use';
  template: Name;
  name: Name;
  texts: Texts;
  multiplicity?: Multiplicity;
  pos: Pos;
}

export interface RuleDecl {
  kind: 'rule';
  label?: string;
  formula: Expr;
  because?: string;
  /** The condition as written, for rules without a label. */
  text: string;
  pos: Pos;
}

export type Literal =
  | { kind: 'ident'; name: string; pos: Pos }
  | { kind: 'number'; value: number; pos: Pos };

export type TableCell = { kind: 'any'; pos: Pos } | { kind: 'values'; values: Literal[]; pos: Pos };

export interface TableDecl {
  kind: 'table';
  label?: string;
  columns: PathExpr[];
  allow: boolean;
  rows: { cells: TableCell[]; pos: Pos }[];
  because?: string;
  pos: Pos;
}

export interface BomDecl {
  kind: 'bom';
  lines: BomLineDecl[];
  pos: Pos;
}

export type BomLineDecl = BomPartDecl | OperationDecl;

export interface BomPartDecl {
  kind: 'part' | 'assembly';
  /** A string or a path to a string attribute (`fabric.part_number`). */
  number: Expr;
  quantity?: Expr;
  unit?: string;
  label?: string;
  when?: Expr;
  children: BomLineDecl[];
  pos: Pos;
}

export interface OperationDecl {
  kind: 'operation';
  name: string;
  workCentre: string;
  minutes?: Expr;
  when?: Expr;
  pos: Pos;
}

export interface PreviewDecl {
  kind: 'preview';
  viewBox: number[];
  layers: PathExpr[];
  pos: Pos;
}

export interface TextFieldDecl {
  kind: 'text';
  name: Name;
  texts: Texts;
  max?: { value: number; pos: Pos };
  allowed?: { value: string; pos: Pos };
  when?: Expr;
  price?: Expr;
  preview?: string;
  required: boolean;
  pos: Pos;
}

export interface GroupDecl {
  kind: 'group';
  id?: Name;
  texts: Texts;
  members: PathExpr[];
  pos: Pos;
}

export interface PathSegment {
  name: string;
  /** `memory[2]`: the 1-based instance. */
  index?: number;
  pos: Pos;
}

export interface PathExpr {
  kind: 'path';
  segments: PathSegment[];
  pos: Pos;
}

export type CardinalityOp = 'atmost' | 'atleast' | 'exactly';

export type Expr =
  | { kind: 'num'; value: number; pos: Pos }
  | { kind: 'str'; value: string; pos: Pos }
  | { kind: 'bool'; value: boolean; pos: Pos }
  | PathExpr
  | { kind: 'not'; arg: Expr; pos: Pos }
  | { kind: 'neg'; arg: Expr; pos: Pos }
  | { kind: 'and' | 'or'; args: Expr[]; pos: Pos }
  | { kind: 'binary'; op: 'xor' | 'implies' | 'iff' | 'excludes'; left: Expr; right: Expr; pos: Pos }
  | { kind: 'add'; terms: { negate: boolean; expr: Expr }[]; pos: Pos }
  | { kind: 'mul'; factors: { divide: boolean; expr: Expr }[]; pos: Pos }
  | { kind: 'cmp'; op: CmpOp; left: Expr; right: Expr; pos: Pos }
  | { kind: 'in'; left: Expr; values: Expr[]; pos: Pos }
  | { kind: 'call'; fn: string; args: Expr[]; pos: Pos }
  | { kind: 'if'; cond: Expr; then: Expr; else: Expr; pos: Pos }
  | { kind: 'card'; op: CardinalityOp; k: number; args: Expr[]; pos: Pos }
  /** Stands in for an expression that did not parse (already reported). */
  | { kind: 'error'; pos: Pos };

export function emptyTexts(): Texts {
  return { labels: [], descriptions: [] };
}

export function emptyFile(file: string): AtlFile {
  return { file, imports: [], types: [], parts: [], templates: [], products: [] };
}
