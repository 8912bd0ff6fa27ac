/** Where a construct starts in the COOM source (1-based). */
export interface Pos {
  line: number;
  column: number;
}

/** `min..max`; `max: null` is `*` (unbounded). */
export interface Cardinality {
  min: number;
  max: number | null;
  pos: Pos;
}

export interface NumericType {
  /** Written range; absent when the feature leaves it open (`num weight`). */
  min?: number;
  max?: number;
  rangePos?: Pos;
  unit?: string;
  /** Number format such as `.#`. */
  format?: string;
}

export interface FeatureDecl {
  name: string;
  pos: Pos;
  /** `Bool`, `num`, or a structure or enumeration name. */
  type: string;
  typePos: Pos;
  cardinality?: Cardinality;
  numeric?: NumericType;
}

export interface StructureDecl {
  /** `product` for the root. */
  name: string;
  pos: Pos;
  features: FeatureDecl[];
}

export interface AttributeDecl {
  name: string;
  pos: Pos;
  /** `attribute num …`: compared and added as numbers; otherwise values are compared by name. */
  numeric: boolean;
  unit?: string;
}

export type Literal =
  | { kind: 'number'; value: number; text: string; pos: Pos }
  | { kind: 'name'; name: string; pos: Pos }
  | { kind: 'string'; value: string; pos: Pos };

export interface EnumValueDecl {
  name: string;
  pos: Pos;
  attributes: Literal[];
  /** Position of the `(` of the attribute tuple (for arity diagnostics). */
  tuplePos?: Pos;
}

export interface EnumerationDecl {
  name: string;
  pos: Pos;
  attributes: AttributeDecl[];
  values: EnumValueDecl[];
}

export interface PathSegment {
  name: string;
  /** `name[2]`: one instance only. */
  index?: number;
  pos: Pos;
}

export type Expr =
  | { kind: 'number'; value: number; text: string; pos: Pos }
  | { kind: 'string'; value: string; pos: Pos }
  | { kind: 'path'; segments: PathSegment[]; pos: Pos }
  | { kind: 'call'; name: string; args: Expr[]; pos: Pos }
  | { kind: 'unary'; op: '!' | '-' | '+'; arg: Expr; pos: Pos }
  | { kind: 'paren'; arg: Expr; pos: Pos }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: Pos };

export type BinaryOp = '||' | '&&' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '^';

export type PathExpr = Extract<Expr, { kind: 'path' }>;

/** A table entry: one value, a list `(A, B)`, or the wildcard `-*-`. */
export type TableEntry = { kind: 'any'; pos: Pos } | { kind: 'values'; values: Literal[]; pos: Pos };

export interface TableRow {
  entries: TableEntry[];
  pos: Pos;
}

interface StatementBase {
  pos: Pos;
  /** The statement as written, for labels. */
  text: string;
  explanation?: string;
  conditions: Expr[];
}

export type Statement =
  | (StatementBase & { kind: 'require'; formula: Expr })
  | (StatementBase & { kind: 'imply'; target: PathExpr; value: Expr })
  | (StatementBase & { kind: 'default'; target: PathExpr; value: Expr })
  | (StatementBase & { kind: 'table'; columns: PathExpr[]; rows: TableRow[]; mode: 'allow' | 'forbid' })
  | (StatementBase & { kind: 'objective'; sense: 'minimize' | 'maximize'; expr: Expr });

export interface BehaviorDecl {
  /** The structure it applies to; absent for the product. */
  context?: string;
  contextPos?: Pos;
  pos: Pos;
  statements: Statement[];
}

export interface CoomFile {
  product?: StructureDecl;
  structures: StructureDecl[];
  enumerations: EnumerationDecl[];
  behaviors: BehaviorDecl[];
}
