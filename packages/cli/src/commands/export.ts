import { writeFileSync } from 'node:fs';
import { writeUvl } from '@atelier/modeling';
import { CliError, EXIT_INPUT } from '../load-model.ts';
import { loadSource } from '../load-product.ts';

export interface ExportOptions {
  to: string;
  out?: string;
}

/**
 * `atelier export FILE --to uvl|json`: the product model in another format, on stdout or into --out.
 * JSON is the platform's own storage form (what `import` writes and every command reads back).
 */
export async function exportModel(file: string, options: ExportOptions): Promise<number> {
  const { product } = await loadSource(file);
  if (!product) throw new CliError(`${file}: export needs a product model (.atl, .uvl, .coom, .json)`, EXIT_INPUT);
  let text: string;
  if (options.to === 'json') text = `${JSON.stringify(product, null, 2)}\n`;
  else if (options.to === 'uvl') {
    try {
      text = writeUvl(product);
    } catch (error) {
      throw new CliError(`${file}: cannot be written as UVL: ${error instanceof Error ? error.message : String(error)}`, EXIT_INPUT);
    }
  } else throw new CliError(`--to: expected uvl or json, got '${options.to}'`, EXIT_INPUT);
  if (options.out) writeFileSync(options.out, text);
  else process.stdout.write(text);
  return 0;
}
