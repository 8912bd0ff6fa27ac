import type { Value, VariableDecl } from '@atelier/engine';
import type { Diagnostic } from '../diagnostics.ts';
import type { Preset, ProductModel } from '../product.ts';
import type { Pos } from './ast.ts';
import { type Token, tokenize } from './lexer.ts';
import { DiagnosticSink, suggestion } from './sink.ts';

/** One statement of a user-input file, resolved to a variable of the model. */
export interface UserChoice {
  kind: 'set' | 'add';
  /** The path as written, e.g. `carrier[0].bag[1]`. */
  path: string;
  variable: string;
  value: Value;
  line: number;
  column: number;
}

interface Segment {
  name: string;
  index: number;
  pos: Pos;
}

/** Every dotted prefix of the model's variable names: the instances and features that exist. */
function prefixesOf(variables: readonly VariableDecl[]): Set<string> {
  const out = new Set<string>();
  for (const v of variables) {
    let at = v.name.indexOf('.');
    while (at >= 0) {
      out.add(v.name.slice(0, at));
      at = v.name.indexOf('.', at + 1);
    }
    out.add(v.name);
  }
  return out;
}

function shown(v: Value): string {
  return typeof v === 'string' ? v : String(v);
}

class UserInputReader {
  private i = 0;
  readonly presets: Preset[] = [];
  readonly choices: UserChoice[] = [];
  private readonly byName: Map<string, VariableDecl>;
  private readonly prefixes: Set<string>;

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly sink: DiagnosticSink,
    product: ProductModel,
  ) {
    this.byName = new Map(product.model.variables.map((v) => [v.name, v]));
    this.prefixes = prefixesOf(product.model.variables);
  }

  private get tok(): Token {
    return this.tokens[this.i];
  }

  private isSymbol(text: string): boolean {
    const t = this.tokens[this.i];
    return t.kind === 'symbol' && t.text === text;
  }

  private atStatement(): boolean {
    const t = this.tokens[this.i];
    return t.kind === 'eof' || (t.kind === 'ident' && (t.text === 'set' || t.text === 'add'));
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private syntax(expected: string): null {
    const t = this.tok;
    const found = t.kind === 'eof' ? 'end of file' : `"${t.text}"`;
    this.sink.error('syntax', `syntax error: expected ${expected}, found ${found}`, t);
    return null;
  }

  read(): void {
    while (this.tok.kind !== 'eof') {
      const t = this.tok;
      const start = this.i;
      const ok = t.kind === 'ident' && (t.text === 'set' || t.text === 'add') ? this.statement() : this.syntax('"set" or "add"');
      if (ok === null) {
        // Resume at the next statement.
        if (this.i === start) this.next();
        while (!this.atStatement()) this.next();
      }
    }
  }

  private statement(): true | null {
    const kw = this.next();
    const path = this.path();
    if (!path) return null;
    const text = path.map((s) => `${s.name}[${s.index}]`).join('.');
    if (kw.text === 'add') {
      this.add(path, text, kw);
      return true;
    }
    if (!this.isSymbol('=')) return this.syntax('"="');
    this.next();
    const valueTok = this.tok;
    let negative = false;
    if (valueTok.kind === 'symbol' && valueTok.text === '-') {
      negative = true;
      this.next();
    }
    const v = this.tok;
    if (v.kind !== 'number' && v.kind !== 'ident' && v.kind !== 'string') return this.syntax('a value');
    this.next();
    if (negative && v.kind !== 'number') return this.syntax('a number after "-"');
    this.set(path, text, kw, v, negative);
    return true;
  }

  private path(): Segment[] | null {
    const out: Segment[] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'ident') return this.syntax('a path');
      this.next();
      let index = 0;
      if (this.isSymbol('[')) {
        this.next();
        const n = this.tok;
        if (n.kind !== 'number' || !Number.isSafeInteger(Number(n.text))) return this.syntax('an index');
        this.next();
        index = Number(n.text);
        if (!this.isSymbol(']')) return this.syntax('"]"');
        this.next();
      }
      out.push({ name: t.text, index, pos: { line: t.line, column: t.column } });
      if (!this.isSymbol('.')) return out;
      this.next();
    }
  }

  /** The model name of an instance path: plain for single features, indexed otherwise. */
  private resolve(path: Segment[]): string | null {
    let prefix = '';
    for (const seg of path) {
      const base = prefix === '' ? seg.name : `${prefix}.${seg.name}`;
      const indexed = `${base}[${seg.index}]`;
      if (this.prefixes.has(indexed)) prefix = indexed;
      else if (seg.index === 0 && this.prefixes.has(base)) prefix = base;
      else {
        this.unknown(seg, prefix, base);
        return null;
      }
    }
    return prefix;
  }

  private unknown(seg: Segment, prefix: string, base: string): void {
    const count = this.byName.get(`${base}.count`);
    if (count || this.prefixes.has(`${base}[0]`)) {
      const max = count ? Math.max(...(count.values as number[])) : [...this.prefixes].filter((p) => p.startsWith(`${base}[`) && !p.slice(base.length).includes('.')).length;
      this.sink.error('value-range', `index ${seg.index} is out of range: "${seg.name}" has at most ${max} instance${max === 1 ? '' : 's'}`, seg.pos);
      return;
    }
    const children = new Set<string>();
    const lead = prefix === '' ? '' : `${prefix}.`;
    for (const p of this.prefixes) {
      if (!p.startsWith(lead)) continue;
      const rest = p.slice(lead.length);
      if (rest.includes('.')) continue;
      children.add(rest.replace(/\[\d+\]$/, ''));
    }
    const where = prefix === '' ? 'the product' : `"${prefix}"`;
    this.sink.error('unknown-name', `unknown feature "${seg.name}" in ${where}`, seg.pos, suggestion(seg.name, children));
  }

  private add(path: Segment[], text: string, kw: Token): void {
    const parent = this.resolve(path.slice(0, -1));
    if (parent === null) return;
    const last = path[path.length - 1];
    const base = parent === '' ? last.name : `${parent}.${last.name}`;
    const countVar = this.byName.get(`${base}.count`);
    if (!countVar) {
      // A feature with a fixed number of instances: they all exist already.
      if (this.prefixes.has(`${base}[${last.index}]`) || (last.index === 0 && this.prefixes.has(base))) return;
      this.unknown(last, parent, base);
      return;
    }
    const max = Math.max(...(countVar.values as number[]));
    if (last.index >= max) {
      this.sink.error('value-range', `index ${last.index} is out of range: "${last.name}" has at most ${max} instance${max === 1 ? '' : 's'}`, last.pos);
      return;
    }
    // Instances are used in order: adding instance i means at least i + 1 of them.
    const count = last.index + 1;
    const existing = this.presets.find((p) => p.variable === countVar.name);
    if (existing) {
      if (typeof existing.value === 'number' && existing.value < count) existing.value = count;
    } else {
      this.presets.push({ variable: countVar.name, value: count, source: { file: this.file, line: kw.line, column: kw.column } });
    }
    this.choices.push({ kind: 'add', path: text, variable: countVar.name, value: count, line: kw.line, column: kw.column });
  }

  private set(path: Segment[], text: string, kw: Token, v: Token, negative: boolean): void {
    const name = this.resolve(path);
    if (name === null) return;
    const decl = this.byName.get(name);
    const at: Pos = { line: v.line, column: v.column };
    if (!decl || decl.hidden) {
      this.sink.error('type', `"${text}" is a structure, not a feature with a value`, path[path.length - 1].pos);
      return;
    }
    let value: Value;
    if (decl.kind === 'int') {
      const n = Number(v.text) * (negative ? -1 : 1);
      if (v.kind !== 'number') {
        this.sink.error('type', `"${name}" is numeric: "${v.text}" is not a number`, at);
        return;
      }
      const values = decl.values as number[];
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      if (!values.includes(n)) {
        const message =
          n < lo || n > hi ? `value ${n} is outside the range of "${name}" (${lo}..${hi})` : `value ${n} is not a possible value of "${name}"`;
        this.sink.error('value-range', message, at);
        return;
      }
      value = n;
    } else if (decl.kind === 'bool') {
      if (v.text !== 'True' && v.text !== 'False') {
        this.sink.error('unknown-name', `unknown value "${v.text}" for "${name}"`, at, 'True or False');
        return;
      }
      value = v.text === 'True';
    } else {
      if (!decl.values.includes(v.text)) {
        this.sink.error('unknown-name', `unknown value "${v.text}" for "${name}"`, at, suggestion(v.text, decl.values.map(shown)));
        return;
      }
      value = v.text;
    }
    const source = { file: this.file, line: kw.line, column: kw.column };
    const existing = this.presets.findIndex((p) => p.variable === name);
    if (existing >= 0) this.presets.splice(existing, 1);
    this.presets.push({ variable: name, value, source });
    this.choices.push({ kind: 'set', path: text, variable: name, value, line: kw.line, column: kw.column });
  }
}

/** Reads a user-input file against a product model; see `readCoomUserInput`. */
export function readUserInput(
  text: string,
  file: string,
  product: ProductModel,
): { presets: Preset[]; choices: UserChoice[]; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(file);
  const lexed = tokenize(text, file);
  for (const d of lexed.diagnostics) sink.list.push(d);
  const reader = new UserInputReader(lexed.tokens, file, sink, product);
  reader.read();
  return { presets: reader.presets, choices: reader.choices, diagnostics: sink.list };
}
