import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Text } from '@codemirror/state';
import type { Diagnostic } from '@atelier/modeling';
import { countByFile, lintMarks, rangeOf, tokenLength } from './positions.ts';

const doc = Text.of(['product p "Lamp" {', '  rule : shade = glas requires base = "oak"', '  price 12.5', '}', '']);
const at = (line: number, column: number, rest: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error',
  code: 'unknown-value',
  message: 'unknown value "glas"',
  file: 'lamp.atl',
  line,
  column,
  ...rest,
});
const marked = (d: Diagnostic): string => {
  const r = rangeOf(doc, d);
  return doc.sliceString(r.from, r.to);
};

test('a diagnostic covers the token that starts at its line and column', () => {
  assert.equal(marked(at(2, 18)), 'glas');
  assert.equal(marked(at(2, 39)), '"oak"');
  assert.equal(marked(at(3, 9)), '12.5');
  assert.equal(marked(at(2, 23)), 'requires');
  assert.equal(marked(at(1, 18)), '{');
  assert.equal(marked(at(2, 16)), '=');
  const r = rangeOf(doc, at(2, 18));
  assert.equal(r.from, doc.line(2).from + 17, 'columns are 1-based');
});

test('an end given by the diagnostic wins; one before the start is ignored', () => {
  assert.equal(marked(at(2, 10, { endLine: 2, endColumn: 22 })), 'shade = glas');
  assert.equal(marked(at(2, 3, { endLine: 3, endColumn: 8 })), 'rule : shade = glas requires base = "oak"\n  price');
  assert.equal(marked(at(2, 18, { endLine: 1, endColumn: 1 })), 'glas');
});

test('positions at or past the end of a line, or outside the document, stay inside it and visible', () => {
  assert.equal(marked(at(4, 2)), '}', 'past the end of a line: its last character');
  assert.equal(marked(at(3, 99)), '5');
  assert.deepEqual(rangeOf(doc, at(5, 1)), { from: doc.length, to: doc.length }, 'an empty last line: a point');
  assert.equal(marked(at(99, 1)), '', 'a line past the end: the last line');
  assert.equal(marked(at(0, 0)), 'product');
  assert.equal(tokenLength('x', 5), 0);
  assert.equal(tokenLength('a && b', 2), 2);
  assert.equal(tokenLength('"open', 0), 5, 'an unterminated string runs to the end of the line');
});

test('lint marks: one file’s diagnostics, with the hint in the message', () => {
  const diagnostics: Diagnostic[] = [
    at(2, 18, { hint: 'did you mean "glass"?' }),
    at(3, 3, { severity: 'warning', code: 'currency', message: 'no currency', file: 'lamp.atl' }),
    at(1, 1, { file: 'parts/other.atl' }),
  ];
  const marks = lintMarks(doc, 'lamp.atl', diagnostics);
  assert.deepEqual(
    marks.map((m) => [doc.sliceString(m.from, m.to), m.severity, m.message, m.source]),
    [
      ['glas', 'error', 'unknown value "glas" (did you mean "glass"?)', 'unknown-value'],
      ['price', 'warning', 'no currency', 'currency'],
    ],
  );
  assert.deepEqual(Object.fromEntries(countByFile(diagnostics)), {
    'lamp.atl': { errors: 1, warnings: 1 },
    'parts/other.atl': { errors: 1, warnings: 0 },
  });
});
