import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import { Scanner, type TextPosition, isDigit } from '../scanner.ts';

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

/**
 * COOM source as tokens. Keywords are ordinary identifiers (the parser reads them in context), so
 * enumeration values such as `M` or `without` never clash with the language. Bad characters and
 * unterminated strings become diagnostics and the scan goes on.
 */
export function tokenize(text: string, file: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const sc = new Scanner(text);
  const error = (message: string, at: TextPosition): void => {
    diagnostics.push(diagnostic('error', 'syntax', message, { file, ...at }));
  };

  for (;;) {
    const unclosed = sc.skipTrivia();
    if (unclosed) error('unterminated comment', unclosed);
    if (sc.done) break;
    const c = text[sc.offset];
    const start = sc.offset;
    const { line, column } = sc.position();
    const push = (kind: TokenKind, value: string): void => {
      tokens.push({ kind, text: value, line, column, start, end: sc.offset });
    };
    if (isIdentStart(c)) {
      push('ident', sc.readWhile(isIdentPart));
      continue;
    }
    if (isDigit(c)) {
      push('number', sc.readNumber());
      continue;
    }
    if (c === '"') {
      push('string', readString(sc, error));
      continue;
    }
    if (sc.startsWith('-*-')) {
      sc.offset += 3;
      push('wildcard', '-*-');
      continue;
    }
    // Number formats of numeric features: `.#`, `#.##`, `##`.
    if (c === '#' || sc.startsWith('.#')) {
      push('format', sc.readWhile((x) => x === '#' || x === '.'));
      continue;
    }
    const symbol = SYMBOLS.find((s) => sc.startsWith(s));
    if (symbol) {
      sc.offset += symbol.length;
      push('symbol', symbol);
      continue;
    }
    const code = c.codePointAt(0) ?? 0;
    const shown = code < 32 || code === 127 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    error(`unexpected character "${shown}"`, sc.position());
    sc.offset += code > 0xffff ? 2 : 1;
  }
  tokens.push({ kind: 'eof', text: '', ...sc.position(), start: sc.offset, end: sc.offset });
  return { tokens, diagnostics };
}

/** A string up to its closing quote on the same line; a backslash takes the next character as it is. */
function readString(sc: Scanner, error: (message: string, at: TextPosition) => void): string {
  const read = sc.readQuoted((next) => (next === undefined || next === '\n' ? { text: '\\', length: 1 } : { text: next, length: 2 }));
  if (!read.closed) error('unterminated string', read.opened);
  return read.value;
}
