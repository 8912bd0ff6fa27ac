import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexUvl } from './lexer.ts';

/** Tokens as `kind:text@line:column`, layout tokens without text. */
function tokens(text: string): string[] {
  return lexUvl(text, 't.uvl').tokens.map((t) => (t.kind === 'op' || t.kind === 'id' || t.kind === 'number' ? `${t.text}@${t.line}:${t.column}` : `${t.kind}${t.text && t.kind !== 'newline' ? `:${t.text}` : ''}@${t.line}:${t.column}`));
}

test('indentation becomes INDENT and DEDENT; blank and comment lines do not count', () => {
  assert.deepEqual(tokens('features\n\tA\n\n\t\t// note\n\t\toptional\n\t\t\tB\n  \nconstraints\n'), [
    'features@1:1',
    'newline@1:9',
    'indent@2:2',
    'A@2:2',
    'newline@2:3',
    'indent@5:3',
    'optional@5:3',
    'newline@5:11',
    'indent@6:4',
    'B@6:4',
    'newline@6:5',
    'dedent@8:1',
    'dedent@8:1',
    'dedent@8:1',
    'constraints@8:1',
    'newline@8:12',
    'eof@9:1',
  ]);
});

test('a tab counts as a step to the next multiple of eight, so tabs and spaces can line up', () => {
  const lexed = lexUvl('features\n\tA\n        B\n', 't.uvl');
  assert.deepEqual(lexed.diagnostics, []);
  assert.deepEqual(
    lexed.tokens.map((t) => t.kind),
    ['id', 'newline', 'indent', 'id', 'newline', 'id', 'newline', 'dedent', 'eof'],
  );
});

test('names, strings, numbers and operators', () => {
  assert.deepEqual(tokens(`"Light System".w >= 1.5 & x_1 <=> !'str' [1..*] .5`), [
    'qid:Light System@1:1',
    '.@1:15',
    'w@1:16',
    '>=@1:18',
    '1.5@1:21',
    '&@1:25',
    'x_1@1:27',
    '<=>@1:31',
    '!@1:35',
    'string:str@1:36',
    '[@1:42',
    '1@1:43',
    '..@1:44',
    '*@1:46',
    ']@1:47',
    '.5@1:49',
    'newline@1:51',
    'eof@1:51',
  ]);
});

test('inside brackets a deeper line continues the line; a line as shallow as the opener ends the bracket', () => {
  const continued = lexUvl('features\n\tA {a 1,\n\t\tb 2\n\t}\n', 't.uvl');
  assert.deepEqual(continued.diagnostics, []);
  assert.deepEqual(
    continued.tokens.filter((t) => t.kind === 'newline').map((t) => t.line),
    [1, 4],
  );
  const unclosed = lexUvl('constraints\n\t(A | B\n\tC\n', 't.uvl');
  assert.deepEqual(
    unclosed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`),
    ['2:2 "(" is never closed'],
  );
  assert.deepEqual(
    unclosed.tokens.filter((t) => t.kind === 'newline').map((t) => t.line),
    [1, 2, 3],
  );
});

test('block comments, line endings and a byte-order mark', () => {
  const lexed = lexUvl('\uFEFFfeatures /* a\r\ncomment */\r\n\t/* x */ A\r\n', 't.uvl');
  assert.deepEqual(lexed.diagnostics, []);
  assert.deepEqual(
    lexed.tokens.map((t) => `${t.kind}@${t.line}:${t.column}`),
    ['id@1:1', 'newline@2:11', 'indent@3:10', 'id@3:10', 'newline@3:11', 'dedent@4:1', 'eof@4:1'],
  );
});

test('lexical errors are reported with their position and the text goes on', () => {
  const lexed = lexUvl('features\n\tA = B $ C\n', 't.uvl');
  assert.deepEqual(
    lexed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`),
    ['2:4 unexpected "=" (did you mean "=="?)', '2:8 unexpected character "$"'],
  );
  assert.deepEqual(
    lexed.tokens.filter((t) => t.kind === 'id').map((t) => t.text),
    ['features', 'A', 'B', 'C'],
  );
});
