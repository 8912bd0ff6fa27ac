/**
 * Workload (b): a customer's session. Random decisions (seeded), each among the values currently offered
 * as possible, with all valid domains recomputed after each one; logic-solver replays the same decisions.
 */
import { Session, solutionSpaceOf } from '@atelier/engine';
import type { CompiledModel, Value, VariableDomain } from '@atelier/engine';
import type { WorkloadOptions } from './backbone.ts';
import { loadEngineModel, modelNamed, readCnfInfo } from './models.ts';
import type { CnfInfo } from './models.ts';
import { runLogicSolver } from './references/logic-solver.ts';
import { millis, percentile, ratio } from './table.ts';
import type { Table } from './table.ts';
import { prng } from '@atelier/engine/testing/prng.ts';

const MODELS = ['linux-2.6.33.3', 'pc-richmond', 'renault-medium'];
const DECISIONS = 20;
const SEED = 20240601;
/** A replay is a backbone per decision, so it gets several backbone caps; past that, the steps done count. */
const INTERACTIVE_CAP_FACTOR = 3;


function warmUp(model: CompiledModel, random: () => number): void {
  const session = new Session(model);
  let domains = session.validDomains();
  for (let k = 0; k < DECISIONS; k++) {
    const open = domains.filter((d) => d.chosen === undefined && d.possible.length > 1);
    if (open.length === 0) break;
    const domain = open[Math.floor(random() * open.length)];
    session.assign(domain.variable, domain.possible[Math.floor(random() * domain.possible.length)]);
    domains = session.validDomains();
  }
}

interface Decision {
  variable: string;
  value: Value;
}

export async function interactiveWorkload(options: WorkloadOptions): Promise<Table> {
  const names = MODELS.filter((m) => options.selected(`interactive/${m}`) && !(options.quick && m.startsWith('linux')));
  const table: Table = {
    title: `Interactive: ${DECISIONS} random decisions (seed ${SEED}), valid domains recomputed after each`,
    headers: ['model', 'decisions', 'solution space', 'ours first ms', 'ours p50 ms', 'ours p95 ms', 'logic-solver p50 ms', 'p95 ms', '× p50', 'check'],
    rows: [],
    notes: [
      'solution space = the decision diagram the sessions of a model share (nodes, and the time to compile it, once per model, before the warm-up); "none": over its budget, the sessions search with the solver.',
      'first = the valid domains before any decision; per decision = assign + all valid domains.',
      'Measured after one unmeasured warm-up sequence (seed + 1) in a separate session.',
      `Fewer than ${DECISIONS} decisions: every variable was decided (chosen or forced) before that.`,
      'logic-solver replays the same decisions as assumptions and recomputes the naive backbone after each;',
      '"k/n in cap": the replay hit its cap (3 × the backbone cap) and its percentiles cover the first k decisions only.',
    ],
  };
  for (const name of names) table.rows.push(await measure(name, options));
  return table;
}

async function measure(name: string, options: WorkloadOptions): Promise<string[]> {
  const bench = modelNamed(name);
  const { model } = loadEngineModel(bench.engineFile);
  const compiling = performance.now();
  const space = solutionSpaceOf(model);
  const spaceCell = space ? `${space.nodes} nodes, ${millis(performance.now() - compiling)} ms` : `none (${millis(performance.now() - compiling)} ms)`;
  // A server runs warm: one unmeasured sequence (another seed, another session) first, so the
  // percentiles are steady-state latencies rather than the JIT compiling the solver.
  warmUp(model, prng(SEED + 1));
  const session = new Session(model);
  const random = prng(SEED);
  options.log(`interactive ${name}: engine`);
  let start = performance.now();
  let domains = session.validDomains();
  const firstMs = performance.now() - start;

  const decisions: Decision[] = [];
  const stepMs: number[] = [];
  const ourBackbones: number[] = [];
  const problems: string[] = [];
  for (let k = 0; k < DECISIONS; k++) {
    const open = domains.filter((d) => d.chosen === undefined && d.possible.length > 1);
    if (open.length === 0) break;
    const domain = open[Math.floor(random() * open.length)];
    const value = domain.possible[Math.floor(random() * domain.possible.length)];
    start = performance.now();
    const outcome = session.assign(domain.variable, value);
    domains = session.validDomains();
    stepMs.push(performance.now() - start);
    if (!outcome.ok) problems.push(`${domain.variable}=${String(value)} was offered but refused`);
    decisions.push({ variable: domain.variable, value });
    ourBackbones.push(backboneSize(model, domains));
    options.log(`interactive ${name}: engine decision ${k + 1}`, true);
  }

  const cnf = readCnfInfo(bench.cnfFile);
  const lits = decisions.map((d) => cnfLiteral(model, cnf, d, bench.engineFile === bench.cnfFile));
  let lsP50 = NaN;
  let lsP95 = NaN;
  let lsCell = '';
  let lsNote = '';
  if (lits.some((l) => l === undefined)) {
    lsCell = 'no CNF literal for a decision';
  } else {
    options.log(`interactive ${name}: logic-solver`);
    const ls = await runLogicSolver(
      { kind: 'interactive', file: bench.cnfFile, scope: cnf.scope, decisions: lits as number[] },
      options.capSeconds * INTERACTIVE_CAP_FACTOR,
    );
    if (ls.ok) {
      if (!ls.result.complete) lsNote = ` (${ls.result.stepMs.length}/${lits.length} in cap)`;
      lsP50 = percentile(ls.result.stepMs, 50);
      lsP95 = percentile(ls.result.stepMs, 95);
      // A replay stopped by the cap is checked on the steps it finished.
      const differing = ls.result.backbones.findIndex((b, i) => b !== ourBackbones[i]);
      if (differing >= 0) {
        problems.push(`after decision ${differing + 1}: ours=${ourBackbones[differing]} logic-solver=${ls.result.backbones[differing]}`);
      }
    } else {
      lsCell = ls.reason;
    }
  }

  const check = problems.length === 0 ? 'ok' : `MISMATCH ${problems.join('; ')}`;
  if (problems.length > 0) options.mismatches.push(`interactive ${name}: ${check}`);
  const p50 = percentile(stepMs, 50);
  return [
    name,
    String(decisions.length),
    spaceCell,
    millis(firstMs),
    millis(p50),
    millis(percentile(stepMs, 95)),
    lsCell || `${millis(lsP50)}${lsNote}`,
    lsCell ? '' : millis(lsP95),
    lsCell ? '' : ratio(lsP50, p50),
    check,
  ];
}

/** Backbone literals over the product's values, counted the way a CNF backbone counts them. */
function backboneSize(model: CompiledModel, domains: VariableDomain[]): number {
  let size = 0;
  for (const d of domains) {
    const variable = model.variables[model.byName.get(d.variable) as number];
    if (variable.kind === 'bool') size += d.possible.length === 1 ? 1 : 0;
    else size += d.possible.length === 1 ? variable.values.length : d.impossible.length;
  }
  return size;
}

/**
 * The decision as a literal of the reference's CNF. A DIMACS model is that very file, so the engine's
 * literal is the file's; the one-hot Renault CNF names its value variables `c 3 v0=2` (-1: absent).
 */
function cnfLiteral(model: CompiledModel, cnf: CnfInfo, decision: Decision, sameFile: boolean): number | undefined {
  const variable = model.variables[model.byName.get(decision.variable) as number];
  if (sameFile) return variable.lits[variable.values.indexOf(decision.value)];
  return cnf.names.get(`${decision.variable}=${decision.value === null ? -1 : String(decision.value)}`);
}
