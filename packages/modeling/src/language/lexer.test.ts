import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './lexer.ts';

const kinds = (text: string): string[] => tokenize(text, 'f.atl').tokens.map((t) => `${t.kind}:${t.kind === 'string' ? t.value : t.text}`);

test('names, numbers, strings and punctuation, with line and column', () => {
  const { tokens, diagnostics } = tokenize('choice cpu "Processor" {\n  value r5 { watts 65 price 12.5 }\n}', 'f.atl');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    tokens.map((t) => [t.kind, t.text, t.line, t.column, t.lineStart]),
    [
      ['ident', 'choice', 1, 1, true],
      ['ident', 'cpu', 1, 8, false],
      ['string', '"Processor"', 1, 12, false],
      ['punct', '{', 1, 24, false],
      ['ident', 'value', 2, 3, true],
      ['ident', 'r5', 2, 9, false],
      ['punct', '{', 2, 12, false],
      ['ident', 'watts', 2, 14, false],
      ['number', '65', 2, 20, false],
      ['ident', 'price', 2, 23, false],
      ['number', '12.5', 2, 29, false],
      ['punct', '}', 2, 34, false],
      ['punct', '}', 3, 1, true],
      ['eof', '', 3, 2, true],
    ],
  );
  assert.equal(tokens[10].number, 12.5);
});

test('a range is two numbers around "..", not a decimal', () => {
  assert.deepEqual(kinds('26..44 -3..3 1.5'), [
    'number:26', 'punct:..', 'number:44', 'punct:-', 'number:3', 'punct:..', 'number:3', 'number:1.5', 'eof:',
  ]);
});

test('operators: longest first, "==" reads as "="', () => {
  const { tokens } = tokenize('<=> <= >= != => == = < > + - * / : , . ( ) [ ]', 'f.atl');
  assert.deepEqual(
    tokens.filter((t) => t.kind === 'punct').map((t) => t.value),
    ['<=>', '<=', '>=', '!=', '=>', '=', '=', '<', '>', '+', '-', '*', '/', ':', ',', '.', '(', ')', '[', ']'],
  );
});

test('comments are skipped and keep line numbers right', () => {
  const { tokens } = tokenize('a // one\n/* two\nthree */ b /**/ c', 'f.atl');
  assert.deepEqual(tokens.map((t) => [t.text, t.line, t.column]), [['a', 1, 1], ['b', 3, 10], ['c', 3, 17], ['', 3, 18]]);
});

test('string escapes', () => {
  const { tokens, diagnostics } = tokenize('"a\\"b\\\\c\\nd\\te" "zażółć <svg/>"', 'f.atl');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(tokens.slice(0, 2).map((t) => t.value), ['a"b\\c\nd\te', 'zażółć <svg/>']);
});

test('lexical errors are reported and skipped', () => {
  const { tokens, diagnostics } = tokenize('a "open\nb "x\\y" @ c && d 9z /* end', 'f.atl');
  assert.deepEqual(
    diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`),
    [
      `1:3: unterminated string: missing the closing '"' on this line`,
      '2:5: unknown escape "\\y" in a string (use \\" \\\\ \\n or \\t)',
      '2:9: unexpected character "@"',
      '2:13: "&&" is written "and" here',
      '2:18: "9z" is neither a number nor a name (names start with a letter)',
      '2:21: unterminated comment: "/*" without "*/"',
    ],
  );
  assert.deepEqual(tokens.map((t) => t.value), ['a', 'open', 'b', 'xy', 'c', 'and', 'd', '9z', '']);
});
