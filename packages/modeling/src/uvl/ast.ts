/** A place in a UVL file: 1-based line and column (a tab counts as one column). */
export interface Pos {
  line: number;
  column: number;
}

/**
 * A possibly dotted reference, `fs.NTFS` or `"Training Wheels".Price`. A name's identity is its parts
 * joined with dots, so `"a b".c` and `"a b.c"` are the same name.
 */
export interface Name {
  parts: string[];
  text: string;
  pos: Pos;
}

export type FeatureType = 'Boolean' | 'Integer' | 'Real' | 'String';

/** `[n]`, `[n..m]` or `[n..*]` (max null). */
export interface Interval {
  min: number;
  max: number | null;
  pos: Pos;
}

export type GroupKind = 'mandatory' | 'optional' | 'alternative' | 'or' | 'cardinality';

export interface GroupNode {
  kind: GroupKind;
  /** For `cardinality` groups. */
  interval?: Interval;
  children: FeatureNode[];
  pos: Pos;
}

export type AttrValue =
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'object'; attributes: Attribute[] }
  | { kind: 'vector'; items: AttrValue[] }
  /** `constraint C` and `constraints [C, …]` inside an attribute block. */
  | { kind: 'constraints'; constraints: ConstraintLine[] };

export interface Attribute {
  key: string;
  /** Absent for a bare key such as `abstract`. */
  value?: AttrValue;
  pos: Pos;
}

export interface FeatureNode {
  name: Name;
  type?: FeatureType;
  cardinality?: Interval;
  attributes: Attribute[];
  groups: GroupNode[];
  pos: Pos;
}

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Constraint =
  | { kind: 'ref'; name: Name; pos: Pos }
  | { kind: 'not'; arg: Constraint; pos: Pos }
  | { kind: 'and' | 'or'; args: Constraint[]; pos: Pos }
  | { kind: 'implies' | 'iff'; left: Constraint; right: Constraint; pos: Pos }
  | { kind: 'cmp'; op: CmpOp; left: Expr; right: Expr; pos: Pos };

export type AggregateFn = 'sum' | 'avg' | 'len' | 'floor' | 'ceil';

export type Expr =
  | { kind: 'num'; value: number; pos: Pos }
  | { kind: 'str'; value: string; pos: Pos }
  | { kind: 'ref'; name: Name; pos: Pos }
  /** `sum(attr)`, `sum(Feature, attr)`: `scope` limits the aggregate to a subtree. */
  | { kind: 'agg'; fn: AggregateFn; scope?: Name; arg: Name; pos: Pos }
  | { kind: 'neg'; arg: Expr; pos: Pos }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr; pos: Pos };

/** A constraint as written, with its text for labels and messages. */
export interface ConstraintLine {
  constraint: Constraint;
  text: string;
  pos: Pos;
}

export interface ImportDecl {
  namespace: Name;
  alias?: Name;
  pos: Pos;
}

export interface UvlDocument {
  file: string;
  namespace?: Name;
  /** Language levels, as written: accepted and not checked. */
  includes: string[];
  imports: ImportDecl[];
  root?: FeatureNode;
  constraints: ConstraintLine[];
}
