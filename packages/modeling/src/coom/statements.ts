import type { ConstraintDecl, Formula, IntExpr, SourcePosition, TableEntry, Value } from '@atelier/engine';
import type { Expr, Literal, PathExpr, Statement } from './ast.ts';
import { TRUE, and, implies, isTrue } from './formulas.ts';
import type { Instance } from './instances.ts';
import type { Target } from './paths.ts';
import { suggestion } from './sink.ts';
import { Reported, type TranslateEnv, Translator, groundings, occurrences } from './translate.ts';

/** What the behaviors of a file produce besides defaults (which land on the variables). */
export interface BehaviorOutput {
  constraints: ConstraintDecl[];
  /** Per objective statement, its expression for each context instance (summed later). */
  objectives: Map<Statement, IntExpr[]>;
}

const MAX_LABEL = 120;

function labelOf(stmt: Statement, ctx: Instance): string {
  const text = stmt.text.length > MAX_LABEL ? `${stmt.text.slice(0, MAX_LABEL - 1)}…` : stmt.text;
  return ctx.name === '' ? text : `${text} [${ctx.name}]`;
}

/** Translates one statement of a behavior for one instance of its structure. */
export function translateStatement(stmt: Statement, ctx: Instance, env: TranslateEnv, file: string, out: BehaviorOutput): void {
  const label = labelOf(stmt, ctx);
  const source: SourcePosition = { file, line: stmt.pos.line, column: stmt.pos.column };
  const meta = { label, source, ...(stmt.explanation !== undefined ? { explanation: stmt.explanation } : {}) };
  try {
    switch (stmt.kind) {
      case 'require':
      case 'imply': {
        const body: Expr =
          stmt.kind === 'require' ? stmt.formula : { kind: 'binary', op: '=', left: stmt.target, right: stmt.value, pos: stmt.target.pos };
        const paths = [...stmt.conditions.flatMap((c) => occurrences(c)), ...occurrences(body)];
        const bindings = groundings(paths, ctx, env.sink);
        if (!bindings) return;
        const parts: Formula[] = [];
        for (const b of bindings) {
          const tr = new Translator(env, ctx, b, label);
          if (stmt.kind === 'imply') tr.target(stmt.target);
          const guard = conditionGuard(tr, stmt.conditions, ctx);
          const req = tr.formula(body);
          parts.push(implies(and(guard, req.def), req.f));
        }
        const formula = and(...parts);
        if (!isTrue(formula)) out.constraints.push({ ...meta, kind: 'formula', formula });
        return;
      }
      case 'table':
        translateTable(stmt, ctx, env, meta, out);
        return;
      case 'default':
        translateDefault(stmt, ctx, env);
        return;
      case 'objective': {
        const bindings = groundings(occurrences(stmt.expr), ctx, env.sink);
        if (!bindings) return;
        if (bindings.length !== 1) {
          env.sink.error('type', `the objective refers to ${bindings.length} instances: aggregate them with sum(…)`, stmt.expr.pos);
          return;
        }
        const { expr } = new Translator(env, ctx, bindings[0], label).numeric(stmt.expr);
        const list = out.objectives.get(stmt) ?? [];
        list.push(ctx.exists === null ? expr : { op: 'ite', cond: ctx.exists, then: expr, else: { op: 'num', value: 0 } });
        out.objectives.set(stmt, list);
        return;
      }
    }
  } catch (e) {
    if (!(e instanceof Reported)) throw e;
  }
}

function conditionGuard(tr: Translator, conditions: Expr[], ctx: Instance): Formula {
  const parts: Formula[] = [ctx.exists ?? TRUE];
  for (const c of conditions) {
    const { f, def } = tr.formula(c);
    parts.push(def, f);
  }
  return and(...parts);
}

type TableStatement = Extract<Statement, { kind: 'table' }>;

function translateTable(
  stmt: TableStatement,
  ctx: Instance,
  env: TranslateEnv,
  meta: Pick<ConstraintDecl, 'label' | 'source' | 'explanation'>,
  out: BehaviorOutput,
): void {
  let arityOk = true;
  for (const row of stmt.rows) {
    if (row.entries.length !== stmt.columns.length) {
      env.sink.error('table-arity', `table row has ${row.entries.length} entr${row.entries.length === 1 ? 'y' : 'ies'} for ${stmt.columns.length} column${stmt.columns.length === 1 ? '' : 's'}`, row.pos);
      arityOk = false;
    }
  }
  if (!arityOk) return;
  const paths = [...stmt.conditions.flatMap((c) => occurrences(c)), ...stmt.columns];
  const bindings = groundings(paths, ctx, env.sink);
  if (!bindings) return;
  for (const b of bindings) {
    const tr = new Translator(env, ctx, b, meta.label);
    const guard = conditionGuard(tr, stmt.conditions, ctx);
    const columns = stmt.columns.map((c) => columnOf(tr.target(c), c, env));
    const tuples: TableEntry[][] = stmt.rows.map((row) =>
      row.entries.map((entry, k): TableEntry => {
        if (entry.kind === 'any') return '*';
        const values = [...new Set(entry.values.flatMap((lit) => columns[k].map(lit)))];
        return values.length === 1 ? values[0] : values;
      }),
    );
    const when = and(guard, ...columns.map((c) => c.exists));
    out.constraints.push({
      ...meta,
      kind: 'table',
      table: { vars: columns.map((c) => c.variable), tuples, kind: stmt.mode === 'forbid' ? 'forbidden' : 'allowed' },
      ...(isTrue(when) ? {} : { when }),
    });
  }
}

interface TableColumn {
  variable: string;
  exists: Formula;
  /** The variable's values a table entry stands for. */
  map: (lit: Literal) => Value[];
}

function literalText(lit: Literal): string {
  return lit.kind === 'number' ? lit.text : lit.kind === 'name' ? lit.name : lit.value;
}

/** How the entries of a column select values of its variable, directly or through an attribute. */
function columnOf(t: Target, p: PathExpr, env: TranslateEnv): TableColumn {
  const sink = env.sink;
  function fail(code: string, message: string, at: { line: number; column: number }, hint?: string): never {
    sink.error(code, message, at, hint);
    throw new Reported();
  }
  if (t.kind === 'object') fail('type', `table column "${p.segments.map((s) => s.name).join('.')}" is a structure, not a value`, p.pos);
  const leaf = t.leaf;
  const domain = new Set(env.domain(leaf.name) ?? []);
  const exists = t.exists ?? TRUE;
  const attribute = t.attribute;
  const type = leaf.feature.type;
  if (attribute) {
    const values = [...attribute.byValue.keys()];
    return {
      variable: leaf.name,
      exists,
      map: (lit) => {
        if (attribute.numeric) {
          if (lit.kind !== 'number') fail('type', `attribute "${attribute.name}" is numeric: "${literalText(lit)}" is not a number`, lit.pos);
          const hit = values.filter((v) => attribute.byValue.get(v) === lit.value);
          if (hit.length === 0) fail('value-range', `no value has attribute "${attribute.name}" = ${lit.text}`, lit.pos);
          return hit;
        }
        const text = literalText(lit);
        const hit = values.filter((v) => attribute.byValue.get(v) === text);
        if (hit.length === 0 && !env.names.has(text)) {
          const names = new Set([...attribute.byValue.values()].map(String));
          fail('unknown-name', `unknown value "${text}" for attribute "${attribute.name}"`, lit.pos, suggestion(text, names));
        }
        return hit;
      },
    };
  }
  if (type.kind === 'bool') {
    return {
      variable: leaf.name,
      exists,
      map: (lit) => {
        const text = literalText(lit);
        if (text !== 'True' && text !== 'False') fail('unknown-name', `unknown value "${text}" for Bool feature "${leaf.feature.name}"`, lit.pos, 'True or False');
        return [text === 'True'];
      },
    };
  }
  if (type.kind === 'num') {
    return {
      variable: leaf.name,
      exists,
      map: (lit) => {
        if (lit.kind !== 'number') fail('type', `feature "${leaf.feature.name}" is numeric: "${literalText(lit)}" is not a number`, lit.pos);
        if (!type.open && (lit.value < type.min || lit.value > type.max))
          fail('value-range', `value ${lit.text} is outside the range of "${leaf.feature.name}" (${type.min}..${type.max})`, lit.pos);
        // A value the feature can never take (its domain was narrowed) just never matches.
        return domain.has(lit.value) ? [lit.value] : [];
      },
    };
  }
  const names = type.kind === 'enum' ? type.enumeration.values : [];
  return {
    variable: leaf.name,
    exists,
    map: (lit) => {
      const text = literalText(lit);
      if (!names.includes(text)) fail('unknown-name', `unknown value "${text}" for "${leaf.feature.name}"`, lit.pos, suggestion(text, names));
      return [text];
    },
  };
}

type DefaultStatement = Extract<Statement, { kind: 'default' }>;

function defaultLiteral(e: Expr): Literal | null {
  if (e.kind === 'number') return { kind: 'number', value: e.value, text: e.text, pos: e.pos };
  if (e.kind === 'unary' && e.op === '-' && e.arg.kind === 'number')
    return { kind: 'number', value: -e.arg.value, text: `-${e.arg.text}`, pos: e.pos };
  if (e.kind === 'string') return { kind: 'string', value: e.value, pos: e.pos };
  if (e.kind === 'path' && e.segments.length === 1 && e.segments[0].index === undefined) return { kind: 'name', name: e.segments[0].name, pos: e.pos };
  if (e.kind === 'paren') return defaultLiteral(e.arg);
  return null;
}

/** `default x = v`: the engine's default value of every instance's variable (a preference, not a rule). */
function translateDefault(stmt: DefaultStatement, ctx: Instance, env: TranslateEnv): void {
  const sink = env.sink;
  const lit = defaultLiteral(stmt.value);
  if (!lit) {
    sink.error('unsupported', 'a default must be a single value', stmt.value.pos);
    return;
  }
  if (stmt.conditions.length > 0) {
    sink.warning('unsupported', 'conditional default is ignored: defaults here do not depend on other choices', stmt.pos);
    return;
  }
  const bindings = groundings([stmt.target], ctx, sink);
  if (!bindings) return;
  for (const b of bindings) {
    const tr = new Translator(env, ctx, b, stmt.text);
    const t = tr.target(stmt.target);
    if (t.kind === 'object' || t.attribute) {
      sink.error('type', 'a default needs a feature with a value (an enumeration, Bool or num feature)', stmt.target.pos);
      return;
    }
    const value = columnOf(t, stmt.target, env).map(lit);
    if (value.length === 0) {
      sink.warning('value-range', `default ${literalText(lit)} of "${t.leaf.name}" is never possible`, lit.pos);
      continue;
    }
    const leaf = t.leaf;
    if (leaf.default !== undefined && leaf.default !== value[0]) {
      sink.warning('duplicate', `"${leaf.feature.name}" already has the default ${String(leaf.default)}: ${literalText(lit)} is ignored`, stmt.pos);
      continue;
    }
    leaf.default = value[0];
  }
}
