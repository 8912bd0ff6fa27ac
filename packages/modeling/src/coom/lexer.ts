import { type Diagnostic, diagnostic } from '../diagnostics.ts';

export type TokenKind = 'ident' | 'number' | 'string' | 'symbol' | 'wildcard' | 'format' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier or symbol text, the number as written, or the string's content without quotes. */
  text: string;
  line: number;
  column: number;
  /** Offsets into the source: statement labels quote the text as written. */
  start: number;
  end: number;
}

const SYMBOLS = ['..', '!=', '<=', '>=', '&&', '||', '{', '}', '(', ')', '[', ']', ',', '.', '=', '<', '>', '+', '-', '*', '/', '^', '!'];

function isIdentStart(c: string): boolean {
  return /[\p{L}_]/u.test(c);
}

function isIdentPart(c: string): boolean {
  return /[\p{L}\p{N}_]/u.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * COOM source as tokens. Keywords are ordinary identifiers (the parser reads them in context), so
 * enumeration values such as `M` or `without` never clash with the language. Bad characters and
 * unterminated strings become diagnostics and the scan goes on.
 */
export function tokenize(text: string, file: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (offset: number): { file: string; line: number; column: number } => ({ file, line, column: offset - lineStart + 1 });
  const push = (kind: TokenKind, value: string, start: number, end: number, l: number, col: number): void => {
    tokens.push({ kind, text: value, line: l, column: col, start, end });
  };
  const newline = (offset: number): void => {
    line++;
    lineStart = offset + 1;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      newline(i);
      i++;
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
      const open = at(i);
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') newline(i);
        i++;
      }
      if (i >= text.length) diagnostics.push(diagnostic('error', 'syntax', 'unterminated comment', open));
      i += 2;
      continue;
    }
    const startLine = line;
    const startCol = i - lineStart + 1;
    const start = i;
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i])) i++;
      push('ident', text.slice(start, i), start, i, startLine, startCol);
      continue;
    }
    if (isDigit(c)) {
      while (isDigit(text[i])) i++;
      // "0..1" is a cardinality, not the decimal "0." followed by ".1".
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      push('number', text.slice(start, i), start, i, startLine, startCol);
      continue;
    }
    if (c === '"') {
      i++;
      let value = '';
      let closed = false;
      while (i < text.length && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n') {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (text[i] === '"') {
          closed = true;
          i++;
          break;
        }
        value += text[i++];
      }
      if (!closed) diagnostics.push(diagnostic('error', 'syntax', 'unterminated string', at(start)));
      push('string', value, start, i, startLine, startCol);
      continue;
    }
    if (c === '-' && text[i + 1] === '*' && text[i + 2] === '-') {
      i += 3;
      push('wildcard', '-*-', start, i, startLine, startCol);
      continue;
    }
    // Number formats of numeric features: `.#`, `#.##`, `##`.
    if (c === '#' || (c === '.' && text[i + 1] === '#')) {
      while (i < text.length && (text[i] === '#' || text[i] === '.')) i++;
      push('format', text.slice(start, i), start, i, startLine, startCol);
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol) {
      i += symbol.length;
      push('symbol', symbol, start, i, startLine, startCol);
      continue;
    }
    const code = c.codePointAt(0) ?? 0;
    const shown = code < 32 || code === 127 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    diagnostics.push(diagnostic('error', 'syntax', `unexpected character "${shown}"`, at(i)));
    i += code > 0xffff ? 2 : 1;
  }
  tokens.push({ kind: 'eof', text: '', line, column: i - lineStart + 1, start: i, end: i });
  return { tokens, diagnostics };
}
