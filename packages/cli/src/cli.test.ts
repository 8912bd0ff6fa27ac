import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';

// The real command, as a user runs it: a separate process, its exit code, its two streams.
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'atelier.mjs');
const berkeleydb = benchmarkPath('fmb-dimacs/small/berkeleydb.dimacs');

function atelier(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('analyze --json reports berkeleydb satisfiable with a backbone of 20', () => {
  const run = atelier('analyze', berkeleydb, '--json');
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object');
  const result = JSON.parse(lines[0]) as { satisfiable: boolean; variables: number; core: number; dead: number; seconds: number };
  assert.equal(result.satisfiable, true);
  assert.equal(result.variables, 117);
  assert.equal(result.core + result.dead, 20);
  assert.equal(typeof result.seconds, 'number');
});

test('analyze --verbose lists the core and dead values', () => {
  const run = atelier('analyze', berkeleydb, '--verbose');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /satisfiable/);
  assert.match(run.stdout, /^ {2}SPL = true$/m);
});

test('count gives the 32 configurations of berkeleydb', () => {
  const run = atelier('count', berkeleydb, '--timeout', '30');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), '32');
});

test('configure applies possible choices and prints the domains', () => {
  const run = atelier('configure', berkeleydb, '--choose', 'Logging=true,LoggingFiner=true', '--json');
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { ok: boolean; domains: { variable: string; possible: unknown[]; chosen?: unknown }[] };
  assert.equal(result.ok, true);
  const finer = result.domains.find((d) => d.variable === 'LoggingFiner');
  assert.deepEqual(finer?.possible, [true]);
  assert.equal(finer?.chosen, true);
  // Logging's sub-feature LoggingBase is required once Logging is chosen.
  assert.deepEqual(result.domains.find((d) => d.variable === 'LoggingBase')?.possible, [true]);
});

test('configure refuses an impossible choice, explains it and proposes a repair', () => {
  const run = atelier('configure', berkeleydb, '--choose', 'Logging=false,LoggingFiner=true');
  assert.equal(run.status, 1);
  assert.match(run.stdout, /impossible: LoggingFiner = true/);
  assert.match(run.stdout, /because of your choices: Logging = false/);
  assert.match(run.stdout, /repair: retract Logging = false/);
});

test('configure rejects a value the variable does not have', () => {
  const run = atelier('configure', berkeleydb, '--choose', 'Logging=maybe');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /not a value of Logging/);
});

test('an unknown extension or an unreadable file is a clear error with exit code 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-cli-'));
  const odd = join(dir, 'model.txt');
  writeFileSync(odd, 'p cnf 1 1\n1 0\n');
  for (const args of [['analyze', odd], ['count', join(dir, 'missing.dimacs')]]) {
    const run = atelier(...args);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^atelier: /);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  }
});
