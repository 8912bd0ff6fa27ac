import {
  type CompiledConstraint,
  type CompiledModel,
  type SourcePosition,
  type Value,
  type ValueRef,
  ModelError,
  Session,
  analyzeModel,
  compile,
} from '@atelier/engine';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import { modelErrorText } from '../language/context.ts';
import type { ProductModel } from '../product.ts';
import { minimalConflict } from './conflict.ts';

/** Dead values explained one by one up to here; past it they are still listed, without the rules. */
const MAX_EXPLAINED = 200;

const PRESENCE_SUFFIX = ' is present exactly when its condition holds';

/** `"Sockets match" (line 12)`, or the file too when the rule is elsewhere. */
function describeConstraint(c: CompiledConstraint, from: SourcePosition): string {
  const name = c.label.endsWith(PRESENCE_SUFFIX) ? `the presence condition of "${c.label.slice(0, -PRESENCE_SUFFIX.length)}"` : `"${c.label}"`;
  if (!c.source) return name;
  return c.source.file === from.file ? `${name} (line ${c.source.line})` : `${name} (${c.source.file}:${c.source.line}:${c.source.column})`;
}

function describeConstraints(cs: readonly CompiledConstraint[], from: SourcePosition): string {
  const line = (c: CompiledConstraint): number => (c.source ? c.source.line * 1e6 + c.source.column : Infinity);
  const parts = [...cs].sort((a, b) => line(a) - line(b)).map((c) => describeConstraint(c, from));
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function show(v: Value): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/**
 * The checks that need the solver, on a product read without errors: the model compiles, it has at
 * least one configuration (else a minimal set of conflicting rules), no value is dead (else the rules
 * that kill it) and no optional feature is present in every configuration. Never throws.
 */
export function checkProduct(product: ProductModel): Diagnostic[] {
  const at: SourcePosition = product.source ?? product.model.variables.find((v) => v.source)?.source ?? { file: product.id, line: 1, column: 1 };
  try {
    return checkCompiled(product, at);
  } catch (e) {
    return [diagnostic('error', 'internal', `internal error while checking the model: ${e instanceof Error ? e.message : String(e)}`, at)];
  }
}

function checkCompiled(product: ProductModel, at: SourcePosition): Diagnostic[] {
  let compiled: CompiledModel;
  try {
    compiled = compile(product.model);
  } catch (e) {
    if (!(e instanceof ModelError)) {
      return [diagnostic('error', 'internal', `the engine could not compile the model: ${e instanceof Error ? e.message : String(e)}`, at)];
    }
    return [diagnostic('error', 'model-error', modelErrorText(e), e.source ?? at)];
  }
  const analysis = analyzeModel(compiled);
  if (!analysis.satisfiable) {
    const conflict = minimalConflict(compiled);
    const why = conflict.length > 0 ? `; these rules cannot all hold: ${describeConstraints(conflict, at)}` : '';
    return [diagnostic('error', 'void-model', `the model has no valid configuration${why}`, at)];
  }
  const session = new Session(compiled);
  // The price still adds up on every configuration; only "cheapest" cannot weigh what is left out.
  const price = compiled.costProblem === undefined ? [] : [diagnostic('warning', 'price-not-cost', `the "cheapest" completion leaves part of the price out: ${compiled.costProblem}`, at)];
  return [
    ...price,
    ...deadValues(product, compiled, session, analysis.dead, at),
    ...falseOptional(product, compiled, session, analysis.falseOptional, analysis.core, at),
  ];
}

/** The rules that exclude `variable = value` with no choice made, as a message tail. */
function rulesExcluding(session: Session, variable: string, value: Value, at: SourcePosition, verb: string): string {
  try {
    const e = session.explain(variable, value);
    if (e.kind === 'possible' || e.constraints.length === 0) return '';
    return `: ${verb} ${describeConstraints(e.constraints, at)}`;
  } catch {
    return '';
  }
}

function deadValues(product: ProductModel, compiled: CompiledModel, session: Session, dead: ValueRef[], at: SourcePosition): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byVariable = new Map<string, Value[]>();
  for (const d of dead) {
    if (d.value === null) continue; // never absent: that is false-optional, reported on its own
    const list = byVariable.get(d.variable) ?? [];
    list.push(d.value);
    byVariable.set(d.variable, list);
  }
  let explained = 0;
  const rules = (variable: string, value: Value): string => {
    if (explained >= MAX_EXPLAINED) return '';
    explained++;
    return rulesExcluding(session, variable, value, at, 'ruled out by');
  };
  for (const [variable, values] of byVariable) {
    const v = compiled.variables[compiled.byName.get(variable) as number];
    const real = v.values.filter((x) => x !== null);
    // Always absent: its presence condition never holds, which the variable it depends on reports.
    if (v.values.includes(null) && values.length === real.length) continue;
    const source = (value: Value): SourcePosition => product.valueSources?.[variable]?.[String(value)] ?? v.source ?? at;
    if (v.kind === 'int') {
      const shown = values.length > 8 ? `${values.slice(0, 8).map(show).join(', ')} and ${values.length - 8} more` : values.map(show).join(', ');
      out.push(diagnostic('warning', 'dead-value', `"${variable}" can never be ${shown}${rules(variable, values[0])}`, source(values[0])));
      continue;
    }
    for (const value of values) {
      const message =
        v.kind === 'bool' && value === true
          ? `"${variable}" can never be selected${rules(variable, value)}`
          : v.kind === 'bool'
            ? `"${variable}" can never be left unselected${rules(variable, value)}`
            : `value ${show(value)} of "${variable}" can never be chosen${rules(variable, value)}`;
      out.push(diagnostic('warning', 'dead-value', message, source(value)));
    }
  }
  return out;
}

/**
 * Optional variables present in every configuration. When a variable is optional because of a
 * presence flag (a component's), the flag is what the author declared optional: it is reported once.
 */
function falseOptional(
  product: ProductModel,
  compiled: CompiledModel,
  session: Session,
  names: string[],
  core: ValueRef[],
  at: SourcePosition,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const decls = new Map(product.model.variables.map((v) => [v.name, v]));
  const reported = new Set<string>();
  const alwaysTrue = new Set(core.filter((c) => c.value === true).map((c) => c.variable));
  for (const name of names) {
    const decl = decls.get(name);
    const when = decl?.optional?.when;
    if (when?.op === 'eq' && when.value === true && decls.get(when.var)?.kind === 'bool') {
      const flag = when.var;
      if (reported.has(flag) || !alwaysTrue.has(flag)) continue;
      reported.add(flag);
      const source = decls.get(flag)?.source ?? decl?.source;
      const why = rulesExcluding(session, flag, false, at, 'forced by');
      if (source) out.push(diagnostic('warning', 'false-optional', `optional "${flag}" is present in every configuration${why}`, source));
      continue;
    }
    // An instance of a repeated component that always exists shows as dead counts already.
    if (when?.op === 'in' || when?.op === 'and' || reported.has(name)) continue;
    reported.add(name);
    const source = decl?.source ?? compiled.variables[compiled.byName.get(name) as number]?.source;
    const why = rulesExcluding(session, name, null, at, 'forced by');
    if (source) out.push(diagnostic('warning', 'false-optional', `"${name}" is optional but present in every configuration${why}`, source));
  }
  return out;
}
