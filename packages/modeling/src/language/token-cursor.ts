import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { Pos } from './ast.ts';
import type { Token } from './lexer.ts';

/** Words that start a declaration at the top of a file; they also end any block left open. */
export const TOP_KEYWORDS: ReadonlySet<string> = new Set(['import', 'type', 'part', 'component', 'product']);

/** Top-level words that never start anything nested. */
const FILE_LEVEL: ReadonlySet<string> = new Set(['import', 'type', 'product']);

/** Deeper blocks are refused instead of overflowing the stack on hostile input. */
const MAX_BLOCK_DEPTH = 64;

/** One `{ … }` the parser is inside, with what it says when something goes wrong there. */
export interface BlockContext {
  /** Words that start an item in this block. */
  keywords: ReadonlySet<string>;
  /** Finishes `expected "}" …`, e.g. `after the values of choice "cpu"`. */
  closing: string;
  /** Finishes `unexpected "x" …`, e.g. `in choice "cpu"`. */
  where: string;
  /** What may come instead, e.g. `"value", "default" or "label"`. */
  expected: string;
  /** For blocks whose items start with any name (attributes, type members, table rows). */
  startsItem?: (t: Token) => boolean;
}

export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the file';
    case 'string':
      return 'a string';
    default:
      return `"${t.text}"`;
  }
}

/**
 * Token access, error reporting and recovery. After an error the parser is in panic mode: further
 * errors are suppressed until it has skipped to a point where parsing can resume (`sync`), so one
 * mistake gives one message while every independent mistake of the file is still reported.
 */
export class TokenCursor {
  protected index = 0;
  protected panic = false;
  readonly diagnostics: Diagnostic[] = [];
  private readonly contexts: BlockContext[] = [];

  constructor(
    protected readonly tokens: readonly Token[],
    protected readonly file: string,
    protected readonly source: string,
  ) {}

  protected peek(k = 0): Token {
    return this.tokens[Math.min(this.index + k, this.tokens.length - 1)];
  }

  protected previous(): Token {
    return this.tokens[Math.max(0, this.index - 1)];
  }

  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  protected atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  protected isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === p;
  }

  protected isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.value === w;
  }

  protected eatPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.next();
    return true;
  }

  protected eatWord(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.next();
    return true;
  }

  protected pos(t: Token = this.peek()): Pos {
    return { file: this.file, line: t.line, column: t.column };
  }

  protected error(message: string, t: Token = this.peek()): void {
    if (this.panic) return;
    this.diagnostics.push(diagnostic('error', 'syntax', message, this.pos(t)));
    this.panic = true;
  }

  /** Consumes `p` or reports `expected "p" <after>`. */
  protected expectPunct(p: string, after: string): boolean {
    if (this.eatPunct(p)) return true;
    this.error(`expected "${p}" ${after}`);
    return false;
  }

  protected expectName(what: string): Token | undefined {
    const t = this.peek();
    if (t.kind === 'ident') return this.next();
    this.error(`expected ${what}, found ${describeToken(t)}`);
    return undefined;
  }

  protected expectString(what: string): Token | undefined {
    const t = this.peek();
    if (t.kind === 'string') return this.next();
    this.error(`expected ${what} in quotes, found ${describeToken(t)}`);
    return undefined;
  }

  /** A number with an optional minus sign. */
  protected expectNumber(what: string): { value: number; token: Token } | undefined {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { value: t.number, token: t };
    }
    if (this.isPunct('-') && this.peek(1).kind === 'number') {
      this.next();
      const n = this.next();
      return { value: -n.number, token: t };
    }
    this.error(`expected ${what}, found ${describeToken(t)}`);
    return undefined;
  }

  /** A word at the start of a line that begins a declaration here or in an enclosing block. */
  protected startsDeclaration(t: Token): boolean {
    if (!t.lineStart || t.kind !== 'ident') return false;
    return TOP_KEYWORDS.has(t.value) || this.contexts.some((c) => c.keywords.has(t.value));
  }

  private isOuterKeyword(t: Token): boolean {
    if (t.kind !== 'ident') return false;
    if (TOP_KEYWORDS.has(t.value)) return true;
    return this.contexts.slice(0, -1).some((c) => c.keywords.has(t.value));
  }

  private startsItem(ctx: BlockContext, t: Token): boolean {
    if (t.kind === 'ident' && ctx.keywords.has(t.value)) return true;
    return ctx.startsItem?.(t) ?? false;
  }

  /**
   * Opens a block: consumes `{`, or reports it missing and carries on as if it were there when the
   * next token plainly starts the block's first item.
   */
  protected openBlock(after: string, firstItem: (t: Token) => boolean): boolean {
    if (this.eatPunct('{')) return true;
    this.error(`expected "{" ${after}`);
    return firstItem(this.peek());
  }

  /**
   * The items of a block up to its `}` (the `{` is already consumed). A missing `}` is reported where
   * the next declaration of an enclosing block starts, so the rest of the file still parses.
   */
  protected block(ctx: BlockContext, item: (t: Token) => void): void {
    if (this.contexts.length >= MAX_BLOCK_DEPTH) {
      this.error(`blocks nested too deeply (more than ${MAX_BLOCK_DEPTH} levels)`);
      this.skipBlock();
      return;
    }
    this.contexts.push(ctx);
    try {
      for (;;) {
        const t = this.peek();
        if (t.kind === 'eof') {
          this.error(`expected "}" ${ctx.closing}`, t);
          return;
        }
        if (this.eatPunct('}')) return;
        const start = this.index;
        if (this.startsItem(ctx, t)) {
          item(t);
        } else if (t.lineStart && this.isOuterKeyword(t)) {
          this.error(`expected "}" ${ctx.closing}`, t);
          return;
        } else {
          this.error(`unexpected ${describeToken(t)} ${ctx.where}; expected ${ctx.expected}`, t);
        }
        if (this.panic) this.sync();
        // Every round consumes something, so no input can make the parser loop forever.
        if (this.index === start && !this.isPunct('}') && !this.atEnd()) this.next();
      }
    } finally {
      this.contexts.pop();
    }
  }

  /** Skips the rest of a block whose `{` is consumed, nested blocks included. */
  private skipBlock(): void {
    let depth = 1;
    while (!this.atEnd() && depth > 0) {
      const t = this.next();
      if (t.kind === 'punct' && t.value === '{') depth++;
      else if (t.kind === 'punct' && t.value === '}') depth--;
    }
    this.panic = false;
  }

  /**
   * Skips to where parsing can resume: a `}` closing the current block, or a line starting with a word
   * that begins a declaration here or in an enclosing block. Nested brackets are skipped whole.
   */
  protected sync(): void {
    const ctx = this.contexts[this.contexts.length - 1];
    // Brackets opened while skipping; a "}" with no "{" among them closes the current block, even
    // when a "(" was left open before it.
    const open: string[] = [];
    while (!this.atEnd()) {
      const t = this.peek();
      const braces = open.includes('{');
      if (!braces) {
        if (this.isPunct('}')) break;
        if (open.length === 0 && t.lineStart && t.kind === 'ident') {
          if (TOP_KEYWORDS.has(t.value) || this.contexts.some((c) => c.keywords.has(t.value))) break;
          if (ctx?.startsItem?.(t)) break;
        }
      }
      // Brackets left open: a declaration only the top of a file has is a safer place to resume.
      if (open.length > 0 && t.lineStart && t.kind === 'ident' && FILE_LEVEL.has(t.value)) break;
      if (t.kind === 'punct') {
        if (t.value === '{' || t.value === '(' || t.value === '[') open.push(t.value);
        else if (t.value === '}' || t.value === ')' || t.value === ']') {
          const opener = t.value === '}' ? '{' : t.value === ')' ? '(' : '[';
          const at = open.lastIndexOf(opener);
          if (at >= 0) open.length = at;
        }
      }
      this.next();
    }
    this.panic = false;
  }

  /** The source text from token `first` to the last consumed token, on one line. */
  protected sourceFrom(first: Token): string {
    const end = this.previous().end;
    if (end <= first.start) return '';
    return this.source.slice(first.start, end).replace(/\s+/g, ' ').trim();
  }
}
