import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseXcsp, readXcsp } from './xcsp.ts';
import { ParseError } from './parse-error.ts';
import { compile, compileWithStats } from '../model/compile.ts';
import { assertExact } from '../testing/brute-force.ts';
import { benchmarkPath } from '../testing/benchmarks.ts';
import { countModels } from '../count/counter.ts';
import { Solver } from '../sat/solver.ts';

const small = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a hand-written instance -->
<instance>
 <presentation name="small" format="XCSP 2.1"/>
 <domains nbDomains="3">
  <domain name="D0" nbValues="4">0..3</domain>
  <domain name="Dopt" nbValues="3" optional="-1">-1 0 1</domain>
  <domain name="D2" nbValues="3">1 5 7</domain>
 </domains>
 <variables nbVariables="4">
  <variable name="x" domain="D0"/>
  <variable name="y" domain="Dopt"/>
  <variable name="z" domain="D2"/>
  <variable name="w" domain="D0"/>
 </variables>
 <relations nbRelations="2">
  <relation name="R1" arity="2" nbTuples="5" semantics="supports">0 -1|1 0| 2 1 |3 -1|9 0</relation>
  <relation name="R2" arity="2" nbTuples="2" semantics="conflicts">1 5|-1 7</relation>
 </relations>
 <constraints nbConstraints="3">
  <constraint name="c1" arity="2" scope="x y" reference="R1"/>
  <constraint name="c2" arity="2" scope="w z" reference="R2"/>
  <constraint name="c3" arity="2" scope="y z" reference="R2"/>
 </constraints>
</instance>
`;

test('small instance: joker as absent, ranges, supports, conflicts, out-of-domain tuples', () => {
  const model = readXcsp(small, 'small.xml');
  const y = model.variables.find((v) => v.name === 'y')!;
  assert.deepEqual(y.values, [0, 1]);
  assert.deepEqual(y.optional, {});
  assert.deepEqual(model.variables[0].values, [0, 1, 2, 3]);
  assert.deepEqual(model.constraints[0], {
    label: 'c1',
    source: { file: 'small.xml', line: 21, column: 3 },
    kind: 'table',
    table: { vars: ['x', 'y'], tuples: [[0, null], [1, 0], [2, 1], [3, null]], kind: 'allowed' },
  });
  const compiled = compile(model);
  // x fixes y; (w,z) avoids (1,5); (y,z) avoids (1,5) and (absent,7). Per x = 0, 3, 1, 2:
  const n = assertExact(model, compiled);
  assert.equal(n, 7 + 7 + 11 + 8);
  assert.equal(parseXcsp(small, 'small.xml').variables.length, 4);
});

function parseError(text: string, message: string): void {
  assert.throws(
    () => readXcsp(text, 'bad.xml'),
    (e: unknown) => {
      assert.ok(e instanceof ParseError, String(e));
      assert.equal(e.message, message);
      return true;
    },
  );
}

test('malformed input: errors with file:line:column', () => {
  parseError(small.replace('2 1 |', '2 x |'), 'bad.xml:17:79: relation R1: "x" is not an integer');
  parseError(small.replace('1 0|', '1 0 1|'), 'bad.xml:17:72: relation R1: tuple has 3 values, arity is 2');
  parseError(small.replace('domain="D2"', 'domain="D9"'), 'bad.xml:13:3: variable z: unknown domain D9');
  parseError(small.replace('scope="w z"', 'scope="w q"'), 'bad.xml:22:3: constraint c2: unknown variable q');
  parseError(small.replace('scope="w z"', 'scope="w z x"'), 'bad.xml:22:3: constraint c2: scope has 3 variables, relation R2 has arity 2');
  parseError(small.replace('reference="R2"/>\n  <constraint name="c3"', 'reference="P1"/>\n  <constraint name="c3"'), 'bad.xml:22:3: constraint c2: reference P1 is not declared');
  parseError(small.replace('</relations>', ''), 'bad.xml:25:1: expected </relations> (opened at line 16), found </instance>');
  parseError(small.replace('nbValues="4">0..3', 'nbValues="5">0..3'), 'bad.xml:6:3: domain D0 lists 4 values but nbValues="5"');
  parseError(small.replace('semantics="conflicts"', 'semantics="weird"'), 'bad.xml:18:3: relation R2: semantics "weird" is not supported (supports or conflicts)');
  parseError(small.replace('<variable name="x" domain="D0"/>', '<variable name="x" domain="D0"'), 'bad.xml:12:3: expected a name');
  parseError(small.replace('</instance>\n', ''), 'bad.xml:3:1: <instance> is never closed');
  parseError(
    small.replace('<relations nbRelations="2">', '<predicates><predicate name="P1"/></predicates><relations nbRelations="2">').replace('reference="R2"/>\n  <constraint name="c3"', 'reference="P1"/>\n  <constraint name="c3"'),
    'bad.xml:22:3: constraint c2: reference P1 is not a relation (only extensional constraints are supported)',
  );
});

function soldConfigurationsHold(name: string, compiled: ReturnType<typeof compile>): number {
  // Every car sold (partial configurations over some variables) must be satisfiable.
  const s = new Solver();
  while (s.numVars < compiled.cnf.numVars) s.newVar();
  for (const c of compiled.cnf.clauses) s.addClause(c);
  const lines = readFileSync(benchmarkPath(`renault-br4cp/config_${name}_filtered.txt`), 'utf8').trim().split('\n');
  const header = lines[0].trim().split(/\s+/);
  let sat = 0;
  for (const line of lines.slice(1)) {
    const vals = line.trim().split(/\s+/).map(Number);
    const assumptions = header.map((v, i) => {
      const cv = compiled.variables[compiled.byName.get(v)!];
      return cv.lits[cv.values.indexOf(vals[i] === -1 ? null : vals[i])];
    });
    if (s.solve(assumptions) === 'sat') sat++;
  }
  assert.equal(sat, lines.length - 1);
  return sat;
}

for (const [name, count, cnfVars] of [
  ['medium', 278_744n, 9_958],
  // toulbar2's published count, 24,566,537,954,855,758,069,760, is a double: it is one unit in the last place
  // below the double nearest this exact count.
  ['big', 24_566_537_954_855_761_920_000n, 227_262],
] as const) {
  const file = benchmarkPath(`renault-br4cp/${name}_domainsorted.xml`);
  test(`renault ${name}: parse, compile, count, sold configurations`, { skip: !existsSync(file) }, (t) => {
    const text = readFileSync(file, 'utf8');
    const t0 = performance.now();
    const model = readXcsp(text, file);
    const t1 = performance.now();
    const { model: compiled, stats } = compileWithStats(model);
    t.diagnostic(
      `${name}: ${stats.productVariables} variables, ${stats.cnfVariables} CNF vars (${stats.auxiliaryVariables} auxiliary), ` +
        `${stats.clauses} clauses, ${stats.mddNodes} MDD nodes; parse ${(t1 - t0).toFixed(0)} ms, compile ${stats.milliseconds.toFixed(0)} ms`,
    );
    assert.ok(stats.cnfVariables < cnfVars / 4, 'much smaller than one selector per tuple');
    const r = countModels(compiled.cnf, { timeoutMs: 60_000 });
    assert.equal(r.count, count);
    t.diagnostic(`${name}: ${soldConfigurationsHold(name, compiled)} sold configurations satisfiable`);
  });
}
