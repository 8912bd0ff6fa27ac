import type { Diagnostic } from '../diagnostics.ts';
import {
  type AtlFile,
  type Attr,
  type AttrValue,
  type BomLineDecl,
  type ChoiceDecl,
  type ComponentDecl,
  type Expr,
  type FlagDecl,
  type Item,
  type Literal,
  type Multiplicity,
  type Name,
  type NumberDecl,
  type PathExpr,
  type TableCell,
  type TableDecl,
  type TextFieldDecl,
  type Texts,
  type TypeDecl,
  type ValueDecl,
  emptyFile,
  emptyTexts,
} from './ast.ts';
import { type Token, tokenize } from './lexer.ts';
import { ExpressionParser } from './parse-expression.ts';
import { type BlockContext, TOP_KEYWORDS, describeToken } from './token-cursor.ts';

const BODY_KEYWORDS: ReadonlySet<string> = new Set([
  'label', 'description', 'currency', 'default', 'price', 'choice', 'flag', 'number', 'component', 'use', 'rule', 'table',
  'bom', 'preview', 'text', 'group', 'minimize', 'maximize',
]);
const CHOICE_KEYWORDS: ReadonlySet<string> = new Set(['value', 'default', 'label', 'description']);
const NUMBER_KEYWORDS: ReadonlySet<string> = new Set(['default', 'step', 'price', 'unit', 'label', 'description']);
const BOM_KEYWORDS: ReadonlySet<string> = new Set(['part', 'assembly', 'operation']);
const PREVIEW_KEYWORDS: ReadonlySet<string> = new Set(['layer']);
const TEXT_KEYWORDS: ReadonlySet<string> = new Set(['price', 'preview', 'required', 'max', 'allowed', 'when', 'label', 'description']);
const LABEL_KEYWORDS: ReadonlySet<string> = new Set(['label', 'description']);
const NO_KEYWORDS: ReadonlySet<string> = new Set();

/** Statements nothing refers to by name: dropped when they do not parse. */
const UNNAMED: ReadonlySet<string> = new Set([
  'rule', 'table', 'price', 'bom', 'preview', 'group', 'currency', 'default', 'label', 'description', 'minimize', 'maximize',
]);

/**
 * Words that cannot be attribute names where they start a line: they mean an attribute block was
 * left open (`value` of the next value, or the next declaration).
 */
const ATTRIBUTE_CLOSERS: ReadonlySet<string> = new Set([
  'value', 'choice', 'flag', 'number', 'component', 'use', 'rule', 'table', 'bom', 'group', 'product', 'type', 'import',
]);

/**
 * The recursive-descent parser of `.atl` files. It never throws: every syntax error is a diagnostic,
 * and after each one it resynchronises (see TokenCursor) so later errors are found in the same pass.
 */
class Parser extends ExpressionParser {
  parseFile(): AtlFile {
    const out = emptyFile(this.file);
    while (!this.atEnd()) {
      const start = this.index;
      const t = this.peek();
      switch (t.kind === 'ident' ? t.value : '') {
        case 'import': {
          this.next();
          const path = this.expectString('the path of the imported file');
          if (path) out.imports.push({ kind: 'import', path: path.value, pos: this.pos(t) });
          break;
        }
        case 'type':
          out.types.push(this.typeDecl());
          break;
        case 'part':
          out.parts.push(this.partDecl());
          break;
        case 'component':
          out.templates.push(this.component());
          break;
        case 'product': {
          this.next();
          const name = this.name('the name of the product');
          const texts = this.texts();
          const body = this.body(`after "product ${name.text}"`, `to close product "${name.text}"`, `in product "${name.text}"`);
          out.products.push({ kind: 'product', name, texts, body, pos: this.pos(t) });
          break;
        }
        default:
          this.error(
            `unexpected ${describeToken(t)} at the top of the file; expected "product", "component", "type", "part" or "import"`,
          );
      }
      if (this.panic) this.topSync();
      if (this.index === start) this.next();
    }
    return out;
  }

  /** At the top level, parsing resumes at the next line starting a top-level declaration. */
  private topSync(): void {
    while (!this.atEnd()) {
      const t = this.peek();
      if (t.lineStart && t.kind === 'ident' && TOP_KEYWORDS.has(t.value)) break;
      this.next();
    }
    this.panic = false;
  }

  private name(what: string): Name {
    const t = this.expectName(what);
    return t ? { text: t.value, pos: this.pos(t) } : { text: '', pos: this.pos() };
  }

  /** The label right after a declared name, in English. */
  private texts(): Texts {
    const texts = emptyTexts();
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      texts.labels.push({ lang: 'en', text: t.value, pos: this.pos(t) });
    }
    return texts;
  }

  /** `label pl "…"`, `label "…"`, `description "…"` — the keyword is the current token. */
  private translation(into: Texts): void {
    const kw = this.next();
    let lang = 'en';
    if (this.peek().kind === 'ident') lang = this.next().value;
    const s = this.expectString(`the text of "${kw.value}${lang === 'en' ? '' : ` ${lang}`}"`);
    if (!s) return;
    const entry = { lang, text: s.value, pos: this.pos(kw) };
    (kw.value === 'label' ? into.labels : into.descriptions).push(entry);
  }

  private typeDecl(): TypeDecl {
    const t = this.next();
    const name = this.name('the name of the type');
    const texts = this.texts();
    const members: { name: Name; label?: string }[] = [];
    const ctx: BlockContext = {
      keywords: NO_KEYWORDS,
      closing: `after the members of type "${name.text}"`,
      where: `in type "${name.text}"`,
      expected: 'a member name',
      startsItem: (tok) => tok.kind === 'ident' && !(tok.lineStart && ATTRIBUTE_CLOSERS.has(tok.value)),
    };
    if (this.openBlock(`after "type ${name.text}"`, (tok) => tok.kind === 'ident')) {
      this.block(ctx, () => {
        const m = this.next();
        const member: { name: Name; label?: string } = { name: { text: m.value, pos: this.pos(m) } };
        if (this.peek().kind === 'string') member.label = this.next().value;
        members.push(member);
        this.eatPunct(',');
      });
    }
    return { kind: 'type', name, texts, members, pos: this.pos(t) };
  }

  private partDecl(): AtlFile['parts'][number] {
    const t = this.next();
    const number = this.expectString('the part number');
    const part: AtlFile['parts'][number] = { kind: 'part', number: number?.value ?? '', pos: this.pos(t) };
    if (!number) return part;
    if (this.peek().kind === 'string') part.label = this.next().value;
    if (this.eatWord('unit')) {
      const u = this.expectString(`the unit of part "${part.number}"`);
      if (u) part.unit = u.value;
    }
    return part;
  }

  private multiplicity(): Multiplicity {
    const t = this.peek();
    if (this.eatWord('optional')) return { kind: 'optional', pos: this.pos(t) };
    if (t.kind === 'number' || (this.isPunct('-') && this.peek(1).kind === 'number')) {
      const range = this.range('the number of instances');
      if (range) return { kind: 'repeat', min: range.min, max: range.max, pos: this.pos(t) };
    }
    return { kind: 'one' };
  }

  private range(what: string): { min: number; max: number } | undefined {
    const lo = this.expectNumber(`the smallest ${what}`);
    if (!lo) return undefined;
    if (!this.expectPunct('..', `between the smallest and the largest ${what}: write MIN..MAX`)) return undefined;
    const hi = this.expectNumber(`the largest ${what} after ".."`);
    if (!hi) return undefined;
    return { min: lo.value, max: hi.value };
  }

  private component(): ComponentDecl {
    const t = this.next();
    const name = this.name('the name of the component');
    const texts = this.texts();
    const multiplicity = this.multiplicity();
    const body = this.body(`after "component ${name.text}"`, `to close component "${name.text}"`, `in component "${name.text}"`);
    return { kind: 'component', name, texts, multiplicity, body, pos: this.pos(t) };
  }

  /** The items of a product or component. */
  private body(after: string, closing: string, where: string): Item[] {
    const items: Item[] = [];
    const ctx: BlockContext = {
      keywords: BODY_KEYWORDS,
      closing,
      where,
      expected: 'a declaration such as "choice", "flag", "number", "component", "rule", "table" or "price"',
    };
    if (!this.openBlock(after, (tok) => tok.kind === 'ident' && BODY_KEYWORDS.has(tok.value))) return items;
    this.block(ctx, (t) => {
      const errors = this.diagnostics.length;
      const item = this.item(t, where);
      if (!item) return;
      if (this.diagnostics.length > errors) {
        // Checking a statement that did not parse would only repeat its syntax error in other words.
        if (UNNAMED.has(item.kind)) return;
        if (item.kind === 'choice') item.broken = true;
      }
      items.push(item);
    });
    return items;
  }

  private item(t: Token, where: string): Item | undefined {
    const pos = this.pos(t);
    switch (t.value) {
      case 'label':
      case 'description': {
        const texts = emptyTexts();
        this.translation(texts);
        const text = (t.value === 'label' ? texts.labels : texts.descriptions)[0];
        return text ? { kind: t.value, text, pos } : undefined;
      }
      case 'currency': {
        this.next();
        const code = this.expectName('a currency code such as EUR');
        return code ? { kind: 'currency', code: code.value, pos } : undefined;
      }
      case 'default': {
        this.next();
        const value = this.literal(`the default ${where}`);
        return value ? { kind: 'default', value, pos } : undefined;
      }
      case 'price': {
        this.next();
        const label = this.peek().kind === 'string' ? this.next().value : undefined;
        const amount = this.expression('an amount after "price"');
        const when = this.eatWord('when') ? this.expression('a condition after "when"') : undefined;
        return { kind: 'price', ...(label !== undefined ? { label } : {}), amount, ...(when ? { when } : {}), pos };
      }
      case 'minimize':
      case 'maximize': {
        this.next();
        const label = this.peek().kind === 'string' ? this.next().value : undefined;
        const expr = this.expression(`what to ${t.value}`);
        return { kind: 'objective', sense: t.value, ...(label !== undefined ? { label } : {}), expr, pos };
      }
      case 'choice':
        return this.choice();
      case 'flag':
        return this.flag();
      case 'number':
        return this.numberDecl();
      case 'component':
        return this.component();
      case 'use': {
        this.next();
        const template = this.name('the name of a component template after "use"');
        if (!this.eatWord('as')) {
          this.error(`expected "as" after "use ${template.text}": write use ${template.text || 'Template'} as name`);
          return undefined;
        }
        const name = this.name(`the name of this use of "${template.text}"`);
        const texts = this.texts();
        const m = this.multiplicity();
        return { kind: 'use', template, name, texts, ...(m.kind === 'one' ? {} : { multiplicity: m }), pos };
      }
      case 'rule': {
        this.next();
        const label = this.peek().kind === 'string' ? this.next().value : undefined;
        const named = label === undefined ? 'the rule' : `rule "${label}"`;
        if (!this.expectPunct(':', `before the condition of ${named}`)) return undefined;
        const first = this.peek();
        const formula = this.expression(`the condition of ${named}`);
        const text = this.sourceFrom(first);
        const because = this.because();
        return { kind: 'rule', ...(label !== undefined ? { label } : {}), formula, text, ...(because !== undefined ? { because } : {}), pos };
      }
      case 'table':
        return this.table();
      case 'bom': {
        this.next();
        const lines = this.bomLines('after "bom"', 'to close the bill of materials', 'in the bill of materials');
        return { kind: 'bom', lines, pos };
      }
      case 'preview':
        return this.preview();
      case 'text':
        return this.textField();
      case 'group': {
        this.next();
        const id = this.peek().kind === 'ident' ? this.name('the group id') : undefined;
        const texts = this.texts();
        if (!this.expectPunct('(', 'before the members of the group: write group "Label" (a, b)')) return undefined;
        const members = this.pathList('a member of the group');
        if (this.isPunct('{')) {
          this.next();
          this.block(
            { keywords: LABEL_KEYWORDS, closing: 'to close the group', where: 'in a group', expected: '"label" or "description"' },
            () => this.translation(texts),
          );
        }
        return { kind: 'group', ...(id ? { id } : {}), texts, members, pos };
      }
    }
    return undefined;
  }

  private because(): string | undefined {
    if (!this.eatWord('because')) return undefined;
    return this.expectString('the explanation after "because"')?.value;
  }

  /** Comma-separated names up to `)`; the `(` is consumed. */
  private pathList(what: string): PathExpr[] {
    const out: PathExpr[] = [];
    if (this.eatPunct(')')) return out;
    for (;;) {
      if (this.peek().kind !== 'ident') {
        this.error(`expected ${what}, found ${describeToken(this.peek())}`);
        return out;
      }
      out.push(this.path());
      if (this.eatPunct(',')) continue;
      this.expectPunct(')', `or "," after ${what}`);
      return out;
    }
  }

  private literal(what: string): Literal | undefined {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return { kind: 'ident', name: t.value, pos: this.pos(t) };
    }
    const n = this.expectNumber(what);
    return n ? { kind: 'number', value: n.value, pos: this.pos(n.token) } : undefined;
  }

  private choice(): ChoiceDecl {
    const t = this.next();
    const name = this.name('the name of the choice');
    const texts = this.texts();
    const decl: ChoiceDecl = { kind: 'choice', name, texts, values: [], pos: this.pos(t) };
    const ctx: BlockContext = {
      keywords: CHOICE_KEYWORDS,
      closing: `after the values of choice "${name.text}"`,
      where: `in choice "${name.text}"`,
      expected: '"value", "default" or "label"',
    };
    if (!this.openBlock(`after the label of choice "${name.text}"`, (tok) => tok.kind === 'ident' && CHOICE_KEYWORDS.has(tok.value)))
      return decl;
    this.block(ctx, (tok) => {
      if (tok.value === 'label' || tok.value === 'description') return this.translation(texts);
      this.next();
      if (tok.value === 'default') {
        const d = this.expectName(`the default value of choice "${name.text}"`);
        if (d) decl.default = { text: d.value, pos: this.pos(d) };
        return;
      }
      const vname = this.name(`the name of a value of choice "${name.text}"`);
      if (!vname.text) return;
      const value: ValueDecl = { name: vname, texts: this.texts(), attrs: [] };
      decl.values.push(value);
      if (this.isPunct('{')) {
        this.next();
        this.attributes(value.attrs, value.texts, `of value "${vname.text}"`, undefined);
      }
    });
    return decl;
  }

  /**
   * `{ watts 65 price 199 part "X" label pl "…" }` — the `{` is consumed. `onDefault` handles
   * `default …` where one is allowed (flags).
   */
  private attributes(attrs: Attr[], texts: Texts, of: string, onDefault: (() => void) | undefined): void {
    // In a value, `default` at the start of a line belongs to the choice: the value's `}` is missing.
    const closes = (tok: Token): boolean => tok.lineStart && (ATTRIBUTE_CLOSERS.has(tok.value) || (!onDefault && tok.value === 'default'));
    const ctx: BlockContext = {
      keywords: NO_KEYWORDS,
      closing: `after the attributes ${of}`,
      where: `in the attributes ${of}`,
      expected: 'an attribute such as "price 10" or "part "P-1""',
      startsItem: (tok) => tok.kind === 'ident' && !closes(tok),
    };
    this.block(ctx, (tok) => {
      // `label pl "…"` is a translation; `label "…"` or `label x` stays an ordinary attribute.
      if (tok.value === 'label' || tok.value === 'description') {
        const lang = this.peek(1);
        if (lang.kind === 'ident' && this.peek(2).kind === 'string') return this.translation(texts);
      }
      if (tok.value === 'default' && onDefault) {
        this.next();
        return onDefault();
      }
      const n = this.next();
      const value = this.attrValue(n.value, of);
      if (value) attrs.push({ name: { text: n.value, pos: this.pos(n) }, value });
      this.eatPunct(',');
    });
  }

  private attrValue(attr: string, of: string): AttrValue | undefined {
    const t = this.peek();
    const pos = this.pos(t);
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.value, pos };
    }
    if (t.kind === 'ident') {
      this.next();
      if (this.isPunct('.') && this.peek(1).kind === 'ident') {
        this.next();
        return { kind: 'symbol', type: t.value, name: this.next().value, pos };
      }
      return { kind: 'symbol', name: t.value, pos };
    }
    const n = this.expectNumber(`a value for attribute "${attr}" ${of}`);
    return n ? { kind: 'number', value: n.value, pos } : undefined;
  }

  private flag(): FlagDecl {
    const t = this.next();
    const name = this.name('the name of the flag');
    const texts = this.texts();
    const decl: FlagDecl = { kind: 'flag', name, texts, attrs: [], pos: this.pos(t) };
    if (this.isPunct('{')) {
      this.next();
      this.attributes(decl.attrs, texts, `of flag "${name.text}"`, () => {
        const v = this.peek();
        if (this.isWord('true') || this.isWord('false')) {
          this.next();
          decl.default = { value: v.value === 'true', pos: this.pos(v) };
        } else {
          this.error(`expected true or false after "default" in flag "${name.text}", found ${describeToken(v)}`);
        }
      });
    }
    return decl;
  }

  private numberDecl(): NumberDecl {
    const t = this.next();
    const name = this.name('the name of the number');
    const texts = this.texts();
    const rangeTok = this.peek();
    const range = this.range(`value of number "${name.text}"`) ?? { min: 0, max: 0 };
    const decl: NumberDecl = { kind: 'number', name, texts, min: range.min, max: range.max, rangePos: this.pos(rangeTok), pos: this.pos(t) };
    if (this.panic) return decl;
    // A unit follows on the same line: `26..44 in`, `1..10 "m²"`.
    const u = this.peek();
    const declaration = u.kind === 'ident' && (BODY_KEYWORDS.has(u.value) || TOP_KEYWORDS.has(u.value));
    if ((u.kind === 'string' || (u.kind === 'ident' && u.value !== 'step' && !declaration)) && !u.lineStart) {
      this.next();
      decl.unit = u.value;
    }
    const numberClause = (kw: string): void => {
      const at = this.next();
      const n = this.expectNumber(`a number after "${kw}" in number "${name.text}"`);
      if (!n) return;
      const v = { value: n.value, pos: this.pos(at) };
      if (kw === 'step') decl.step = v;
      else if (kw === 'default') decl.default = v;
      else decl.price = v;
    };
    if (this.isWord('step')) numberClause('step');
    if (this.isPunct('{')) {
      this.next();
      this.block(
        {
          keywords: NUMBER_KEYWORDS,
          closing: `to close number "${name.text}"`,
          where: `in number "${name.text}"`,
          expected: '"default", "step", "price", "unit" or "label"',
        },
        (tok) => {
          if (tok.value === 'label' || tok.value === 'description') return this.translation(texts);
          if (tok.value === 'unit') {
            this.next();
            const s = this.peek();
            if (s.kind === 'string' || s.kind === 'ident') decl.unit = this.next().value;
            else this.error(`expected a unit after "unit", found ${describeToken(s)}`);
            return;
          }
          numberClause(tok.value);
        },
      );
    }
    return decl;
  }

  private table(): TableDecl {
    const t = this.next();
    const label = this.peek().kind === 'string' ? this.next().value : undefined;
    const decl: TableDecl = { kind: 'table', ...(label !== undefined ? { label } : {}), columns: [], allow: true, rows: [], pos: this.pos(t) };
    if (!this.expectPunct('(', 'before the columns of the table: write table (a, b) allow { … }')) return decl;
    decl.columns = this.pathList('a column of the table');
    if (this.eatWord('allow') || this.eatWord('allowed')) decl.allow = true;
    else if (this.eatWord('forbid') || this.eatWord('forbidden')) decl.allow = false;
    else {
      this.error(`expected "allow" or "forbid" after the columns of the table, found ${describeToken(this.peek())}`);
      return decl;
    }
    const startsCell = (tok: Token): boolean =>
      tok.kind === 'ident' || tok.kind === 'number' || (tok.kind === 'punct' && ['*', '(', '-'].includes(tok.value));
    if (!this.openBlock(`before the rows of the table`, startsCell)) return decl;
    this.block(
      {
        keywords: NO_KEYWORDS,
        closing: 'after the rows of the table',
        where: 'in the table',
        expected: 'a row of values separated by ","',
        startsItem: (tok) => startsCell(tok) && !(tok.lineStart && tok.kind === 'ident' && ATTRIBUTE_CLOSERS.has(tok.value)),
      },
      (tok) => {
        const cells: TableCell[] = [];
        for (;;) {
          const cell = this.cell();
          if (!cell) break;
          cells.push(cell);
          if (this.eatPunct(',')) continue;
          // A row ends with its line: a value right after another on the same line lacks its comma.
          if (startsCell(this.peek()) && !this.peek().lineStart) this.error(`expected "," between the values of a row`);
          break;
        }
        decl.rows.push({ cells, pos: this.pos(tok) });
      },
    );
    decl.because = this.because();
    if (decl.because === undefined) delete decl.because;
    return decl;
  }

  private cell(): TableCell | undefined {
    const t = this.peek();
    const pos = this.pos(t);
    if (this.eatPunct('*')) return { kind: 'any', pos };
    if (this.eatPunct('(')) {
      const values: Literal[] = [];
      for (;;) {
        const v = this.literal('a value in the parenthesis');
        if (!v) return undefined;
        values.push(v);
        if (this.eatPunct(',')) continue;
        if (!this.expectPunct(')', 'or "," in the list of values')) return undefined;
        return { kind: 'values', values, pos };
      }
    }
    const v = this.literal('a value, "*" or a list in parentheses');
    return v ? { kind: 'values', values: [v], pos } : undefined;
  }

  private bomLines(after: string, closing: string, where: string): BomLineDecl[] {
    const lines: BomLineDecl[] = [];
    if (!this.openBlock(after, (tok) => tok.kind === 'ident' && BOM_KEYWORDS.has(tok.value))) return lines;
    this.block({ keywords: BOM_KEYWORDS, closing, where, expected: '"part", "assembly" or "operation"' }, (tok) => {
      const pos = this.pos(tok);
      this.next();
      if (tok.value === 'operation') {
        const name = this.expectString('the name of the operation');
        if (!name) return;
        if (!this.eatWord('at')) return this.error(`expected "at" and a work centre after operation "${name.value}"`);
        const wc = this.expectString(`the work centre of operation "${name.value}"`);
        if (!wc) return;
        const op: BomLineDecl = { kind: 'operation', name: name.value, workCentre: wc.value, pos };
        if (this.eatWord('minutes')) op.minutes = this.expression(`the minutes of operation "${name.value}"`);
        if (this.eatWord('when')) op.when = this.expression('a condition after "when"');
        lines.push(op);
        return;
      }
      const kind = tok.value === 'assembly' ? 'assembly' : 'part';
      const numberTok = this.peek();
      let number: Expr;
      if (numberTok.kind === 'string') {
        this.next();
        number = { kind: 'str', value: numberTok.value, pos: this.pos(numberTok) };
      } else if (numberTok.kind === 'ident') {
        number = this.path();
      } else {
        this.error(`expected a part number after "${kind}", found ${describeToken(numberTok)}`);
        return;
      }
      const line: BomLineDecl = { kind, number, children: [], pos };
      for (let progress = true; progress; ) {
        progress = true;
        if (this.eatWord('qty')) line.quantity = this.expression(`the quantity after "qty"`);
        else if (this.eatWord('unit')) line.unit = this.expectString('the unit after "unit"')?.value;
        else if (this.eatWord('label')) line.label = this.expectString('the label after "label"')?.value;
        else if (this.eatWord('when')) line.when = this.expression('a condition after "when"');
        else progress = false;
        if (this.panic) break;
      }
      if (line.unit === undefined) delete line.unit;
      if (line.label === undefined) delete line.label;
      if (kind === 'assembly' && this.isPunct('{'))
        line.children = this.bomLines('', 'to close the assembly', 'in the assembly');
      lines.push(line);
    });
    return lines;
  }

  private preview(): Item {
    const t = this.next();
    const viewBox: number[] = [];
    while (viewBox.length < 4) {
      const n = this.expectNumber('the four numbers of the preview canvas (x y width height)');
      if (!n) break;
      viewBox.push(n.value);
    }
    const layers: PathExpr[] = [];
    if (!this.panic && this.openBlock('after the preview canvas', (tok) => tok.kind === 'ident' && tok.value === 'layer')) {
      this.block(
        { keywords: PREVIEW_KEYWORDS, closing: 'to close the preview', where: 'in the preview', expected: '"layer"' },
        () => {
          this.next();
          if (this.peek().kind !== 'ident') return this.error(`expected a name after "layer", found ${describeToken(this.peek())}`);
          layers.push(this.path());
        },
      );
    }
    return { kind: 'preview', viewBox, layers, pos: this.pos(t) };
  }

  private textField(): TextFieldDecl {
    const t = this.next();
    const name = this.name('the name of the text field');
    const texts = this.texts();
    const decl: TextFieldDecl = { kind: 'text', name, texts, required: false, pos: this.pos(t) };
    const clause = (tok: Token): boolean => {
      switch (tok.value) {
        case 'max': {
          this.next();
          const n = this.expectNumber(`the maximum length of text "${name.text}"`);
          if (n) decl.max = { value: n.value, pos: this.pos(tok) };
          return true;
        }
        case 'allowed': {
          this.next();
          const s = this.expectString(`the allowed characters of text "${name.text}"`);
          if (s) decl.allowed = { value: s.value, pos: this.pos(s) };
          return true;
        }
        case 'when':
          this.next();
          decl.when = this.expression('a condition after "when"');
          return true;
        case 'required':
          this.next();
          decl.required = true;
          return true;
        case 'price':
          this.next();
          decl.price = this.expression(`the price of text "${name.text}"`);
          return true;
        case 'preview': {
          this.next();
          const s = this.expectString(`the preview of text "${name.text}"`);
          if (s) decl.preview = s.value;
          return true;
        }
        case 'label':
        case 'description':
          this.translation(texts);
          return true;
      }
      return false;
    };
    // Clauses may follow the label on the same line, or sit in a block.
    for (;;) {
      const next = this.peek();
      if (this.panic || next.kind !== 'ident' || next.lineStart || !clause(next)) break;
    }
    if (!this.panic && this.isPunct('{')) {
      this.next();
      this.block(
        {
          keywords: TEXT_KEYWORDS,
          closing: `to close text "${name.text}"`,
          where: `in text "${name.text}"`,
          expected: '"max", "allowed", "when", "required", "price", "preview" or "label"',
        },
        (tok) => void clause(tok),
      );
    }
    return decl;
  }
}

/** Parses one file. Never throws; the tree holds whatever could be read. */
export function parseAtl(text: string, file: string): { ast: AtlFile; diagnostics: Diagnostic[] } {
  const lexed = tokenize(text, file);
  const parser = new Parser(lexed.tokens, file, text);
  const ast = parser.parseFile();
  return { ast, diagnostics: [...lexed.diagnostics, ...parser.diagnostics] };
}
