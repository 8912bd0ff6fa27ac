import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from './progress.ts';

/** A progress bar on a stand-in stream with a clock the test moves. */
function bar(tty: boolean): { progress: Progress; written: string[]; at: (ms: number) => void } {
  const written: string[] = [];
  let clock = 0;
  const progress = new Progress('analyzing', { isTTY: tty, write: (text) => written.push(text) }, () => clock);
  return { progress, written, at: (ms) => (clock = ms) };
}

test('on a terminal: quiet for the first second, then one line rewritten in place, erased at the end', () => {
  const { progress, written, at } = bar(true);
  at(500);
  progress.update(10, 100);
  assert.deepEqual(written, []);
  at(1200);
  progress.update(25, 100);
  at(1250);
  progress.update(26, 100);
  at(2400);
  progress.update(99, 100);
  progress.note('counting');
  progress.finish();
  assert.deepEqual(written, [
    '\r\x1b[Kanalyzing: 25/100 (25%), 1 s',
    '\r\x1b[Kanalyzing: 99/100 (99%), 2 s',
    '\r\x1b[Kanalyzing: counting',
    '\r\x1b[K',
  ]);
});

test('in a log: a whole line every five seconds (the first after five), nothing to erase', () => {
  const { progress, written, at } = bar(false);
  for (const ms of [1500, 3000, 6600, 9000, 11700]) {
    at(ms);
    progress.update(ms / 100, 200);
  }
  progress.note('not shown in a log');
  progress.finish();
  assert.deepEqual(written, ['analyzing: 66/200 (33%), 7 s\n', 'analyzing: 117/200 (58%), 12 s\n']);
});
