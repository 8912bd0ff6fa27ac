import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeModel } from './backbone.ts';
import { parseDimacs } from '../io/dimacs.ts';
import { parseXcsp } from '../io/xcsp.ts';
import { benchmarkPath } from '../testing/benchmarks.ts';
import { compile } from '../model/compile.ts';
import { ModelBuilder } from '../model/builder.ts';
import { F } from '../model/formula.ts';

// Backbone sizes (core + dead features) from ../shared/benchmarks/RESULTS.md, identical from
// cadiback, minibones and a naive assumption loop.
const groundTruth: [string, number][] = [
  ['small/bank', 17],
  ['small/berkeleydb', 20],
  ['small/e-shop', 50],
  ['small/pc-richmond', 9],
  ['small/printer', 49],
  ['medium/busybox-1.18.0', 41],
  ['medium/ecos-i386pc', 36],
  ['medium/embtoolkit', 327],
  ['medium/financialservices01-2018-05-09', 22],
  ['medium/automotive01', 295],
  ['medium/freebsd-8.0.0', 42],
  ['medium/erp-system', 1],
  ['medium/busybox-1.18.0-berger2013', 3951],
  ['huge/linux-2.6.33.3', 456],
  ['huge/automotive02-v1', 1402],
  ['huge/linux-nieke2022-7c08c9ae0c', 2584],
  ['huge/freetz-berger2013', 14562],
  ['huge/buildroot-berger2013', 6995],
  ['huge/freebsd-icse11-berger2013', 41],
];

for (const [name, backbone] of groundTruth) {
  test(`backbone of ${name} is ${backbone}`, () => {
    const file = benchmarkPath(`fmb-dimacs/${name}.dimacs`);
    const model = parseDimacs(readFileSync(file, 'utf8'), file, { clauseConstraints: false });
    const analysis = analyzeModel(model);
    assert.equal(analysis.satisfiable, true);
    assert.equal(analysis.core.length + analysis.dead.length, backbone);
  });
}

test('renault medium has 5 dead values of 426 and big none of 1,273', () => {
  for (const [size, values, dead] of [
    ['medium', 426, 5],
    ['big', 1273, 0],
  ] as const) {
    const file = benchmarkPath(`renault-br4cp/${size}_domainsorted.xml`);
    const model = parseXcsp(readFileSync(file, 'utf8'), file);
    const visible = model.variables.filter((v) => !v.hidden);
    assert.equal(
      visible.reduce((n, v) => n + v.values.length, 0),
      values,
    );
    const analysis = analyzeModel(model);
    assert.equal(analysis.satisfiable, true);
    assert.equal(analysis.dead.length, dead);
  }
});

test('a void model, dead and core values, and a false-optional component are reported', () => {
  const b = new ModelBuilder();
  b.enum('frame', ['steel', 'carbon']);
  b.enum('rack', ['none', 'small'], { optional: { when: F.eq('frame', 'steel') } });
  b.bool('lights');
  b.constrain(F.implies(F.eq('frame', 'carbon'), F.eq('frame', 'steel')), 'steel only');
  b.constrain(F.present('rack'), 'rack always');
  const analysis = analyzeModel(compile(b));
  assert.equal(analysis.satisfiable, true);
  assert.deepEqual(analysis.dead.map((d) => `${d.variable}=${String(d.value)}`).sort(), ['frame=carbon', 'rack=null']);
  assert.deepEqual(analysis.core.map((d) => `${d.variable}=${String(d.value)}`), ['frame=steel']);
  assert.deepEqual(analysis.falseOptional, ['rack']);

  const v = new ModelBuilder();
  v.bool('a');
  v.constrain(F.is('a'), 'must');
  v.constrain(F.not(F.is('a')), 'must not');
  assert.equal(analyzeModel(compile(v)).satisfiable, false);
});
