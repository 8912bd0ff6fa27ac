import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type {
  AttributeDecl,
  BehaviorDecl,
  BinaryOp,
  Cardinality,
  CoomFile,
  EnumerationDecl,
  EnumValueDecl,
  Expr,
  FeatureDecl,
  Literal,
  NumericType,
  PathExpr,
  PathSegment,
  Pos,
  Statement,
  StructureDecl,
  TableEntry,
  TableRow,
} from './ast.ts';
import { type Token, tokenize } from './lexer.ts';

const TOP_LEVEL = new Set(['product', 'structure', 'enumeration', 'behavior']);
const STATEMENTS = new Set(['explanation', 'condition', 'require', 'imply', 'default', 'combinations', 'minimize', 'maximize']);
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);
/** Deeper nesting is refused: recursion depth must not depend on what a file contains. */
const MAX_NESTING = 200;

/** Thrown inside the parser only, to unwind to the nearest recovery point. */
class SyntaxFailure extends Error {}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === 'string') return `string "${t.text}"`;
  return `"${t.text}"`;
}

function posOf(t: Token): Pos {
  return { line: t.line, column: t.column };
}

class Parser {
  private i = 0;
  private depth = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly file: string,
  ) {}

  // ------------------------------------------------------------------ token helpers

  private get tok(): Token {
    return this.tokens[this.i];
  }

  private peek(k = 1): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isSymbol(s: string, t: Token = this.tok): boolean {
    return t.kind === 'symbol' && t.text === s;
  }

  private isIdent(word?: string, t: Token = this.tok): boolean {
    return t.kind === 'ident' && (word === undefined || t.text === word);
  }

  private fail(expected: string, t: Token = this.tok): never {
    this.error(`syntax error: expected ${expected}, found ${describe(t)}`, t);
    throw new SyntaxFailure();
  }

  private error(message: string, at: Pos, code = 'syntax'): void {
    this.diagnostics.push(diagnostic('error', code, message, { file: this.file, line: at.line, column: at.column }));
  }

  private expectSymbol(s: string): Token {
    if (!this.isSymbol(s)) this.fail(`"${s}"`);
    return this.next();
  }

  private expectIdent(what: string): Token {
    if (!this.isIdent()) this.fail(what);
    return this.next();
  }

  /** Skips to the next token that `stop` accepts at the current brace depth (or a closing brace of it). */
  private skipUntil(stop: (t: Token) => boolean): void {
    let depth = 0;
    while (this.tok.kind !== 'eof') {
      const t = this.tok;
      if (depth === 0 && stop(t)) return;
      if (this.isSymbol('{', t)) depth++;
      if (this.isSymbol('}', t)) {
        if (depth === 0) return;
        depth--;
      }
      this.next();
    }
  }

  private nest<T>(f: () => T): T {
    this.depth++;
    try {
      if (this.depth > MAX_NESTING) {
        // The language's own wording: the same limit reads the same in .atl and .coom files.
        this.error(`expression nested too deeply (more than ${MAX_NESTING} levels)`, posOf(this.tok));
        throw new SyntaxFailure();
      }
      return f();
    } finally {
      this.depth--;
    }
  }

  // ------------------------------------------------------------------ file

  parseFile(): CoomFile {
    const file: CoomFile = { structures: [], enumerations: [], behaviors: [] };
    while (this.tok.kind !== 'eof') {
      const start = this.i;
      try {
        const t = this.tok;
        if (this.isIdent('product')) {
          const p = this.structureBody('product', posOf(this.next()));
          if (file.product) this.error('the product is declared twice', posOf(t), 'duplicate');
          else file.product = p;
        } else if (this.isIdent('structure')) {
          this.next();
          const name = this.expectIdent('a structure name');
          file.structures.push(this.structureBody(name.text, posOf(name)));
        } else if (this.isIdent('enumeration')) {
          this.next();
          file.enumerations.push(this.enumeration());
        } else if (this.isIdent('behavior') || this.isIdent('behaviour')) {
          file.behaviors.push(this.behavior());
        } else {
          this.fail('"product", "structure", "enumeration" or "behavior"');
        }
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        if (this.i === start) this.next();
        this.skipUntil((t) => this.isIdent(undefined, t) && TOP_LEVEL.has(t.text));
        if (this.isSymbol('}')) this.next();
      }
    }
    return file;
  }

  // ------------------------------------------------------------------ structures

  private structureBody(name: string, pos: Pos): StructureDecl {
    const decl: StructureDecl = { name, pos, features: [] };
    this.expectSymbol('{');
    while (!this.isSymbol('}')) {
      if (this.tok.kind === 'eof') this.fail('"}"');
      const start = this.i;
      const line = this.tok.line;
      try {
        decl.features.push(this.feature());
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        if (this.i === start) this.next();
        // Features are one per line: resume on the next line.
        this.skipUntil((t) => t.line > line || this.isSymbol('}', t));
      }
    }
    this.next();
    return decl;
  }

  private feature(): FeatureDecl {
    let cardinality: Cardinality | undefined;
    if (this.tok.kind === 'number') {
      const t = this.next();
      const min = this.integer(t);
      let max: number | null = min;
      if (this.isSymbol('..')) {
        this.next();
        if (this.isSymbol('*')) {
          this.next();
          max = null;
        } else if (this.tok.kind === 'number') max = this.integer(this.next());
        else this.fail('a number or "*" after ".."');
      }
      cardinality = { min, max, pos: posOf(t) };
    }
    const type = this.expectIdent('a type (Bool, num, a structure or an enumeration)');
    let numeric: NumericType | undefined;
    if (type.text === 'num') numeric = this.numericType();
    const name = this.expectIdent('a feature name');
    const decl: FeatureDecl = { name: name.text, pos: posOf(name), type: type.text, typePos: posOf(type) };
    if (cardinality) decl.cardinality = cardinality;
    if (numeric) decl.numeric = numeric;
    return decl;
  }

  private integer(t: Token): number {
    const n = Number(t.text);
    if (!Number.isSafeInteger(n)) {
      this.error(`syntax error: expected a whole number, found ${describe(t)}`, posOf(t));
      throw new SyntaxFailure();
    }
    return n;
  }

  /** After `num`: optional format, optional `/unit`, optional range `lo-hi`. */
  private numericType(): NumericType {
    const out: NumericType = {};
    if (this.tok.kind === 'format') out.format = this.next().text;
    if (this.isSymbol('/')) {
      this.next();
      out.unit = this.expectIdent('a unit after "/"').text;
    }
    if (this.tok.kind === 'number' || (this.isSymbol('-') && this.peek().kind === 'number')) {
      const first = this.tok;
      out.min = this.signedNumber();
      this.expectSymbol('-');
      out.max = this.signedNumber();
      out.rangePos = posOf(first);
    }
    return out;
  }

  private signedNumber(): number {
    let sign = 1;
    if (this.isSymbol('-')) {
      this.next();
      sign = -1;
    }
    if (this.tok.kind !== 'number') this.fail('a number');
    return sign * Number(this.next().text);
  }

  // ------------------------------------------------------------------ enumerations

  private enumeration(): EnumerationDecl {
    const name = this.expectIdent('an enumeration name');
    const decl: EnumerationDecl = { name: name.text, pos: posOf(name), attributes: [], values: [] };
    this.expectSymbol('{');
    while (!this.isSymbol('}')) {
      if (this.tok.kind === 'eof') this.fail('"}"');
      const start = this.i;
      const line = this.tok.line;
      try {
        if (this.isIdent('attribute')) decl.attributes.push(this.attribute());
        else decl.values.push(this.enumValue());
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        if (this.i === start) this.next();
        this.skipUntil((t) => t.line > line || this.isSymbol('}', t));
      }
    }
    this.next();
    return decl;
  }

  private attribute(): AttributeDecl {
    this.next();
    const first = this.expectIdent('an attribute name or type');
    if (first.text === 'num') {
      const t = this.numericType();
      const name = this.expectIdent('an attribute name');
      return { name: name.text, pos: posOf(name), numeric: true, ...(t.unit ? { unit: t.unit } : {}) };
    }
    // `attribute string code`: a type, then the name on the same line; `attribute efficiency`: the name
    // alone (what follows on the line is a value when an `=` comes after it).
    if (this.isIdent() && this.tok.line === first.line && this.tok.text !== 'attribute' && !this.isSymbol('=', this.peek())) {
      const name = this.next();
      return { name: name.text, pos: posOf(name), numeric: false };
    }
    return { name: first.text, pos: posOf(first), numeric: false };
  }

  private enumValue(): EnumValueDecl {
    const name = this.expectIdent('an enumeration value');
    const decl: EnumValueDecl = { name: name.text, pos: posOf(name), attributes: [] };
    if (!this.isSymbol('=')) return decl;
    this.next();
    decl.tuplePos = posOf(this.expectSymbol('('));
    while (!this.isSymbol(')')) {
      decl.attributes.push(this.literal('an attribute value'));
      if (this.isSymbol(',')) this.next();
    }
    this.next();
    return decl;
  }

  private literal(what: string): Literal {
    const t = this.tok;
    if (t.kind === 'number' || (this.isSymbol('-') && this.peek().kind === 'number')) {
      const pos = posOf(t);
      const negative = this.isSymbol('-');
      if (negative) this.next();
      const n = this.next();
      const value = Number(n.text) * (negative ? -1 : 1);
      return { kind: 'number', value, text: (negative ? '-' : '') + n.text, pos };
    }
    if (t.kind === 'ident') return { kind: 'name', name: this.next().text, pos: posOf(t) };
    if (t.kind === 'string') return { kind: 'string', value: this.next().text, pos: posOf(t) };
    this.fail(what);
  }

  // ------------------------------------------------------------------ behaviors

  private behavior(): BehaviorDecl {
    const kw = this.next();
    const decl: BehaviorDecl = { pos: posOf(kw), statements: [] };
    if (this.isIdent()) {
      const ctx = this.next();
      decl.context = ctx.text;
      decl.contextPos = posOf(ctx);
    }
    this.expectSymbol('{');
    let explanation: string | undefined;
    let conditions: Expr[] = [];
    let firstToken: Token | undefined;
    const reset = (): void => {
      explanation = undefined;
      conditions = [];
      firstToken = undefined;
    };
    while (!this.isSymbol('}')) {
      if (this.tok.kind === 'eof') this.fail('"}"');
      const start = this.i;
      const t = this.tok;
      try {
        if (!this.isIdent() || !STATEMENTS.has(t.text)) this.fail('a statement (require, condition, combinations, imply, default, explanation, minimize, maximize)');
        if (t.text === 'explanation') {
          this.next();
          if (this.tok.kind !== 'string') this.fail('a quoted explanation');
          explanation = this.next().text;
          continue;
        }
        firstToken ??= t;
        if (t.text === 'condition') {
          this.next();
          conditions.push(this.expr());
          continue;
        }
        const stmt = this.statement(firstToken, conditions, explanation);
        decl.statements.push(stmt);
        reset();
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        reset();
        if (this.i === start) this.next();
        this.skipUntil((x) => this.isIdent(undefined, x) && STATEMENTS.has(x.text));
      }
    }
    if (conditions.length > 0) this.error('syntax error: "condition" must be followed by "require", "imply", "default" or "combinations"', posOf(firstToken ?? this.tok));
    this.next();
    return decl;
  }

  private statement(first: Token, conditions: Expr[], explanation: string | undefined): Statement {
    const kw = this.next();
    const base = { pos: posOf(first), conditions, text: '', ...(explanation !== undefined ? { explanation } : {}) };
    let stmt: Statement;
    switch (kw.text) {
      case 'require':
        stmt = { ...base, kind: 'require', formula: this.expr() };
        break;
      case 'imply':
      case 'default': {
        const target = this.path();
        this.expectSymbol('=');
        stmt = { ...base, kind: kw.text, target, value: this.expr() };
        break;
      }
      case 'combinations':
        stmt = this.table(base);
        break;
      default: {
        if (conditions.length > 0) {
          this.error(`syntax error: "${kw.text}" cannot follow a condition`, posOf(kw));
          throw new SyntaxFailure();
        }
        stmt = { ...base, kind: 'objective', sense: kw.text === 'maximize' ? 'maximize' : 'minimize', expr: this.expr() };
      }
    }
    const end = this.tokens[Math.max(0, this.i - 1)].end;
    stmt.text = this.text.slice(first.start, end).replace(/\s+/g, ' ').trim();
    return stmt;
  }

  private table(base: { pos: Pos; conditions: Expr[]; text: string; explanation?: string }): Statement {
    this.expectSymbol('(');
    const columns: PathExpr[] = [];
    while (!this.isSymbol(')')) {
      columns.push(this.path());
      if (this.isSymbol(',')) this.next();
    }
    this.next();
    const rows: TableRow[] = [];
    let mode: 'allow' | 'forbid' | undefined;
    while (this.isIdent('allow') || this.isIdent('forbid')) {
      const kw = this.next();
      if (mode !== undefined && kw.text !== mode) {
        this.error('syntax error: a table mixes "allow" and "forbid" rows', posOf(kw));
        throw new SyntaxFailure();
      }
      mode = kw.text === 'forbid' ? 'forbid' : 'allow';
      rows.push(this.row(posOf(kw)));
    }
    if (mode === undefined) this.fail('"allow" after the columns of "combinations"');
    return { ...base, kind: 'table', columns, rows, mode };
  }

  private row(pos: Pos): TableRow {
    this.expectSymbol('(');
    const entries: TableEntry[] = [];
    while (!this.isSymbol(')')) {
      const t = this.tok;
      if (t.kind === 'wildcard') {
        this.next();
        entries.push({ kind: 'any', pos: posOf(t) });
      } else if (this.isSymbol('(')) {
        this.next();
        const values: Literal[] = [];
        while (!this.isSymbol(')')) {
          values.push(this.literal('a value'));
          if (this.isSymbol(',')) this.next();
          else if (!this.isSymbol(')')) this.fail('"," or ")"');
        }
        this.next();
        entries.push({ kind: 'values', values, pos: posOf(t) });
      } else {
        entries.push({ kind: 'values', values: [this.literal('a value, a list "(A, B)" or "-*-"')], pos: posOf(t) });
      }
      if (this.isSymbol(',')) this.next();
    }
    this.next();
    return { entries, pos };
  }

  // ------------------------------------------------------------------ expressions

  private path(): PathExpr {
    const first = this.expectIdent('a path');
    const segments: PathSegment[] = [this.segment(first)];
    while (this.isSymbol('.') && this.peek().kind === 'ident') {
      this.next();
      segments.push(this.segment(this.next()));
    }
    return { kind: 'path', segments, pos: posOf(first) };
  }

  private segment(t: Token): PathSegment {
    const seg: PathSegment = { name: t.text, pos: posOf(t) };
    if (this.isSymbol('[')) {
      this.next();
      if (this.tok.kind !== 'number') this.fail('an index');
      seg.index = this.integer(this.next());
      this.expectSymbol(']');
    }
    return seg;
  }

  expr(): Expr {
    return this.nest(() => this.or());
  }

  private binaryChain(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (this.tok.kind === 'symbol' && ops.includes(this.tok.text)) {
      const op = this.next();
      const right = operand();
      left = { kind: 'binary', op: op.text as BinaryOp, left, right, pos: left.pos };
    }
    return left;
  }

  private or(): Expr {
    return this.binaryChain(['||'], () => this.and());
  }

  private and(): Expr {
    return this.binaryChain(['&&'], () => this.not());
  }

  private not(): Expr {
    if (this.isSymbol('!')) {
      const t = this.next();
      return { kind: 'unary', op: '!', arg: this.nest(() => this.not()), pos: posOf(t) };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    if (this.tok.kind === 'symbol' && COMPARISONS.has(this.tok.text)) {
      const op = this.next();
      const right = this.additive();
      return { kind: 'binary', op: op.text as BinaryOp, left, right, pos: left.pos };
    }
    return left;
  }

  private additive(): Expr {
    return this.binaryChain(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.binaryChain(['*', '/', '^'], () => this.unary());
  }

  private unary(): Expr {
    if (this.isSymbol('-') || this.isSymbol('+')) {
      const t = this.next();
      return { kind: 'unary', op: t.text === '-' ? '-' : '+', arg: this.nest(() => this.unary()), pos: posOf(t) };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.tok;
    if (t.kind === 'number') {
      this.next();
      return { kind: 'number', value: Number(t.text), text: t.text, pos: posOf(t) };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.text, pos: posOf(t) };
    }
    if (this.isSymbol('(')) {
      this.next();
      const arg = this.expr();
      this.expectSymbol(')');
      return { kind: 'paren', arg, pos: posOf(t) };
    }
    if (t.kind === 'ident') {
      if (this.isSymbol('(', this.peek())) {
        this.next();
        this.next();
        const args: Expr[] = [];
        while (!this.isSymbol(')')) {
          args.push(this.expr());
          if (this.isSymbol(',')) this.next();
          else if (!this.isSymbol(')')) this.fail('"," or ")"');
        }
        this.next();
        return { kind: 'call', name: t.text, args, pos: posOf(t) };
      }
      return this.path();
    }
    this.fail('a number, a path or "("');
  }
}

/** Parses COOM source into its syntax tree; syntax errors are reported and the parse resumes after them. */
export function parseCoom(text: string, file: string): { ast: CoomFile; diagnostics: Diagnostic[] } {
  const lexed = tokenize(text, file);
  const parser = new Parser(lexed.tokens, text, file);
  const ast = parser.parseFile();
  const diagnostics = [...lexed.diagnostics, ...parser.diagnostics];
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ast, diagnostics };
}
