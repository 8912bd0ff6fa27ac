import type { CmpOp } from '@atelier/engine/model/formula.ts';
import type { CardinalityOp, Expr, PathExpr, PathSegment } from './ast.ts';
import { TokenCursor, describeToken } from './token-cursor.ts';

/** Words with a meaning inside conditions and formulas; they cannot be read as names there. */
const OPERATOR_WORDS: ReadonlySet<string> = new Set([
  'not', 'and', 'or', 'xor', 'requires', 'implies', 'iff', 'excludes', 'in', 'if', 'then', 'else', 'of', 'when', 'because',
]);

const COMPARISONS: ReadonlySet<string> = new Set(['<', '<=', '=', '!=', '>=', '>']);

const CARDINALITY: ReadonlySet<string> = new Set(['atmost', 'atleast', 'exactly']);

/** Deeper nesting is refused instead of overflowing the stack on hostile input. */
const MAX_DEPTH = 100;

/**
 * Conditions and numeric formulas share one grammar (`(a + b) > 3` and `(a or b)` both start with a
 * parenthesis); whether a node is a condition or a number is decided when names are resolved.
 * Precedence, loosest first: iff, requires/implies/excludes (right-associative), or/xor, and, not,
 * comparisons and `in`, + -, * /, unary minus.
 */
export class ExpressionParser extends TokenCursor {
  private depth = 0;

  protected expression(what: string): Expr {
    return this.nested(() => this.iff(what));
  }

  private nested(parse: () => Expr): Expr {
    if (this.depth >= MAX_DEPTH) {
      this.error(`expression nested too deeply (more than ${MAX_DEPTH} levels)`);
      return { kind: 'error', pos: this.pos() };
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Left-nested chains (`a xor b xor c …`) count towards the nesting limit like parentheses do. */
  private chained(length: number): boolean {
    if (this.depth + length < MAX_DEPTH) return true;
    this.error(`expression nested too deeply (more than ${MAX_DEPTH} levels)`);
    return false;
  }

  private iff(what: string): Expr {
    let left = this.implies(what);
    for (let n = 1; this.isPunct('<=>') || this.isWord('iff'); n++) {
      if (!this.chained(n)) return { kind: 'error', pos: this.pos() };
      const op = this.next();
      const right = this.implies(`a condition after "${op.text}"`);
      left = { kind: 'binary', op: 'iff', left, right, pos: left.pos };
    }
    return left;
  }

  private implies(what: string): Expr {
    const left = this.or(what);
    const t = this.peek();
    let op: 'implies' | 'excludes' | undefined;
    if (this.isPunct('=>') || this.isWord('implies') || this.isWord('requires')) op = 'implies';
    else if (this.isWord('excludes')) op = 'excludes';
    if (!op) return left;
    this.next();
    const right = this.nested(() => this.implies(`a condition after "${t.text}"`));
    return { kind: 'binary', op, left, right, pos: left.pos };
  }

  private or(what: string): Expr {
    let left = this.and(what);
    for (let n = 1; ; n++) {
      if (this.isWord('xor') && !this.chained(n)) return { kind: 'error', pos: this.pos() };
      if (this.isWord('or')) {
        this.next();
        const right = this.and('a condition after "or"');
        if (left.kind === 'or') left.args.push(right);
        else left = { kind: 'or', args: [left, right], pos: left.pos };
      } else if (this.isWord('xor')) {
        this.next();
        const right = this.and('a condition after "xor"');
        left = { kind: 'binary', op: 'xor', left, right, pos: left.pos };
      } else {
        return left;
      }
    }
  }

  private and(what: string): Expr {
    const first = this.not(what);
    if (!this.isWord('and')) return first;
    const args = [first];
    while (this.eatWord('and')) args.push(this.not('a condition after "and"'));
    return { kind: 'and', args, pos: first.pos };
  }

  private not(what: string): Expr {
    if (this.isWord('not')) {
      const t = this.next();
      return this.nested(() => ({ kind: 'not', arg: this.not('a condition after "not"'), pos: this.pos(t) }));
    }
    return this.comparison(what);
  }

  private comparison(what: string): Expr {
    const left = this.additive(what);
    const t = this.peek();
    if (t.kind === 'punct' && COMPARISONS.has(t.value)) {
      this.next();
      const right = this.additive(`a value after "${t.text}"`);
      return { kind: 'cmp', op: t.value as CmpOp, left, right, pos: left.pos };
    }
    if (this.isWord('in')) {
      this.next();
      if (!this.expectPunct('(', 'after "in": write x in (a, b)')) return left;
      const values = this.list(')', 'a value in the list after "in"');
      return { kind: 'in', left, values, pos: left.pos };
    }
    return left;
  }

  private additive(what: string): Expr {
    const first = this.multiplicative(what);
    if (!this.isPunct('+') && !this.isPunct('-')) return first;
    const terms = [{ negate: false, expr: first }];
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next();
      terms.push({ negate: op.value === '-', expr: this.multiplicative(`a number or name after "${op.text}"`) });
    }
    return { kind: 'add', terms, pos: first.pos };
  }

  private multiplicative(what: string): Expr {
    const first = this.unary(what);
    if (!this.isPunct('*') && !this.isPunct('/')) return first;
    const factors = [{ divide: false, expr: first }];
    while (this.isPunct('*') || this.isPunct('/')) {
      const op = this.next();
      factors.push({ divide: op.value === '/', expr: this.unary(`a number or name after "${op.text}"`) });
    }
    return { kind: 'mul', factors, pos: first.pos };
  }

  private unary(what: string): Expr {
    if (!this.isPunct('-')) return this.primary(what);
    const t = this.next();
    if (this.peek().kind === 'number') return { kind: 'num', value: -this.next().number, pos: this.pos(t) };
    return this.nested(() => ({ kind: 'neg', arg: this.unary(`a number or name after "-"`), pos: this.pos(t) }));
  }

  private primary(what: string): Expr {
    const t = this.peek();
    const pos = this.pos(t);
    if (t.kind === 'number') {
      this.next();
      return { kind: 'num', value: t.number, pos };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'str', value: t.value, pos };
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.expression('an expression after "("');
      this.expectPunct(')', 'to close the parenthesis');
      return inner;
    }
    // A declaration word starting a line means the operand is missing, not that a name follows.
    if (t.kind === 'ident' && !OPERATOR_WORDS.has(t.value) && !this.startsDeclaration(t)) {
      if (t.value === 'true' || t.value === 'false') {
        this.next();
        return { kind: 'bool', value: t.value === 'true', pos };
      }
      if (CARDINALITY.has(t.value) && this.peek(1).kind === 'number') return this.cardinality();
      if (this.isPunct('(', 1)) {
        this.next();
        this.next();
        const args = this.list(')', `an argument of ${t.value}()`);
        return { kind: 'call', fn: t.value, args, pos };
      }
      return this.path();
    }
    if (this.isWord('if')) return this.conditional();
    this.error(`expected ${what}, found ${describeToken(t)}`);
    return { kind: 'error', pos };
  }

  private conditional(): Expr {
    const t = this.next();
    const cond = this.expression('a condition after "if"');
    if (!this.eatWord('then')) {
      this.error('expected "then" after the condition of "if"');
      return { kind: 'error', pos: this.pos(t) };
    }
    const then = this.expression('a value after "then"');
    if (!this.eatWord('else')) {
      this.error('expected "else" after "if … then …": both branches need a value');
      return { kind: 'error', pos: this.pos(t) };
    }
    const otherwise = this.expression('a value after "else"');
    return { kind: 'if', cond, then, else: otherwise, pos: this.pos(t) };
  }

  private cardinality(): Expr {
    const t = this.next();
    const k = this.next();
    const pos = this.pos(t);
    if (!this.eatWord('of')) {
      this.error(`expected "of" after "${t.value} ${k.text}": write ${t.value} ${k.text} of (a, b, c)`);
      return { kind: 'error', pos };
    }
    if (!this.expectPunct('(', `after "${t.value} ${k.text} of"`)) return { kind: 'error', pos };
    const args = this.list(')', `a condition in the list of "${t.value}"`);
    return { kind: 'card', op: t.value as CardinalityOp, k: k.number, args, pos };
  }

  /** Comma-separated expressions up to `close` (the opening bracket is consumed). */
  protected list(close: string, what: string): Expr[] {
    const items: Expr[] = [];
    if (this.eatPunct(close)) return items;
    for (;;) {
      items.push(this.expression(what));
      if (this.eatPunct(',')) continue;
      this.expectPunct(close, `or "," in the list`);
      return items;
    }
  }

  /** `a`, `gpu.model`, `memory[2].size`, `Socket.AM5`. */
  protected path(): PathExpr {
    const segments: PathSegment[] = [];
    const first = this.peek();
    for (;;) {
      const t = this.expectName(segments.length === 0 ? 'a name' : 'a name after "."');
      if (!t) break;
      const segment: PathSegment = { name: t.value, pos: this.pos(t) };
      if (this.isPunct('[')) {
        this.next();
        const n = this.peek();
        if (n.kind === 'number' && Number.isInteger(n.number)) {
          this.next();
          segment.index = n.number;
        } else {
          this.error(`expected an instance number in "${t.value}[…]", found ${describeToken(n)}`);
        }
        this.expectPunct(']', `after the instance number of "${t.value}"`);
      }
      segments.push(segment);
      if (!this.isPunct('.')) break;
      this.next();
    }
    return { kind: 'path', segments, pos: this.pos(first) };
  }
}
