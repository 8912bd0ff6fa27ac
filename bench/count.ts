/**
 * Workload (c): the exact number of configurations of Renault "medium", both ways the engine counts: a
 * session's count (from the model's solution space, compiled in the call) and the component-caching
 * counter on its own (what a session uses when the model has no solution space).
 */
import { Session } from '@atelier/engine';
import type { CountResult } from '@atelier/engine';
import type { WorkloadOptions } from './backbone.ts';
import { groundTruth, loadEngineModel, modelNamed } from './models.ts';
import { ratio, seconds } from './table.ts';
import type { Table } from './table.ts';

const MODEL = 'renault-medium';
const TIMEOUT_SECONDS = 300;

export function countWorkload(options: WorkloadOptions): Table {
  const table: Table = {
    title: 'Count: exact number of configurations',
    headers: ['model', 'how', 'count', 'truth', 'ours load s', 'ours count s', 'sharpSAT s (RESULTS.md)', '×', 'check'],
    rows: [],
    notes: [
      'solution space: Session.count, the time including compiling the decision diagram; counter: the same count with the solution space turned off (component decomposition and caching).',
      'sharpSAT time as recorded in RESULTS.md on the one-hot CNF (not rerun here; sharpSAT is not packaged).',
    ],
  };
  if (!options.selected(`count/${MODEL}`)) return table;

  options.log(`count ${MODEL}: engine`);
  const bench = modelNamed(MODEL);
  const truth = groundTruth().get(MODEL);
  const ways: [string, (loaded: ReturnType<typeof loadEngineModel>) => CountResult][] = [
    ['solution space', (loaded) => new Session(loaded.model).count({ timeoutMs: TIMEOUT_SECONDS * 1000 })],
    ['counter', (loaded) => new Session(loaded.model, { solutionSpace: false }).count({ timeoutMs: TIMEOUT_SECONDS * 1000 })],
  ];
  for (const [how, run] of ways) {
    // Loaded again for each: the first way's compiled diagram stays with its model.
    const loaded = loadEngineModel(bench.engineFile);
    const result = run(loaded);
    const count = result.count;

    let check = 'ok';
    if (count === null) check = `no answer within ${TIMEOUT_SECONDS} s`;
    else if (truth?.count === undefined) check = 'no ground truth';
    else if (count !== truth.count) {
      check = `MISMATCH ours=${count} truth=${truth.count}`;
      options.mismatches.push(`count ${MODEL} (${how}): ${check}`);
    }
    const reference = truth?.sharpSatSeconds;
    table.rows.push([
      MODEL,
      how,
      count === null ? 'unknown' : count.toString(),
      truth?.count?.toString() ?? '?',
      seconds(loaded.seconds),
      seconds(result.seconds),
      reference === undefined ? '-' : seconds(reference),
      reference === undefined || count === null ? '' : ratio(reference, result.seconds),
      check,
    ]);
  }
  return table;
}
