import type { CompiledModel, SourcePosition, Value } from '../model/compiled.ts';
import type { TableEntry } from '../model/formula.ts';
import type { Model } from '../model/model.ts';
import { ModelBuilder } from '../model/builder.ts';
import { compile, type CompileOptions } from '../model/compile.ts';
import { LineIndex, ParseError } from './parse-error.ts';
import { XmlTokenizer } from './xml-tokens.ts';

/*
 * XCSP 2.1, extensional subset: <domains> (values and a..b ranges), <variables>, <relations> with
 * semantics "supports" or "conflicts" (tuples separated by "|"), and <constraints> referencing a
 * relation over a scope. A domain's `optional="J"` makes J the joker "absent": it maps to null.
 * Intensional constraints (predicates, functions, global constraints) are refused with a position.
 */

interface Domain {
  values: number[];
  joker?: number;
}

interface Relation {
  arity: number;
  conflicts: boolean;
  /** Tuples flattened, `arity` numbers each. */
  flat: number[];
  offset: number;
}

interface ConstraintRef {
  name: string;
  scope: string[];
  reference: string;
  offset: number;
}

const WS = new Set([32, 9, 10, 13]);

class XcspReader {
  private readonly tok: XmlTokenizer;
  private readonly lines: LineIndex;
  readonly domains = new Map<string, Domain>();
  readonly variables: { name: string; domain: string; offset: number }[] = [];
  readonly relations = new Map<string, Relation>();
  readonly constraints: ConstraintRef[] = [];
  readonly otherReferences = new Set<string>();

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.tok = new XmlTokenizer(text, file);
    this.lines = new LineIndex(text);
  }

  error(offset: number, problem: string): ParseError {
    const { line, column } = this.lines.at(offset);
    return new ParseError(this.file, line, column, problem);
  }

  source(offset: number): SourcePosition {
    return { file: this.file, ...this.lines.at(offset) };
  }

  private required(attrs: Map<string, string>, name: string, tag: string, offset: number): string {
    const v = attrs.get(name);
    if (v === undefined) throw this.error(offset, `<${tag}> needs a ${name} attribute`);
    return v;
  }

  private integer(s: string, offset: number, what: string): number {
    const n = Number(s);
    if (!/^-?\d+$/.test(s.trim()) || !Number.isSafeInteger(n)) throw this.error(offset, `${what} "${s}" is not an integer`);
    return n;
  }

  read(): void {
    const stack: { name: string; offset: number }[] = [];
    // Element whose text content is being collected.
    let open: { name: 'domain' | 'relation'; attrs: Map<string, string>; offset: number; parts: [number, number][] } | null = null;
    for (let t = this.tok.next(); t; t = this.tok.next()) {
      if (t.kind === 'text') {
        if (open) open.parts.push([t.start, t.end]);
        continue;
      }
      if (t.kind === 'close') {
        const top = stack.pop();
        if (!top) throw this.error(t.offset, `unexpected </${t.name}>`);
        if (top.name !== t.name) throw this.error(t.offset, `expected </${top.name}> (opened at line ${this.lines.at(top.offset).line}), found </${t.name}>`);
        if (open && open.name === t.name) {
          if (open.name === 'domain') this.domain(open.attrs, open.offset, open.parts);
          else this.relation(open.attrs, open.offset, open.parts);
          open = null;
        }
        continue;
      }
      const { name, attrs, offset } = t;
      if (name === 'domain' || name === 'relation') {
        if (t.selfClosing) {
          if (name === 'domain') this.domain(attrs, offset, []);
          else this.relation(attrs, offset, []);
        } else open = { name, attrs, offset, parts: [] };
      } else if (name === 'variable') {
        this.variables.push({ name: this.required(attrs, 'name', name, offset), domain: this.required(attrs, 'domain', name, offset), offset });
      } else if (name === 'constraint') {
        const scope = this.required(attrs, 'scope', name, offset).trim().split(/\s+/).filter((s) => s.length > 0);
        this.constraints.push({ name: this.required(attrs, 'name', name, offset), scope, reference: this.required(attrs, 'reference', name, offset), offset });
      } else if (name === 'predicate' || name === 'function') {
        const n = attrs.get('name');
        if (n) this.otherReferences.add(n);
      }
      if (!t.selfClosing) stack.push({ name, offset });
    }
    if (stack.length > 0) {
      const top = stack[stack.length - 1];
      throw this.error(top.offset, `<${top.name}> is never closed`);
    }
  }

  private domain(attrs: Map<string, string>, offset: number, parts: [number, number][]): void {
    const name = this.required(attrs, 'name', 'domain', offset);
    if (this.domains.has(name)) throw this.error(offset, `domain ${name} declared twice`);
    const values: number[] = [];
    for (const [start, end] of parts) {
      const re = /\S+/g;
      const chunk = this.text.slice(start, end);
      for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
        const at = start + m.index;
        const range = m[0].indexOf('..');
        if (range > 0) {
          const lo = this.integer(m[0].slice(0, range), at, 'range bound');
          const hi = this.integer(m[0].slice(range + 2), at, 'range bound');
          if (hi - lo >= 100_000) throw this.error(at, `range ${m[0]} is too large (at most 100000 values)`);
          for (let v = lo; v <= hi; v++) values.push(v);
        } else values.push(this.integer(m[0], at, 'domain value'));
      }
    }
    const declared = attrs.get('nbValues');
    if (declared !== undefined && this.integer(declared, offset, 'nbValues') !== values.length)
      throw this.error(offset, `domain ${name} lists ${values.length} values but nbValues="${declared}"`);
    const optional = attrs.get('optional');
    const d: Domain = { values };
    if (optional !== undefined) {
      const joker = this.integer(optional, offset, 'optional');
      if (values.includes(joker)) d.joker = joker;
    }
    this.domains.set(name, d);
  }

  private relation(attrs: Map<string, string>, offset: number, parts: [number, number][]): void {
    const name = this.required(attrs, 'name', 'relation', offset);
    if (this.relations.has(name)) throw this.error(offset, `relation ${name} declared twice`);
    const arity = this.integer(this.required(attrs, 'arity', 'relation', offset), offset, 'arity');
    const semantics = this.required(attrs, 'semantics', 'relation', offset);
    if (semantics !== 'supports' && semantics !== 'conflicts')
      throw this.error(offset, `relation ${name}: semantics "${semantics}" is not supported (supports or conflicts)`);
    const flat: number[] = [];
    let inTuple = 0;
    let tupleStart = -1;
    let sawBar = false;
    const t = this.text;
    for (const [start, end] of parts) {
      let i = start;
      while (i < end) {
        const c = t.charCodeAt(i);
        if (WS.has(c)) {
          i++;
          continue;
        }
        if (c === 124 /* | */) {
          if (inTuple !== arity) throw this.error(tupleStart >= 0 ? tupleStart : i, `relation ${name}: tuple has ${inTuple} values, arity is ${arity}`);
          inTuple = 0;
          tupleStart = -1;
          sawBar = true;
          i++;
          continue;
        }
        // An integer, scanned by hand: relations hold millions of them.
        const numStart = i;
        let sign = 1;
        if (c === 45 /* - */) {
          sign = -1;
          i++;
        }
        let n = 0;
        let digits = 0;
        while (i < end) {
          const d = t.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          n = n * 10 + d;
          digits++;
          i++;
        }
        if (digits === 0 || (i < end && !WS.has(t.charCodeAt(i)) && t.charCodeAt(i) !== 124)) {
          let e = i;
          while (e < end && !WS.has(t.charCodeAt(e)) && t.charCodeAt(e) !== 124) e++;
          throw this.error(numStart, `relation ${name}: "${t.slice(numStart, Math.max(e, numStart + 1))}" is not an integer`);
        }
        if (inTuple === 0) tupleStart = numStart;
        flat.push(sign * n);
        inTuple++;
        if (!sawBar && inTuple > arity) throw this.error(numStart, `relation ${name}: tuple has more than ${arity} values (missing "|"?)`);
      }
    }
    if (inTuple !== 0 && inTuple !== arity) throw this.error(tupleStart, `relation ${name}: tuple has ${inTuple} values, arity is ${arity}`);
    const declared = attrs.get('nbTuples');
    const count = arity === 0 ? 0 : flat.length / arity;
    if (declared !== undefined && this.integer(declared, offset, 'nbTuples') !== count)
      throw this.error(offset, `relation ${name} lists ${count} tuples but nbTuples="${declared}"`);
    this.relations.set(name, { arity, conflicts: semantics === 'conflicts', flat, offset });
  }

  toModel(): Model {
    const b = new ModelBuilder();
    const domainOfVar = new Map<string, Domain>();
    for (const v of this.variables) {
      const d = this.domains.get(v.domain);
      if (!d) throw this.error(v.offset, `variable ${v.name}: unknown domain ${v.domain}`);
      if (domainOfVar.has(v.name)) throw this.error(v.offset, `variable ${v.name} declared twice`);
      domainOfVar.set(v.name, d);
      const values = d.joker === undefined ? d.values : d.values.filter((x) => x !== d.joker);
      b.int(v.name, { values }, d.joker === undefined ? { source: this.source(v.offset) } : { optional: {}, source: this.source(v.offset) });
    }
    for (const c of this.constraints) {
      const rel = this.relations.get(c.reference);
      if (!rel) {
        const what = this.otherReferences.has(c.reference) || c.reference.startsWith('global:') ? 'is not a relation (only extensional constraints are supported)' : 'is not declared';
        throw this.error(c.offset, `constraint ${c.name}: reference ${c.reference} ${what}`);
      }
      if (rel.arity !== c.scope.length)
        throw this.error(c.offset, `constraint ${c.name}: scope has ${c.scope.length} variables, relation ${c.reference} has arity ${rel.arity}`);
      const doms = c.scope.map((name) => {
        const d = domainOfVar.get(name);
        if (!d) throw this.error(c.offset, `constraint ${c.name}: unknown variable ${name}`);
        return { d, set: new Set(d.values) };
      });
      // Tuples with a value outside a variable's domain can never match: XCSP lets them be listed; drop them.
      const tuples: TableEntry[][] = [];
      for (let i = 0; i < rel.flat.length; i += rel.arity) {
        const tuple: Value[] = new Array(rel.arity);
        let inside = true;
        for (let j = 0; j < rel.arity && inside; j++) {
          const x = rel.flat[i + j];
          inside = doms[j].set.has(x);
          tuple[j] = x === doms[j].d.joker ? null : x;
        }
        if (inside) tuples.push(tuple);
      }
      b.add({
        label: c.name,
        source: this.source(c.offset),
        kind: 'table',
        table: { vars: c.scope, tuples, kind: rel.conflicts ? 'forbidden' : 'allowed' },
      });
    }
    return b.build();
  }
}

/** The product model of an XCSP 2.1 extensional instance. Throws ParseError (file:line:column) on malformed input. */
export function readXcsp(text: string, file = '<xcsp>'): Model {
  const r = new XcspReader(text, file);
  r.read();
  return r.toModel();
}

/** Parses and compiles an XCSP 2.1 extensional instance. */
export function parseXcsp(text: string, file = '<xcsp>', options?: CompileOptions): CompiledModel {
  return compile(readXcsp(text, file), options);
}
