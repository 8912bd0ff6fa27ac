import { Command, CommanderError } from 'commander';
import { analyze } from './commands/analyze.ts';
import { configure } from './commands/configure.ts';
import { count } from './commands/count.ts';
import { demo } from './commands/demo.ts';
import { check } from './commands/check.ts';
import { exportModel } from './commands/export.ts';
import { importModel } from './commands/import.ts';
import { CliError, EXIT_INPUT } from './load-model.ts';

const program = new Command('atelier')
  .description(
    'Check, analyze, count and configure product models: Atelier .atl, UVL .uvl, COOM .coom, JSON product models, DIMACS .dimacs/.cnf, XCSP 2.1 .xml.',
  )
  .showHelpAfterError()
  .exitOverride();

program
  .command('analyze')
  .description('satisfiability, core and dead values (the values fixed in every configuration)')
  .argument('<file>', 'model file')
  .option('--json', 'print one JSON object')
  .option('-v, --verbose', 'list the core and dead values')
  .action(async (file: string, options: { json?: boolean; verbose?: boolean }) => {
    process.exitCode = await analyze(file, options);
  });

program
  .command('count')
  .description('exact number of configurations, or "unknown" when the time budget runs out')
  .argument('<file>', 'model file')
  .option('--timeout <seconds>', 'time budget', '60')
  .option('--json', 'print one JSON object')
  .action(async (file: string, options: { timeout: string; json?: boolean }) => {
    process.exitCode = await count(file, options);
  });

program
  .command('configure')
  .description('apply choices and print what every variable can still become; without --choose, a conversation on the terminal')
  .argument('<file>', 'model file')
  .option('--choose <choices>', "choices as 'name=value,...' (booleans: true/false, absent: - or none)")
  .option('--json', 'print one JSON object')
  .action(async (file: string, options: { choose?: string; json?: boolean }) => {
    process.exitCode = await configure(file, options);
  });

program
  .command('check')
  .description('every problem of a product model, as file:line:column (exit code 1 on errors)')
  .argument('<file>', 'product model (.atl, .uvl, .coom, .json)')
  .option('--json', 'print one JSON object')
  .action((file: string, options: { json?: boolean }) => {
    process.exitCode = check(file, options);
  });

program
  .command('export')
  .description('write a product model as UVL or as a JSON product model')
  .argument('<file>', 'product model')
  .requiredOption('--to <format>', 'uvl or json')
  .option('-o, --out <file>', 'write here instead of standard output')
  .action(async (file: string, options: { to: string; out?: string }) => {
    process.exitCode = await exportModel(file, options);
  });

program
  .command('import')
  .description('read a UVL or COOM model and store it as an Atelier product model (JSON)')
  .argument('<file>', 'model file (.uvl, .coom)')
  .option('-o, --out <file>', 'where to write (default: NAME.json here)')
  .action(async (file: string, options: { out?: string }) => {
    process.exitCode = await importModel(file, options);
  });

program
  .command('demo')
  .description('analyze and count a sample model (a PC shop configurator)')
  .action(async () => {
    process.exitCode = await demo();
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text); misuse shares the exit code of bad input.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_INPUT;
  } else if (error instanceof CliError) {
    console.error(`atelier: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`atelier: internal error: ${message}`);
    if (process.env.ATELIER_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  }
}
