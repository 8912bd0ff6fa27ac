import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { StringStream } from '@codemirror/language';
import { tokenize } from '@atelier/modeling/language/lexer.ts';
import { atlParser, atlToken } from './atl-language.ts';

const examples = join(import.meta.dirname, '../../../../examples');

interface Piece {
  text: string;
  tag: string | null;
  /** Offset in the whole text. */
  start: number;
}

/** Runs the highlighter over a text line by line, as the editor does. */
function highlight(text: string): Piece[] {
  const state = atlParser.startState?.(2) ?? { inComment: false, declaring: null, afterDot: false, range: null, depth: 0 };
  const pieces: Piece[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const stream = new StringStream(line, 4, 2);
    if (line === '') atlParser.blankLine?.(state, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      const tag = atlToken(stream, state);
      assert.ok(stream.pos > stream.start, `the tokenizer advances at ${JSON.stringify(line.slice(stream.start))}`);
      pieces.push({ text: stream.current(), tag, start: offset + stream.start });
    }
    offset += line.length + 1;
  }
  return pieces;
}

const tagged = (text: string) => highlight(text).filter((p) => p.tag !== null).map((p) => [p.text, p.tag]);

test('declarations: keywords, the names they declare, labels, numbers and attributes', () => {
  assert.deepEqual(tagged('choice cpu "Processor" {'), [
    ['choice', 'definitionKeyword'],
    ['cpu', 'variableName.definition'],
    ['"Processor"', 'string'],
    ['{', 'brace'],
  ]);
  assert.deepEqual(tagged('value r5 "Ryzen \\"5\\"" { socket AM5 watts 65 price 199.5 }'), [
    ['value', 'definitionKeyword'],
    ['r5', 'variableName.definition'],
    ['"Ryzen \\"5\\""', 'string'],
    ['{', 'brace'],
    ['socket', 'variableName'],
    ['AM5', 'variableName'],
    ['watts', 'variableName'],
    ['65', 'number'],
    ['price', 'keyword'],
    ['199.5', 'number'],
    ['}', 'brace'],
  ]);
  assert.deepEqual(tagged('number waist "Waist" 26..44 in'), [
    ['number', 'definitionKeyword'],
    ['waist', 'variableName.definition'],
    ['"Waist"', 'string'],
    ['26', 'number'],
    ['..', 'punctuation'],
    ['44', 'number'],
    ['in', 'unit'],
  ]);
  assert.deepEqual(tagged('number panels "Panels" 2..10 step 2'), [
    ['number', 'definitionKeyword'],
    ['panels', 'variableName.definition'],
    ['"Panels"', 'string'],
    ['2', 'number'],
    ['..', 'punctuation'],
    ['10', 'number'],
    ['step', 'keyword'],
    ['2', 'number'],
  ]);
  assert.equal(tagged('rule : count(memory) in (1, 2)')[6][1], 'operatorKeyword', '`in` after a name is the operator');
  assert.deepEqual(tagged('use Warranty as warranty optional'), [
    ['use', 'definitionKeyword'],
    ['Warranty', 'typeName'],
    ['as', 'keyword'],
    ['warranty', 'variableName.definition'],
    ['optional', 'keyword'],
  ]);
});

test('rules: operator words, paths, functions, comparisons and booleans', () => {
  assert.deepEqual(tagged('rule "Fits" : sum(memory.size.gb) <= board.max_gb and not wifi = true'), [
    ['rule', 'keyword'],
    ['"Fits"', 'string'],
    [':', 'punctuation'],
    ['sum', 'variableName.function'],
    ['(', 'paren'],
    ['memory', 'variableName'],
    ['.', 'punctuation'],
    ['size', 'propertyName'],
    ['.', 'punctuation'],
    ['gb', 'propertyName'],
    [')', 'paren'],
    ['<=', 'operator'],
    ['board', 'variableName'],
    ['.', 'punctuation'],
    ['max_gb', 'propertyName'],
    ['and', 'operatorKeyword'],
    ['not', 'operatorKeyword'],
    ['wifi', 'variableName'],
    ['=', 'operator'],
    ['true', 'bool'],
  ]);
  assert.deepEqual(tagged('cpu.socket = Socket.AM5 <=> x'), [
    ['cpu', 'variableName'],
    ['.', 'punctuation'],
    ['socket', 'propertyName'],
    ['=', 'operator'],
    ['Socket', 'typeName'],
    ['.', 'punctuation'],
    ['AM5', 'propertyName'],
    ['<=>', 'operator'],
    ['x', 'variableName'],
  ]);
  // `max` is an attribute word in a text field and a function when called.
  assert.deepEqual(tagged('text m "M" max 3'), [
    ['text', 'definitionKeyword'],
    ['m', 'variableName.definition'],
    ['"M"', 'string'],
    ['max', 'keyword'],
    ['3', 'number'],
  ]);
  assert.equal(tagged('max (a, b)')[0][1], 'variableName.function');
});

test('comments, including a block comment over several lines, and what the reader refuses', () => {
  assert.deepEqual(tagged('price 5 // the base\n/* one\ntwo */ flag x'), [
    ['price', 'keyword'],
    ['5', 'number'],
    ['// the base', 'lineComment'],
    ['/* one', 'blockComment'],
    ['two */', 'blockComment'],
    ['flag', 'definitionKeyword'],
    ['x', 'variableName.definition'],
  ]);
  assert.deepEqual(
    tagged('a && b; 3rd "open').map(([, tag]) => tag),
    ['variableName', 'invalid', 'variableName', 'invalid', 'invalid', 'string'],
  );
});

test('indentation follows the braces; a closing brace goes back one level', () => {
  const state = atlParser.startState?.(2);
  assert.ok(state);
  const stream = new StringStream('product p "P" { choice c {', 4, 2);
  while (!stream.eol()) {
    stream.start = stream.pos;
    atlToken(stream, state);
  }
  const context = { unit: 2 } as Parameters<NonNullable<typeof atlParser.indent>>[2];
  assert.equal(atlParser.indent?.(state, 'value v', context), 4);
  assert.equal(atlParser.indent?.(state, '}', context), 2);
});

test('on every sample model, tokens start and end where the language reader’s lexer says, and none is refused', () => {
  const files = [...readdirSync(examples).filter((f) => f.endsWith('.atl')), ...readdirSync(join(examples, 'parts')).map((f) => `parts/${f}`)];
  assert.ok(files.length >= 6, files.join(', '));
  for (const file of files) {
    const text = readFileSync(join(examples, file), 'utf8');
    const pieces = highlight(text).filter((p) => p.tag !== null && !/Comment$/.test(p.tag));
    assert.deepEqual(pieces.filter((p) => p.tag === 'invalid'), [], file);
    const lexed = tokenize(text, file).tokens.filter((t) => t.kind !== 'eof');
    assert.deepEqual(
      pieces.map((p) => [p.start, p.start + p.text.length]),
      lexed.map((t) => [t.start, t.end]),
      `${file}: token boundaries`,
    );
    const kinds = new Map(lexed.map((t) => [t.start, t.kind]));
    for (const p of pieces) {
      const kind = kinds.get(p.start);
      if (kind === 'string') assert.equal(p.tag, 'string', `${file}: ${p.text}`);
      if (kind === 'number') assert.equal(p.tag, 'number', `${file}: ${p.text}`);
      if (kind === 'punct') assert.match(p.tag ?? '', /^(operator|punctuation|brace|paren|squareBracket)$/, `${file}: ${p.text}`);
    }
  }
});
