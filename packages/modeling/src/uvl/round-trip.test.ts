import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type CompiledModel, Session, analyzeModel, compile } from '@atelier/engine';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import type { ProductModel } from '../product.ts';
import { SMALL_UVL_BENCHMARKS, UVL_BENCHMARKS } from './benchmark-files.ts';
import { readUvl, writeUvl } from './index.ts';

function read(text: string, file: string): ProductModel {
  const r = readUvl(text, file);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), []);
  assert.ok(r.product);
  return r.product;
}

/** Core and dead values by variable name and value. */
function backbone(model: CompiledModel): { core: string[]; dead: string[] } {
  const a = analyzeModel(model);
  const key = (v: { variable: string; value: unknown }): string => `${v.variable}=${String(v.value)}`;
  return { core: a.core.map(key).sort(), dead: a.dead.map(key).sort() };
}

const small = new Set(SMALL_UVL_BENCHMARKS);

for (const { file } of UVL_BENCHMARKS) {
  const counted = small.has(file);
  test(`${file}: reading back the written UVL keeps the attributes, types, backbone${counted ? ' and the count' : ''}`, (t) => {
    const first = read(readFileSync(benchmarkPath(file), 'utf8'), file);
    const t0 = performance.now();
    const text = writeUvl(first);
    const t1 = performance.now();
    const second = read(text, `${file} (written)`);
    // Siblings may come in another order: mandatory ones are written first.
    const signature = (p: ProductModel): string[] => p.model.variables.map((v) => JSON.stringify([v.name, v.kind, v.values, v.optional ?? null])).sort();
    assert.deepEqual(signature(second), signature(first));
    // Attribute names and values, types as written and abstract markers, feature by feature.
    assert.deepEqual(second.features ?? {}, first.features ?? {});
    const [a, b] = [compile(first.model), compile(second.model)];
    assert.deepEqual(backbone(b), backbone(a));
    if (counted) assert.equal(new Session(b).count().count, new Session(a).count().count);
    // Writing again gives the same text: the tree is recognised as it was written.
    assert.equal(writeUvl(second), text);
    t.diagnostic(`written in ${(t1 - t0).toFixed(0)} ms, ${text.length} characters`);
  });
}
