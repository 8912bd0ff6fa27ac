/**
 * Workload (a): full valid domains from scratch, i.e. the backbone of every model, by the engine and by
 * the references on the same problem.
 */
import { analyzeModel } from '@atelier/engine';
import { backboneModels, groundTruth, loadEngineModel, readCnfInfo } from './models.ts';
import type { BenchModel } from './models.ts';
import { claspBackbone } from './references/clasp.ts';
import { runLogicSolver } from './references/logic-solver.ts';
import { median, ratio, seconds } from './table.ts';
import type { Table } from './table.ts';

export interface WorkloadOptions {
  quick: boolean;
  /** Time cap for each reference run, in seconds. */
  capSeconds: number;
  selected: (key: string) => boolean;
  /** Collects every disagreement, so the run can end with them in plain sight. */
  mismatches: string[];
  /** Progress on stderr; a transient line may be overwritten by the next one. */
  log: (line: string, transient?: boolean) => void;
}

export async function backboneWorkload(options: WorkloadOptions): Promise<Table> {
  const truth = groundTruth();
  const models = backboneModels().filter(
    (m) =>
      (options.selected(`backbone/${m.name}`) || options.selected(`backbone/${m.group}/${m.name}`)) &&
      !(options.quick && (m.group === 'huge' || m.name === 'renault-big')),
  );
  const table: Table = {
    title: 'Backbone: all valid domains from scratch (core + dead values)',
    headers: ['model', 'vars', 'backbone', 'truth', 'ours load s', 'ours analysis s', 'ours total s', 'logic-solver s', '×', 'clasp c+b s', '×', 'first runs: ours / logic-solver s', '×', 'check'],
    rows: [],
    notes: [
      '× = reference time / our total time (above 1: the engine is faster). Totals include reading and compiling the file.',
      `Runs: each tool does the whole job from scratch (reading the file included) ${RUNS} times in a row when its first run takes under ${REPEAT_WITHIN} s, else once; the times are the median of its runs. The engine runs in the benchmark's process, one model after another; logic-solver in a child process per model, its runs in that process; clasp as a new process per run. "first runs" are the first run of each: the engine then still runs mostly unoptimized code (V8 optimizes it once it is hot; automotive01's analysis takes 4 solver calls, over before that).`,
      `logic-solver: npm logic-solver (MiniSat in JS), one solve per literal not yet seen both ways, capped at ${options.capSeconds} s.`,
      'clasp: Debian clasp 3.3.5, --enum-mode=cautious plus --enum-mode=brave, -n 0, wall clock of both processes.',
      'Renault: the engine reads the XCSP model; the references read the one-hot CNF, backbone restricted to its value variables.',
    ],
  };
  for (const model of models) table.rows.push(await measure(model, truth.get(model.name)?.backbone, options));
  return table;
}

/** Runs of each tool on a model whose first run is short (see the table's notes). */
const RUNS = 3;
const REPEAT_WITHIN = 1;

/** Whether another run is due after these, by the rule every tool follows. */
const another = (runs: readonly number[]): boolean => runs.length < RUNS && runs[0] < REPEAT_WITHIN;

async function measure(model: BenchModel, expected: number | undefined, options: WorkloadOptions): Promise<string[]> {
  options.log(`backbone ${model.name}: engine`);
  const engineRuns: { load: number; analysis: number }[] = [];
  let loaded: ReturnType<typeof loadEngineModel>;
  let analysis: ReturnType<typeof analyzeModel>;
  do {
    loaded = loadEngineModel(model.engineFile);
    const start = performance.now();
    analysis = analyzeModel(loaded.model, {
      onProgress: (done, total) => options.log(`backbone ${model.name}: engine ${done}/${total}`, true),
    });
    engineRuns.push({ load: loaded.seconds, analysis: (performance.now() - start) / 1000 });
  } while (another(engineRuns.map((r) => r.load + r.analysis)));
  const ourLoad = median(engineRuns.map((r) => r.load));
  const ourAnalysis = median(engineRuns.map((r) => r.analysis));
  const ourTotal = median(engineRuns.map((r) => r.load + r.analysis));
  const ourFirst = engineRuns[0].load + engineRuns[0].analysis;
  const ours = analysis.satisfiable ? analysis.core.length + analysis.dead.length : NaN;

  const cnf = readCnfInfo(model.cnfFile);
  options.log(`backbone ${model.name}: logic-solver`);
  const ls = await runLogicSolver({ kind: 'backbone', file: model.cnfFile, scope: cnf.scope, runs: RUNS, repeatWithin: REPEAT_WITHIN }, options.capSeconds);
  options.log(`backbone ${model.name}: clasp`);
  const claspRuns: number[] = [];
  let clasp: Awaited<ReturnType<typeof claspBackbone>>;
  do {
    clasp = await claspBackbone(model.cnfFile, cnf.scope, options.capSeconds);
    if (clasp.ok) claspRuns.push(clasp.result.cautiousSeconds + clasp.result.braveSeconds);
  } while (clasp.ok && another(claspRuns));

  const sizes: [string, number][] = [['ours', ours]];
  if (ls.ok) sizes.push(['logic-solver', ls.result.satisfiable ? ls.result.backbone : NaN]);
  if (clasp.ok) sizes.push(['clasp', clasp.result.satisfiable ? clasp.result.backbone : NaN]);
  const reference = expected ?? sizes.find(([who]) => who !== 'ours')?.[1];
  const wrong = sizes.filter(([, size]) => size !== reference);
  let check = expected === undefined ? 'no ground truth' : 'ok';
  if (wrong.length > 0) {
    check = `MISMATCH ${sizes.map(([who, size]) => `${who}=${size}`).join(' ')} truth=${expected ?? '?'}`;
    options.mismatches.push(`backbone ${model.name}: ${check}`);
  }

  const lsTimes = ls.ok ? ls.result.runs.map((r) => r.loadSeconds + r.seconds) : [];
  const lsTotal = ls.ok ? median(lsTimes) : NaN;
  const claspTotal = clasp.ok ? median(claspRuns) : NaN;
  const values = loaded.model.variables.filter((v) => !v.hidden).reduce((n, v) => n + v.values.length, 0);
  const vars = model.group === 'renault' ? `${analysis.variables} (${values} values)` : String(analysis.variables);
  return [
    model.name,
    vars,
    analysis.satisfiable ? String(ours) : 'UNSAT',
    expected === undefined ? '?' : String(expected),
    seconds(ourLoad),
    seconds(ourAnalysis),
    seconds(ourTotal),
    ls.ok ? seconds(lsTotal) : ls.reason,
    ls.ok ? ratio(lsTotal, ourTotal) : '',
    clasp.ok ? `${seconds(clasp.result.cautiousSeconds)} + ${seconds(clasp.result.braveSeconds)}${claspRuns.length > 1 ? ` (median ${seconds(claspTotal)})` : ''}` : clasp.reason,
    clasp.ok ? ratio(claspTotal, ourTotal) : '',
    `${seconds(ourFirst)} / ${ls.ok ? seconds(lsTimes[0]) : '-'}`,
    ls.ok ? ratio(lsTimes[0], ourFirst) : '',
    check,
  ];
}
