import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '@atelier/engine';
import { configurationOf, evaluatePrice, explodeBom, formatDiagnostic } from '@atelier/modeling';
import { loadSource } from '../load-product.ts';
import { formatValue } from '../values.ts';

/** The sample catalogue ships with the repository, so the demo needs nothing else. */
const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'examples');

/**
 * What `npm start` shows until the shop's server exists: every product of the sample catalogue read,
 * checked and compiled, its options, the price of its default and of its cheapest configuration, and
 * the start of its bill of materials.
 */
export async function demo(): Promise<number> {
  const files = readdirSync(examples).filter((f) => f.endsWith('.atl')).sort();
  for (const name of files) {
    const file = join(examples, name);
    const { model, product, warnings } = await loadSource(file);
    if (!product) continue;
    for (const w of warnings) console.log(formatDiagnostic(w));
    const session = new Session(model);
    const domains = session.validDomains();
    const options = domains.reduce((n, d) => n + d.possible.length, 0);
    const money = (n: number): string => `${n.toFixed(2)} ${product.currency ?? ''}`.trim();
    const byDefault = session.complete({ kind: 'defaults' });
    const cheapest = session.complete({ kind: 'cheapest', timeoutMs: 5000 });
    const bom = explodeBom(product, configurationOf(byDefault.assignments));
    console.log(`\n${product.name} (${relative(process.cwd(), file)})`);
    console.log(`  ${domains.length} choices, ${options} options; a configuration from the defaults costs ${money(evaluatePrice(product, configurationOf(byDefault.assignments)))},`);
    console.log(`  the cheapest ${money(evaluatePrice(product, configurationOf(cheapest.assignments)))}${cheapest.optimal ? '' : ' (best found)'}`);
    const first = byDefault.assignments.slice(0, 4).map((a) => `${a.variable} = ${formatValue(a.value)}`);
    console.log(`  defaults: ${first.join(', ')}, …`);
    console.log(`  bill of materials: ${bom.slice(0, 3).map((b) => `${b.quantity} × ${b.partNumber}`).join(', ')}${bom.length > 3 ? ', …' : ''}`);
  }
  console.log('\nConfigure one yourself: npx atelier configure examples/pc.atl');
  return 0;
}
