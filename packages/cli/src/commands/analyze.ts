import { analyzeModel } from '@atelier/engine';
import { loadSource } from '../load-product.ts';
import { Progress } from '../progress.ts';
import { formatValue } from '../values.ts';

export interface AnalyzeOptions {
  json?: boolean;
  verbose?: boolean;
}

export async function analyze(file: string, options: AnalyzeOptions): Promise<number> {
  const { model } = await loadSource(file, { clauseProvenance: false });
  const progress = new Progress('analyzing');
  const result = analyzeModel(model, { onProgress: (done, total) => progress.update(done, total) });
  progress.finish();
  const variables = result.variables;

  if (options.json) {
    const summary = {
      file,
      satisfiable: result.satisfiable,
      variables,
      core: result.core.length,
      dead: result.dead.length,
      seconds: result.seconds,
      ...(options.verbose ? { coreValues: result.core, deadValues: result.dead } : {}),
    };
    console.log(JSON.stringify(summary));
    return 0;
  }

  const lines = [
    `${file}: ${result.satisfiable ? 'satisfiable' : 'UNSATISFIABLE (no valid configuration)'}`,
    `variables:   ${variables}`,
    `core values: ${result.core.length} (taken in every configuration)`,
    `dead values: ${result.dead.length} (taken in none)`,
    `time:        ${result.seconds.toFixed(3)} s`,
  ];
  if (options.verbose) {
    lines.push('core:', ...result.core.map((a) => `  ${a.variable} = ${formatValue(a.value)}`));
    lines.push('dead:', ...result.dead.map((a) => `  ${a.variable} = ${formatValue(a.value)}`));
  }
  console.log(lines.join('\n'));
  return 0;
}
