/** Workload (c): the exact number of configurations of Renault "medium" with the engine's counter. */
import { Session } from '@atelier/engine';
import type { WorkloadOptions } from './backbone.ts';
import { groundTruth, loadEngineModel, modelNamed } from './models.ts';
import { ratio, seconds } from './table.ts';
import type { Table } from './table.ts';

const MODEL = 'renault-medium';
const TIMEOUT_SECONDS = 300;

export function countWorkload(options: WorkloadOptions): Table {
  const table: Table = {
    title: 'Count: exact number of configurations',
    headers: ['model', 'count', 'truth', 'ours load s', 'ours count s', 'sharpSAT s (RESULTS.md)', '×', 'check'],
    rows: [],
    notes: ['sharpSAT time as recorded in RESULTS.md on the one-hot CNF (not rerun here; sharpSAT is not packaged).'],
  };
  if (!options.selected(`count/${MODEL}`)) return table;

  options.log(`count ${MODEL}: engine`);
  const bench = modelNamed(MODEL);
  const truth = groundTruth().get(MODEL);
  const loaded = loadEngineModel(bench.engineFile);
  const result = new Session(loaded.model).count({ timeoutMs: TIMEOUT_SECONDS * 1000 });
  const count = result.count;

  let check = 'ok';
  if (count === null) check = `no answer within ${TIMEOUT_SECONDS} s`;
  else if (truth?.count === undefined) check = 'no ground truth';
  else if (count !== truth.count) {
    check = `MISMATCH ours=${count} truth=${truth.count}`;
    options.mismatches.push(`count ${MODEL}: ${check}`);
  }
  const reference = truth?.sharpSatSeconds;
  table.rows.push([
    MODEL,
    count === null ? 'unknown' : count.toString(),
    truth?.count?.toString() ?? '?',
    seconds(loaded.seconds),
    seconds(result.seconds),
    reference === undefined ? '-' : seconds(reference),
    reference === undefined || count === null ? '' : ratio(reference, result.seconds),
    check,
  ]);
  return table;
}
