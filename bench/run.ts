/**
 * `npm run bench [-- --only NAME ...] [--quick] [--cap SECONDS] [--server-cpu-prof]`: the engine against
 * logic-solver and clasp on the shared benchmark models, then the shop server under HTTP load, then
 * the storefront in Chromium. `--only` keeps the rows whose `workload/model` contains NAME (e.g.
 * `--only linux`, `--only huge`, `--only count`, `--only server`, `--only server/postgres`, `--only web`,
 * `--only web/home`); `--quick` leaves out the huge models and Renault "big" and shortens the server runs; `--server-cpu-prof` profiles the server process (bench/out/profiles).
 * Not a test: it reports times and checks answers, and exits non-zero only when an answer is wrong.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backboneWorkload } from './backbone.ts';
import { countWorkload } from './count.ts';
import { interactiveWorkload } from './interactive.ts';
import { claspAvailable } from './references/clasp.ts';
import { serverWorkload } from './server.ts';
import type { ServerBenchOptions } from './server.ts';
import { renderMarkdown, renderText } from './table.ts';
import type { Table } from './table.ts';
import { webUnavailable, webWorkload } from './web.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    cap: { type: 'string' },
    'server-cpu-prof': { type: 'boolean', default: false },
  },
});

const only = values.only?.flatMap((o) => o.split(',')).filter((o) => o !== '') ?? [];
const quick = values.quick ?? false;
const capSeconds = Number(values.cap ?? (quick ? 10 : 60));
const tty = Boolean(process.stderr.isTTY);
let transientShown = false;
let lastTransient = 0;

const options: ServerBenchOptions = {
  quick,
  capSeconds,
  selected: (key) => only.length === 0 || only.some((o) => key.includes(o)),
  mismatches: [],
  ...(values['server-cpu-prof'] ? { cpuProfileDir: join(dirname(fileURLToPath(import.meta.url)), 'out', 'profiles') } : {}),
  log: (line, transient = false) => {
    if (transient) {
      // Without a terminal to rewrite a line in, progress is thinned to one line every few seconds.
      const now = performance.now();
      if (now - lastTransient < (tty ? 100 : 5000)) return;
      lastTransient = now;
    }
    if (tty) {
      process.stderr.write(`\r\x1b[K${line}`);
      transientShown = true;
    } else {
      process.stderr.write(`${line}\n`);
    }
  },
};

function clearProgress(): void {
  if (transientShown) process.stderr.write('\r\x1b[K');
  transientShown = false;
}

const started = new Date();
const tables: Table[] = [];
const workloads: ((o: ServerBenchOptions) => Table | Promise<Table>)[] = [backboneWorkload, interactiveWorkload, countWorkload, serverWorkload, webWorkload];
/** Workloads selected but not run on this machine, with the reason (said in the summary, not only in the progress). */
const skipped: string[] = [];
const webSkip = webUnavailable();
if (webSkip && ['web/pc', 'web/home'].some((key) => options.selected(key))) skipped.push(`web: ${webSkip}`);
for (const workload of workloads) {
  const table = await workload(options);
  clearProgress();
  if (table.rows.length === 0) continue;
  tables.push(table);
  console.log(`\n${renderText(table)}`);
}

const environment = [
  `Node ${process.version}, ${process.platform}/${process.arch}`,
  `clasp ${claspAvailable() ? 'installed' : 'not installed'}`,
  quick ? 'quick run' : 'full run',
  only.length > 0 ? `only: ${only.join(', ')}` : 'all models',
  ...skipped.map((s) => `skipped ${s}`),
].join('; ');
console.log(`\n${environment}`);
if (tables.length === 0 && skipped.length === 0) {
  console.log(`nothing matched --only ${only.join(', ')} (keys look like backbone/huge/linux-2.6.33.3, interactive/pc-richmond, count/renault-medium, server/postgres, web/home)`);
}
if (options.mismatches.length > 0) {
  console.log('\n!!!!!!!! MISMATCH: answers disagree with the ground truth or a reference !!!!!!!!');
  for (const m of options.mismatches) console.log(`!!! ${m}`);
  process.exitCode = 1;
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'out', 'latest.md');
mkdirSync(dirname(out), { recursive: true });
const markdown = [
  `# Benchmark ${started.toISOString()}`,
  '',
  environment,
  '',
  ...tables.flatMap((t) => [renderMarkdown(t), '']),
  ...(options.mismatches.length > 0 ? ['## MISMATCH', '', ...options.mismatches.map((m) => `- ${m}`), ''] : []),
].join('\n');
writeFileSync(out, markdown);
console.log(`\nwritten to ${out}`);
