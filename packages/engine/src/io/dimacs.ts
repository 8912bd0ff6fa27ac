import { Cnf } from '../sat/cnf.ts';
import type { CompiledConstraint, CompiledModel, CompiledVariable } from '../model/compiled.ts';
import { ParseError } from './parse-error.ts';

/*
 * DIMACS CNF: "c" comment lines, a "p cnf <vars> <clauses>" header, clauses as 0-terminated integer
 * lists that may span lines, and an optional "%" end marker (SATLIB). Feature-model exports name
 * variables in comments "c <n> <name>"; the name is the rest of the line and may hold spaces or "$".
 * A clause count that differs from the header is tolerated (it does not change the formula); a
 * literal beyond the declared variables is not.
 *
 * The reader scans bytes (UTF-8): a file read as bytes skips decoding megabytes of digits into a
 * string (freebsd-icse11's 4 MB: 6-10 ms to decode, against 4 ms to scan). Text is encoded first.
 * Only comment lines that may name a variable, the header and errors are decoded; columns count
 * bytes, which equal characters wherever a clause or an error can start (all before it on its line
 * is ASCII: a comment runs to the end of its line).
 */

export interface DimacsCnf {
  /** Flat (see Cnf.packed) until its clauses are asked for as arrays. */
  cnf: Cnf;
  /** names[v] for variable v (1-based); undefined where no "c <v> <name>" line gave one. */
  names: (string | undefined)[];
  declaredClauses: number;
  /** Line and column where each clause starts. */
  clauseLines: Int32Array;
  clauseColumns: Int32Array;
}

const NAME_LINE = /^c[ \t]+(\d+)[ \t]+(\S.*?)\s*$/;

/** Grows a buffer by doubling, keeping its first `used` entries. */
function grown(a: Int32Array<ArrayBuffer>, used: number, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a.subarray(0, used));
  return b;
}

/**
 * Byte classes as tables: spaces, tabs and carriage returns take one branch, so a file with CRLF line
 * ends runs the same optimized code as one without (a branch first taken in a later file would throw
 * the loop's optimized code away there).
 */
const BLANK = new Uint8Array(256);
BLANK[32] = BLANK[9] = BLANK[13] = 1;
/** Bytes that may follow an integer: blanks and newlines. */
const ENDS_NUMBER = BLANK.slice();
ENDS_NUMBER[10] = 1;

/** What a name's end loses (the pattern's \s, within ASCII). */
const TRAILING = ENDS_NUMBER.slice();
TRAILING[11] = TRAILING[12] = 1;

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Where a scan stands. The hot loop (scanRun) keeps all of it in locals and stores it back here when
 * it stops at a byte it does not handle itself: the rare cases are methods, so the loop stays small
 * (quick to optimize) and its way out is taken, with type feedback, at the header already. A loop
 * optimized before its exit had ever run was thrown away at the end of each file, and the next file
 * was scanned by the baseline compiler's code until the loop was optimized again.
 */
class DimacsScan {
  i = 0;
  line = 1;
  lineStart = 0;
  /** -1 until the header. */
  numVars = -1;
  declaredClauses = 0;
  // Flat buffers, sized from the input and the header and grown by doubling: a literal takes two
  // bytes at least, and typical files spend four or more on each.
  lits: Int32Array<ArrayBuffer>;
  top = 0;
  starts = new Int32Array(16);
  lines = new Int32Array(16);
  columns = new Int32Array(16);
  count = 0;
  /** 1 while a clause is open (a number, not a boolean: the loop's locals stay small integers). */
  open = 0;
  readonly namesByVar = new Map<number, string>();

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.lits = new Int32Array(Math.max(16, bytes.length >> 2));
  }

  /** Room for clause `count` and the end marker after it. */
  growClauses(): void {
    const count = this.count;
    this.starts = grown(this.starts, count + 1, count + 2);
    this.lines = grown(this.lines, count, count + 2);
    this.columns = grown(this.columns, count, count + 2);
  }

  growLits(): void {
    this.lits = grown(this.lits, this.top, this.top + 1);
  }

  /** Handles the byte at `i` that scanRun stopped at; false at the "%" end marker. */
  other(): boolean {
    const bytes = this.bytes;
    const i = this.i;
    const c = bytes[i];
    if (c === 12 || c === 11) {
      this.i = i + 1;
      return true;
    }
    if (c === 112 /* p */) {
      let end = bytes.indexOf(10, i);
      if (end === -1) end = bytes.length;
      this.header(end);
      this.i = end;
      return true;
    }
    if (c === 37 /* % */) return false;
    throw notAnInteger(bytes, this.file, this.line, this.lineStart, i);
  }

  private header(end: number): void {
    const i = this.i;
    if (this.numVars >= 0) throw new ParseError(this.file, this.line, i - this.lineStart + 1, 'second "p" header');
    const header = readHeader(utf8.decode(this.bytes.subarray(i, end)), this.file, this.line, i - this.lineStart + 1);
    this.numVars = header[0];
    this.declaredClauses = header[1];
    // The header's count is a hint only (a file may hold more or fewer clauses).
    const expected = Math.min(this.declaredClauses, this.bytes.length >> 1) + 2;
    this.starts = grown(this.starts, 0, expected);
    this.lines = grown(this.lines, 0, expected);
    this.columns = grown(this.columns, 0, expected);
  }

  literalError(start: number, v: number, negative: boolean): ParseError {
    // Before the header numVars is -1, so one comparison in the loop covers both errors.
    const column = start - this.lineStart + 1;
    if (this.numVars < 0) return new ParseError(this.file, this.line, column, 'clause before the "p cnf" header');
    return beyondDeclared(this.file, this.line, column, negative ? -v : v, this.numVars);
  }
}

/**
 * Scans spaces, newlines and clause literals from `s.i` until any other byte (comments, the header,
 * tabs, errors: left to DimacsScan.other) or the end; returns false at the end of the input.
 */
function scanRun(s: DimacsScan): boolean {
  const bytes = s.bytes;
  const n = bytes.length;
  const numVars = s.numVars;
  let i = s.i;
  let line = s.line;
  let lineStart = s.lineStart;
  let lits = s.lits;
  let top = s.top;
  let starts = s.starts;
  let count = s.count;
  let open = s.open;
  let stopped = false;
  while (i < n) {
    const c = bytes[i];
    // Tests in the order of frequency: spaces, then integers, then newlines (tabs and carriage
    // returns through the table, in the spaces' branch).
    if (c === 32 || BLANK[c] === 1) {
      i++;
      continue;
    }
    if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      const start = i;
      if (c === 45) i++;
      const digitsFrom = i;
      let v = 0;
      while (i < n) {
        const d = bytes[i] - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        i++;
      }
      const after = i < n ? bytes[i] : 32;
      if (i === digitsFrom || (after !== 32 && ENDS_NUMBER[after] === 0)) throw notAnInteger(bytes, s.file, line, lineStart, start);
      if (v > numVars) {
        s.line = line;
        s.lineStart = lineStart;
        throw s.literalError(start, v, c === 45);
      }
      if (open === 0) {
        open = 1;
        if (count + 2 > starts.length) {
          s.count = count;
          s.growClauses();
          starts = s.starts;
        }
        starts[count] = top;
        s.lines[count] = line;
        s.columns[count] = start - lineStart + 1;
      }
      if (v === 0) {
        open = 0;
        count++;
      } else {
        if (top === lits.length) {
          s.top = top;
          s.growLits();
          lits = s.lits;
        }
        lits[top++] = c === 45 ? -v : v;
      }
      continue;
    }
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === 99 /* c */) {
      // Comments (variable names) are read here, not stopped at: a loop optimized while it only met
      // comments would be thrown away at the first clause.
      let end = bytes.indexOf(10, i);
      if (end === -1) end = n;
      readNameLine(bytes, i, end, s.namesByVar);
      i = end;
      continue;
    }
    stopped = true;
    break;
  }
  s.i = i;
  s.line = line;
  s.lineStart = lineStart;
  s.top = top;
  s.count = count;
  s.open = open;
  return stopped;
}

export function readDimacsCnf(input: string | Uint8Array, file = '<dimacs>'): DimacsCnf {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const s = new DimacsScan(bytes, file);
  while (scanRun(s) && s.other());
  if (s.numVars < 0) throw new ParseError(file, s.line, s.i - s.lineStart + 1, 'no "p cnf" header');
  const numVars = s.numVars;
  // A last clause without its terminating 0 is accepted.
  if (s.open) {
    if (s.count + 2 > s.starts.length) s.growClauses();
    s.count++;
  }
  const count = s.count;
  if (count + 1 > s.starts.length) s.growClauses();
  s.starts[count] = s.top;
  const cnf = new Cnf(numVars, { count, lits: s.lits.subarray(0, s.top), start: s.starts.subarray(0, count + 1) });
  const names: (string | undefined)[] = new Array(numVars + 1);
  for (const [v, name] of s.namesByVar) if (v >= 1 && v <= numVars) names[v] = name;
  return { cnf, names, declaredClauses: s.declaredClauses, clauseLines: s.lines.subarray(0, count), clauseColumns: s.columns.subarray(0, count) };
}

/**
 * A "c <n> <name>" line (bytes[from..to)) names variable n; any other comment is ignored. Read from
 * the bytes; only the name is decoded, and anything unusual (a name starting or containing what the
 * pattern treats specially) goes through the pattern.
 */
function readNameLine(bytes: Uint8Array, from: number, to: number, names: Map<number, string>): void {
  let k = from + 1;
  if (k >= to || (bytes[k] !== 32 && bytes[k] !== 9)) return;
  while (k < to && (bytes[k] === 32 || bytes[k] === 9)) k++;
  let v = 0;
  const digitsFrom = k;
  while (k < to && bytes[k] >= 48 && bytes[k] <= 57) v = v * 10 + bytes[k++] - 48;
  // Up to 15 digits the sum is exact, as Number() would read them.
  const digits = k - digitsFrom;
  if (k === digitsFrom || k >= to || (bytes[k] !== 32 && bytes[k] !== 9)) return;
  while (k < to && (bytes[k] === 32 || bytes[k] === 9)) k++;
  // Trailing blanks off; the first step always runs, so a later file's CRLF takes no new path.
  let end = to;
  do end--;
  while (end > k && TRAILING[bytes[end]] === 1);
  end++;
  let plain = end > k && digits <= 15;
  for (let j = k; j < end && plain; j++) if (bytes[j] >= 128 || (bytes[j] >= 9 && bytes[j] <= 13)) plain = false;
  if (plain) {
    names.set(v, utf8.decode(bytes.subarray(k, end)));
    return;
  }
  const m = NAME_LINE.exec(utf8.decode(bytes.subarray(from, to)));
  if (m) names.set(Number(m[1]), m[2]);
}

/** "p cnf <variables> <clauses>" as [variables, clauses]. */
function readHeader(content: string, file: string, line: number, column: number): [number, number] {
  const parts = content.trim().split(/\s+/);
  if (parts.length !== 4 || parts[0] !== 'p' || parts[1] !== 'cnf' || !/^\d+$/.test(parts[2]) || !/^\d+$/.test(parts[3]))
    throw new ParseError(file, line, column, `malformed header "${content.trim()}" (expected "p cnf <variables> <clauses>")`);
  return [Number(parts[2]), Number(parts[3])];
}

function notAnInteger(bytes: Uint8Array, file: string, line: number, lineStart: number, start: number): ParseError {
  let e = start + 1;
  while (e < bytes.length && !(bytes[e] === 32 || bytes[e] === 10 || bytes[e] === 9 || bytes[e] === 13 || bytes[e] === 12 || bytes[e] === 11)) e++;
  return new ParseError(file, line, start - lineStart + 1, `"${utf8.decode(bytes.subarray(start, e))}" is not an integer literal`);
}

function beyondDeclared(file: string, line: number, column: number, lit: number, numVars: number): ParseError {
  return new ParseError(file, line, column, `literal ${lit} is beyond the ${numVars} declared variables`);
}

export interface DimacsOptions {
  /**
   * One constraint per clause, labelled "clause <n>" with its position, so explanations can cite
   * clauses (default). Off: every clause is structural (owner -1), saving memory on huge files.
   */
  clauseConstraints?: boolean;
}

/**
 * A DIMACS CNF as a compiled model: each CNF variable is a boolean product variable named by its
 * "c <n> <name>" line (default "x<n>"; a repeated name gets " #<n>" appended). Throws ParseError.
 */
export function parseDimacs(input: string | Uint8Array, file = '<dimacs>', options: DimacsOptions = {}): CompiledModel {
  const d = readDimacsCnf(input, file);
  const variables: CompiledVariable[] = [];
  const byName = new Map<string, number>();
  for (let v = 1; v <= d.cnf.numVars; v++) {
    let name = d.names[v] ?? `x${v}`;
    if (byName.has(name)) name = `${name} #${v}`;
    byName.set(name, v - 1);
    variables.push({ name, kind: 'bool', values: [false, true], lits: [-v, v], hidden: false });
  }
  const constraints: CompiledConstraint[] = [];
  if (options.clauseConstraints ?? true) {
    const owners = d.cnf.owners;
    for (let i = 0; i < owners.length; i++) {
      owners[i] = i;
      constraints.push({ label: `clause ${i + 1}`, source: { file, line: d.clauseLines[i], column: d.clauseColumns[i] } });
    }
  }
  return { cnf: d.cnf, variables, byName, constraints };
}
