import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditorSelection, EditorState, type StateCommand, type Transaction } from '@codemirror/state';
import { indentByTab, outdentByTab } from './indent.ts';

/** Runs a command on a text whose selection is given by `[` and `]` (or a cursor `|`). */
function run(command: StateCommand, marked: string): string {
  const from = marked.includes('|') ? marked.indexOf('|') : marked.indexOf('[');
  const to = marked.includes('|') ? from : marked.indexOf(']') - 1;
  let state = EditorState.create({ doc: marked.replace(/[|[\]]/g, ''), selection: EditorSelection.single(from, to), extensions: EditorState.allowMultipleSelections.of(true) });
  command({ state, dispatch: (tr: Transaction) => (state = tr.state) });
  const { from: a, to: b } = state.selection.main;
  const doc = state.doc.toString();
  return a === b ? `${doc.slice(0, a)}|${doc.slice(a)}` : `${doc.slice(0, a)}[${doc.slice(a, b)}]${doc.slice(b)}`;
}

test('Tab at a cursor inserts one unit of indentation there', () => {
  assert.equal(run(indentByTab, 'choice c {\n|value a\n}'), 'choice c {\n  |value a\n}');
  assert.equal(run(indentByTab, 'ab|c'), 'ab  |c');
});

test('Tab on a selection indents every line it touches, not the line it ends at the start of', () => {
  assert.equal(run(indentByTab, '[a\nb\n]c'), '  [a\n  b\n]c');
  assert.equal(run(indentByTab, 'x [a\nb] y'), '  x [a\n  b] y');
});

test('Shift-Tab removes up to one unit of leading spaces from each line touched', () => {
  assert.equal(run(outdentByTab, '    va|lue'), '  va|lue');
  assert.equal(run(outdentByTab, ' [a\n    b]\nc'), '[a\n  b]\nc');
  assert.equal(run(outdentByTab, 'no|ne'), 'no|ne', 'nothing to remove: nothing changes');
});
