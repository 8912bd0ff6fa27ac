import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Session, compileWithStats } from '@atelier/engine';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { UVL_BENCHMARKS } from './benchmark-files.ts';
import { readUvl } from './index.ts';

/** Features behind the engine variables: instance copies `N[i].x` count once, instance counts not at all. */
function featureCount(names: readonly string[]): number {
  return new Set(names.filter((n) => !n.endsWith('.count')).map((n) => n.replace(/^.*\[\d+\]\./, ''))).size;
}

for (const { file, features } of UVL_BENCHMARKS) {
  test(`${file} imports without errors, compiles and configures`, (t) => {
    const t0 = performance.now();
    const text = readFileSync(benchmarkPath(file), 'utf8');
    const read = readUvl(text, file);
    const t1 = performance.now();
    const errors = read.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    assert.deepEqual(errors, []);
    assert.ok(read.product);
    assert.equal(featureCount(read.product.model.variables.map((v) => v.name)), features);

    const { model, stats } = compileWithStats(read.product.model);
    const t2 = performance.now();
    const session = new Session(model);
    const domains = session.validDomains();
    const t3 = performance.now();
    const open = domains.find((d) => d.possible.length > 1);
    assert.ok(open, 'some feature is still open');
    const value = open.possible[open.possible.length - 1];
    assert.deepEqual(session.assign(open.variable, value), { ok: true });
    assert.equal(session.validDomains().find((d) => d.variable === open.variable)?.forced, value);
    const t4 = performance.now();
    t.diagnostic(
      `${features} features, ${stats.cnfVariables} CNF variables, ${stats.clauses} clauses; read ${(t1 - t0).toFixed(0)} ms, compile ${(t2 - t1).toFixed(0)} ms, valid domains ${(t3 - t2).toFixed(0)} ms, assign ${(t4 - t3).toFixed(0)} ms`,
    );
  });
}
