import { type Diagnostic, diagnostic } from '../diagnostics.ts';

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

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * Splits a file into tokens. Problems (an unterminated string, a stray character) are reported and
 * skipped, so the parser still sees the rest of the file.
 */
export function tokenize(text: string, file: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let lineOffset = 0;
  let lastLine = 0;
  const error = (message: string, at: number, atLine = line, atLineOffset = lineOffset): void => {
    diagnostics.push(diagnostic('error', 'syntax', message, { file, line: atLine, column: at - atLineOffset + 1 }));
  };
  const push = (kind: TokenKind, start: number, value: string, number = 0): void => {
    tokens.push({
      kind,
      text: text.slice(start, i),
      value,
      number,
      line,
      column: start - lineOffset + 1,
      start,
      end: i,
      lineStart: line !== lastLine,
    });
    lastLine = line;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      i++;
      line++;
      lineOffset = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const startLine = line;
      const startOffset = lineOffset;
      const start = i;
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') {
          line++;
          lineOffset = i + 1;
        }
        i++;
      }
      if (i >= text.length) error('unterminated comment: "/*" without "*/"', start, startLine, startOffset);
      else i += 2;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < text.length && (isIdentStart(text[i]) || isDigit(text[i]))) i++;
      push('ident', start, text.slice(start, i));
      continue;
    }
    if (isDigit(c)) {
      while (i < text.length && isDigit(text[i])) i++;
      // `26..44` is a range, not 26. followed by .44
      if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && isDigit(text[i])) i++;
      }
      if (i < text.length && isIdentStart(text[i])) {
        while (i < text.length && (isIdentStart(text[i]) || isDigit(text[i]))) i++;
        error(`"${text.slice(start, i)}" is neither a number nor a name (names start with a letter)`, start);
        push('ident', start, text.slice(start, i));
        continue;
      }
      const raw = text.slice(start, i);
      push('number', start, raw, Number(raw));
      continue;
    }
    if (c === '"') {
      i++;
      let value = '';
      let closed = false;
      while (i < text.length && text[i] !== '\n') {
        const ch = text[i];
        if (ch === '"') {
          closed = true;
          i++;
          break;
        }
        if (ch === '\\') {
          const next = text[i + 1];
          const decoded = next === undefined ? undefined : ESCAPES[next];
          if (decoded === undefined) {
            error(`unknown escape "\\${next === undefined || next === '\n' ? '' : next}" in a string (use \\" \\\\ \\n or \\t)`, i);
            // Read on as if the backslash were not there.
            i++;
            continue;
          }
          value += decoded;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      if (!closed) error('unterminated string: missing the closing \'"\' on this line', start);
      push('string', start, value);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) {
      i += punct.length;
      // `==` is a habit from other languages; it means the same as `=`.
      push('punct', start, punct === '==' ? '=' : punct);
      continue;
    }
    const foreign = FOREIGN.find(([op]) => text.startsWith(op, i));
    if (foreign) {
      error(`"${foreign[0]}" is written "${foreign[1]}" here`, start);
      i += foreign[0].length;
      push('ident', start, foreign[1]);
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
    error(ch === ';' ? 'unexpected ";": declarations end at the end of the line' : `unexpected character "${ch}"`, start);
    i += ch.length;
  }
  tokens.push({ kind: 'eof', text: '', value: '', number: 0, line, column: i - lineOffset + 1, start: i, end: i, lineStart: true });
  return { tokens, diagnostics };
}
