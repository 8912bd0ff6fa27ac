import { Session } from '@atelier/engine';
import type { CompiledModel, Explanation, Repair, Value, VariableDomain } from '@atelier/engine';
import { CliError, EXIT_INPUT, loadModel } from '../load-model.ts';
import { findValue, formatValue } from '../values.ts';

export interface ConfigureOptions {
  choose?: string;
  json?: boolean;
}

/** Exit code when a choice cannot be made: the model and the arguments are fine, the request is not. */
const EXIT_IMPOSSIBLE = 1;

interface Choice {
  variable: string;
  value: Value;
}

export async function configure(file: string, options: ConfigureOptions): Promise<number> {
  const model = await loadModel(file);
  const choices = parseChoices(model, options.choose ?? '');
  const session = new Session(model);

  for (const choice of choices) {
    const outcome = session.assign(choice.variable, choice.value);
    if (!outcome.ok) {
      if (options.json) {
        console.log(JSON.stringify({ ok: false, impossible: choice, explanation: outcome.explanation, repair: outcome.repair }));
      } else {
        console.log(describeConflict(choice, outcome.explanation, outcome.repair));
      }
      return EXIT_IMPOSSIBLE;
    }
  }

  const domains = session.validDomains();
  if (options.json) {
    console.log(JSON.stringify({ ok: true, choices, domains }));
  } else {
    console.log(domains.map(describeDomain).join('\n'));
  }
  return 0;
}

/** `name=value,name=value`, split at the first `=` so that a value may itself contain one. */
function parseChoices(model: CompiledModel, text: string): Choice[] {
  const choices: Choice[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new CliError(`--choose: expected name=value, got '${part}'`, EXIT_INPUT);
    const name = part.slice(0, eq).trim();
    const index = model.byName.get(name);
    const variable = index === undefined ? undefined : model.variables[index];
    if (!variable || variable.hidden) throw new CliError(`--choose: no variable named '${name}'`, EXIT_INPUT);
    const found = findValue(variable, part.slice(eq + 1));
    if (!found) {
      const values = variable.values.map(formatValue).join(', ');
      throw new CliError(`--choose: '${part.slice(eq + 1).trim()}' is not a value of ${name} (values: ${values})`, EXIT_INPUT);
    }
    choices.push({ variable: name, value: found.value });
  }
  return choices;
}

function describeDomain(domain: VariableDomain): string {
  if (domain.chosen !== undefined) return `${domain.variable} = ${formatValue(domain.chosen)} (chosen)`;
  if (domain.forced !== undefined) return `${domain.variable} = ${formatValue(domain.forced)} (forced)`;
  const possible = domain.possible.map(formatValue).join(', ');
  const impossible = domain.impossible.length > 0 ? `  [impossible: ${domain.impossible.map(formatValue).join(', ')}]` : '';
  return `${domain.variable}: ${possible}${impossible}`;
}

function describeConflict(choice: Choice, explanation: Explanation, repair: Repair | null): string {
  const lines = [`impossible: ${choice.variable} = ${formatValue(choice.value)}`];
  if (explanation.kind === 'choices') {
    const blocking = explanation.choices.map((a) => `${a.variable} = ${formatValue(a.value)}`).join(', ');
    lines.push(`  because of your choices: ${blocking}`);
  } else if (explanation.kind === 'model') {
    lines.push('  the model itself excludes it, whatever else is chosen');
  }
  if (explanation.kind !== 'possible' && explanation.constraints.length > 0) {
    lines.push('  rules involved:');
    for (const c of explanation.constraints) lines.push(`    ${c.label}${c.explanation ? `: ${c.explanation}` : ''}`);
  }
  if (repair) {
    const retract = repair.retract.map((a) => `${a.variable} = ${formatValue(a.value)}`).join(', ');
    lines.push(`repair: retract ${retract}`);
  } else {
    lines.push('repair: none, no change of your choices makes it possible');
  }
  return lines.join('\n');
}
