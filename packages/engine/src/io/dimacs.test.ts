import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseDimacs, readDimacsCnf } from './dimacs.ts';
import { ParseError } from './parse-error.ts';
import { benchmarkPath } from '../testing/benchmarks.ts';
import { enumerateCnf } from '../testing/brute-force.ts';
import { countModels } from '../count/counter.ts';

const small = [
  'c a feature model',
  'c 1 PC RICHMOND F',
  'c 2 DEFCONFIG_LIST=$ARCH_DEFCONFIG\r',
  'p cnf 4 3',
  '1 -2 0',
  'c a comment between clauses',
  '-1 3',
  '  4 0 2 -4',
  '0',
  '%',
  '0',
  '',
].join('\n');

test('names from comments, defaults, clauses across lines, CRLF, % end marker', () => {
  const m = parseDimacs(small, 'fm.dimacs');
  assert.deepEqual(
    m.variables.map((v) => v.name),
    ['PC RICHMOND F', 'DEFCONFIG_LIST=$ARCH_DEFCONFIG', 'x3', 'x4'],
  );
  assert.deepEqual(m.variables[1], { name: 'DEFCONFIG_LIST=$ARCH_DEFCONFIG', kind: 'bool', values: [false, true], lits: [-2, 2], hidden: false });
  assert.equal(m.byName.get('x4'), 3);
  assert.deepEqual(m.cnf.clauses, [[1, -2], [-1, 3, 4], [2, -4]]);
  assert.deepEqual(m.cnf.owners, [0, 1, 2]);
  assert.deepEqual(m.constraints[1], { label: 'clause 2', source: { file: 'fm.dimacs', line: 7, column: 1 } });
  assert.deepEqual(m.constraints[2].source, { file: 'fm.dimacs', line: 8, column: 7 });
  assert.equal(enumerateCnf(m.cnf).length, 6);
  const bare = parseDimacs(small, 'fm.dimacs', { clauseConstraints: false });
  assert.deepEqual(bare.constraints, []);
  assert.ok(bare.cnf.owners.every((o) => o === -1));
});

test('a last clause without its 0, duplicate names, empty clause', () => {
  const d = readDimacsCnf('p cnf 2 2\nc 1 A\nc 2 A\n1 2 0\n-1 -2', 'x.cnf');
  assert.deepEqual(d.cnf.clauses, [[1, 2], [-1, -2]]);
  assert.deepEqual(parseDimacs('c 1 A\nc 2 A\np cnf 2 0\n').variables.map((v) => v.name), ['A', 'A #2']);
  assert.deepEqual(readDimacsCnf('p cnf 1 1\n0\n').cnf.clauses, [[]]);
});

test('bytes read the same as text, UTF-8 names included', () => {
  const text = `c 3 Größe ≥ 3\n${small}`;
  const fromBytes = parseDimacs(new TextEncoder().encode(text), 'fm.dimacs');
  const fromText = parseDimacs(text, 'fm.dimacs');
  assert.equal(fromBytes.variables[2].name, 'Größe ≥ 3');
  assert.deepEqual(fromBytes.variables, fromText.variables);
  assert.deepEqual(fromBytes.cnf.clauses, fromText.cnf.clauses);
  assert.deepEqual(fromBytes.constraints, fromText.constraints);
});

test('tabs, CRLF, form feeds and padded names read as the pattern reads them', () => {
  const d = readDimacsCnf('c 01 \tA B \t\r\nc 2\tC\nc 3 \r\nc x D\np cnf 3 2\r\n1\t-2 0\r\n\f2 3 0 \v\n', 'ws.cnf');
  assert.deepEqual(d.cnf.clauses, [[1, -2], [2, 3]]);
  assert.deepEqual([d.names[1], d.names[2], d.names[3]], ['A B', 'C', undefined]);
});

/** The same error whether the reader gets the text or its UTF-8 bytes. */
function parseError(text: string, message: string): void {
  for (const input of [text, new TextEncoder().encode(text)]) {
    assert.throws(
      () => readDimacsCnf(input, 'bad.cnf'),
      (e: unknown) => {
        assert.ok(e instanceof ParseError, String(e));
        assert.equal(e.message, message);
        return true;
      },
    );
  }
}

test('malformed input: file:line:column errors', () => {
  parseError('p cnf 3 1\n1 -2 x 0\n', 'bad.cnf:2:6: "x" is not an integer literal');
  parseError('p cnf 3 1\n1 -2 3a 0\n', 'bad.cnf:2:6: "3a" is not an integer literal');
  parseError('p cnf 3 1\n1 -4 0\n', 'bad.cnf:2:3: literal -4 is beyond the 3 declared variables');
  parseError('c hello\n1 2 0\np cnf 2 1\n', 'bad.cnf:2:1: clause before the "p cnf" header');
  parseError('p cnf x 1\n', 'bad.cnf:1:1: malformed header "p cnf x 1" (expected "p cnf <variables> <clauses>")');
  parseError('p sat 3 1\n', 'bad.cnf:1:1: malformed header "p sat 3 1" (expected "p cnf <variables> <clauses>")');
  parseError('p cnf 1 0\n  p cnf 1 0\n', 'bad.cnf:2:3: second "p" header');
  parseError('c only comments\n', 'bad.cnf:2:1: no "p cnf" header');
  parseError('c 1 é\np cnf 1 1\n1 ü 0\n', 'bad.cnf:3:3: "ü" is not an integer literal');
});

const pc = benchmarkPath('fmb-dimacs/small/pc-richmond.dimacs');
test('pc-richmond: feature names and the reference count', { skip: !existsSync(pc) }, () => {
  const m = parseDimacs(readFileSync(pc, 'utf8'), pc);
  assert.equal(m.variables.length, 377);
  assert.equal(m.cnf.clauses.length, 1356);
  assert.equal(m.variables[0].name, 'PC RICHMOND F');
  assert.equal(countModels(m.cnf, { timeoutMs: 10_000 }).count, 3_326_549_945_784_326_553_600n);
});

const big = benchmarkPath('renault-br4cp/renault-big.cnf');
test('renault-big.cnf (28 MB): variables, clauses and names', { skip: !existsSync(big) }, (t) => {
  const bytes = readFileSync(big);
  const t0 = performance.now();
  const m = parseDimacs(bytes, big);
  // Reported, not asserted: a test does not depend on how busy the machine is.
  t.diagnostic(`renault-big.cnf: ${m.cnf.numVars} vars, ${m.cnf.clauseCount} clauses, parsed in ${(performance.now() - t0).toFixed(0)} ms`);
  assert.equal(m.cnf.numVars, 227_262);
  assert.equal(m.cnf.clauseCount, 1_567_471);
  assert.equal(m.variables[0].name, 'v0=0');
});
