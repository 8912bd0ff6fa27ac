import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problems, readClean } from './test-support.ts';

test('a group lists features and personalisation fields in the order written', () => {
  const product = readClean(`product p "P" {
  flag embroidery "Embroidery" { price 5 }
  choice colour "Colour" { value red "Red" value blue "Blue" }
  text monogram "Monogram" max 3 allowed "A-Z" when embroidery { price 9 }
  group "Personalisation" (embroidery, monogram, colour)
}`);
  const group = product.presentation.groups.find((g) => g.id === 'personalisation');
  assert.deepEqual(group?.variables, ['embroidery', 'monogram', 'colour']);
});

test('a text field is still refused inside a rule', () => {
  assert.deepEqual(
    problems(`product p "P" {
  text monogram "Monogram" max 3 allowed "A-Z"
  rule : monogram
}`).map((p) => p.replace(/^\d+:\d+: /, '')),
    ['error: text field "monogram" is free text outside the rules; conditions and formulas cannot use it'],
  );
});
