import { parseErrorAt } from './parse-error.ts';

/*
 * A small XML tokenizer for data files such as XCSP: elements, attributes and text, with comments,
 * processing instructions and DOCTYPE skipped. No namespaces, no DTD, no CDATA; the five predefined
 * entities and numeric character references are decoded in attribute values. Offsets index the source
 * text so callers can parse large text content in place and report positions.
 */

export type XmlToken =
  | { kind: 'open'; name: string; attrs: Map<string, string>; selfClosing: boolean; offset: number }
  | { kind: 'close'; name: string; offset: number }
  /** Raw character data between tags: text.slice(start, end). */
  | { kind: 'text'; start: number; end: number };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /\s*/y;

export class XmlTokenizer {
  private pos = 0;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  error(offset: number, problem: string): Error {
    return parseErrorAt(this.text, this.file, offset, problem);
  }

  next(): XmlToken | null {
    const t = this.text;
    for (;;) {
      if (this.pos >= t.length) return null;
      if (t.charCodeAt(this.pos) !== 60 /* < */) {
        const start = this.pos;
        const lt = t.indexOf('<', start);
        this.pos = lt === -1 ? t.length : lt;
        return { kind: 'text', start, end: this.pos };
      }
      const start = this.pos;
      if (t.startsWith('<!--', start)) {
        const end = t.indexOf('-->', start + 4);
        if (end === -1) throw this.error(start, 'unterminated comment');
        this.pos = end + 3;
        continue;
      }
      if (t.startsWith('<?', start) || t.startsWith('<!', start)) {
        const end = t.indexOf('>', start);
        if (end === -1) throw this.error(start, 'unterminated declaration');
        this.pos = end + 1;
        continue;
      }
      if (t.charCodeAt(start + 1) === 47 /* / */) {
        const name = this.name(start + 2);
        this.skipSpace();
        if (t[this.pos] !== '>') throw this.error(this.pos, `expected ">" to close </${name}`);
        this.pos++;
        return { kind: 'close', name, offset: start };
      }
      const name = this.name(start + 1);
      const attrs = new Map<string, string>();
      for (;;) {
        this.skipSpace();
        const c = t[this.pos];
        if (c === '>') {
          this.pos++;
          return { kind: 'open', name, attrs, selfClosing: false, offset: start };
        }
        if (c === '/' && t[this.pos + 1] === '>') {
          this.pos += 2;
          return { kind: 'open', name, attrs, selfClosing: true, offset: start };
        }
        if (c === undefined) throw this.error(start, `unterminated tag <${name}`);
        const attrAt = this.pos;
        const attr = this.name(this.pos);
        this.skipSpace();
        if (t[this.pos] !== '=') throw this.error(this.pos, `expected "=" after attribute ${attr}`);
        this.pos++;
        this.skipSpace();
        const q = t[this.pos];
        if (q !== '"' && q !== "'") throw this.error(this.pos, `expected a quoted value for attribute ${attr}`);
        const end = t.indexOf(q, this.pos + 1);
        if (end === -1) throw this.error(this.pos, `unterminated value of attribute ${attr}`);
        if (attrs.has(attr)) throw this.error(attrAt, `attribute ${attr} given twice`);
        attrs.set(attr, decode(t.slice(this.pos + 1, end)));
        this.pos = end + 1;
      }
    }
  }

  private name(at: number): string {
    NAME.lastIndex = at;
    const m = NAME.exec(this.text);
    if (!m) throw this.error(at, 'expected a name');
    this.pos = at + m[0].length;
    return m[0];
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }
}
