// The studio's checks in the browser against the server's, which stay the authority at upload: the
// same diagnostics for the sample models and for many broken variants of them, and the same
// configurator definition as the storefront is served for every published product.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sourceOf, sampleCatalogueDir } from '@atelier/server/catalog/seed.ts';
import { backends, clientWithRole, startServer, type Client, type TestServer } from '@atelier/server/testing/harness.ts';
import { analyseModel, defineProduct, diagnoseSource, type Diagnostic } from '@atelier/modeling';
import type { ProductDefinition } from '../api/types.ts';
import type { ModelSource } from '../engine/protocol.ts';

const SAMPLES = ['pc.atl', 'jeans.atl', 'sofa.atl', 'home.atl', 'portfolio.atl'];

function sample(file: string): ModelSource {
  const found = sourceOf(sampleCatalogueDir, file);
  assert.ok(found, file);
  return found.source;
}

/** A copy of `source` with `from` replaced by `to` in one file (which must contain it). */
function edit(source: ModelSource, file: string, from: string | RegExp, to: string): ModelSource {
  const text = source.files[file];
  assert.ok(text !== undefined && (typeof from === 'string' ? text.includes(from) : from.test(text)), `${file} has ${String(from)}`);
  return { ...source, files: { ...source.files, [file]: text.replace(from, to) } };
}

/** Deterministic, so a failure is the same on every run. */
function* lines(seed: number, count: number, max: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x % max;
  }
}

function variants(): { name: string; source: ModelSource }[] {
  const pc = sample('pc.atl');
  const jeans = sample('jeans.atl');
  const out = [
    ...SAMPLES.map((file) => ({ name: file, source: sample(file) })),
    { name: 'misspelt name', source: edit(pc, 'pc.atl', 'module.ram = board.ram', 'module.ram = bord.ram') },
    { name: 'misspelt attribute in the imported file', source: edit(pc, 'parts/cpus.atl', /socket AM5 watts 65/, 'sockt AM5 watts 65') },
    { name: 'syntax error', source: edit(jeans, 'jeans.atl', 'choice fit "Fit" {', 'choice fit "Fit" {{') },
    { name: 'unterminated string', source: edit(jeans, 'jeans.atl', 'value slim "Slim"', 'value slim "Slim') },
    { name: 'foreign operator', source: edit(pc, 'pc.atl', 'module.ram = board.ram', 'module.ram = board.ram && true') },
    { name: 'import missing', source: { ...pc, files: { 'pc.atl': pc.files['pc.atl'] } } },
    { name: 'main file missing', source: { main: 'nothing.atl', files: pc.files } },
    { name: 'not a model file', source: { main: 'notes.txt', files: { 'notes.txt': 'hello' } } },
    { name: 'void model', source: edit(jeans, 'jeans.atl', '  choice fit "Fit" {', '  rule : fit = slim\n  rule : fit = relaxed\n  choice fit "Fit" {') },
    { name: 'dead value', source: edit(jeans, 'jeans.atl', '  choice fit "Fit" {', '  rule "No slim" : fit != slim\n  choice fit "Fit" {') },
    { name: 'a new value', source: edit(jeans, 'jeans.atl', '    default regular\n', '    value bootcut "Bootcut" { price 7 }\n    default regular\n') },
    { name: 'UVL', source: { main: 'bike.uvl', files: { 'bike.uvl': 'features\n  Bike\n    mandatory\n      Frame\n    optional\n      Light\nconstraints\n  Light => Frame\n' } } },
    { name: 'UVL with a mistake', source: { main: 'bike.uvl', files: { 'bike.uvl': 'features\n  Bike\n    mandatory\n      Frame\nconstraints\n  Lite => Frame\n' } } },
  ];
  // Lines deleted here and there: whatever the reader's recovery makes of it, both sides agree.
  for (const file of ['pc.atl', 'jeans.atl']) {
    const source = sample(file);
    const text = source.files[file].split('\n');
    for (const at of lines(file.length, 12, text.length)) {
      out.push({ name: `${file} without line ${at + 1}`, source: { ...source, files: { ...source.files, [file]: text.filter((_, i) => i !== at).join('\n') } } });
    }
  }
  return out;
}

const [pglite] = (await backends()).filter((b) => b.name === 'pglite');

describe('the studio’s checks agree with the server’s', { timeout: 240_000 }, () => {
  let server: TestServer;
  let staff: Client;
  before(async () => {
    server = await startServer(pglite);
    staff = await clientWithRole(server, 'staff');
  });
  after(() => server?.close());

  test('the same diagnostics as POST /api/catalog/check, for the samples and broken variants of them', async () => {
    const cases = variants();
    let withErrors = 0;
    for (const { name, source } of cases) {
      const served = await staff.post<{ diagnostics: Diagnostic[] }>('/api/catalog/check', source);
      assert.equal(served.status, 200, `${name}: ${JSON.stringify(served.body)}`);
      const mine = diagnoseSource(source);
      assert.deepEqual(mine.diagnostics, served.body.diagnostics, name);
      const failing = mine.diagnostics.some((d) => d.severity === 'error');
      if (failing) withErrors++;
      assert.equal(mine.product === null, failing, `${name}: a product exactly when there is no error`);
      assert.equal(diagnoseSource(source, false).model === null, failing && !/void model|dead value/.test(name), `${name}: compiles unless it cannot be read`);
    }
    assert.ok(withErrors >= 12, `enough of the variants are broken (${withErrors} of ${cases.length})`);
    const hinted = diagnoseSource(cases.find((c) => c.name === 'misspelt name')?.source ?? sample('pc.atl')).diagnostics;
    assert.deepEqual(hinted.map((d) => [d.file, d.line, d.column, d.hint]), [['pc.atl', 65, 61, 'did you mean "board"?']]);
  });

  test('the same configurator definition as GET /api/products/:id for every published sample', async () => {
    for (const file of SAMPLES) {
      const { product, model } = diagnoseSource(sample(file));
      assert.ok(product && model, file);
      const served = await staff.get<ProductDefinition>(`/api/products/${product.id}?lang=en`);
      assert.equal(served.status, 200, file);
      assert.deepEqual(defineProduct(product.id, served.body.version, product, model), served.body, file);
    }
  });

  test('the same analysis as the server’s for a saved version, when counting finishes in time', async () => {
    for (const file of ['pc.atl', 'jeans.atl']) {
      const model = diagnoseSource(sample(file), false).model;
      assert.ok(model, file);
      const id = file.replace('.atl', '');
      const [version] = (await staff.get<{ version: number }[]>(`/api/products/${id}/versions`)).body;
      const served = await staff.get<Record<string, unknown>>(`/api/products/${id}/versions/${version.version}/analysis?timeout=60`);
      const { seconds: _served, ...theirs } = served.body;
      const { seconds: _mine, ...mine } = analyseModel(model, 60_000);
      assert.deepEqual(mine, theirs, file);
      assert.match(String(mine.configurations), /^[1-9][0-9]*$/);
    }
  });
});
