import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './lexer.ts';
import { parseCoom } from './parser.ts';

test('the lexer keeps cardinalities, ranges, formats and wildcards apart, with positions', () => {
  const { tokens, diagnostics } = tokenize('0..* num .#/g 1-10000 w\n  allow (-*- 2.5) // note', 'f');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    tokens.map((t) => `${t.kind}:${t.text}@${t.line}:${t.column}`),
    [
      'number:0@1:1', 'symbol:..@1:2', 'symbol:*@1:4', 'ident:num@1:6', 'format:.#@1:10', 'symbol:/@1:12', 'ident:g@1:13',
      'number:1@1:15', 'symbol:-@1:16', 'number:10000@1:17', 'ident:w@1:23',
      'ident:allow@2:3', 'symbol:(@2:9', 'wildcard:-*-@2:10', 'number:2.5@2:14', 'symbol:)@2:17', 'eof:@2:26',
    ],
  );
});

test('the parser builds features, enumerations and behaviors with their positions', () => {
  const { ast, diagnostics } = parseCoom(
    `product {
  1..4 Disk disks
  num /mm 0-100 length
}
enumeration Disk {
  attribute num capacity
  attribute string code
  Small = ( 200, "S1" )
}
behavior Disk {
  explanation "why"
  condition a.b[1].c = X && !(y < 2 * -z)
  require sum(disks.capacity) >= 400
  combinations (p q) allow (A (B, C)) allow (-*- D)
  minimize count(disks)
}`,
    'f',
  );
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(ast.product?.features[0], { name: 'disks', pos: { line: 2, column: 13 }, type: 'Disk', typePos: { line: 2, column: 8 }, cardinality: { min: 1, max: 4, pos: { line: 2, column: 3 } } });
  assert.deepEqual(ast.product?.features[1].numeric, { unit: 'mm', min: 0, max: 100, rangePos: { line: 3, column: 11 } });
  const e = ast.enumerations[0];
  assert.deepEqual(e.attributes.map((a) => [a.name, a.numeric]), [['capacity', true], ['code', false]]);
  assert.deepEqual(e.values[0].attributes.map((l) => (l.kind === 'number' ? l.value : l.kind === 'string' ? l.value : l.name)), [200, 'S1']);
  const [req, table, objective] = ast.behaviors[0].statements;
  assert.equal(req.kind, 'require');
  assert.equal(req.explanation, 'why');
  assert.equal(req.conditions.length, 1);
  assert.deepEqual(req.pos, { line: 12, column: 3 });
  assert.equal(req.text, 'condition a.b[1].c = X && !(y < 2 * -z) require sum(disks.capacity) >= 400');
  assert.equal(table.kind, 'table');
  assert.ok(table.kind === 'table' && table.rows.length === 2 && table.rows[1].entries[0].kind === 'any');
  assert.equal(objective.kind, 'objective');
});
