import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBuilder } from '@atelier/engine';
import { bomTotals, configurationOf, evaluateNum, evaluatePrice, evaluateText, explodeBom, priceBreakdown, routeOperations } from './evaluate.ts';
import { type BomLine, type NumExpr, bareProduct } from './product.ts';

const config = { n: 7, f: true, g: false, c: 'b', gone: null };

test('numeric expressions: every operator, absent variables and missing attributes count 0', () => {
  const cases: [NumExpr, number][] = [
    [{ op: 'num', value: 2.5 }, 2.5],
    [{ op: 'val', var: 'n' }, 7],
    [{ op: 'val', var: 'f' }, 1],
    [{ op: 'val', var: 'g' }, 0],
    [{ op: 'val', var: 'gone' }, 0],
    [{ op: 'val', var: 'never-declared' }, 0],
    [{ op: 'val', var: 'c' }, 0],
    [{ op: 'attr', var: 'c', table: { a: 1, b: 4 } }, 4],
    [{ op: 'attr', var: 'c', table: { a: 1 } }, 0],
    [{ op: 'attr', var: 'gone', table: { null: 9 } }, 0],
    [{ op: 'add', args: [{ op: 'num', value: 1 }, { op: 'val', var: 'n' }] }, 8],
    [{ op: 'sub', args: [{ op: 'num', value: 10 }, { op: 'num', value: 3 }, { op: 'num', value: 2 }] }, 5],
    [{ op: 'mul', args: [{ op: 'num', value: 1.5 }, { op: 'val', var: 'n' }] }, 10.5],
    [{ op: 'div', args: [{ op: 'val', var: 'n' }, { op: 'num', value: 2 }] }, 3.5],
    [{ op: 'div', args: [{ op: 'val', var: 'n' }, { op: 'num', value: 0 }] }, 0],
    [{ op: 'min', args: [{ op: 'val', var: 'n' }, { op: 'num', value: 3 }] }, 3],
    [{ op: 'max', args: [] }, 0],
    [{ op: 'ceil', arg: { op: 'mul', args: [{ op: 'num', value: 0.1 }, { op: 'num', value: 30 }] } }, 3],
    [{ op: 'floor', arg: { op: 'num', value: 2.9 } }, 2],
    [{ op: 'round', arg: { op: 'num', value: 2.5 } }, 3],
    [{ op: 'neg', arg: { op: 'val', var: 'n' } }, -7],
    [{ op: 'if', cond: { op: 'eq', var: 'f', value: true }, then: { op: 'num', value: 1 }, else: { op: 'num', value: 2 } }, 1],
    [{ op: 'count', args: [{ op: 'eq', var: 'f', value: true }, { op: 'eq', var: 'g', value: true }, { op: 'eq', var: 'c', value: 'b' }] }, 2],
  ];
  for (const [e, expected] of cases) assert.equal(evaluateNum(e, config), expected, JSON.stringify(e));
});

test('texts: literal, or the chosen value\'s attribute (empty when absent or missing)', () => {
  assert.equal(evaluateText({ op: 'text', value: 'P-1' }, config), 'P-1');
  assert.equal(evaluateText({ op: 'attrText', var: 'c', table: { b: 'FAB-B' } }, config), 'FAB-B');
  assert.equal(evaluateText({ op: 'attrText', var: 'c', table: { a: 'FAB-A' } }, config), '');
  assert.equal(evaluateText({ op: 'attrText', var: 'gone', table: {} }, config), '');
});

test('prices add up the terms that apply; personalisation fields count when filled in', () => {
  const p = bareProduct('x', 'X', new ModelBuilder().build());
  p.prices = [
    { amount: { op: 'num', value: 0.1 } },
    { label: 'Fabric', amount: { op: 'num', value: 0.2 } },
    { label: 'Only with g', amount: { op: 'num', value: 100 }, when: { op: 'eq', var: 'g', value: true } },
    { label: 'Nothing', amount: { op: 'num', value: 0 } },
  ];
  p.presentation.personalisation = [
    { id: 'mono', labels: { en: 'Monogram' }, maxLength: 3, allowed: 'A-Z', required: false, price: { op: 'num', value: 9 } },
    { id: 'free', maxLength: 3, allowed: 'A-Z', required: false },
  ];
  assert.equal(evaluatePrice(p, config), 0.3);
  assert.deepEqual(priceBreakdown(p, config, { mono: 'AB', free: 'X' }), [{ amount: 0.1 }, { label: 'Fabric', amount: 0.2 }, { label: 'Monogram', amount: 9 }]);
  assert.equal(evaluatePrice(p, config, { mono: '' }), 0.3);
});

test('bill of materials: conditions, zero quantities and empty part numbers drop a line; totals multiply down the tree', () => {
  const line = (partNumber: string, quantity: number, extra: Partial<BomLine> = {}): BomLine => ({
    kind: 'part',
    partNumber: { op: 'text', value: partNumber },
    quantity: { op: 'num', value: quantity },
    children: [],
    operations: [],
    ...extra,
  });
  const p = bareProduct('x', 'X', new ModelBuilder().build());
  p.bom = [
    line('FRAME', 2, {
      kind: 'assembly',
      children: [line('SCREW', 4), line('WASHER', 4, { when: { op: 'eq', var: 'g', value: true } })],
      operations: [{ name: 'Weld', workCentre: 'W1', minutes: { op: 'val', var: 'n' } }],
    }),
    line('SCREW', 1, { unit: 'pcs', label: 'Screw' }),
    line('NONE', 0),
    { ...line('', 1), partNumber: { op: 'attrText', var: 'c', table: { a: 'A' } } },
  ];
  p.operations = [
    { name: 'Pack', workCentre: 'P1', minutes: { op: 'num', value: 5 } },
    { name: 'Skip', workCentre: 'P1', minutes: { op: 'num', value: 5 }, when: { op: 'eq', var: 'g', value: true } },
  ];
  const items = explodeBom(p, config);
  assert.deepEqual(items.map((i) => [i.partNumber, i.quantity, i.unit, i.label]), [['FRAME', 2, undefined, undefined], ['SCREW', 1, 'pcs', 'Screw']]);
  assert.deepEqual(items[0].children.map((i) => i.partNumber), ['SCREW']);
  assert.deepEqual(items[0].operations, [{ name: 'Weld', workCentre: 'W1', minutes: 7 }]);
  assert.deepEqual(bomTotals(items), new Map([['FRAME', 2], ['SCREW', 9]]));
  assert.deepEqual(routeOperations(p, config), [{ name: 'Pack', workCentre: 'P1', minutes: 5 }]);
});

test('a configuration from a session\'s assignments', () => {
  assert.deepEqual(configurationOf([{ variable: 'a', value: 1 }, { variable: 'b', value: null }]), { a: 1, b: null });
});
