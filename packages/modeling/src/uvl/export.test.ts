import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { E, F, type Model, ModelBuilder, Session, compile } from '@atelier/engine';
import { formatDiagnostic } from '../diagnostics.ts';
import { readAtl } from '../language/index.ts';
import { type ProductModel, bareProduct } from '../product.ts';
import { UvlExportError, exportUvl, readUvl, writeUvl } from './index.ts';

function configurations(model: Model): bigint | null {
  return new Session(compile(model)).count().count;
}

/** Writes the model, reads it back, and returns the model read. */
function roundTrip(model: Model, id = 'kitchen', name = 'Kitchen'): { text: string; back: Model } {
  const text = writeUvl(bareProduct(id, name, model));
  const r = readUvl(text, 'written.uvl');
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), [], text);
  assert.ok(r.product);
  return { text, back: r.product.model };
}

test('a model from another source: booleans, integers and enumerations keep their configurations', () => {
  const b = new ModelBuilder();
  b.bool('wifi');
  b.int('seats', { min: 1, max: 5 });
  b.enum('color', ['red', 'green', 'blue.dark']);
  b.enum('trim', ['basic', 'lux'], { optional: {} });
  b.int('drawers', { values: [0, 2, 4] }, { optional: { when: F.is('wifi') } });
  b.constrain(F.implies(F.is('wifi'), F.cmp(E.val('seats'), '>=', E.num(3))), 'wifi needs 3 seats');
  b.constrain(F.implies(F.eq('color', 'red'), F.present('trim')), 'red has trim');
  b.constrain(F.atMost(1, F.is('wifi'), F.eq('color', 'green'), F.eq('trim', 'lux')), 'at most one extra');
  b.constrain(
    F.cmp(E.sum(E.attr('color', { red: 2, green: 3, 'blue.dark': 1 }), E.val('seats'), E.scale(2, E.attr('trim', { lux: 1.5 }))), '<=', E.num(7)),
    'budget',
  );
  b.table(['color', 'seats'], [['red', [1, 2]], ['blue.dark', '*']], 'forbidden', 'no small red');
  b.constrain(F.xor(F.is('wifi'), F.eq('trim', 'basic')), 'wifi or basic trim');
  const model = b.build();
  const { text, back } = roundTrip(model);
  assert.equal(configurations(back), configurations(model));
  assert.equal(configurations(model), 7n);
  // An enumeration is a feature with one alternative child per value; a made-up root holds them all.
  assert.match(text, /^namespace kitchen\n\nfeatures\n\tKitchen \{abstract\}\n\t\tmandatory\n\t\t\tInteger seats\n\t\t\tcolor \{abstract\}\n\t\t\t\talternative\n\t\t\t\t\t"color=red"/);
  assert.match(text, /\tsum\(w\d\) \+ seats <= 7\n/);
  assert.match(text, /\tseats >= 1 & seats <= 5\n/);
  assert.match(text, /\tdrawers => drawers >= 0 & drawers <= 4 & \(drawers == 0 \| drawers == 2 \| drawers == 4\)\n/);
});

test('names UVL cannot write bare are quoted, and read back as the same names', () => {
  const b = new ModelBuilder();
  for (const name of ['or', 'features', 'two words', 'a.b', 'Ölpumpe', 'x1']) b.bool(name);
  b.constrain(F.implies(F.is('or'), F.is('two words')), 'r1');
  b.constrain(F.or(F.is('a.b'), F.is('Ölpumpe'), F.is('features')), 'r2');
  const model = b.build();
  const { text, back } = roundTrip(model, 'p', 'p');
  assert.match(text, /\t\t\t"or"\n/);
  assert.match(text, /\t\t\ta\.b\n/);
  assert.deepEqual(back.variables.map((v) => v.name).sort(), ['a.b', 'features', 'or', 'p', 'two words', 'x1', 'Ölpumpe'].sort());
  assert.equal(configurations(back), configurations(model));
});

test('a model whose root is always selected keeps it as the UVL root', () => {
  const text = 'features\n\tCar\n\t\tmandatory\n\t\t\tEngine\n\t\toptional\n\t\t\tRoof\n';
  const r = readUvl(text, 'car.uvl');
  assert.ok(r.product);
  assert.equal(writeUvl(r.product), text);
});

test('what UVL cannot say is listed, rule by rule; writeUvl refuses it', () => {
  const b = new ModelBuilder();
  b.int('a', { min: 0, max: 3 });
  b.int('b', { min: 0, max: 3 });
  b.bool('maybe', { optional: {} });
  b.constrain(F.cmp(E.max(E.val('a'), E.val('b')), '<=', E.num(2)), 'max of two');
  const product = bareProduct('p', 'P', b.build());
  const out = exportUvl(product);
  assert.deepEqual(out.problems, [
    'variable "maybe": a boolean that may be absent at will has no UVL form',
    'rule "max of two": UVL cannot express max(...)',
  ]);
  assert.throws(() => writeUvl(product), (e: unknown) => e instanceof UvlExportError && e.problems.length === 2);
});

test('a repeated component that is not a UVL feature cardinality is reported', () => {
  const b = new ModelBuilder();
  b.bool('Rack');
  b.repeat('Rack', 1, 3, (ib, prefix) => {
    ib.enum(`${prefix}.size`, ['S', 'L']);
  });
  const out = exportUvl(bareProduct('p', 'P', b.build()));
  assert.deepEqual(out.problems, [
    'repeated component "Rack": its instance count is not a UVL feature cardinality',
    'variable "Rack[1].size": only boolean features can lie below a feature cardinality',
  ]);
});

test('a feature cardinality is written back with its subtree and per-instance attributes', () => {
  const text = [
    'features',
    '\tCar',
    '\t\tmandatory',
    '\t\t\tWheel cardinality [2..4] {kg 9}',
    '\t\t\t\toptional',
    '\t\t\t\t\tSpare {kg 1}',
    'constraints',
    '\tsum(kg) <= 30',
    '',
  ].join('\n');
  const r = readUvl(text, 'car.uvl');
  assert.ok(r.product);
  const { text: written, back } = roundTrip(r.product.model, 'Car', 'Car');
  assert.equal(
    written,
    'features\n\tCar\n\t\tmandatory\n\t\t\tWheel cardinality [2..4] {w1 9}\n\t\t\t\toptional\n\t\t\t\t\tSpare {w1 1}\n\nconstraints\n\tsum(w1) <= 30\n',
  );
  assert.equal(configurations(back), configurations(r.product.model));
});

/** Reads UVL text that must have no errors. */
function readOk(text: string, file = 'model.uvl'): ProductModel {
  const r = readUvl(text, file);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), [], text);
  assert.ok(r.product);
  return r.product;
}

test('attributes, types and abstract markers are written back as the model states them', () => {
  const text = [
    'features',
    '\tShop {abstract, version 2}',
    '\t\tmandatory',
    '\t\t\tReal Weight {unit \'kg\', hidden}',
    '\t\t\tBoolean Gift {tags [\'a\', 1, true], nested {depth 2, "two words" -0.5, flag}}',
    '\t\t\tString Note',
    '\t\t\tInteger Stock',
    '\t\toptional',
    '\t\t\tBox {Price 12, Volume 3.5, "Display Name" \'Big box\'}',
    '\t\t\tBag {Price 3}',
    '\t\t\tCrate cardinality [1..3] {Price 20}',
    '\t\t\t\toptional',
    '\t\t\t\t\tLid {Price 4}',
    '',
    'constraints',
    '\tsum(Price) <= 60',
    '\tWeight <= 30 & Stock <= 9',
    '',
  ].join('\n');
  const first = readOk(text);
  assert.deepEqual(first.features?.Box, { attributes: { Price: 12, Volume: 3.5, 'Display Name': 'Big box' } });
  assert.deepEqual(first.features?.Weight, { type: 'Real', attributes: { unit: 'kg', hidden: null } });
  assert.deepEqual(first.features?.Gift, { type: 'Boolean', attributes: { tags: ['a', 1, true], nested: { depth: 2, 'two words': -0.5, flag: null } } });
  assert.deepEqual(first.features?.Shop, { abstract: true, attributes: { version: 2 } });
  assert.deepEqual(first.features?.Lid, { attributes: { Price: 4 } });
  const written = writeUvl(first);
  assert.match(written, /\n\tShop \{abstract, version 2\}\n/);
  assert.match(written, /\n\t\t\tReal Weight \{unit 'kg', hidden\}\n/);
  assert.match(written, /\n\t\t\tBoolean Gift \{tags \['a', 1, true\], nested \{depth 2, "two words" -0\.5, flag\}\}\n/);
  assert.match(written, /\n\t\t\tBox \{Price 12, Volume 3\.5, "Display Name" 'Big box'\}\n/);
  assert.match(written, /\n\t\t\tCrate cardinality \[1\.\.3\] \{Price 20\}\n\t\t\t\toptional\n\t\t\t\t\tLid \{Price 4\}\n/);
  // The aggregate keeps its attribute: no made-up one is needed.
  assert.match(written, /\n\tsum\(Price\) <= 60\n/);
  assert.doesNotMatch(written, /\bw\d\b/);
  const second = readOk(written, 'written.uvl');
  assert.deepEqual(second.features, first.features);
  assert.equal(configurations(second.model), configurations(first.model));
  assert.equal(writeUvl(second), written);
});

test('scaled, scoped and averaged aggregates are recognised; other weights get an attribute of their own', () => {
  const text = [
    'features',
    '\tKit',
    '\t\toptional',
    '\t\t\tTools {Cost 5}',
    '\t\t\t\toptional',
    '\t\t\t\t\tHammer {Cost 4, w1 7}',
    '\t\t\t\t\tSaw {Cost 6}',
    '\t\t\tPaint {Cost 3}',
    '\t\t\tBrush {Cost 0}',
    '',
    'constraints',
    '\t2 * sum(Cost) <= 30',
    '\tsum(Tools, Cost) >= 10 | Paint',
    '\tavg(Cost) <= 4',
    '\tavg(Tools, Cost) > 4.5 | !Tools',
    '\tHammer.w1 + Saw.Cost <= 12',
    '',
  ].join('\n');
  const first = readOk(text);
  const written = writeUvl(first);
  const constraints = written.slice(written.indexOf('constraints'));
  assert.match(constraints, /\n\t2 \* sum\(Cost\) <= 30\n/);
  assert.match(constraints, /\n\tsum\(Tools, Cost\) >= 10 \| Paint\n/);
  assert.match(constraints, /\n\tavg\(Cost\) <= 4\n/);
  assert.match(constraints, /\n\tavg\(Tools, Cost\) > 4\.5 \| !Tools\n/);
  // Weights no attribute carries: a made-up attribute, named apart from the model's own `w1`.
  assert.match(constraints, /\n\tsum\(w2\) <= 12\n/);
  assert.match(written, /\n\t\t\t\t\tHammer \{Cost 4, w1 7, w2 7\}\n\t\t\t\t\tSaw \{Cost 6, w2 6\}\n/);
  const second = readOk(written, 'written.uvl');
  assert.deepEqual(second.features?.Hammer?.attributes, { Cost: 4, w1: 7, w2: 7 });
  assert.equal(configurations(second.model), configurations(first.model));
});

/** A rack of up to three instances written as a UVL feature cardinality, plus what a test adds. */
function rackProblems(extra: (b: ModelBuilder) => void, inner?: (ib: ModelBuilder, prefix: string, i: number) => void): string[] {
  const b = new ModelBuilder();
  b.bool('Rack');
  b.repeat('Rack', 0, 3, (ib, prefix, i) => {
    ib.bool(`${prefix}.Shelf`);
    ib.bool(`${prefix}.Door`);
    inner?.(ib, prefix, i);
  });
  b.constrain(F.iff(F.is('Rack'), F.in('Rack.count', [1, 2, 3])), 'rack cardinality');
  extra(b);
  return exportUvl(bareProduct('p', 'P', b.build())).problems;
}

test('what a feature cardinality cannot say is listed: numbers per instance, rules about one instance, instances that differ', () => {
  assert.deepEqual(rackProblems(() => {}), []);
  assert.deepEqual(
    rackProblems((b) => b.constrain(F.cmp(E.attr('Rack', { true: 3 }), '<=', E.num(2)), 'counts once')),
    ['rule "counts once": UVL cannot express a number that counts "Rack" once, although it has a feature cardinality'],
  );
  assert.deepEqual(
    rackProblems((b) => b.constrain(F.cmp(E.sum(E.attr('Rack[1].Shelf', { true: 1 }), E.attr('Rack[2].Shelf', { true: 2 })), '<=', E.num(2)), 'uneven')),
    ['rule "uneven": UVL cannot express a number that differs between instances of "Rack"'],
  );
  assert.deepEqual(rackProblems((b) => b.constrain(F.is('Rack[2].Door'), 'second door')), ['rule "second door": UVL cannot express a rule about one instance ("Rack[2].Door")']);
  assert.deepEqual(
    rackProblems(
      () => {},
      (ib, prefix, i) => {
        if (i === 2) ib.constrain(F.implies(F.is(`${prefix}.Door`), F.is(`${prefix}.Shelf`)), 'door needs shelf');
      },
    ),
    ['repeated component "Rack": its instances differ, which UVL cannot express'],
  );
  assert.deepEqual(
    rackProblems(
      () => {},
      (ib, prefix) => ib.constrain(F.implies(F.is(`${prefix}.Door`), F.not(F.is(`${prefix}.Shelf`))), 'door or shelf'),
    ),
    ['repeated component "Rack": rule "door or shelf" inside its instances has no UVL form'],
  );
});

test('a count over many conditions that are not feature selections is listed', () => {
  const b = new ModelBuilder();
  for (let i = 0; i < 12; i++) b.int(`n${i}`, { min: 0, max: 3 });
  b.constrain(F.atMost(3, ...Array.from({ length: 12 }, (_, i) => F.cmp(E.val(`n${i}`), '>=', E.num(2)))), 'few large');
  assert.deepEqual(exportUvl(bareProduct('p', 'P', b.build())).problems, ['rule "few large": UVL cannot express a count over 12 conditions that are not feature selections']);
  // A few of them are spelled out instead.
  const small = new ModelBuilder();
  for (let i = 0; i < 3; i++) small.int(`n${i}`, { min: 0, max: 3 });
  small.constrain(F.atMost(1, ...Array.from({ length: 3 }, (_, i) => F.cmp(E.val(`n${i}`), '>=', E.num(2)))), 'one large');
  const model = small.build();
  const { back } = roundTrip(model);
  assert.equal(configurations(back), configurations(model));
});

test('every product of the sample catalogue can be written as UVL; the portfolio reads back with its configurations', () => {
  const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
  const readFile = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  for (const name of ['pc', 'jeans', 'sofa', 'home', 'portfolio']) {
    const file = `${examples}${name}.atl`;
    const r = readAtl(readFileSync(file, 'utf8'), file, { readFile });
    assert.ok(r.product, name);
    const out = exportUvl(r.product);
    assert.deepEqual(out.problems, [], name);
    if (name === 'portfolio') {
      const back = readUvl(out.text, 'portfolio.uvl');
      assert.ok(back.product);
      assert.equal(configurations(back.product.model), 157_312_400n);
    }
  }
});
