/** A line and a 1-based column (a tab counts as one column). */
export interface TextPosition {
  line: number;
  column: number;
}

/** Blanks between tokens; a byte-order mark anywhere reads as one. Line breaks are counted apart. */
export function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF';
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Any character beyond Latin-1: a text holding one is stored two bytes a character. */
const WIDE = /[\u0100-\uffff]/;

/**
 * `text.slice(start, end)`, but stored one byte a character when the slice allows it although the
 * text does not. A JavaScript engine keeps a slice in its text's representation: one Polish label in
 * a model made every name read from it two bytes a character, and every answer built from those names
 * was then flattened and encoded from two-byte text on its way out (8 % of the server's time on a
 * configurator step, 3.6 % once one-byte). `wide` says whether the text holds such a character.
 */
export function sliceNarrow(text: string, start: number, end: number, wide: boolean): string {
  const slice = text.slice(start, end);
  if (!wide || WIDE.test(slice)) return slice;
  // String.fromCharCode stores Latin-1 codes one byte each. In chunks: arguments are limited.
  let out = '';
  const codes: number[] = [];
  for (let k = 0; k < slice.length; k += 4096) {
    codes.length = 0;
    for (let j = k; j < Math.min(slice.length, k + 4096); j++) codes.push(slice.charCodeAt(j));
    out += String.fromCharCode(...codes);
  }
  return out;
}

/**
 * A cursor over source text that knows its line and column: what the lexers of the Atelier
 * language, COOM and UVL share. They differ in what a token is; they agree on positions, on `//`
 * and `/* *\/` comments and on numbers.
 */
export class Scanner {
  offset = 0;
  line = 1;
  /** Offset of the first character of the current line. */
  lineStart = 0;

  /** Whether the text holds a character beyond Latin-1 (see sliceNarrow). */
  readonly wide: boolean;

  constructor(readonly text: string) {
    this.wide = WIDE.test(text);
  }

  /** The text from `start` to `end`, one byte a character where it can be (see sliceNarrow). */
  slice(start: number, end: number): string {
    return sliceNarrow(this.text, start, end, this.wide);
  }

  get done(): boolean {
    return this.offset >= this.text.length;
  }

  peek(ahead = 0): string | undefined {
    return this.text[this.offset + ahead];
  }

  startsWith(s: string, at = this.offset): boolean {
    return this.text.startsWith(s, at);
  }

  /** Column of an offset on the current line. */
  column(offset = this.offset): number {
    return offset - this.lineStart + 1;
  }

  position(offset = this.offset): TextPosition {
    return { line: this.line, column: this.column(offset) };
  }

  /** Steps over the line break at the cursor. */
  newline(): void {
    this.offset++;
    this.line++;
    this.lineStart = this.offset;
  }

  /** Moves to `end`, counting the line breaks on the way. */
  advanceTo(end: number): void {
    for (let k = this.offset; k < end; k++)
      if (this.text[k] === '\n') {
        this.line++;
        this.lineStart = k + 1;
      }
    this.offset = end;
  }

  /** Reads characters while they match; returns them. */
  readWhile(match: (c: string) => boolean): string {
    const start = this.offset;
    while (this.offset < this.text.length && match(this.text[this.offset])) this.offset++;
    return this.slice(start, this.offset);
  }

  /** At `//`: moves to the end of the line (not past its break). */
  skipLineComment(): boolean {
    if (!this.startsWith('//')) return false;
    const eol = this.text.indexOf('\n', this.offset);
    this.offset = eol < 0 ? this.text.length : eol;
    return true;
  }

  /**
   * At `/*`: moves past the closing `*\/`, or to the end of the text when there is none; then
   * returns where the comment opened, for the caller to report. Null when the cursor is not at one.
   */
  skipBlockComment(): { closed: boolean; opened: TextPosition } | null {
    if (!this.startsWith('/*')) return null;
    const opened = this.position();
    const close = this.text.indexOf('*/', this.offset + 2);
    this.advanceTo(close < 0 ? this.text.length : close + 2);
    return { closed: close >= 0, opened };
  }

  /**
   * Skips blanks, line breaks and comments up to the next token; returns where each unterminated
   * block comment opened (at most one: it runs to the end of the text).
   */
  skipTrivia(): TextPosition | null {
    while (!this.done) {
      const c = this.text[this.offset];
      if (c === '\n') this.newline();
      else if (isBlank(c)) this.offset++;
      else if (this.skipLineComment()) continue;
      else {
        const comment = this.skipBlockComment();
        if (!comment) return null;
        if (!comment.closed) return comment.opened;
      }
    }
    return null;
  }

  /**
   * At a double quote: reads to the closing quote on the same line. A backslash is handed to
   * `escape` (the cursor on it), which says what it stands for and how many characters it takes.
   */
  readQuoted(escape: (next: string | undefined) => { text: string; length: number }): { value: string; closed: boolean; opened: TextPosition } {
    const opened = this.position();
    const { text } = this;
    this.offset++;
    let value = '';
    while (!this.done && text[this.offset] !== '\n') {
      const ch = text[this.offset];
      if (ch === '"') {
        this.offset++;
        return { value, closed: true, opened };
      }
      if (ch === '\\') {
        const decoded = escape(text[this.offset + 1]);
        value += decoded.text;
        this.offset += decoded.length;
        continue;
      }
      value += ch;
      this.offset++;
    }
    return { value, closed: false, opened };
  }

  /** Digits, then a fraction when a digit follows the point (so `0..4` is a range, not `0.` and `.4`). */
  readNumber(): string {
    const start = this.offset;
    this.readWhile(isDigit);
    if (this.peek() === '.' && isDigit(this.peek(1))) {
      this.offset++;
      this.readWhile(isDigit);
    }
    return this.slice(start, this.offset);
  }
}
