import { type IntExpr, ModelBuilder, ModelError, type ObjectiveDecl } from '@atelier/engine';
import { MAX_DOMAIN_SIZE } from '@atelier/engine/model/model.ts';
import { type ProductModel, bareProduct } from '../product.ts';
import type { CoomFile, Statement } from './ast.ts';
import type { Instance, InstanceTree, VarSpec } from './instances.ts';
import { expandInstances } from './instances.ts';
import { ProductHelpers } from './products.ts';
import { type Schema, type SchemaOptions, buildSchema } from './schema.ts';
import type { DiagnosticSink } from './sink.ts';
import { type BehaviorOutput, translateStatement } from './statements.ts';
import { Reported, type TranslateEnv, Translator, groundings, occurrences } from './translate.ts';
import { type DomainLookup, boundsOf, possibleValues } from './value-sets.ts';

export type CoomOptions = SchemaOptions;

/** Implied values with more possibilities than this keep their declared range. */
const MAX_TIGHT_VALUES = 20_000;

/** Names a symbolic comparison may use: enumeration values and non-numeric attribute values. */
function knownNames(schema: Schema): Set<string> {
  const out = new Set<string>();
  for (const e of schema.enumerations.values()) {
    for (const v of e.values) out.add(v);
    for (const a of e.attributes.values()) if (!a.numeric) for (const v of a.byValue.values()) out.add(String(v));
  }
  return out;
}

function domainLookup(tree: InstanceTree): DomainLookup {
  return (name) => {
    const v = tree.byName.get(name);
    if (!v) return undefined;
    return v.exists === null ? v.values : [null, ...v.values];
  };
}

/** The instances a behavior applies to: the product, or every instance of its structure. */
function contexts(tree: InstanceTree, schema: Schema, name: string | undefined): Instance[] | null {
  if (name === undefined) return [tree.root];
  if (!schema.structures.has(name)) return null;
  return tree.byStructure.get(name) ?? [];
}

/**
 * `x = expr` that holds whenever x exists (an unconditional `imply`, or a `require` of that shape)
 * lets x take only the values expr can take: a price that is a sum of a few parts' prices gets a
 * handful of values instead of thousands. Open ranges (`num weight`) are filled in the same way.
 */
function tighten(ast: CoomFile, schema: Schema, tree: InstanceTree, sink: DiagnosticSink): void {
  const domain = domainLookup(tree);
  const env: TranslateEnv = { sink, names: knownNames(schema), domain, products: null };
  for (let round = 0; round < 2; round++) {
    for (const behavior of ast.behaviors) {
      const instances = contexts(tree, schema, behavior.context) ?? [];
      for (const stmt of behavior.statements) {
        if (stmt.conditions.length > 0) continue;
        let target;
        let value;
        if (stmt.kind === 'imply') [target, value] = [stmt.target, stmt.value];
        else if (stmt.kind === 'require' && stmt.formula.kind === 'binary' && stmt.formula.op === '=' && stmt.formula.left.kind === 'path')
          [target, value] = [stmt.formula.left, stmt.formula.right];
        else continue;
        for (const ctx of instances) {
          const bindings = groundings([target, ...occurrences(value)], ctx, sink);
          if (!bindings) break;
          for (const b of bindings) {
            const t = b.get(target);
            if (!t || t === 'name' || t.kind !== 'leaf' || t.attribute || t.leaf.feature.type.kind !== 'num') continue;
            let rhs;
            try {
              rhs = new Translator(env, ctx, b, stmt.text).numeric(value);
            } catch (e) {
              if (e instanceof Reported) continue;
              throw e;
            }
            const defined = JSON.stringify(rhs.def);
            const ok = rhs.def.op === 'const' || defined === JSON.stringify(t.exists) || defined === JSON.stringify(ctx.exists);
            if (ok) narrow(t.leaf, rhs.expr, domain);
          }
        }
      }
    }
  }
}

function narrow(leaf: VarSpec, expr: IntExpr, domain: DomainLookup): void {
  const type = leaf.feature.type;
  if (type.kind !== 'num') return;
  let possible = possibleValues(expr, domain, MAX_TIGHT_VALUES);
  if (!possible) {
    const [lo, hi] = boundsOf(expr, domain);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo >= MAX_DOMAIN_SIZE) return;
    possible = [];
    for (let v = Math.ceil(lo); v <= hi; v++) possible.push(v);
  }
  const whole = possible.filter((v) => Number.isInteger(v));
  if (type.open && !leaf.narrowed) {
    if (whole.length > 0) {
      leaf.values = whole;
      leaf.narrowed = true;
    }
    return;
  }
  const keep = new Set(whole);
  const next = leaf.values.filter((v) => typeof v === 'number' && keep.has(v));
  // An implied value outside the declared range makes the instance impossible; that is the engine's to find.
  if (next.length > 0) leaf.values = next;
}

function declare(b: ModelBuilder, v: VarSpec): void {
  const opts = {
    source: v.source,
    ...(v.exists ? { optional: { when: v.exists } } : {}),
    ...(v.isCount ? { label: `number of ${v.feature.name}` } : {}),
  };
  if (v.kind === 'bool') b.bool(v.name, { ...opts, ...(typeof v.default === 'boolean' ? { default: v.default } : {}) });
  else if (v.kind === 'enum') b.enum(v.name, v.values as string[], { ...opts, ...(typeof v.default === 'string' ? { default: v.default } : {}) });
  else b.int(v.name, { values: v.values as number[] }, { ...opts, ...(typeof v.default === 'number' && v.values.includes(v.default) ? { default: v.default } : {}) });
}

/** The product model of a parsed COOM file; null when errors were reported. */
export function toProductModel(ast: CoomFile, id: string, file: string, options: CoomOptions, sink: DiagnosticSink): ProductModel | null {
  const schema = buildSchema(ast, options, sink);
  if (!schema) return null;
  const tree = expandInstances(schema, file, sink);
  if (!tree) return null;
  for (const b of ast.behaviors) {
    if (b.context !== undefined && !schema.structures.has(b.context)) {
      const what = schema.enumerations.has(b.context) ? `"${b.context}" is an enumeration: behaviors apply to structures` : `unknown structure "${b.context}"`;
      sink.error('unknown-type', what, b.contextPos ?? b.pos);
    }
  }
  tighten(ast, schema, tree, sink);
  for (const v of tree.variables) {
    const type = v.feature.type;
    if (!v.isCount && type.kind === 'num' && type.open && !v.narrowed)
      sink.error('open-range', `numeric feature "${v.feature.name}" has no range`, v.feature.decl.pos, `write one, e.g. "num 0-100 ${v.feature.name}", or imply its value`);
  }

  const helpers = new ProductHelpers(domainLookup(tree), file, sink);
  const env: TranslateEnv = { sink, names: knownNames(schema), domain: helpers.domain, products: helpers };
  const out: BehaviorOutput = { constraints: [], objectives: new Map<Statement, IntExpr[]>() };
  for (const behavior of ast.behaviors) {
    const instances = contexts(tree, schema, behavior.context);
    if (!instances) continue;
    for (const stmt of behavior.statements) for (const ctx of instances) translateStatement(stmt, ctx, env, file, out);
  }
  if (sink.hasErrors) return null;

  const builder = new ModelBuilder();
  try {
    for (const v of tree.variables) declare(builder, v);
    for (const h of helpers.variables) builder.int(h.name, { values: h.values }, { hidden: true });
    for (const f of helpers.flags) builder.bool(f, { hidden: true });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    sink.error('internal', e.message, e.source ?? { line: 1, column: 1 });
    return null;
  }
  const model = builder.build();
  model.constraints.push(...helpers.constraints, ...out.constraints);
  const objectives = [...out.objectives].map(([stmt, exprs]): ObjectiveDecl => ({
    sense: stmt.kind === 'objective' ? stmt.sense : 'minimize',
    expr: exprs.length === 1 ? exprs[0] : { op: 'sum', args: exprs },
  }));
  if (objectives.length > 0) model.objectives = objectives;
  const product = bareProduct(id, id, model);
  for (const v of tree.variables) if (v.unit) product.presentation.variables[v.name] = { unit: v.unit };
  return product;
}
