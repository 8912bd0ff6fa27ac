import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scanner, isBlank, sliceNarrow } from './scanner.ts';

test('positions follow line breaks, whatever moves the cursor', () => {
  const sc = new Scanner('ab\ncd\n\nef');
  assert.deepEqual(sc.position(), { line: 1, column: 1 });
  sc.advanceTo(4);
  assert.deepEqual(sc.position(), { line: 2, column: 2 });
  sc.offset = 5;
  sc.newline();
  assert.deepEqual(sc.position(), { line: 3, column: 1 });
  sc.newline();
  assert.deepEqual(sc.position(), { line: 4, column: 1 });
  assert.equal(sc.readWhile((c) => c !== 'f'), 'e');
  assert.deepEqual(sc.position(), { line: 4, column: 2 });
});

test('trivia: blanks, a byte-order mark, line comments and block comments over several lines', () => {
  const sc = new Scanner('\uFEFF  // one\n\t/* two\n three */ x');
  assert.equal(sc.skipTrivia(), null);
  assert.equal(sc.peek(), 'x');
  assert.deepEqual(sc.position(), { line: 3, column: 11 });
  assert.ok(isBlank('\v') && isBlank('\r') && !isBlank('\n'));
});

test('an unterminated block comment: where it opened, and the cursor at the end of the text', () => {
  const sc = new Scanner('a\n  /* open\nstill');
  sc.offset = 1;
  assert.deepEqual(sc.skipTrivia(), { line: 2, column: 3 });
  assert.ok(sc.done);
  assert.deepEqual(sc.position(), { line: 3, column: 6 });
  // `/*/` does not close itself.
  const odd = new Scanner('/*/');
  assert.deepEqual(odd.skipBlockComment(), { closed: false, opened: { line: 1, column: 1 } });
  assert.equal(new Scanner('x').skipBlockComment(), null);
});

test('a line comment stops before its line break', () => {
  const sc = new Scanner('// note\nx');
  assert.ok(sc.skipLineComment());
  assert.equal(sc.peek(), '\n');
  assert.equal(new Scanner('/ x').skipLineComment(), false);
});

test('numbers: a fraction only when a digit follows the point', () => {
  const read = (text: string): [string, string] => {
    const sc = new Scanner(text);
    return [sc.readNumber(), text.slice(sc.offset)];
  };
  assert.deepEqual(read('26..44'), ['26', '..44']);
  assert.deepEqual(read('3.25m'), ['3.25', 'm']);
  assert.deepEqual(read('7.'), ['7', '.']);
  assert.deepEqual(read('.5'), ['.5', '']);
});

test('quoted text: escapes as the caller reads them, and an unclosed quote stops at the line break', () => {
  const sc = new Scanner('"a\\"b" rest');
  const escapes: (string | undefined)[] = [];
  const read = sc.readQuoted((next) => {
    escapes.push(next);
    return { text: next ?? '', length: 2 };
  });
  assert.deepEqual(read, { value: 'a"b', closed: true, opened: { line: 1, column: 1 } });
  assert.deepEqual(escapes, ['"']);
  assert.equal(sc.peek(), ' ');
  const open = new Scanner('x "never\nclosed');
  open.offset = 2;
  assert.deepEqual(
    open.readQuoted(() => ({ text: '', length: 1 })),
    { value: 'never', closed: false, opened: { line: 1, column: 3 } },
  );
  assert.equal(open.peek(), '\n');
});

test('slices of a text with characters beyond Latin-1 read the same, whichever way they are stored', () => {
  const text = 'label pl "Płyta główna"\nboard_x670e café ' + 'x'.repeat(5000) + ' ł';
  const sc = new Scanner(text);
  assert.equal(sc.wide, true);
  assert.equal(sc.readWhile((c) => c !== ' '), 'label');
  for (const [from, to] of [[0, 5], [9, 23], [24, 35], [36, 40], [41, 5041], [0, text.length]]) {
    assert.equal(sc.slice(from, to), text.slice(from, to));
  }
  const narrow = new Scanner('board_x670e café');
  assert.equal(narrow.wide, false);
  assert.equal(narrow.slice(12, 16), 'café');
  assert.equal(sliceNarrow('ab\u0142cd', 3, 5, true), 'cd');
});
