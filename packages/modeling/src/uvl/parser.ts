import { closestName } from '@atelier/engine/model/errors.ts';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type {
  AggregateFn,
  AttrValue,
  Attribute,
  CmpOp,
  Constraint,
  ConstraintLine,
  Expr,
  FeatureNode,
  FeatureType,
  GroupKind,
  GroupNode,
  ImportDecl,
  Interval,
  Name,
  Pos,
  UvlDocument,
} from './ast.ts';
import { type Token, lexUvl } from './lexer.ts';

export interface ParseResult {
  document: UvlDocument;
  diagnostics: Diagnostic[];
}

const SECTIONS = ['namespace', 'include', 'imports', 'features', 'constraints'];
const GROUPS: GroupKind[] = ['mandatory', 'optional', 'alternative', 'or'];
const TYPES: FeatureType[] = ['Boolean', 'Integer', 'Real', 'String'];
const AGGREGATES: AggregateFn[] = ['sum', 'avg', 'len', 'floor', 'ceil'];
const COMPARISONS: CmpOp[] = ['==', '!=', '<', '<=', '>', '>='];
/** Deeper parentheses and trees are refused rather than risking the call stack on hostile input. */
const MAX_NESTING = 200;
/** Longest chain of operators in one expression (`a => b => c …` nests to the left). */
const MAX_DEPTH = 1000;

/** Abandons the current line after a syntax error has been reported. */
class LineError extends Error {}

/** Untyped expression tree: constraints and arithmetic share one precedence ladder, then get sorted out. */
type Node =
  | { k: 'num'; value: number; pos: Pos }
  | { k: 'str'; value: string; pos: Pos }
  | { k: 'ref'; name: Name; pos: Pos }
  | { k: 'agg'; fn: AggregateFn; scope?: Name; arg: Name; pos: Pos }
  | { k: 'not' | 'neg'; arg: Node; pos: Pos; depth: number }
  | { k: 'nary'; op: '&' | '|'; args: Node[]; pos: Pos; depth: number }
  | { k: 'bin'; op: string; left: Node; right: Node; pos: Pos; depth: number };

function depthOf(n: Node): number {
  return 'depth' in n ? n.depth : 0;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'newline':
      return 'end of line';
    case 'indent':
      return 'indentation';
    case 'dedent':
      return 'end of block';
    case 'eof':
      return 'end of file';
    case 'string':
      return `'${t.text}'`;
    case 'qid':
      return `"${t.text}"`;
    default:
      return `"${t.text}"`;
  }
}

class Parser {
  private p = 0;
  readonly diagnostics: Diagnostic[];

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly file: string,
    diagnostics: Diagnostic[],
  ) {
    this.diagnostics = diagnostics;
  }

  // ------------------------------------------------------------------ token helpers

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.p + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.p++;
    return t;
  }

  private isOp(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.text === text;
  }

  private isWord(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'id' && t.text === text;
  }

  private at(kind: Token['kind']): boolean {
    return this.peek().kind === kind;
  }

  private pos(t: Token): Pos {
    return { line: t.line, column: t.column };
  }

  /** At most one syntax error a line: a second one is nearly always a consequence of the first. */
  private error(code: string, message: string, at: Pos, hint?: string): void {
    if (this.diagnostics.some((d) => d.severity === 'error' && d.line === at.line && d.file === this.file)) return;
    this.diagnostics.push(diagnostic('error', code, message, { file: this.file, ...at }, hint));
  }

  private warn(code: string, message: string, at: Pos, hint?: string): void {
    this.diagnostics.push(diagnostic('warning', code, message, { file: this.file, ...at }, hint));
  }

  private fail(message: string, t: Token = this.peek(), hint?: string): never {
    this.error('syntax', message, this.pos(t), hint);
    throw new LineError(message);
  }

  /** Drops the rest of the line, and the block indented below it. */
  private skipLine(): void {
    while (!this.at('newline') && !this.at('eof')) {
      if (this.at('indent')) {
        this.skipBlock();
        return;
      }
      if (this.at('dedent')) return;
      this.next();
    }
    if (this.at('newline')) this.next();
    if (this.at('indent')) this.skipBlock();
  }

  private skipBlock(): void {
    let depth = 0;
    do {
      const t = this.next();
      if (t.kind === 'indent') depth++;
      else if (t.kind === 'dedent') depth--;
      else if (t.kind === 'eof') return;
    } while (depth > 0);
  }

  private endLine(what: string): void {
    if (this.at('newline')) {
      this.next();
      return;
    }
    if (this.at('eof') || this.at('dedent')) return;
    this.error('syntax', `unexpected ${describe(this.peek())} after ${what}`, this.pos(this.peek()));
    while (!this.at('newline') && !this.at('eof') && !this.at('indent') && !this.at('dedent')) this.next();
    if (this.at('newline')) this.next();
  }

  private lineText(from: Token, to: Token): string {
    return this.source.slice(from.start, to.end).replace(/\s+/g, ' ').trim();
  }

  // ------------------------------------------------------------------ document

  parseDocument(): UvlDocument {
    const doc: UvlDocument = { file: this.file, includes: [], imports: [], constraints: [] };
    const seen = new Set<string>();
    while (!this.at('eof')) {
      const t = this.peek();
      if (t.kind === 'newline' || t.kind === 'dedent') {
        this.next();
        continue;
      }
      if (t.kind === 'indent') {
        this.error('indentation', 'unexpected indentation', this.pos(t), 'sections start at the left margin');
        this.skipBlock();
        continue;
      }
      const word = t.kind === 'id' ? t.text : '';
      if (!SECTIONS.includes(word)) {
        const close = t.kind === 'id' ? closestName(t.text, SECTIONS) : undefined;
        this.error(
          'syntax',
          `expected a section ("namespace", "include", "imports", "features" or "constraints"), found ${describe(t)}`,
          this.pos(t),
          close ? `did you mean "${close}"?` : undefined,
        );
        this.skipLine();
        continue;
      }
      if (seen.has(word) && word !== 'include')
        this.error('syntax', `the "${word}" section appears twice`, this.pos(t), 'merge the two sections');
      seen.add(word);
      this.next();
      try {
        if (word === 'namespace') {
          const name = this.name();
          if (!doc.namespace) doc.namespace = name;
          this.endLine('the namespace');
        } else if (word === 'include') this.includes(doc);
        else if (word === 'imports') this.imports(doc);
        else if (word === 'features') this.features(doc);
        else this.constraints(doc);
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        this.skipLine();
      }
    }
    return doc;
  }

  /** Parses `keyword NEWLINE INDENT line* DEDENT`, calling `line` at the start of each line. */
  private block(what: string, line: () => void): void {
    this.endLine(`"${what}"`);
    if (!this.at('indent')) return;
    this.next();
    while (!this.at('dedent') && !this.at('eof')) {
      if (this.at('newline')) {
        this.next();
        continue;
      }
      if (this.at('indent')) {
        this.error('indentation', 'unexpected indentation', this.pos(this.peek()), 'indent it like the line above');
        this.skipBlock();
        continue;
      }
      try {
        line();
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        this.skipLine();
      }
    }
    if (this.at('dedent')) this.next();
  }

  private includes(doc: UvlDocument): void {
    this.block('include', () => {
      const first = this.peek();
      let lastToken = first;
      while (!this.at('newline') && !this.at('eof') && !this.at('indent') && !this.at('dedent')) lastToken = this.next();
      doc.includes.push(this.lineText(first, lastToken));
      this.endLine('the language level');
    });
  }

  private imports(doc: UvlDocument): void {
    this.block('imports', () => {
      const start = this.peek();
      const namespace = this.name();
      const decl: ImportDecl = { namespace, pos: this.pos(start) };
      if (this.isWord('as')) {
        this.next();
        decl.alias = this.name();
      }
      doc.imports.push(decl);
      this.endLine('the import');
    });
  }

  private features(doc: UvlDocument): void {
    this.block('features', () => {
      const start = this.peek();
      const f = this.feature(0);
      if (!f) return;
      if (doc.root) this.error('syntax', 'a feature model has a single root feature', this.pos(start), 'put this feature below the root');
      else doc.root = f;
    });
  }

  private constraints(doc: UvlDocument): void {
    this.block('constraints', () => {
      doc.constraints.push(this.constraintLine());
      this.endLine('the constraint');
    });
  }

  // ------------------------------------------------------------------ feature tree

  name(): Name {
    const first = this.peek();
    if (first.kind !== 'id' && first.kind !== 'qid') this.fail(`expected a name, found ${describe(first)}`);
    this.next();
    const parts = [first.text];
    while (this.isOp('.') && (this.peek(1).kind === 'id' || this.peek(1).kind === 'qid')) {
      this.next();
      parts.push(this.next().text);
    }
    return { parts, text: parts.join('.'), pos: this.pos(first) };
  }

  /** One feature line and the groups indented below it; null when the line is unreadable (already reported). */
  private feature(depth: number): FeatureNode | null {
    const start = this.peek();
    try {
      let type: FeatureType | undefined;
      if (start.kind === 'id' && (TYPES as string[]).includes(start.text) && (this.peek(1).kind === 'id' || this.peek(1).kind === 'qid')) {
        type = start.text as FeatureType;
        this.next();
      }
      const name = this.name();
      const node: FeatureNode = { name, attributes: [], groups: [], pos: this.pos(start) };
      if (type) node.type = type;
      try {
        if (this.isWord('cardinality')) {
          this.next();
          node.cardinality = this.interval();
        }
        if (this.isOp('{')) node.attributes = this.attributes(0);
        this.endLine(`feature "${name.text}"`);
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        // The name is known: keep the feature and its subtree, so that references to them still resolve.
        while (!this.at('newline') && !this.at('eof') && !this.at('indent') && !this.at('dedent')) this.next();
        if (this.at('newline')) this.next();
      }
      this.groups(node, depth);
      return node;
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.skipLine();
      return null;
    }
  }

  private groups(node: FeatureNode, depth: number): void {
    if (!this.at('indent')) return;
    if (depth > MAX_NESTING) {
      this.error('syntax', 'feature tree nested too deeply', this.pos(this.peek()));
      this.skipBlock();
      return;
    }
    this.next();
    while (!this.at('dedent') && !this.at('eof')) {
      if (this.at('newline')) {
        this.next();
        continue;
      }
      const g = this.group(depth);
      if (g) node.groups.push(g);
    }
    if (this.at('dedent')) this.next();
  }

  private group(depth: number): GroupNode | null {
    const t = this.peek();
    const group: GroupNode = { kind: 'optional', children: [], pos: this.pos(t) };
    let ok = true;
    try {
      if (t.kind === 'id' && (GROUPS as string[]).includes(t.text)) {
        group.kind = t.text as GroupKind;
        this.next();
      } else if (this.isOp('[')) {
        group.kind = 'cardinality';
        group.interval = this.interval();
      } else if (t.kind === 'indent') {
        this.error('indentation', 'unexpected indentation', this.pos(t), 'indent it like the line above');
        this.skipBlock();
        return null;
      } else {
        ok = false;
        const word = t.kind === 'id' || t.kind === 'qid' ? t.text : describe(t);
        const close = t.kind === 'id' ? closestName(t.text, GROUPS) : undefined;
        this.error(
          'unknown-group',
          `unknown group keyword ${t.kind === 'id' || t.kind === 'qid' ? `"${word}"` : word}`,
          this.pos(t),
          close ? `did you mean "${close}"?` : 'expected mandatory, optional, alternative, or, or a cardinality such as [1..2]',
        );
        while (!this.at('newline') && !this.at('eof') && !this.at('indent') && !this.at('dedent')) this.next();
      }
      this.endLine(`group "${group.kind}"`);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      ok = false;
      while (!this.at('newline') && !this.at('eof') && !this.at('indent') && !this.at('dedent')) this.next();
      if (this.at('newline')) this.next();
    }
    if (!this.at('indent')) {
      if (ok) this.warn('empty-group', `group "${group.kind}" has no features below it`, group.pos);
      return ok ? group : null;
    }
    this.next();
    while (!this.at('dedent') && !this.at('eof')) {
      if (this.at('newline')) {
        this.next();
        continue;
      }
      if (this.at('indent')) {
        this.error('indentation', 'unexpected indentation', this.pos(this.peek()), 'indent it like the line above');
        this.skipBlock();
        continue;
      }
      const f = this.feature(depth + 1);
      if (f) group.children.push(f);
    }
    if (this.at('dedent')) this.next();
    // The children of an unreadable group line still count, so that they are not reported unknown later.
    return group;
  }

  private interval(): Interval {
    const open = this.peek();
    if (!this.isOp('[')) this.fail(`expected "[", found ${describe(open)}`);
    this.next();
    const bound = (): number => {
      const t = this.peek();
      if (t.kind !== 'number' || !Number.isSafeInteger(t.value)) this.fail(`expected a whole number, found ${describe(t)}`, t);
      this.next();
      return t.value;
    };
    const min = bound();
    let max: number | null = min;
    if (this.isOp('..')) {
      this.next();
      if (this.isOp('*')) {
        this.next();
        max = null;
      } else max = bound();
    }
    if (!this.isOp(']')) this.fail(`expected "]", found ${describe(this.peek())}`);
    this.next();
    if (max !== null && max < min) this.error('syntax', `empty cardinality [${min}..${max}]`, this.pos(open));
    return { min, max, pos: this.pos(open) };
  }

  private attributes(depth: number): Attribute[] {
    if (depth > MAX_NESTING) this.fail('attributes nested too deeply');
    this.next(); // '{'
    const out: Attribute[] = [];
    if (this.isOp('}')) {
      this.next();
      return out;
    }
    for (;;) {
      const keyToken = this.peek();
      if (keyToken.kind !== 'id' && keyToken.kind !== 'qid') this.fail(`expected an attribute name, found ${describe(keyToken)}`);
      this.next();
      const attr: Attribute = { key: keyToken.text, pos: this.pos(keyToken) };
      if (keyToken.kind === 'id' && keyToken.text === 'constraint') {
        attr.value = { kind: 'constraints', constraints: [this.constraintLine()] };
      } else if (keyToken.kind === 'id' && keyToken.text === 'constraints') {
        if (!this.isOp('[')) this.fail(`expected "[", found ${describe(this.peek())}`);
        this.next();
        const list: ConstraintLine[] = [];
        while (!this.isOp(']')) {
          list.push(this.constraintLine());
          if (this.isOp(',')) this.next();
          else if (!this.isOp(']')) this.fail(`expected "," or "]", found ${describe(this.peek())}`);
        }
        this.next();
        attr.value = { kind: 'constraints', constraints: list };
      } else if (!this.isOp(',') && !this.isOp('}')) attr.value = this.value(depth);
      out.push(attr);
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      if (this.isOp('}')) {
        this.next();
        return out;
      }
      this.fail(`expected "," or "}", found ${describe(this.peek())}`);
    }
  }

  private value(depth: number): AttrValue {
    const t = this.peek();
    if (t.kind === 'id' && (t.text === 'true' || t.text === 'false')) {
      this.next();
      return { kind: 'bool', value: t.text === 'true' };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.text };
    }
    if (t.kind === 'number' || (this.isOp('-') && this.peek(1).kind === 'number')) {
      const negative = this.isOp('-');
      if (negative) this.next();
      const v = this.next().value;
      return { kind: 'number', value: negative ? -v : v };
    }
    if (this.isOp('{')) return { kind: 'object', attributes: this.attributes(depth + 1) };
    if (this.isOp('[')) {
      if (depth > MAX_NESTING) this.fail('attributes nested too deeply');
      this.next();
      const items: AttrValue[] = [];
      while (!this.isOp(']')) {
        items.push(this.value(depth + 1));
        if (this.isOp(',')) this.next();
        else if (!this.isOp(']')) this.fail(`expected "," or "]", found ${describe(this.peek())}`);
      }
      this.next();
      return { kind: 'vector', items };
    }
    return this.fail(`expected an attribute value, found ${describe(t)}`, t, t.kind === 'qid' ? `strings use single quotes: '${t.text}'` : undefined);
  }

  // ------------------------------------------------------------------ constraints

  private constraintLine(): ConstraintLine {
    const first = this.peek();
    const node = this.level(0, 0);
    const lastToken = this.tokens[Math.max(0, this.p - 1)];
    return { constraint: this.toConstraint(node), text: this.lineText(first, lastToken), pos: this.pos(first) };
  }

  /** Precedence levels, loosest first: <=>, =>, |, &, !, comparison, + -, * /, unary -, primary. */
  private level(lvl: number, nesting: number): Node {
    switch (lvl) {
      case 0:
      case 1: {
        const op = lvl === 0 ? '<=>' : '=>';
        let left = this.level(lvl + 1, nesting);
        while (this.isOp(op)) {
          this.next();
          const right = this.level(lvl + 1, nesting);
          left = this.deepen({ k: 'bin', op, left, right, pos: left.pos, depth: Math.max(depthOf(left), depthOf(right)) + 1 });
        }
        return left;
      }
      case 2:
      case 3: {
        const op = lvl === 2 ? '|' : '&';
        const first = this.level(lvl + 1, nesting);
        if (!this.isOp(op)) return first;
        const args = [first];
        while (this.isOp(op)) {
          this.next();
          args.push(this.level(lvl + 1, nesting));
        }
        return this.deepen({ k: 'nary', op, args, pos: first.pos, depth: Math.max(...args.map(depthOf)) + 1 });
      }
      case 4: {
        const nots: Pos[] = [];
        while (this.isOp('!')) nots.push(this.pos(this.next()));
        let node = this.level(5, nesting);
        for (let i = nots.length - 1; i >= 0; i--) node = this.deepen({ k: 'not', arg: node, pos: nots[i], depth: depthOf(node) + 1 });
        return node;
      }
      case 5: {
        const left = this.level(6, nesting);
        const t = this.peek();
        if (t.kind !== 'op' || !(COMPARISONS as string[]).includes(t.text)) return left;
        this.next();
        const right = this.level(6, nesting);
        const after = this.peek();
        if (after.kind === 'op' && (COMPARISONS as string[]).includes(after.text))
          this.fail('comparisons cannot be chained', after, 'join them with "&"');
        return this.deepen({ k: 'bin', op: t.text, left, right, pos: left.pos, depth: Math.max(depthOf(left), depthOf(right)) + 1 });
      }
      case 6:
      case 7: {
        const ops = lvl === 6 ? ['+', '-'] : ['*', '/'];
        let left = this.level(lvl + 1, nesting);
        while (this.peek().kind === 'op' && ops.includes(this.peek().text)) {
          const op = this.next().text;
          const right = this.level(lvl + 1, nesting);
          left = this.deepen({ k: 'bin', op, left, right, pos: left.pos, depth: Math.max(depthOf(left), depthOf(right)) + 1 });
        }
        return left;
      }
      case 8: {
        const minus: Pos[] = [];
        while (this.isOp('-')) minus.push(this.pos(this.next()));
        let node = this.primary(nesting);
        for (let i = minus.length - 1; i >= 0; i--) node = this.deepen({ k: 'neg', arg: node, pos: minus[i], depth: depthOf(node) + 1 });
        return node;
      }
      default:
        return this.primary(nesting);
    }
  }

  private deepen(n: Node): Node {
    if (depthOf(n) > MAX_DEPTH) this.fail('expression nested too deeply', this.peek(), 'split it into several constraints');
    return n;
  }

  private primary(nesting: number): Node {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { k: 'num', value: t.value, pos: this.pos(t) };
    }
    if (t.kind === 'string') {
      this.next();
      return { k: 'str', value: t.text, pos: this.pos(t) };
    }
    if (this.isOp('(')) {
      if (nesting >= MAX_NESTING) this.fail('expression nested too deeply');
      this.next();
      const inner = this.level(0, nesting + 1);
      if (!this.isOp(')')) this.fail(`expected ")", found ${describe(this.peek())}`);
      this.next();
      return inner;
    }
    if (t.kind === 'id' && (AGGREGATES as string[]).includes(t.text) && this.isOp('(', 1)) {
      this.next();
      this.next();
      let arg = this.name();
      let scope: Name | undefined;
      if (this.isOp(',')) {
        this.next();
        scope = arg;
        arg = this.name();
      }
      if (!this.isOp(')')) this.fail(`expected ")", found ${describe(this.peek())}`);
      this.next();
      const node: Node = { k: 'agg', fn: t.text as AggregateFn, arg, pos: this.pos(t) };
      if (scope) node.scope = scope;
      return node;
    }
    if (t.kind === 'id' || t.kind === 'qid') {
      const name = this.name();
      return { k: 'ref', name, pos: name.pos };
    }
    return this.fail(`expected a feature, a number or "(", found ${describe(t)}`, t);
  }

  private toConstraint(n: Node): Constraint {
    switch (n.k) {
      case 'ref':
        return { kind: 'ref', name: n.name, pos: n.pos };
      case 'not':
        return { kind: 'not', arg: this.toConstraint(n.arg), pos: n.pos };
      case 'nary':
        return { kind: n.op === '&' ? 'and' : 'or', args: n.args.map((a) => this.toConstraint(a)), pos: n.pos };
      case 'bin':
        if (n.op === '=>' || n.op === '<=>')
          return { kind: n.op === '=>' ? 'implies' : 'iff', left: this.toConstraint(n.left), right: this.toConstraint(n.right), pos: n.pos };
        if ((COMPARISONS as string[]).includes(n.op))
          return { kind: 'cmp', op: n.op as CmpOp, left: this.toExpr(n.left), right: this.toExpr(n.right), pos: n.pos };
        break;
      default:
        break;
    }
    this.error('type', 'expected a constraint, found a value', n.pos, 'compare it with ==, <, >, …');
    throw new LineError('not a constraint');
  }

  private toExpr(n: Node): Expr {
    switch (n.k) {
      case 'num':
        return { kind: 'num', value: n.value, pos: n.pos };
      case 'str':
        return { kind: 'str', value: n.value, pos: n.pos };
      case 'ref':
        return { kind: 'ref', name: n.name, pos: n.pos };
      case 'agg': {
        const e: Expr = { kind: 'agg', fn: n.fn, arg: n.arg, pos: n.pos };
        if (n.scope) e.scope = n.scope;
        return e;
      }
      case 'neg':
        return { kind: 'neg', arg: this.toExpr(n.arg), pos: n.pos };
      case 'bin':
        if (n.op === '+' || n.op === '-' || n.op === '*' || n.op === '/')
          return { kind: 'bin', op: n.op, left: this.toExpr(n.left), right: this.toExpr(n.right), pos: n.pos };
        break;
      default:
        break;
    }
    this.error('type', 'expected a number, found a constraint', n.pos);
    throw new LineError('not an expression');
  }
}

/** Parses UVL text into a document, reporting every syntax problem found in one pass. */
export function parseUvl(text: string, file: string): ParseResult {
  const lexed = lexUvl(text, file);
  const parser = new Parser(lexed.tokens, lexed.source, file, lexed.diagnostics);
  const document = parser.parseDocument();
  return { document, diagnostics: parser.diagnostics };
}
