import { Session } from '@atelier/engine';
import { CliError, EXIT_INPUT } from '../load-model.ts';
import { loadSource } from '../load-product.ts';
import { Progress } from '../progress.ts';

export interface CountOptions {
  timeout: string;
  json?: boolean;
}

export async function count(file: string, options: CountOptions): Promise<number> {
  const seconds = Number(options.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(`--timeout must be a positive number of seconds, got '${options.timeout}'`, EXIT_INPUT);
  }
  const { model } = await loadSource(file, { clauseProvenance: false });
  const session = new Session(model);
  const progress = new Progress('counting');
  progress.note(`up to ${seconds} s`);
  const result = session.count({ timeoutMs: seconds * 1000 });
  progress.finish();

  if (options.json) {
    // A count can exceed 2^53, so it travels as a decimal string.
    console.log(JSON.stringify({ file, count: result.count === null ? null : result.count.toString(), seconds: result.seconds }));
  } else {
    console.log(result.count === null ? 'unknown' : result.count.toString());
  }
  return 0;
}
