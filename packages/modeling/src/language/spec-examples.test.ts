import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkProduct } from '../check/check-model.ts';
import { parseAtl } from './parser.ts';
import { countOf, readClean } from './test-support.ts';

/* LANGUAGE.md is the README's language reference: its examples must stay true to the parser. */

const spec = readFileSync(new URL('../../LANGUAGE.md', import.meta.url), 'utf8');
const blocks = [...spec.matchAll(/```atl\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the opening example reads, checks and configures cleanly', () => {
  const p = readClean(blocks[0], { 'parts/common.atl': '' });
  assert.deepEqual(checkProduct(p), []);
  assert.ok(countOf(p) > 0);
});

test('every example of the reference parses without a syntax error', () => {
  assert.ok(blocks.length >= 8);
  for (const block of blocks) {
    const whole = /^\s*(import|product|type|part|component)\b/.test(block);
    const text = whole ? block : `product example {\n${block}\n}`;
    const { diagnostics } = parseAtl(text, 'LANGUAGE.md');
    assert.deepEqual(diagnostics, [], block);
  }
});
