import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configurationOf } from '../evaluate.ts';
import { countOf, domains, problems, readClean, sessionOf } from './test-support.ts';

/* Products of two choices' quantities and arithmetic done instance by instance, in rules and objectives. */

test('a product of two numbers in a rule keeps exactly the combinations that fit', () => {
  const p = readClean(`
    product table "Table" {
      number width "Width" 60..200 cm step 20
      number depth "Depth" 60..120 cm step 20
      rule "Fits the room" : width * depth <= 12000
    }`);
  let expected = 0;
  for (let w = 60; w <= 200; w += 20) for (let d = 60; d <= 120; d += 20) if (w * d <= 12000) expected++;
  assert.equal(countOf(p), expected);
  const s = sessionOf(p);
  assert.ok(s.assign('depth', 120).ok);
  assert.deepEqual(domains(s).width, [60, 80, 100]);
});

test('products of attributes, with a constant divisor, in both directions of a comparison', () => {
  const p = readClean(`
    product rug "Rug" {
      choice yarn "Yarn" { value wool "Wool" { grams_per_dm2 12 } value silk "Silk" { grams_per_dm2 5 } }
      number length "Length" 5..20 dm
      number width "Width" 5..20 dm
      rule "Light enough to ship" : yarn.grams_per_dm2 * length * width / 1000 <= 2.5
      rule : length * 2 >= width
    }`);
  let expected = 0;
  for (const g of [12, 5]) for (let l = 5; l <= 20; l++) for (let w = 5; w <= 20; w++) if ((g * l * w) / 1000 <= 2.5 && l * 2 >= w) expected++;
  assert.equal(countOf(p), expected);
});

test('per-instance products and sums inside a repeated component, aggregated', () => {
  const p = readClean(`
    product shelf "Shelf" {
      component module "Modules" 1..3 {
        number width "Width" 1..3
        number depth "Depth" 1..2
      }
      rule "Floor space" : sum(module.width * module.depth) <= 6
      rule "Margins" : sum(module.width + 1) <= 7
      rule : all(module.width * 2 >= module.depth)
      rule : not any(module.width = module.depth + 2)
    }`);
  // Brute force over the instances that exist: absent instances add nothing, not even the margin's 1.
  let expected = 0;
  const pairs: [number, number][] = [];
  for (let w = 1; w <= 3; w++) for (let d = 1; d <= 2; d++) pairs.push([w, d]);
  const rec = (k: number, area: number, margins: number, left: number): void => {
    if (k > 0 && area <= 6 && margins <= 7) expected++;
    if (left === 0) return;
    for (const [w, d] of pairs) if (w * 2 >= d && w !== d + 2) rec(k + 1, area + w * d, margins + w + 1, left - 1);
  };
  rec(0, 0, 0, 3);
  assert.equal(countOf(p), expected);
});

test('a per-instance product compares with another instance-wise value and with a plain number', () => {
  const p = readClean(`
    product rack "Rack" {
      number height "Height" 1..4
      component shelf "Shelves" 2..2 {
        number load "Load" 1..5
        number span "Span" 1..3
      }
      rule : count(shelf.load * shelf.span > height) <= 1
    }`);
  let expected = 0;
  for (let h = 1; h <= 4; h++) {
    let one = 0;
    for (let l = 1; l <= 5; l++) for (let s = 1; s <= 3; s++) if (l * s > h) one++;
    // Two shelves: not both above the height.
    expected += 15 * 15 - one * one;
  }
  assert.equal(countOf(p), expected);
});

test('an objective may multiply two quantities', () => {
  const p = readClean(`
    product box "Box" {
      number length "Length" 1..6
      number width "Width" 1..6
      rule : length + width <= 7
      maximize "Area" length * width
    }`);
  const best = sessionOf(p).complete({ kind: 'optimize' });
  const cfg = configurationOf(best.assignments);
  assert.equal((cfg.length as number) * (cfg.width as number), 12);
  assert.deepEqual(best.objectives, [12]);
});

test('mixing the instances of two repeated components is an error', () => {
  assert.deepEqual(
    problems(`product p {
  component a "A" 1..2 { number x "X" 1..3 }
  component b "B" 1..2 { number y "Y" 1..3 }
  rule : sum(a.x * b.y) <= 4
}`),
    ['4:14: error: "a.x" and "b.y" have one value per instance of different components; aggregate each on its own'],
  );
});

test('a product too large for the engine is reported when the model compiles, naming the rule', () => {
  const p = readClean(`
    product p {
      number a "A" 0..999
      number b "B" 0..999
      rule "Area" : a * b <= 5000
    }`);
  assert.throws(() => sessionOf(p), /constraint "Area": a product of two quantities with 1000 and 1000 possible values/);
});
