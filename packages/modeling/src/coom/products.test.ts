import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, compile } from '@atelier/engine';
import { formatDiagnostic } from '../diagnostics.ts';
import { readCoom } from './index.ts';

/*
 * Products of features in COOM. The box example's note says that with area and volume features it
 * needs a multiplication of two variables; those features have no range of their own, so their values
 * come from the products implied for them.
 */

const BOX_WITH_AREA = `
product {
    num /mm 1-12 length
    num /mm 1-12 width
    num /mm 1-12 height
    num /mm2 area
    num /mm3 volume
    num /ccm 0-2 requestedVolume
}
behavior {
    imply area = length * width
    imply volume = area * height
    explanation "The box needs to have at least the requested volume."
    require volume >= requestedVolume * 1000
}`;

test('area and volume implied by products of features: open ranges filled in, counts exact', () => {
  const { product, diagnostics } = readCoom(BOX_WITH_AREA, 'box-area.coom');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), []);
  assert.ok(product);
  const area = product.model.variables.find((v) => v.name === 'area');
  const areas = new Set<number>();
  for (let l = 1; l <= 12; l++) for (let w = 1; w <= 12; w++) areas.add(l * w);
  assert.deepEqual(area?.values, [...areas].sort((a, b) => a - b));

  let expected = 0;
  for (let l = 1; l <= 12; l++) for (let w = 1; w <= 12; w++) for (let h = 1; h <= 12; h++) for (let r = 0; r <= 2; r++) if (l * w * h >= r * 1000) expected++;
  const session = new Session(compile(product.model));
  assert.equal(session.count().count, BigInt(expected));

  assert.ok(session.assign('requestedVolume', 1).ok);
  assert.ok(session.assign('width', 10).ok);
  const possible = new Map(session.validDomains().map((d) => [d.variable, d.possible as number[]]));
  // length · 10 · height >= 1000 with sides up to 12: length at least 9 (9 · 10 · 12 = 1080).
  assert.deepEqual(possible.get('length'), [9, 10, 11, 12]);
  const config = new Map(session.complete({ kind: 'defaults' }).assignments.map((a) => [a.variable, a.value as number]));
  assert.equal(config.get('volume'), (config.get('length') ?? 0) * 10 * (config.get('height') ?? 0));
  assert.ok((config.get('volume') ?? 0) >= 1000);
});

test('a product too large to tabulate is refused where it is written', () => {
  const { product, diagnostics } = readCoom('product {\n  num 0-999 a\n  num 0-999 b\n  num 0-9 c\n}\nbehavior {\n  require a * b <= c * c * 100\n}', 'm.coom');
  assert.equal(product, null);
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    'm.coom:7:11: error: the product in "require a * b <= c * c * 100" needs a table of 1000000 pairs (at most 250000) (narrow the ranges of the multiplied features)',
  ]);
});
