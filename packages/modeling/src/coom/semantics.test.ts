import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Session, compile } from '@atelier/engine';
import type { ProductModel } from '../product.ts';
import { readCoom } from './index.ts';

/*
 * The meaning of COOM models: configuration counts against an enumeration of the COOM semantics
 * written out by hand, explanations shown when a rule blocks a value, defaults and objectives.
 */

const ROOT = fileURLToPath(new URL('../../../../../shared/benchmarks/coom/', import.meta.url));
const DIR = existsSync(ROOT) ? ROOT : '/work/shared/benchmarks/coom/';
const available = existsSync(DIR);

function load(name: string, text?: string): ProductModel {
  const { product, diagnostics } = readCoom(text ?? readFileSync(join(DIR, name), 'utf8'), name);
  assert.ok(product, JSON.stringify(diagnostics));
  return product;
}

function count(product: ProductModel): bigint {
  const result = new Session(compile(product.model)).count();
  assert.notEqual(result.count, null);
  return result.count as bigint;
}

/** All combinations of the given domains. */
function* combinations<T>(domains: T[][]): Generator<T[]> {
  if (domains.length === 0) {
    yield [];
    return;
  }
  for (const v of domains[0]) for (const rest of combinations(domains.slice(1))) yield [v, ...rest];
}

test('simple.coom: a configuration per rear wheel (front equals rear, the table picks wheel support)', { skip: !available }, () => {
  const size: Record<string, number> = { W14: 14, W16: 16, W18: 18, W20: 20 };
  let expected = 0;
  for (const [support, front, rear] of combinations<string | boolean>([[true, false], Object.keys(size), Object.keys(size)])) {
    const table = support ? ['W14', 'W16'].includes(rear as string) : ['W18', 'W20'].includes(rear as string);
    if (table && size[front as string] === size[rear as string]) expected++;
  }
  assert.equal(expected, 4);
  assert.equal(count(load('simple.coom')), BigInt(expected));
});

test('tiny-pc.coom: scientific use needs a fast CPU, multimedia no slow one', { skip: !available }, () => {
  let expected = 0;
  for (const [usage, clock] of combinations([
    ['Internet', 'Scientific', 'Multimedia'],
    ['Slow', 'Medium', 'Fast'],
  ])) {
    if (usage === 'Scientific' && clock !== 'Fast') continue;
    if (usage === 'Multimedia' && clock === 'Slow') continue;
    expected++;
  }
  assert.equal(count(load('tiny-pc.coom')), BigInt(expected));
});

test('tshirt.coom: the five rules by hand', { skip: !available }, () => {
  let expected = 0;
  for (const [color, size, theme] of combinations([
    ['Red', 'Yellow', 'Blue', 'White', 'Black'],
    ['S', 'M', 'L', 'XL', 'XXL'],
    ['None', 'T1', 'T2', 'T3'],
  ])) {
    if (color === 'Red' && size === 'XXL') continue;
    if (size === 'S' && color === 'Black' && theme !== 'None') continue;
    if (['Red', 'Yellow'].includes(color) && theme === 'T1') continue;
    if (color === 'White' && size === 'S' && theme === 'T3') continue;
    if (color === 'Blue' && theme !== 'T1') continue;
    expected++;
  }
  assert.equal(count(load('tshirt.coom')), BigInt(expected));
});

test('city-bike.coom: optional basket and 0..2 bags, rules only where their parts exist', { skip: !available }, () => {
  const wheel: Record<string, number> = { W26: 26, W27: 27, W28: 28, W29: 29 };
  const volume: Record<string, number> = { B10: 10, B20: 20, B50: 50, B100: 100 };
  const allowed: Record<string, string[]> = { Leather: ['B10'], Cotton: ['B20', 'B50'], Polyester: ['B20', 'B50', 'B100'] };
  const colors = ['Silver', 'White', 'Black', 'Blue'];
  const baskets: ([string, string] | null)[] = [null, ...[...combinations([['Front', 'Back'], colors])].map((b) => b as [string, string])];
  const bag = [...combinations([Object.keys(volume), Object.keys(allowed)])];
  const bagLists: string[][][] = [[], ...bag.map((b) => [b]), ...[...combinations([bag, bag])]];
  let expected = 0;
  for (const color of colors)
    for (const basket of baskets)
      for (const saddle of ['Standard', 'Comfort', 'Vintage'])
        for (const front of Object.keys(wheel))
          for (const rear of Object.keys(wheel))
            for (const bags of bagLists) {
              if (basket && color !== basket[1]) continue;
              if (basket && basket[0] === 'Front' && !(wheel[front] < 29)) continue;
              if (bags.some(([cap]) => volume[cap] === 100) && !(wheel[rear] >= 28)) continue;
              if (saddle === 'Vintage' && bags.some(([, material]) => material !== 'Leather')) continue;
              if (wheel[front] !== wheel[rear]) continue;
              if (bags.some(([cap, material]) => !allowed[material].includes(cap))) continue;
              expected++;
            }
  assert.equal(count(load('bike/city-bike.coom')), BigInt(expected));
});

test('instances of a 1..3 structure are used in order: no permutation counts twice', () => {
  const text = `product { 1..3 Part part }
structure Part { Color color }
enumeration Color { Red Blue }
behavior { require count(part) >= 2 }`;
  const product = load('parts.coom', text);
  // Two parts: 2² colourings; three parts: 2³.
  assert.equal(count(product), 4n + 8n);
  assert.ok(product.model.variables.some((v) => v.name === 'part[2].color'));
  assert.ok(product.model.variables.some((v) => v.name === 'part.count'));
});

test('a path through several instances instantiates the rule for each (COOM semantics)', () => {
  const text = `product { 0..2 Bag bags }
structure Bag { Color color }
enumeration Color { Red Blue }
behavior { require bags.color = bags.color }`;
  // Every pair of bags agrees: with two bags only the two uniform colourings remain.
  assert.equal(count(load('pairs.coom', text)), 1n + 2n + 2n);
});

test('an explanation is shown when its rule blocks a value', { skip: !available }, () => {
  const session = new Session(compile(load('tshirt.coom').model));
  assert.ok(session.assign('color', 'Red').ok);
  const why = session.explain('size', 'XXL');
  assert.equal(why.kind, 'choices');
  assert.ok(why.constraints.some((c) => c.explanation === 'Red shirts in XXL are rare and thus not offered.'), JSON.stringify(why));

  const kids = new Session(compile(load('bike/kids-bike.coom').model));
  assert.ok(kids.assign('color', 'Yellow').ok);
  const blocked = kids.assign('frontWheel', 'W14');
  assert.equal(blocked.ok, false);
  const texts = blocked.ok || blocked.explanation.kind === 'possible' ? [] : blocked.explanation.constraints.map((c) => c.explanation);
  assert.ok(texts.includes('If the color is yellow, then the size of the front wheel must be greater than 16.'), JSON.stringify(texts));
});

test('an explanation on a rule local to a structure names the instance in its label', { skip: !available }, () => {
  const product = load('bike/travel-bike.coom');
  const session = new Session(compile(product.model));
  assert.ok(session.assign('carrier.bag.count', 1).ok);
  assert.ok(session.assign('carrier.bag[0].material', 'Leather').ok);
  const why = session.explain('carrier.bag[0].capacity', 'B50');
  assert.ok(why.kind !== 'possible');
  const rule = why.constraints.find((c) => c.explanation === 'If the material of the bag is leather, then the capacity must be B10.');
  assert.ok(rule, JSON.stringify(why));
  assert.match(rule.label, /\[carrier\.bag\[0\]\]$/);
  assert.deepEqual(rule.source, { file: 'bike/travel-bike.coom', line: 89, column: 2 });
});

test('defaults, objectives and units', { skip: !available }, () => {
  const bike = load('bike/default-bike.coom');
  assert.equal(bike.model.variables.find((v) => v.name === 'color')?.default, 'White');
  const session = new Session(compile(bike.model));
  const chosen = session.complete({ kind: 'defaults' }).assignments.find((a) => a.variable === 'color');
  assert.equal(chosen?.value, 'White');

  const travel = load('bike/travel-bike-minimize.coom');
  assert.deepEqual(travel.model.objectives, [{ sense: 'minimize', expr: { op: 'val', var: 'totalWeight' } }]);
  assert.equal(travel.presentation.variables.totalWeight?.unit, 'g');

  // The objective drives completion: the lightest bike, proved optimal, no heavier than any default one.
  const traveller = new Session(compile(travel.model));
  const lightest = traveller.complete({ kind: 'optimize', timeoutMs: 20_000 });
  const weight = (a: readonly { variable: string; value: unknown }[]): number => a.find((x) => x.variable === 'totalWeight')?.value as number;
  assert.equal(lightest.optimal, true);
  assert.equal(lightest.objectives?.[0], weight(lightest.assignments));
  assert.ok(weight(lightest.assignments) <= weight(traveller.complete({ kind: 'defaults' }).assignments));
  const domain = traveller.validDomains().find((d) => d.variable === 'totalWeight');
  assert.equal(weight(lightest.assignments), Math.min(...(domain?.possible as number[])), 'the smallest possible total weight');
});

test('implied values narrow numeric domains to what the expression can take', { skip: !available }, () => {
  const pc = load('pc.coom');
  const domain = (name: string): number[] => pc.model.variables.find((v) => v.name === name)?.values as number[];
  assert.deepEqual(domain('motherboard.price'), [250, 350]);
  assert.ok(domain('price').length < 200, `price has ${domain('price').length} values`);
  const coffee = load('coffee/automatic-coffee-machine.coom');
  // `num weight` has no range: it is what the implied sum of two part weights can be.
  assert.deepEqual(
    coffee.model.variables.find((v) => v.name === 'grinding_unit.weight')?.values,
    [920, 1030, 1130, 1240, 1370, 1580],
  );
});

test('non-numeric attributes compare by name, also against values of other enumerations', () => {
  const text = `product { Level level  Part part }
enumeration Level { A B C }
enumeration Part { attribute grade  P1 = ( A )  P2 = ( B ) }
behavior {
  combinations (level part.grade)
  allow (A A)
  allow (B (A, B))
  allow (C (A, B, C))
}`;
  // A: P1; B: P1, P2; C: P1, P2 (no part has grade C).
  assert.equal(count(load('grades.coom', text)), 5n);
});

test('arithmetics: sums over instances, products of features, min and max', () => {
  const text = `product {
  0..3 Box boxes
  num 0-30 total
  num 0-100 area
  num 1-10 w
  num 1-10 h
}
structure Box { num 1-5 size }
behavior {
  require total = sum(boxes.size)
  require area = w * h
  require max(boxes.size) - min(boxes.size) <= 1
}`;
  const product = load('arith.coom', text);
  let expected = 0;
  for (let n = 0; n <= 3; n++)
    for (const sizes of combinations(Array.from({ length: n }, () => [1, 2, 3, 4, 5])))
      if (n === 0 || Math.max(...sizes) - Math.min(...sizes) <= 1) expected++;
  assert.equal(count(product), BigInt(expected * 100));
  const session = new Session(compile(product.model));
  assert.ok(session.assign('w', 7).ok);
  assert.ok(session.assign('h', 9).ok);
  assert.deepEqual(session.validDomains().find((d) => d.variable === 'area')?.possible, [63]);
});
