import { extname } from 'node:path';
import { checkFile, checkProduct, formatDiagnostic, sortDiagnostics, type Diagnostic } from '@atelier/modeling';
import { productFormats, readProduct, readTextFile } from '../load-product.ts';
import { CliError, EXIT_INPUT } from '../load-model.ts';

export interface CheckOptions {
  json?: boolean;
}

/** Exit code when the model has errors. */
const EXIT_ERRORS = 1;

/**
 * `atelier check FILE`: every problem in one pass, each as file:line:column. Reading problems first;
 * on a model that reads cleanly, the solver's checks (void model, dead values, false-optional).
 */
export function check(file: string, options: CheckOptions): number {
  const ext = extname(file).toLowerCase();
  if (!productFormats.includes(ext)) {
    throw new CliError(`${file}: check reads product models (${productFormats.join(', ')}); use analyze for DIMACS and XCSP`, EXIT_INPUT);
  }
  let diagnostics: Diagnostic[];
  if (ext === '.atl') {
    diagnostics = checkFile(file, readTextFile);
  } else {
    const { product, diagnostics: read } = readProduct(file);
    const readErrors = read.some((d) => d.severity === 'error');
    diagnostics = sortDiagnostics([...read, ...(product && !readErrors ? checkProduct(product) : [])]);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (options.json) {
    console.log(JSON.stringify({ file, errors, warnings, diagnostics }));
  } else {
    for (const d of diagnostics) console.log(formatDiagnostic(d));
    console.log(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return errors > 0 ? EXIT_ERRORS : 0;
}
