import { existsSync } from 'node:fs';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';
import { CliError, EXIT_INPUT } from '../load-model.ts';
import { analyze } from './analyze.ts';
import { count } from './count.ts';

/** A real shop configurator (PC Richmond: processors, boards, memory...) from the shared benchmark models. */
const SAMPLE = 'fmb-dimacs/small/pc-richmond.dimacs';

/** What `npm start` shows until there is a shop to start: the command line at work on a sample model. */
export async function demo(): Promise<number> {
  const file = benchmarkPath(SAMPLE);
  if (!existsSync(file)) {
    throw new CliError(`sample model not found at ${file} (set ATELIER_BENCHMARKS to the benchmarks folder)`, EXIT_INPUT);
  }
  console.log(`$ atelier analyze ${SAMPLE}`);
  await analyze(file, {});
  console.log(`\n$ atelier count ${SAMPLE}`);
  return count(file, { timeout: '60' });
}
