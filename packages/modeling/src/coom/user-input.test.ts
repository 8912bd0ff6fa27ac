import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../diagnostics.ts';
import type { ProductModel } from '../product.ts';
import { readCoom, readCoomUserInput } from './index.ts';

const MODEL = `product {
  num 0-200 requestedVolume
  Color color
  0..3 Bag bags
  Carrier carrier
}
structure Carrier { 0..2 Bag bag }
structure Bag { Color color }
enumeration Color { Red Blue }`;

function product(): ProductModel {
  const { product } = readCoom(MODEL, 'm.coom');
  assert.ok(product);
  return product;
}

test('set and add resolve 0-based paths to the model variables, with positions', () => {
  const text = 'set requestedVolume[0] = 80\n// a comment\nadd carrier[0].bag[0]\nadd carrier[0].bag[1]\nset bags[2].color[0] = Blue\nset color[0] = Red\n';
  const r = readCoomUserInput(text, 'u.coom', product());
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(
    r.presets.map((p) => [p.variable, p.value, p.source?.line]),
    [
      ['requestedVolume', 80, 1],
      ['carrier.bag.count', 2, 3],
      ['bags[2].color', 'Blue', 5],
      ['color', 'Red', 6],
    ],
  );
  assert.deepEqual(r.choices[2], { kind: 'add', path: 'carrier[0].bag[1]', variable: 'carrier.bag.count', value: 2, line: 4, column: 1 });
});

test('user input problems are diagnostics with positions', () => {
  const text = [
    'set requestedVolume[0] = 800',
    'set color[0] = Rd',
    'set colour[0] = Red',
    'add bags[3]',
    'set requestedVolume[0] = Red',
    'set = 3',
  ].join('\n');
  assert.deepEqual(readCoomUserInput(text, 'u.coom', product()).diagnostics.map(formatDiagnostic), [
    'u.coom:1:26: error: value 800 is outside the range of "requestedVolume" (0..200)',
    'u.coom:2:16: error: unknown value "Rd" for "color" (did you mean "Red"?)',
    'u.coom:3:5: error: unknown feature "colour" in the product (did you mean "color"?)',
    'u.coom:4:5: error: index 3 is out of range: "bags" has at most 3 instances',
    'u.coom:5:26: error: "requestedVolume" is numeric: "Red" is not a number',
    'u.coom:6:5: error: syntax error: expected a path, found "="',
  ]);
});
