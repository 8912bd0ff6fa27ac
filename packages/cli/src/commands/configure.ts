import { createInterface } from 'node:readline';
import { Session } from '@atelier/engine';
import type { CompiledModel, Explanation, Repair, Value, VariableDomain } from '@atelier/engine';
import { configurationOf, explodeBom, priceBreakdown, type ProductModel } from '@atelier/modeling';
import { CliError, EXIT_INPUT } from '../load-model.ts';
import { loadSource } from '../load-product.ts';
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

/**
 * `atelier configure FILE --choose 'a=1,b=2'` applies the choices and prints the valid domains (and the
 * price, for a product). Without --choose it is a conversation on the terminal: see `help`.
 */
export async function configure(file: string, options: ConfigureOptions): Promise<number> {
  const { model, product } = await loadSource(file);
  const session = new Session(model);
  if (options.choose === undefined && !options.json) return converse(session, model, product);

  const choices = parseChoices(model, options.choose ?? '');
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
  const price = product ? priceOfCompletion(session, product) : undefined;
  if (options.json) {
    console.log(JSON.stringify({ ok: true, choices, domains, ...(price ? { price } : {}) }));
  } else {
    console.log(domains.map(describeDomain).join('\n'));
    if (price) console.log(formatPrice(price, product));
  }
  return 0;
}

/** `name=value,name=value`, split at the first `=` so that a value may itself contain one. */
function parseChoices(model: CompiledModel, text: string): Choice[] {
  return text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => parseChoice(model, part, '--choose: '));
}

function parseChoice(model: CompiledModel, part: string, context: string): Choice {
  const eq = part.indexOf('=');
  if (eq < 0) throw new CliError(`${context}expected name=value, got '${part.trim()}'`, EXIT_INPUT);
  const name = part.slice(0, eq).trim();
  const index = model.byName.get(name);
  const variable = index === undefined ? undefined : model.variables[index];
  if (!variable || variable.hidden) throw new CliError(`${context}no variable named '${name}'`, EXIT_INPUT);
  const found = findValue(variable, part.slice(eq + 1));
  if (!found) {
    const values = variable.values.map(formatValue).join(', ');
    throw new CliError(`${context}'${part.slice(eq + 1).trim()}' is not a value of ${name} (values: ${values})`, EXIT_INPUT);
  }
  return { variable: name, value: found.value };
}

interface PriceSummary {
  /** True when every variable is decided; otherwise the price of the default completion. */
  final: boolean;
  total: number;
  lines: { label: string; amount: number }[];
}

/** The price of the configuration as it stands, completed with defaults where choices are open. */
function priceOfCompletion(session: Session, product: ProductModel): PriceSummary {
  const completion = session.complete({ kind: 'defaults' });
  const config = configurationOf(completion.assignments);
  const lines = priceBreakdown(product, config).map((l) => ({ label: l.label ?? 'price', amount: l.amount }));
  const final = completion.assignments.every((a) => a.by !== 'default');
  return { final, total: lines.reduce((s, l) => s + l.amount, 0), lines };
}

function formatPrice(price: PriceSummary, product: ProductModel | undefined): string {
  const currency = product?.currency ?? '';
  const amount = (n: number): string => `${n.toFixed(2)}${currency ? ` ${currency}` : ''}`;
  const head = `price${price.final ? '' : ' (open choices at their defaults)'}: ${amount(price.total)}`;
  return [head, ...price.lines.map((l) => `  ${l.label}: ${amount(l.amount)}`)].join('\n');
}

function describeDomain(domain: VariableDomain): string {
  if (domain.chosen !== undefined) return `${domain.variable} = ${formatValue(domain.chosen)} (chosen)`;
  if (domain.forced !== undefined) return `${domain.variable} = ${formatValue(domain.forced)} (forced)`;
  const possible = domain.possible.map(formatValue).join(', ');
  const impossible = domain.impossible.length > 0 ? `  [impossible: ${domain.impossible.map(formatValue).join(', ')}]` : '';
  return `${domain.variable}: ${possible}${impossible}`;
}

function describeExplanation(explanation: Explanation): string[] {
  const lines: string[] = [];
  if (explanation.kind === 'choices') {
    const blocking = explanation.choices.map((a) => `${a.variable} = ${formatValue(a.value)}`).join(', ');
    lines.push(`  because of your choices: ${blocking}`);
  } else if (explanation.kind === 'model') {
    lines.push('  the model itself excludes it, whatever else is chosen');
  } else {
    lines.push('  it is possible');
  }
  if (explanation.kind !== 'possible' && explanation.constraints.length > 0) {
    lines.push('  rules involved:');
    for (const c of explanation.constraints) lines.push(`    ${c.label}${c.explanation ? `: ${c.explanation}` : ''}`);
  }
  return lines;
}

function describeRepair(repair: Repair | null): string {
  if (!repair) return 'repair: none, no change of your choices makes it possible';
  const retract = repair.retract.map((a) => `${a.variable} = ${formatValue(a.value)}`).join(', ');
  return `repair: retract ${retract}`;
}

function describeConflict(choice: Choice, explanation: Explanation, repair: Repair | null): string {
  return [`impossible: ${choice.variable} = ${formatValue(choice.value)}`, ...describeExplanation(explanation), describeRepair(repair)].join('\n');
}

const HELP = `commands:
  NAME=VALUE          choose a value (an impossible one is explained, with its repair)
  force NAME=VALUE    apply the repair, then choose
  -NAME               retract your choice
  why NAME=VALUE      why a value is unavailable
  complete [cheapest|best]  fill the open choices: defaults, the cheapest, or the model's objectives
  show | price | bom | count | reset | help | quit`;

/** The terminal conversation: one command per line, from a person or a pipe. */
async function converse(session: Session, model: CompiledModel, product: ProductModel | undefined): Promise<number> {
  const say = (text: string): void => console.log(text);
  const show = (): void => {
    say(session.validDomains().map(describeDomain).join('\n'));
    if (product) say(formatPrice(priceOfCompletion(session, product), product));
  };
  say(`${product?.name ?? 'model'}: ${model.variables.filter((v) => !v.hidden).length} variables. Type "help" for commands.`);
  show();
  const input = createInterface({ input: process.stdin, terminal: Boolean(process.stdin.isTTY), prompt: '> ' });
  input.prompt();
  for await (const raw of input) {
    const line = raw.trim();
    try {
      if (line === 'quit' || line === 'exit') break;
      if (line === '' || line === 'help') say(HELP);
      else if (line === 'show') show();
      else if (line === 'reset') {
        session.reset();
        show();
      } else if (line === 'price') {
        if (product) say(formatPrice(priceOfCompletion(session, product), product));
        else say('this model has no prices');
      } else if (line === 'bom') {
        if (!product) say('this model has no bill of materials');
        else {
          const config = configurationOf(session.complete({ kind: 'defaults' }).assignments);
          for (const item of explodeBom(product, config)) say(`  ${item.quantity} × ${item.partNumber}${item.label ? ` (${item.label})` : ''}`);
        }
      } else if (line === 'count') {
        const { count } = session.count({ timeoutMs: 10_000 });
        say(`configurations: ${count === null ? 'unknown (time budget ran out)' : count.toString()}`);
      } else if (line.startsWith('complete')) {
        const how = line.includes('cheapest') ? 'cheapest' : line.includes('best') ? 'optimize' : 'defaults';
        const completion = session.complete(how === 'defaults' ? { kind: how } : { kind: how, timeoutMs: 5000 });
        for (const a of completion.assignments) if (a.by !== 'user') say(`  ${a.variable} = ${formatValue(a.value)} (${a.by})`);
        const proof = completion.optimal ? ' (optimal)' : ' (best found in the time budget)';
        if (how === 'cheapest') say(`  cost ${completion.cost}${proof}`);
        if (how === 'optimize') say(`  objectives ${(completion.objectives ?? []).join(', ')}${proof}`);
      } else if (line.startsWith('-')) {
        session.retract(line.slice(1).trim());
        show();
      } else if (line.startsWith('why ')) {
        const c = parseChoice(model, line.slice(4), '');
        say(describeExplanation(session.explain(c.variable, c.value)).join('\n'));
      } else if (line.startsWith('force ')) {
        const c = parseChoice(model, line.slice(6), '');
        const repair = session.repair(c.variable, c.value);
        if (!repair) say(describeRepair(null));
        else {
          session.applyRepair(repair);
          show();
        }
      } else {
        const c = parseChoice(model, line, '');
        const outcome = session.assign(c.variable, c.value);
        if (outcome.ok) show();
        else say(`${describeConflict(c, outcome.explanation, outcome.repair)}\n(type "force ${line}" to apply the repair)`);
      }
    } catch (error) {
      // A typo must not end the conversation: say what was wrong and go on.
      say(error instanceof Error ? error.message : String(error));
    }
    input.prompt();
  }
  input.close();
  return 0;
}
