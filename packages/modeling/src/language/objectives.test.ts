import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Session, compile } from '@atelier/engine';
import { problems, readClean } from './test-support.ts';

const BIKE = `product bike "Bike" {
  choice frame "Frame" {
    value alu "Aluminium" { grams 1800 price 300 }
    value carbon "Carbon" { grams 950 price 900 }
    value steel "Steel" { grams 2400 price 200 }
  }
  choice wheels "Wheels" {
    value basic "Basic" { grams 2000 price 100 }
    value light "Light" { grams 1500 price 400 }
  }
  flag rack "Rack" { price 40 }
  rule "Carbon frames take light wheels" : frame = carbon requires wheels = light
  maximize "Rack" rack
  minimize "Weight" frame.grams + wheels.grams
}`;

test('minimize and maximize become the model objectives, reached in the order written', () => {
  const product = readClean(BIKE);
  assert.deepEqual(
    product.model.objectives?.map((o) => [o.sense, o.label]),
    [
      ['maximize', 'Rack'],
      ['minimize', 'Weight'],
    ],
  );
  const session = new Session(compile(product.model));
  const best = session.complete({ kind: 'optimize' });
  assert.equal(best.optimal, true);
  assert.deepEqual(best.objectives, [1, 2450]);
  const value = (name: string): unknown => best.assignments.find((a) => a.variable === name)?.value;
  assert.deepEqual([value('frame'), value('wheels'), value('rack')], ['carbon', 'light', true]);

  // With steel chosen, the lightest remaining is steel + light wheels.
  session.assign('frame', 'steel');
  assert.deepEqual(session.complete({ kind: 'optimize' }).objectives, [1, 3900]);
});

test('an objective may not round and belongs to the product', () => {
  assert.deepEqual(
    problems(`product p "P" {
  number a "A" 1..5
  number b "B" 1..5
  minimize round(a * b / 2)
  component c "C" optional { flag f "F"  maximize f }
}`),
    [
      '4:12: error: objectives allow +, -, * and dividing by a constant such as 10; this uses round()',
      '5:42: error: "maximize" belongs to the product, not to component "c"',
    ],
  );
});
