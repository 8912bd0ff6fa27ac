import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import { Scanner, isDigit } from '../scanner.ts';

export type TokenKind = 'id' | 'qid' | 'string' | 'number' | 'op' | 'newline' | 'indent' | 'dedent' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator text, or the decoded name / string; numbers keep their digits. */
  text: string;
  /** Numeric value of a number token. */
  value: number;
  line: number;
  column: number;
  /** Offsets into the normalised source, for quoting a constraint as written. */
  start: number;
  end: number;
}

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
  /** The text the offsets refer to: line breaks normalised to `\n`, byte-order mark removed. */
  source: string;
}

/** Tabs advance to the next multiple of 8, as in the reference UVL lexer. */
const TAB_WIDTH = 8;

const OPERATORS = ['<=>', '=>', '==', '!=', '<=', '>=', '..', '!', '&', '|', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', '{', '}', ',', '.'];
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

interface OpenBracket {
  ch: string;
  line: number;
  column: number;
  /** Indentation of the line the bracket was opened on: a later line indented no deeper ends the bracket. */
  lineIndent: number;
}

function isIdStart(ch: string): boolean {
  return /[\p{L}_]/u.test(ch);
}

function isIdPart(ch: string): boolean {
  return /[\p{L}\p{N}_#§%?\\';]/u.test(ch);
}

/**
 * Splits UVL text into tokens with Python-style INDENT / DEDENT tokens. Blank and comment-only lines
 * do not count; inside brackets a line break continues the line, as long as the next line is indented
 * deeper than the one that opened the bracket (or starts by closing it) — otherwise the bracket is
 * reported unclosed there, so one missing `)` cannot swallow the rest of the file.
 */
export function lexUvl(text: string, file: string): LexResult {
  const s = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const n = s.length;
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const indents = [0];
  let brackets: OpenBracket[] = [];
  const sc = new Scanner(s);
  let lineIndent = 0;
  let atLineStart = true;
  /** Where a line break inside brackets happened, in case the brackets turn out unclosed. */
  let pendingBreak: { line: number; column: number; offset: number } | null = null;

  const col = (offset: number): number => sc.column(offset);
  const error = (code: string, message: string, l: number, c: number, hint?: string): void => {
    diagnostics.push(diagnostic('error', code, message, { file, line: l, column: c }, hint));
  };
  const push = (kind: TokenKind, tokenText: string, start: number, end: number, l = sc.line, c = col(start), value = 0): void => {
    tokens.push({ kind, text: tokenText, value, line: l, column: c, start, end });
  };
  const last = (): Token | undefined => tokens[tokens.length - 1];
  const newline = (l: number, c: number, offset: number): void => {
    const prev = last();
    if (prev && prev.kind !== 'newline' && prev.kind !== 'indent' && prev.kind !== 'dedent') push('newline', '\n', offset, offset, l, c);
  };
  const reportUnclosed = (): void => {
    const outer = brackets[0];
    const closer = outer.ch === '(' ? ')' : outer.ch === '[' ? ']' : '}';
    error('syntax', `"${outer.ch}" is never closed`, outer.line, outer.column, `add "${closer}"`);
    brackets = [];
  };
  /** Steps over the line break at the cursor. */
  const nextLine = (): void => {
    sc.newline();
    atLineStart = true;
  };
  /** Skips the block comment at the cursor, reporting it when it runs to the end of the text. */
  const skipBlockComment = (): void => {
    const comment = sc.skipBlockComment();
    if (comment && !comment.closed) error('unterminated-comment', 'unterminated comment', comment.opened.line, comment.opened.column, 'close it with "*/"');
  };

  while (!sc.done) {
    if (atLineStart) {
      let width = 0;
      let j = sc.offset;
      for (;;) {
        while (j < n && (s[j] === ' ' || s[j] === '\t')) {
          width = s[j] === '\t' ? width + TAB_WIDTH - (width % TAB_WIDTH) : width + 1;
          j++;
        }
        // A block comment closed on the same line counts as the spaces it occupies.
        const close = s.startsWith('/*', j) ? s.indexOf('*/', j + 2) : -1;
        if (close < 0 || s.lastIndexOf('\n', close) >= j) break;
        width += close + 2 - j;
        j = close + 2;
      }
      sc.offset = j;
      if (sc.done) break;
      if (s[j] === '\n') {
        nextLine();
        continue;
      }
      if (sc.skipLineComment()) continue;
      if (sc.startsWith('/*')) {
        // Spans lines: whatever follows it is measured as the start of a line.
        skipBlockComment();
        continue;
      }
      atLineStart = false;
      if (brackets.length > 0) {
        const opener = brackets[0];
        if (width > opener.lineIndent || CLOSERS[s[j]] !== undefined) {
          pendingBreak = null;
          continue;
        }
        reportUnclosed();
        if (pendingBreak) newline(pendingBreak.line, pendingBreak.column, pendingBreak.offset);
        pendingBreak = null;
      }
      lineIndent = width;
      const top = indents[indents.length - 1];
      if (width > top) {
        indents.push(width);
        push('indent', '', j, j, sc.line, col(j));
      } else if (width < top) {
        // A width between two levels is reported, then read as the nearer one (the deeper on a tie),
        // so that the lines below it are not misread too.
        let target = indents.length - 1;
        while (target > 0 && indents[target - 1] >= width) target--;
        const matches = indents[target] === width;
        if (!matches && target > 0 && width - indents[target - 1] < indents[target] - width) target--;
        if (!matches)
          error(
            'indentation',
            'inconsistent indentation: this line does not line up with any enclosing level',
            sc.line,
            col(j),
            'indent it like its siblings',
          );
        while (indents.length - 1 > target) {
          indents.pop();
          push('dedent', '', j, j, sc.line, col(j));
        }
      }
      continue;
    }

    const i = sc.offset;
    const line = sc.line;
    const ch = s[i];
    if (ch === ' ' || ch === '\t') {
      sc.offset++;
      continue;
    }
    if (ch === '\n') {
      if (brackets.length === 0) newline(line, col(i), i);
      else pendingBreak = { line, column: col(i), offset: i };
      nextLine();
      continue;
    }
    if (sc.skipLineComment()) continue;
    if (sc.startsWith('/*')) {
      skipBlockComment();
      continue;
    }
    const start = i;
    const c0 = col(i);
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && s[j] !== ch && s[j] !== '\n') j++;
      let body = sc.slice(i + 1, j);
      if (j >= n || s[j] !== ch) {
        if (ch === '"') error('unterminated-name', 'unterminated quoted name', line, c0, 'close it with "');
        else error('unterminated-string', 'unterminated string', line, c0, "close it with '");
        // Most likely it was meant to end before the bracket or comma that closes what holds it.
        const stop = body.search(/[,)\]}{]/);
        if (stop >= 0) {
          body = body.slice(0, stop);
          j = i + 1 + stop;
        }
        sc.offset = j;
      } else sc.offset = j + 1;
      push(ch === '"' ? 'qid' : 'string', body, start, sc.offset, line, c0);
      continue;
    }
    const prev = last();
    const afterName = prev !== undefined && (prev.kind === 'id' || prev.kind === 'qid' || (prev.kind === 'op' && prev.text === ')'));
    if (isDigit(ch) || (ch === '.' && isDigit(s[i + 1]) && !afterName)) {
      const digits = sc.readNumber();
      const value = Number(digits);
      if (!Number.isFinite(value) || digits.length > 30) error('syntax', `number ${digits.length > 30 ? `${digits.slice(0, 27)}...` : digits} is too large`, line, c0);
      push('number', digits, start, sc.offset, line, c0, Number.isFinite(value) ? value : 0);
      continue;
    }
    if (isIdStart(ch)) {
      // Every character that starts a name may continue it.
      push('id', sc.readWhile(isIdPart), start, sc.offset, line, c0);
      continue;
    }
    const op = OPERATORS.find((o) => s.startsWith(o, i));
    if (op) {
      sc.offset += op.length;
      if (op === '(' || op === '[' || op === '{') brackets.push({ ch: op, line, column: c0, lineIndent });
      else if (CLOSERS[op] !== undefined) {
        const at = brackets.map((b) => b.ch).lastIndexOf(CLOSERS[op]);
        if (at >= 0) brackets.length = at;
      }
      push('op', op, start, sc.offset, line, c0);
      continue;
    }
    sc.offset++;
    if (ch === '=') {
      error('syntax', 'unexpected "="', line, c0, 'did you mean "=="?');
      push('op', '==', start, sc.offset, line, c0);
      continue;
    }
    error('syntax', `unexpected character ${JSON.stringify(ch)}`, line, c0);
  }
  if (brackets.length > 0) reportUnclosed();
  // The last line ends where its last token does, so that errors there stay on that line.
  const lastToken = last();
  if (lastToken && lastToken.kind !== 'newline' && lastToken.kind !== 'indent' && lastToken.kind !== 'dedent')
    newline(lastToken.line, lastToken.column + (lastToken.end - lastToken.start), lastToken.end);
  const end = sc.offset;
  while (indents.length > 1) {
    indents.pop();
    push('dedent', '', end, end, sc.line, col(end));
  }
  push('eof', '', end, end, sc.line, col(end));
  return { tokens, diagnostics, source: s };
}
