import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { formatDiagnostic } from '@atelier/modeling';
import { loadSource } from '../load-product.ts';

export interface ImportOptions {
  out?: string;
}

/**
 * `atelier import FILE.uvl|FILE.coom`: reads a model from the variability community's formats, checks
 * that it compiles, and stores it as an Atelier product model (JSON) that every other command reads.
 */
export async function importModel(file: string, options: ImportOptions): Promise<number> {
  const { product, model, warnings } = await loadSource(file);
  const out = options.out ?? `${basename(file, extname(file))}.json`;
  for (const w of warnings) console.error(formatDiagnostic(w));
  writeFileSync(out, `${JSON.stringify(product, null, 2)}\n`);
  const visible = model.variables.filter((v) => !v.hidden).length;
  console.log(`${file}: ${visible} variables, ${model.constraints.length} constraints → ${out}`);
  return 0;
}
