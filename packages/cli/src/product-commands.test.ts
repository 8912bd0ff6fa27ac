import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'atelier.mjs');
const pc = join(here, '..', '..', '..', 'examples', 'pc.atl');

function atelier(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('check passes the sample PC and reports every mistake of a broken model with its position', () => {
  const ok = atelier(['check', pc]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /0 errors/);

  const dir = mkdtempSync(join(tmpdir(), 'atelier-check-'));
  const broken = join(dir, 'broken.atl');
  writeFileSync(
    broken,
    ['product p "P" {', '  choice colour "Colour" { value red "Red" value blue "Blue" }', '  rule : color = red', '  rule : colour = green', '}', ''].join('\n'),
  );
  const run = atelier(['check', broken]);
  assert.equal(run.status, 1);
  assert.match(run.stdout, new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: error: .*color.*did you mean "colour"`));
  assert.match(run.stdout, /:4:\d+: error: .*green/);
  assert.match(run.stdout, /2 errors/);
});

test('configure converses on standard input: choices, a conflict with its explanation and repair, the price', () => {
  const run = atelier(['configure', pc], ['cpu.model=i5_13400', 'board=b650m', 'force board=b650m', 'price', 'quit', ''].join('\n'));
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /impossible: board = b650m\n {2}because of your choices: cpu\.model = i5_13400/);
  assert.match(run.stdout, /Sockets match: The processor must fit/);
  assert.match(run.stdout, /repair: retract cpu\.model = i5_13400/);
  assert.match(run.stdout, /board = b650m \(chosen\)/, 'force applied the repair and the choice');
  assert.match(run.stdout, /price \(open choices at their defaults\): \d+\.\d\d EUR/);
});

test('complete best follows the objectives of a COOM model', () => {
  const run = atelier(['configure', benchmarkPath('coom/bike/travel-bike-minimize.coom')], 'complete best\nquit\n');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /objectives \d+ \(optimal\)/);
});

test('configure --choose on a product prints the domains and the price', () => {
  const run = atelier(['configure', pc, '--choose', 'cpu.model=r5_7600', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { ok: boolean; price: { total: number } };
  assert.equal(out.ok, true);
  assert.ok(out.price.total > 0);
});

test('export to JSON and import back give the same configurations; UVL import and export round-trip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-export-'));
  const json = join(dir, 'pc.json');
  assert.equal(atelier(['export', pc, '--to', 'json', '--out', json]).status, 0);
  const a = atelier(['count', pc, '--json']);
  const b = atelier(['count', json, '--json']);
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(JSON.parse(b.stdout).count, JSON.parse(a.stdout).count);

  const uvl = benchmarkPath('uvl-models/berkeleydb.uvl');
  const imported = join(dir, 'berkeleydb.json');
  const run = atelier(['import', uvl, '--out', imported]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /berkeleydb\.uvl: \d+ variables/);
  assert.ok(JSON.parse(readFileSync(imported, 'utf8')).model.variables.length > 0);
  const back = join(dir, 'back.uvl');
  assert.equal(atelier(['export', imported, '--to', 'uvl', '--out', back]).status, 0);
  const countOf = (file: string): string => (JSON.parse(atelier(['count', file, '--json']).stdout) as { count: string }).count;
  assert.equal(countOf(back), countOf(uvl));
});

test('a product file with errors stops configure with the list of errors, exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bad-'));
  const bad = join(dir, 'bad.atl');
  writeFileSync(bad, 'product p "P" {\n  choice c { value a "A" \n');
  const run = atelier(['configure', bad, '--choose', '']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /bad\.atl:\d+:\d+: error:/);
  assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('the demo reads, checks, prices and explodes every product of the sample catalogue', () => {
  const run = atelier(['demo']);
  assert.equal(run.status, 0, run.stderr);
  for (const name of ['Build-to-order PC', 'Made-to-measure jeans', 'Modular sofa', 'Modular home', 'investment portfolio']) {
    assert.match(run.stdout, new RegExp(name));
  }
  assert.match(run.stdout, /a configuration from the defaults costs 937\.00 EUR/, 'the PC at its defaults');
  assert.doesNotMatch(run.stdout, /error:/);
});

test('check --json: every diagnostic with its position, exit code 1 on errors; a UVL model is checked too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-check-json-'));
  const broken = join(dir, 'broken.uvl');
  writeFileSync(broken, 'features\n\tCar\n\t\toptional\n\t\t\tEngine\nconstraints\n\tEngine => Wheels\n');
  const run = atelier(['check', broken, '--json']);
  assert.equal(run.status, 1);
  const out = JSON.parse(run.stdout) as { errors: number; warnings: number; diagnostics: { line: number; column: number; message: string }[] };
  assert.equal(out.errors, 1);
  assert.deepEqual(out.diagnostics.map((d) => [d.line, d.column, d.message]), [[6, 12, 'unknown feature "Wheels"']]);
  const clean = join(dir, 'clean.uvl');
  writeFileSync(clean, 'features\n\tCar\n\t\toptional\n\t\t\tEngine\n');
  assert.equal(atelier(['check', clean]).status, 0);
});

test('import FILE.uvl writes NAME.json in the current directory, which every command reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-import-'));
  const run = spawnSync(process.execPath, [bin, 'import', benchmarkPath('uvl-models/bike.uvl')], { encoding: 'utf8', cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /bike\.uvl: \d+ variables, \d+ constraints → bike\.json/);
  // The reader's warnings go to standard error.
  assert.match(run.stderr, /warning: Integer feature "Inch" has no bounds/);
  const stored = JSON.parse(readFileSync(join(dir, 'bike.json'), 'utf8')) as { features: Record<string, { attributes?: Record<string, unknown> }> };
  assert.deepEqual(stored.features.Brake.attributes, { Weight: 3 });
  const counted = atelier(['count', join(dir, 'bike.json'), '--json']);
  assert.equal(counted.status, 0, counted.stderr);
});

test('export --to uvl writes a catalogue product as UVL with the same configurations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-export-uvl-'));
  const jeans = join(here, '..', '..', '..', 'examples', 'jeans.atl');
  const out = join(dir, 'jeans.uvl');
  const run = atelier(['export', jeans, '--to', 'uvl', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(readFileSync(out, 'utf8'), /^namespace jeans\n\nfeatures\n/);
  const countOf = (file: string): string => (JSON.parse(atelier(['count', file, '--json']).stdout) as { count: string }).count;
  assert.equal(countOf(out), countOf(jeans));
  const wrong = atelier(['export', jeans, '--to', 'xml']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--to: expected uvl or json, got 'xml'/);
});
