// Light highlighting for the imported formats (UVL, COOM): comments, strings, numbers and the
// format's words; their readers in @atelier/modeling remain the judges of what is valid.
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';

interface PlainState {
  inComment: boolean;
}

function plainParser(name: string, keywords: ReadonlySet<string>, types: ReadonlySet<string>): StreamParser<PlainState> {
  const token = (stream: StringStream, state: PlainState): string | null => {
    if (state.inComment || stream.match('/*')) {
      state.inComment = true;
      while (!stream.eol()) {
        if (stream.match('*/')) {
          state.inComment = false;
          break;
        }
        stream.next();
      }
      return 'blockComment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'lineComment';
    }
    const c = stream.next() ?? '';
    if (c === '"' || c === "'") {
      while (!stream.eol()) {
        const n = stream.next();
        if (n === '\\') stream.next();
        else if (n === c) break;
      }
      return 'string';
    }
    if (/[0-9]/.test(c)) {
      stream.eatWhile(/[0-9.]/);
      return 'number';
    }
    if (/[A-Za-z_]/.test(c)) {
      stream.eatWhile(/[A-Za-z0-9_]/);
      const word = stream.current();
      if (word === 'true' || word === 'false') return 'bool';
      if (types.has(word)) return 'typeName';
      return keywords.has(word) ? 'keyword' : 'variableName';
    }
    if (/[{}()[\]]/.test(c)) return 'punctuation';
    if (/[=<>!&|+\-*/^~]/.test(c)) {
      stream.eatWhile(/[=<>&|]/);
      return 'operator';
    }
    return null;
  };
  return {
    name,
    startState: () => ({ inComment: false }),
    copyState: (s) => ({ ...s }),
    token,
    languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
  };
}

/** The words of UVL (packages/modeling/src/uvl/names.ts). */
export const uvlLanguage = StreamLanguage.define(
  plainParser(
    'uvl',
    new Set(['namespace', 'include', 'imports', 'as', 'features', 'constraints', 'constraint', 'cardinality', 'mandatory', 'optional', 'alternative', 'or', 'sum', 'avg', 'len', 'floor', 'ceil']),
    new Set(['String', 'Integer', 'Boolean', 'Real']),
  ),
);

/** The words of COOM (packages/modeling/src/coom/parser.ts). */
export const coomLanguage = StreamLanguage.define(
  plainParser(
    'coom',
    new Set([
      'product', 'structure', 'enumeration', 'attribute', 'behavior', 'behaviour', 'condition', 'require', 'imply', 'combinations',
      'allow', 'allowed', 'forbid', 'forbidden', 'default', 'explanation', 'label', 'minimize', 'maximize', 'objective', 'table',
      'values', 'any', 'format',
    ]),
    new Set(['bool', 'num', 'string']),
  ),
);
