import type { Diagnostic } from '../diagnostics.ts';
import type { Labels, PresentationGroup, PreviewLayer, ProductModel } from '../product.ts';
import { MAX_TABULATED, priceAsCost } from '../price-cost.ts';
import type { AtlFile, GroupDecl, Item, PreviewDecl, Texts } from './ast.ts';
import { Lowering } from './context.ts';
import { Declarer, labelsOf } from './declare.ts';
import { ExpressionLowering } from './lower-expression.ts';
import { ItemLowering, allScopes } from './lower-items.ts';
import { collectGlobals, where } from './resolve.ts';
import { type Scope, memberVariables, scopeVariables } from './scope.ts';
import type { Typed } from './typed.ts';

/**
 * Turns the parsed files of a program into a ProductModel: the engine model (variables and rules with
 * their positions) and the prices, bill of materials, routing and presentation around it.
 * Returns null when the main file declares no product.
 */
export function lowerProgram(files: readonly AtlFile[], mainFile: string, diagnostics: Diagnostic[]): ProductModel | null {
  const globals = collectGlobals(files, mainFile, diagnostics);
  const decl = globals.product;
  if (!decl) {
    diagnostics.push({
      severity: 'warning',
      code: 'no-product',
      message: `"${mainFile}" declares no product (a file of types, templates and parts is checked on its own)`,
      file: mainFile,
      line: 1,
      column: 1,
    });
    return null;
  }
  const low = new Lowering(globals, diagnostics);
  const id = decl.name.text || 'product';
  const root: Scope = { prefix: '', members: new Map(), describe: `product "${id}"`, items: [], pos: decl.pos };
  const declarer = new Declarer(low);
  declarer.scope(root, decl.body);

  const texts: Texts = { labels: [...decl.texts.labels], descriptions: [...decl.texts.descriptions] };
  let currency: string | undefined;
  let preview: PreviewDecl | undefined;
  const groups: GroupDecl[] = [];
  const productItem = (item: Item): void => {
    switch (item.kind) {
      case 'label':
        texts.labels.push(item.text);
        break;
      case 'description':
        texts.descriptions.push(item.text);
        break;
      case 'currency':
        if (currency !== undefined) low.error('duplicate-name', `the currency is already ${currency}`, item.pos);
        else currency = item.code;
        if (!/^[A-Z]{3}$/.test(item.code)) low.warn('currency', `"${item.code}" is not an ISO 4217 currency code such as EUR or USD`, item.pos);
        break;
      case 'preview':
        if (preview) low.error('duplicate-name', `the product already has a preview (at ${where(preview.pos, item.pos)})`, item.pos);
        else preview = item;
        break;
      case 'group':
        groups.push(item);
        break;
      case 'default':
        low.error('misplaced', `"default" belongs to a choice, flag, number or component, not to the product`, item.pos);
        break;
    }
  };
  for (const scope of allScopes(root)) new ItemLowering(low, scope).items(productItem);

  const expr = new ExpressionLowering(low, root);
  if (preview) lowerPreview(low, expr, preview);
  lowerGroups(low, expr, groups, declarer.components);
  checkPlaceholders(low);

  const model = low.builder.build();
  const priced = priceAsCost(low.prices, model.variables);
  if (priced.cost) model.cost = priced.cost;
  for (const t of priced.left)
    if (t.source)
      low.warn('price-not-cost', `the "cheapest" completion leaves this price out: it rounds or divides by a choice over more than ${MAX_TABULATED} combinations`, t.source);

  const labels = labelsOf(texts);
  const descriptions = labelsOf(texts, 'descriptions');
  const product: ProductModel = {
    id,
    name: labels?.en ?? Object.values(labels ?? {})[0] ?? id,
    ...(labels ? { labels } : {}),
    ...(descriptions ? { descriptions } : {}),
    model,
    presets: [],
    ...(currency !== undefined ? { currency } : {}),
    prices: low.prices,
    bom: low.bom,
    operations: low.operations,
    presentation: low.presentation,
    source: decl.pos,
    valueSources: low.valueSources,
  };
  return product;
}

function lowerPreview(low: Lowering, expr: ExpressionLowering, p: PreviewDecl): void {
  if (p.viewBox.length === 4) low.presentation.viewBox = p.viewBox.join(' ');
  const layers: PreviewLayer[] = [];
  const add = (t: Typed, at: PreviewDecl['pos']): void => {
    if (t.t === 'err') return;
    if (t.t === 'many') return t.items.forEach((i) => add(i.item, at));
    const v = t.t === 'sym' && t.choice ? t.var : t.t === 'bool' && t.f.op === 'eq' ? t.f.var : undefined;
    const m = v === undefined ? undefined : low.members.get(v);
    if (!v || !m || (m.kind !== 'choice' && m.kind !== 'flag')) {
      if (t.t === 'name') low.error('unknown-name', `unknown name "${t.name}"`, t.pos);
      else low.error('type', `a layer shows a choice or a flag; ${t.what} is neither`, at);
      return;
    }
    const info = m.attrs.get('preview');
    const fragments: Record<string, string> = info?.kind === 'string' ? { ...info.texts } : {};
    if (Object.keys(fragments).length === 0)
      low.warn(
        'missing-attribute',
        `${m.kind === 'flag' ? `flag "${m.name}" has no` : `no value of choice "${m.name}" has a`} "preview" attribute, so this layer shows nothing`,
        at,
      );
    layers.push({ id: v, variable: v, fragments });
  };
  for (const layer of p.layers) add(expr.resolve(layer), layer.pos);
  low.presentation.layers.push(...layers);
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function lowerGroups(
  low: Lowering,
  expr: ExpressionLowering,
  groups: GroupDecl[],
  components: Declarer['components'],
): void {
  const out: PresentationGroup[] = [];
  groups.forEach((g, n) => {
    const variables: string[] = [];
    const add = (t: Typed, at: GroupDecl['pos']): void => {
      if (t.t === 'err') return;
      if (t.t === 'many') return t.items.forEach((i) => add(i.item, at));
      if (t.t === 'component') {
        variables.push(...(t.instance ? scopeVariables(t.instance) : memberVariables(t.member)));
        return;
      }
      const v = t.t === 'sym' && t.choice ? t.var : t.t === 'num' ? t.var : t.t === 'bool' && t.f.op === 'eq' ? t.f.var : undefined;
      const m = v === undefined ? undefined : low.members.get(v);
      if (v === undefined || !m) {
        if (t.t === 'name') low.error('unknown-name', `unknown name "${t.name}"`, t.pos);
        else low.error('type', `a group lists features; ${t.what} is not one`, at);
        return;
      }
      variables.push(...(m.kind === 'component' || m.kind === 'repeated' ? memberVariables(m) : [v]));
    };
    // A group shows features and personalisation fields alike; fields are outside the rules, so they
    // are matched by name before the expression resolver (which refuses them in formulas) sees them.
    const fields = new Set(low.presentation.personalisation.map((f) => f.id));
    for (const member of g.members) {
      const name = member.segments.map((s) => s.name).join('.');
      if (member.segments.every((s) => s.index === undefined) && fields.has(name)) variables.push(name);
      else add(expr.resolve(member), member.pos);
    }
    const labels = labelsOf(g.texts);
    const id = g.id?.text ?? (labels?.en ? slug(labels.en) : '');
    out.push({ id: id || `group-${n + 1}`, ...(labels ? { labels } : {}), variables: [...new Set(variables)] });
  });
  // Each component is a group too, unless the author already named a group after it.
  const named = new Set(out.map((g) => g.id));
  for (const c of components) {
    if (named.has(c.id)) continue;
    const labels: Labels | undefined = labelsOf(c.texts);
    out.push({ id: c.id, ...(labels ? { labels } : {}), variables: memberVariables(c.member) });
  }
  low.presentation.groups.push(...out);
}

/** `{text:FIELD}` in a preview fragment must name a personalisation field. */
function checkPlaceholders(low: Lowering): void {
  const fields = new Set(low.presentation.personalisation.map((f) => f.id));
  for (const layer of low.presentation.layers) {
    for (const fragment of Object.values(layer.fragments)) {
      for (const match of fragment.matchAll(/\{text:([^}]*)\}/g)) {
        if (fields.has(match[1])) continue;
        const m = low.members.get(layer.variable);
        const at = m && 'decl' in m ? m.decl.pos : low.presentation.personalisation[0]?.source;
        if (at) low.warn('unknown-name', `the preview of "${layer.variable}" shows text field "${match[1]}", which is not declared`, at);
      }
    }
  }
}
