import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import { Scanner, type TextPosition, isDigit } from '../scanner.ts';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text; for strings the decoded content is in `value`. */
  text: string;
  /** Decoded string content, or the number's text (see `number`). */
  value: string;
  number: number;
  line: number;
  column: number;
  /** Offset of the first character in the source, and of the one after the last. */
  start: number;
  end: number;
  /** First token on its line: declarations usually start a line, which helps error recovery. */
  lineStart: boolean;
}

/** Longest first, so `<=>` wins over `<=` and `..` over `.`. */
const PUNCTUATION = ['<=>', '..', '=>', '<=', '>=', '!=', '==', '{', '}', '(', ')', '[', ']', ',', ':', '.', '=', '<', '>', '+', '-', '*', '/'];

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

/**
 * Operators people bring from other languages: reported, then read as the word this language uses,
 * so one habit gives one error.
 */
const FOREIGN: [string, string][] = [['&&', 'and'], ['||', 'or'], ['&', 'and'], ['|', 'or'], ['!', 'not']];

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

/**
 * Splits a file into tokens. Problems (an unterminated string, a stray character) are reported and
 * skipped, so the parser still sees the rest of the file.
 */
export function tokenize(text: string, file: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const sc = new Scanner(text);
  let lastLine = 0;
  const error = (message: string, at: TextPosition): void => {
    diagnostics.push(diagnostic('error', 'syntax', message, { file, ...at }));
  };
  const push = (kind: TokenKind, start: number, value: string, number = 0): void => {
    tokens.push({
      kind,
      text: sc.slice(start, sc.offset),
      value,
      number,
      line: sc.line,
      column: sc.column(start),
      start,
      end: sc.offset,
      lineStart: sc.line !== lastLine,
    });
    lastLine = sc.line;
  };

  for (;;) {
    const unclosed = sc.skipTrivia();
    if (unclosed) error('unterminated comment: "/*" without "*/"', unclosed);
    if (sc.done) break;
    const c = text[sc.offset];
    const start = sc.offset;
    if (isIdentStart(c)) {
      push('ident', start, sc.readWhile(isIdentPart));
      continue;
    }
    if (isDigit(c)) {
      const raw = sc.readNumber();
      if (!sc.done && isIdentStart(text[sc.offset])) {
        sc.readWhile(isIdentPart);
        error(`"${text.slice(start, sc.offset)}" is neither a number nor a name (names start with a letter)`, sc.position(start));
        push('ident', start, sc.slice(start, sc.offset));
        continue;
      }
      push('number', start, raw, Number(raw));
      continue;
    }
    if (c === '"') {
      push('string', start, readString(sc, error));
      continue;
    }
    const punct = PUNCTUATION.find((p) => sc.startsWith(p));
    if (punct) {
      sc.offset += punct.length;
      // `==` is a habit from other languages; it means the same as `=`.
      push('punct', start, punct === '==' ? '=' : punct);
      continue;
    }
    const foreign = FOREIGN.find(([op]) => sc.startsWith(op));
    if (foreign) {
      error(`"${foreign[0]}" is written "${foreign[1]}" here`, sc.position(start));
      sc.offset += foreign[0].length;
      push('ident', start, foreign[1]);
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(sc.offset) ?? 0);
    error(ch === ';' ? 'unexpected ";": declarations end at the end of the line' : `unexpected character "${ch}"`, sc.position(start));
    sc.offset += ch.length;
  }
  tokens.push({ kind: 'eof', text: '', value: '', number: 0, ...sc.position(), start: sc.offset, end: sc.offset, lineStart: true });
  return { tokens, diagnostics };
}

/** A string up to its closing quote on the same line; returns its decoded content. */
function readString(sc: Scanner, error: (message: string, at: TextPosition) => void): string {
  const read = sc.readQuoted((next) => {
    const decoded = next === undefined ? undefined : ESCAPES[next];
    if (decoded !== undefined) return { text: decoded, length: 2 };
    error(`unknown escape "\\${next === undefined || next === '\n' ? '' : next}" in a string (use \\" \\\\ \\n or \\t)`, sc.position());
    // Read on as if the backslash were not there.
    return { text: '', length: 1 };
  });
  if (!read.closed) error('unterminated string: missing the closing \'"\' on this line', read.opened);
  return read.value;
}
