import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Constraint, Expr, FeatureNode } from './ast.ts';
import { parseUvl } from './parser.ts';

/** A constraint in prefix notation, to read precedence at a glance. */
function show(c: Constraint): string {
  switch (c.kind) {
    case 'ref':
      return c.name.text;
    case 'not':
      return `!${show(c.arg)}`;
    case 'and':
    case 'or':
      return `${c.kind}(${c.args.map(show).join(', ')})`;
    case 'implies':
    case 'iff':
      return `${c.kind}(${show(c.left)}, ${show(c.right)})`;
    case 'cmp':
      return `${c.op}(${expr(c.left)}, ${expr(c.right)})`;
  }
}

function expr(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return `'${e.value}'`;
    case 'ref':
      return e.name.text;
    case 'agg':
      return `${e.fn}(${e.scope ? `${e.scope.text}, ` : ''}${e.arg.text})`;
    case 'neg':
      return `-${expr(e.arg)}`;
    case 'bin':
      return `${e.op}(${expr(e.left)}, ${expr(e.right)})`;
  }
}

function constraints(lines: string[]): string[] {
  const r = parseUvl(`constraints\n${lines.map((l) => `\t${l}\n`).join('')}`, 't.uvl');
  assert.deepEqual(r.diagnostics, []);
  return r.document.constraints.map((c) => show(c.constraint));
}

test('precedence: ! binds tighter than &, then |, =>, <=>; comparisons tighter than !', () => {
  assert.deepEqual(constraints(['!A & B | C => D <=> E', 'A => B => C', '!X > 3 & Y', 'A | (B <=> C)']), [
    'iff(implies(or(and(!A, B), C), D), E)',
    'implies(implies(A, B), C)',
    'and(!>(X, 3), Y)',
    'or(A, iff(B, C))',
  ]);
});

test('arithmetic: * and / before + and -, unary minus, aggregates and attribute references', () => {
  assert.deepEqual(constraints(['a.w + 2 * b - c / 4 >= -1', 'sum(Box, price) + avg(w) < len(A.name) * 2', '(1 + 2) * 3 == 9']), [
    '>=(-(+(a.w, *(2, b)), /(c, 4)), -1)',
    '<(+(sum(Box, price), avg(w)), *(len(A.name), 2))',
    '==(*(+(1, 2), 3), 9)',
  ]);
});

test('the feature tree: types, cardinalities, attribute values of every kind, groups', () => {
  const text = [
    'namespace Shop',
    'features',
    '\tShop {abstract true, price 1.5, tags [1, \'a\', [true]], meta {x -2}, flag}',
    '\t\t[1..*]',
    '\t\t\tInteger Qty',
    '\t\t\tBasket cardinality [0..3]',
    '\t\t\t\tor',
    '\t\t\t\t\t"Gift wrap"',
    '\t\toptional',
    '\t\t\tString Note',
    '',
  ].join('\n');
  const r = parseUvl(text, 't.uvl');
  assert.deepEqual(r.diagnostics, []);
  const root = r.document.root as FeatureNode;
  assert.equal(r.document.namespace?.text, 'Shop');
  assert.deepEqual(
    root.attributes.map((a) => [a.key, a.value?.kind]),
    [
      ['abstract', 'bool'],
      ['price', 'number'],
      ['tags', 'vector'],
      ['meta', 'object'],
      ['flag', undefined],
    ],
  );
  assert.deepEqual(
    root.groups.map((g) => [g.kind, g.interval && [g.interval.min, g.interval.max], g.children.map((c) => [c.type ?? '', c.name.text, c.cardinality?.max])]),
    [
      ['cardinality', [1, null], [['Integer', 'Qty', undefined], ['', 'Basket', 3]]],
      ['optional', undefined, [['String', 'Note', undefined]]],
    ],
  );
  assert.equal(root.groups[0].children[1].groups[0].children[0].name.text, 'Gift wrap');
});

test('imports with and without aliases, language levels', () => {
  const r = parseUvl('include\n\tBoolean.group-cardinality\n\tArithmetic.*\nimports\n\tsub.Engine as e\n\tWheels\nfeatures\n\tCar\n', 't.uvl');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.document.includes, ['Boolean.group-cardinality', 'Arithmetic.*']);
  assert.deepEqual(
    r.document.imports.map((i) => [i.namespace.text, i.alias?.text, i.pos.line]),
    [
      ['sub.Engine', 'e', 5],
      ['Wheels', undefined, 6],
    ],
  );
});

test('a broken line is skipped and reading goes on', () => {
  const r = parseUvl('features\n\tCar {a 1 b}\n\t\toptional\n\t\t\tB\nconstraints\n\tB & & B\n\tB => Car\n', 't.uvl');
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`),
    ['2:11 expected "," or "}", found "b"', '6:6 expected a feature, a number or "(", found "&"'],
  );
  assert.equal(r.document.root?.groups[0].children[0].name.text, 'B');
  assert.deepEqual(
    r.document.constraints.map((c) => c.text),
    ['B => Car'],
  );
});
