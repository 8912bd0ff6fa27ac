// Highlighting for `.atl` files: a line-by-line tokenizer with the lexical rules of
// packages/modeling/src/language/lexer.ts (names, numbers, one-line strings with escapes, `//` and
// `/* */` comments, the punctuation list) and the words the parser gives a meaning to. Keywords are
// reserved only where they start a declaration, so a word is coloured as a keyword wherever it
// could be one; the checker, not the colours, says what is wrong.
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';

/** Words that declare something named right after them (`choice cpu`, `value r5 "…"`). */
const DECLARES = new Set(['product', 'component', 'choice', 'flag', 'number', 'value', 'type', 'text', 'group', 'part', 'assembly', 'operation']);

/** Words that start the other declarations and clauses (see parser.ts's keyword sets). */
const KEYWORDS = new Set([
  'import', 'use', 'as', 'rule', 'table', 'bom', 'preview', 'layer', 'label', 'description', 'currency', 'default', 'price',
  'step', 'unit', 'optional', 'allow', 'allowed', 'forbid', 'forbidden', 'because', 'required', 'max', 'when', 'qty', 'minutes',
  'at', 'minimize', 'maximize',
]);

/** Words with a meaning inside conditions and formulas (parse-expression.ts's OPERATOR_WORDS and cardinalities). */
const OPERATOR_WORDS = new Set([
  'not', 'and', 'or', 'xor', 'requires', 'implies', 'iff', 'excludes', 'in', 'if', 'then', 'else', 'of', 'atmost', 'atleast', 'exactly',
]);

/** Aggregates and rounding, when called: `sum(memory.size.gb)`. */
const FUNCTIONS = new Set(['sum', 'count', 'min', 'max', 'all', 'any', 'ceil', 'floor', 'round']);

/** The lexer's punctuation, longest first, so `<=>` wins over `<=` and `..` over `.`. */
const OPERATORS = ['<=>', '=>', '<=', '>=', '!=', '==', '=', '<', '>', '+', '-', '*', '/'];
const PUNCTUATION = ['..', '{', '}', '(', ')', '[', ']', ',', ':', '.'];
/** Habits from other languages the reader reports (`&&` is written `and`). */
const FOREIGN = ['&&', '||', '&', '|', '!', ';'];

export interface AtlState {
  /** Inside a `/* … *\/` comment that did not end on its line. */
  inComment: boolean;
  /** The previous word declares a name: the next name is a definition. */
  declaring: 'name' | 'type' | null;
  /** The previous token was `.`: the next name is an attribute or a path segment. */
  afterDot: boolean;
  /** Where a range was just read: `..` (`'dots'`), then its upper bound (`'bound'`), after which a name is a unit (`26..44 in`). */
  range: 'dots' | 'bound' | null;
  /** Open braces, for indentation. */
  depth: number;
}

const isNameStart = (c: string): boolean => /[A-Za-z_]/.test(c);

function readString(stream: StringStream): void {
  // The opening quote is eaten; strings end on their line, as the lexer reads them.
  while (!stream.eol()) {
    const c = stream.next();
    if (c === '\\') stream.next();
    else if (c === '"') return;
  }
}

function readBlockComment(stream: StringStream, state: AtlState): void {
  while (!stream.eol()) {
    if (stream.match('*/')) {
      state.inComment = false;
      return;
    }
    stream.next();
  }
}

/**
 * One token from `stream`, as a highlighting tag name (see @lezer/highlight's `tags`), or null for
 * white space. Exported for the tests; the editor uses `atlLanguage`.
 */
export function atlToken(stream: StringStream, state: AtlState): string | null {
  if (state.inComment) {
    readBlockComment(stream, state);
    return 'blockComment';
  }
  if (stream.eatSpace()) return null;
  const range = state.range;
  state.range = null;
  if (stream.match('//')) {
    stream.skipToEnd();
    return 'lineComment';
  }
  if (stream.match('/*')) {
    state.inComment = true;
    readBlockComment(stream, state);
    return 'blockComment';
  }
  const c = stream.peek() ?? '';
  if (c === '"') {
    stream.next();
    readString(stream);
    state.declaring = null;
    state.afterDot = false;
    return 'string';
  }
  if (/[0-9]/.test(c)) {
    stream.eatWhile(/[0-9]/);
    // `26..44` is a range, not 26. followed by .44
    if (stream.match(/^\.[0-9]/, false)) {
      stream.next();
      stream.eatWhile(/[0-9]/);
    }
    state.afterDot = false;
    // `3rd` is neither a number nor a name.
    if (stream.eatWhile(/[A-Za-z0-9_]/)) return 'invalid';
    if (range === 'dots') state.range = 'bound';
    return 'number';
  }
  if (isNameStart(c)) {
    stream.eatWhile(/[A-Za-z0-9_]/);
    const word = stream.current();
    // `number waist "Waist" 26..44 in`: the unit (here inches), not the operator `in`.
    if (range === 'bound' && !KEYWORDS.has(word)) return 'unit';
    return nameToken(stream, state, word);
  }
  for (const op of OPERATORS) {
    if (stream.match(op)) {
      state.afterDot = false;
      return 'operator';
    }
  }
  for (const p of PUNCTUATION) {
    if (stream.match(p)) {
      state.afterDot = p === '.';
      if (p === '..') state.range = 'dots';
      if (p === '{') state.depth++;
      else if (p === '}') state.depth = Math.max(0, state.depth - 1);
      if (p !== '.') state.declaring = null;
      return p === '{' || p === '}' ? 'brace' : p === '(' || p === ')' ? 'paren' : p === '[' || p === ']' ? 'squareBracket' : 'punctuation';
    }
  }
  for (const f of FOREIGN) if (stream.match(f)) return 'invalid';
  stream.next();
  return 'invalid';
}

function nameToken(stream: StringStream, state: AtlState, word: string): string {
  const afterDot = state.afterDot;
  const declaring = state.declaring;
  state.afterDot = false;
  state.declaring = null;
  if (afterDot) return 'propertyName';
  if (declaring === 'name') return 'variableName.definition';
  if (declaring === 'type') return 'typeName';
  if (word === 'true' || word === 'false') return 'bool';
  if (OPERATOR_WORDS.has(word)) return 'operatorKeyword';
  if (FUNCTIONS.has(word) && stream.match(/^\s*\(/, false)) return 'variableName.function';
  if (DECLARES.has(word)) {
    state.declaring = 'name';
    return 'definitionKeyword';
  }
  if (word === 'use') {
    state.declaring = 'type';
    return 'definitionKeyword';
  }
  if (word === 'as') {
    state.declaring = 'name';
    return 'keyword';
  }
  if (KEYWORDS.has(word)) return 'keyword';
  // Template and type names are capitalised by convention (`use Warranty`, `Socket.AM5`).
  return /^[A-Z]/.test(word) && stream.match(/^\./, false) ? 'typeName' : 'variableName';
}

export const atlParser: StreamParser<AtlState> = {
  name: 'atl',
  startState: () => ({ inComment: false, declaring: null, afterDot: false, range: null, depth: 0 }),
  copyState: (s) => ({ ...s }),
  token: atlToken,
  blankLine: (state) => {
    state.declaring = null;
  },
  indent: (state, textAfter, context) => (state.depth - (/^\s*\}/.test(textAfter) ? 1 : 0)) * context.unit,
  languageData: {
    commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
    indentOnInput: /^\s*\}$/,
    closeBrackets: { brackets: ['(', '[', '{', '"'] },
  },
};

export const atlLanguage = StreamLanguage.define(atlParser);
