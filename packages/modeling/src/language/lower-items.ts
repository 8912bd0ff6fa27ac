import type { Formula, Value } from '@atelier/engine';
import type { TableEntry } from '@atelier/engine/model/formula.ts';
import type { BomLine, NumExpr, Operation, PersonalisationField } from '../product.ts';
import type { BomLineDecl, Item, Literal, Pos, RuleDecl, TableDecl, TextFieldDecl } from './ast.ts';
import type { Lowering } from './context.ts';
import { labelsOf } from './declare.ts';
import { ExpressionLowering } from './lower-expression.ts';
import { didYouMean } from './resolve.ts';
import type { Member, Scope } from './scope.ts';
import { and, oneOf } from './typed.ts';

/** Presentation items only the product itself may hold. */
const PRODUCT_ONLY = new Set(['currency', 'preview', 'group', 'label', 'description', 'default']);

/**
 * Second pass over one scope: rules, tables, prices, bills of materials and personalisation fields,
 * each guarded by the scope's presence, plus what the values' own `price` and `part` attributes bring.
 */
export class ItemLowering {
  private readonly expr: ExpressionLowering;

  constructor(
    private readonly low: Lowering,
    private readonly scope: Scope,
  ) {
    this.expr = new ExpressionLowering(low, scope);
  }

  items(onProductItem: (item: Item) => void): void {
    for (const item of this.scope.items) {
      switch (item.kind) {
        case 'rule':
          this.rule(item);
          break;
        case 'table':
          this.table(item);
          break;
        case 'price': {
          const amount = this.expr.number(item.amount);
          const when = item.when ? this.expr.formula(item.when) : undefined;
          if (!amount || (item.when && !when)) break;
          const guard = and(this.scope.presence, when);
          this.low.prices.push({ ...(item.label !== undefined ? { label: item.label } : {}), amount, ...(guard ? { when: guard } : {}), source: item.pos });
          break;
        }
        case 'bom':
          for (const line of item.lines) this.bomLine(line, this.scope.presence, this.low.bom, this.low.operations);
          break;
        case 'text':
          this.textField(item);
          break;
        case 'objective': {
          if (this.scope.parent || this.scope.prefix !== '') {
            this.low.error('misplaced', `"${item.sense}" belongs to the product, not to ${this.scope.describe}`, item.pos);
            break;
          }
          const expr = this.expr.integer(item.expr);
          if (expr) this.low.builder.objective(item.sense, expr, item.label ?? `${item.sense} (line ${item.pos.line})`, item.pos);
          break;
        }
        default:
          if (this.scope.parent || this.scope.prefix !== '' || !PRODUCT_ONLY.has(item.kind)) {
            this.low.error('misplaced', `"${item.kind}" belongs to the product, not to ${this.scope.describe}`, item.pos);
          } else {
            onProductItem(item);
          }
      }
    }
    for (const m of this.scope.members.values()) this.valueAttributes(m);
  }

  private label(text: string): string {
    return this.scope.instance ? `${text} (${this.scope.instance})` : text;
  }

  private rule(item: RuleDecl): void {
    const f = this.expr.formula(item.formula);
    if (!f) return;
    const formula: Formula = this.scope.presence ? { op: 'implies', args: [this.scope.presence, f] } : f;
    this.low.builder.constrain(formula, {
      label: this.label(item.label ?? item.text),
      ...(item.because !== undefined ? { explanation: item.because } : {}),
      source: item.pos,
    });
  }

  private table(item: TableDecl): void {
    const columns: { var: string; values: Value[]; describe: string; kind: 'symbol' | 'number' | 'bool' }[] = [];
    for (const c of item.columns) {
      const t = this.expr.resolve(c);
      if (t.t === 'err') return;
      if (t.t === 'sym' && t.choice) columns.push({ var: t.var, values: Object.keys(t.table), describe: t.what, kind: 'symbol' });
      else if (t.t === 'num' && t.var && t.values) columns.push({ var: t.var, values: t.values, describe: t.what, kind: 'number' });
      else if (t.t === 'bool' && t.f.op === 'eq' && typeof t.f.value === 'boolean') columns.push({ var: t.f.var, values: [false, true], describe: t.what, kind: 'bool' });
      else if (t.t === 'name') {
        this.low.error('unknown-name', `unknown name "${t.name}"`, t.pos, didYouMean(t.name, [...this.visible()]));
        return;
      } else {
        this.low.error('type', `a table column is a choice, a number or a flag, not ${t.what}`, c.pos);
        return;
      }
    }
    const tuples: TableEntry[][] = [];
    let ok = true;
    for (const row of item.rows) {
      if (row.cells.length !== columns.length) {
        this.low.error('table-shape', `this row has ${row.cells.length} value${row.cells.length === 1 ? '' : 's'} for ${columns.length} column${columns.length === 1 ? '' : 's'}`, row.pos);
        ok = false;
        continue;
      }
      const tuple: TableEntry[] = [];
      row.cells.forEach((cell, i) => {
        if (cell.kind === 'any') return tuple.push('*');
        const values = cell.values.map((lit) => this.cellValue(lit, columns[i]));
        if (values.some((v) => v === undefined)) ok = false;
        tuple.push(values.length === 1 ? (values[0] as Value) : (values as Value[]));
      });
      tuples.push(tuple);
    }
    if (!ok) return;
    this.low.builder.add({
      kind: 'table',
      table: { vars: columns.map((c) => c.var), tuples, kind: item.allow ? 'allowed' : 'forbidden' },
      ...(this.scope.presence ? { when: this.scope.presence } : {}),
      label: this.label(item.label ?? `table (${item.columns.map((c) => c.segments.map((s) => s.name).join('.')).join(', ')})`),
      ...(item.because !== undefined ? { explanation: item.because } : {}),
      source: item.pos,
    });
  }

  private cellValue(lit: Literal, column: { values: Value[]; describe: string; kind: 'symbol' | 'number' | 'bool' }): Value | undefined {
    const value: Value = lit.kind === 'number' ? lit.value : column.kind === 'bool' && (lit.name === 'true' || lit.name === 'false') ? lit.name === 'true' : lit.name;
    if (column.values.includes(value)) return value;
    const shown = lit.kind === 'number' ? String(lit.value) : lit.name;
    this.low.error(
      'unknown-value',
      `"${shown}" is not a value of ${column.describe}`,
      lit.pos,
      lit.kind === 'ident' ? didYouMean(lit.name, column.values.map(String)) : undefined,
    );
    return undefined;
  }

  private visible(): Set<string> {
    const out = new Set<string>();
    for (let s: Scope | undefined = this.scope; s; s = s.parent) for (const k of s.members.keys()) out.add(k);
    return out;
  }

  private bomLine(line: BomLineDecl, guard: Formula | undefined, into: BomLine[], operations: Operation[]): void {
    const when = line.when ? this.expr.formula(line.when) : undefined;
    if (line.when && !when) return;
    const condition = and(guard, when);
    if (line.kind === 'operation') {
      if (!line.minutes) {
        this.low.error('missing', `operation "${line.name}" needs its time: add "minutes N"`, line.pos);
        return;
      }
      const minutes = this.expr.number(line.minutes);
      if (!minutes) return;
      operations.push({ name: line.name, workCentre: line.workCentre, minutes, ...(condition ? { when: condition } : {}), source: line.pos });
      return;
    }
    const partNumber = this.expr.text(line.number);
    const quantity: NumExpr | undefined = line.quantity ? this.expr.number(line.quantity) : { op: 'num', value: 1 };
    if (!partNumber || !quantity) return;
    const label = line.label ?? (partNumber.op === 'text' ? this.low.globals.parts.get(partNumber.value)?.label : undefined);
    const unit = line.unit ?? (partNumber.op === 'text' ? this.low.globals.parts.get(partNumber.value)?.unit : undefined);
    if (partNumber.op === 'text') this.checkPart(partNumber.value, line.number.pos);
    else for (const p of new Set(Object.values(partNumber.table))) this.checkPart(p, line.number.pos);
    const out: BomLine = {
      kind: line.kind,
      partNumber,
      quantity,
      ...(unit !== undefined ? { unit } : {}),
      ...(condition ? { when: condition } : {}),
      ...(label !== undefined ? { label } : {}),
      children: [],
      operations: [],
      source: line.pos,
    };
    for (const child of line.children) this.bomLine(child, undefined, out.children, out.operations);
    into.push(out);
  }

  /** Once a program declares its parts, a part number outside the list is most likely a typo. */
  private checkPart(partNumber: string, at: Pos): void {
    const parts = this.low.globals.parts;
    if (parts.size === 0 || parts.has(partNumber)) return;
    this.low.warn('unknown-part', `part "${partNumber}" is not declared`, at, didYouMean(partNumber, parts.keys()));
  }

  private textField(d: TextFieldDecl): void {
    const low = this.low;
    if (!d.max) {
      low.error('missing', `text "${d.name.text}" needs a maximum length: add "max N"`, d.name.pos);
      return;
    }
    if (!Number.isSafeInteger(d.max.value) || d.max.value < 1) {
      low.error('domain', `the maximum length of text "${d.name.text}" is a whole number of at least 1, not ${d.max.value}`, d.max.pos);
      return;
    }
    const allowed = d.allowed?.value ?? '^\\n\\r';
    try {
      new RegExp(`^[${allowed}]*$`, 'u');
    } catch {
      low.error('domain', `"${allowed}" is not a valid set of characters (write it as inside [ ], e.g. "A-Z0-9 ")`, d.allowed?.pos ?? d.pos);
      return;
    }
    const when = d.when ? this.expr.formula(d.when) : undefined;
    const price = d.price ? this.expr.number(d.price) : undefined;
    if ((d.when && !when) || (d.price && !price)) return;
    const guard = and(this.scope.presence, when);
    const labels = labelsOf(d.texts);
    const field: PersonalisationField = {
      id: this.scope.prefix + d.name.text,
      ...(labels ? { labels } : {}),
      maxLength: d.max.value,
      allowed,
      ...(guard ? { when: guard } : {}),
      required: d.required,
      ...(price ? { price } : {}),
      ...(d.preview !== undefined ? { preview: d.preview } : {}),
      source: d.pos,
    };
    low.presentation.personalisation.push(field);
  }

  /** Each value's `price` is a surcharge and its `part` a line of the bill of materials. */
  private valueAttributes(m: Member): void {
    const low = this.low;
    if (m.kind === 'number' && m.valid && m.decl.price) {
      low.prices.push({
        label: m.decl.texts.labels[0]?.text ?? m.name,
        amount: { op: 'mul', args: [{ op: 'val', var: m.var }, { op: 'num', value: m.decl.price.value }] },
        source: m.decl.price.pos,
      });
      return;
    }
    if (m.kind !== 'choice' && m.kind !== 'flag') return;
    if (m.kind === 'choice' && !m.valid) return;
    if (!low.domains.has(m.var)) return;
    const label = m.decl.texts.labels[0]?.text ?? m.name;
    const price = m.attrs.get('price');
    if (price && price.kind === 'number' && Object.values(price.numbers).some((p) => p !== 0))
      low.prices.push({ label, amount: { op: 'attr', var: m.var, table: { ...price.numbers } }, source: price.pos });
    const part = m.attrs.get('part');
    if (part && part.kind === 'string') {
      const values = Object.keys(part.texts);
      const partNumbers = new Set(Object.values(part.texts));
      for (const [value, p] of Object.entries(part.texts)) this.checkPart(p, part.positions[value] ?? part.pos);
      const when: Formula = m.kind === 'flag' ? { op: 'eq', var: m.var, value: true } : oneOf(m.var, values);
      const only = partNumbers.size === 1 ? [...partNumbers][0] : undefined;
      low.bom.push({
        kind: 'part',
        partNumber: only !== undefined ? { op: 'text', value: only } : { op: 'attrText', var: m.var, table: { ...part.texts } },
        quantity: { op: 'num', value: 1 },
        when,
        ...(only !== undefined && low.globals.parts.get(only)?.label !== undefined ? { label: low.globals.parts.get(only)?.label } : {}),
        children: [],
        operations: [],
        source: part.pos,
      });
    }
  }
}

/** Every scope of a product, outermost first, instances in order. */
export function allScopes(root: Scope): Scope[] {
  const out: Scope[] = [];
  const walk = (s: Scope): void => {
    out.push(s);
    for (const m of s.members.values()) {
      if (m.kind === 'component') walk(m.scope);
      else if (m.kind === 'repeated') m.instances.forEach(walk);
    }
  };
  walk(root);
  return out;
}
