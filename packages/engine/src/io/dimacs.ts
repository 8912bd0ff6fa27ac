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

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

export function readDimacsCnf(input: string | Uint8Array, file = '<dimacs>'): DimacsCnf {
  // One loop over the bytes, kept small: whatever is rare (comments, the header, errors) is a call,
  // so that the optimizing compiler has little to compile before the scan runs at full speed.
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const n = bytes.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  /** -1 until the header. */
  let numVars = -1;
  let declaredClauses = 0;
  const namesByVar = new Map<number, string>();
  // Flat buffers, sized from the input and the header and grown by doubling: a literal takes two
  // bytes at least, and typical files spend four or more on each.
  let lits = new Int32Array(Math.max(16, n >> 2));
  let top = 0;
  let starts = new Int32Array(16);
  let lines = new Int32Array(16);
  let columns = new Int32Array(16);
  let count = 0;
  let open = false;
  while (i < n) {
    const c = bytes[i];
    // Tests in the order of frequency: spaces, then integers, then the rest.
    if (c === 32) {
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
      if (i === digitsFrom || !(after === 32 || after === 10 || after === 13 || after === 9)) throw notAnInteger(bytes, file, line, lineStart, start);
      // Before the header numVars is -1, so one comparison covers both errors on the common path.
      if (v > numVars) {
        if (numVars < 0) throw new ParseError(file, line, start - lineStart + 1, 'clause before the "p cnf" header');
        throw beyondDeclared(file, line, start - lineStart + 1, c === 45 ? -v : v, numVars);
      }
      if (!open) {
        open = true;
        if (count + 2 > starts.length) {
          starts = grown(starts, count + 1, count + 2);
          lines = grown(lines, count, count + 2);
          columns = grown(columns, count, count + 2);
        }
        starts[count] = top;
        lines[count] = line;
        columns[count] = start - lineStart + 1;
      }
      if (v === 0) {
        open = false;
        count++;
      } else {
        if (top === lits.length) lits = grown(lits, top, top + 1);
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
    if (c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 99 /* c */ || c === 112 /* p */) {
      let end = bytes.indexOf(10, i);
      if (end === -1) end = n;
      if (c === 99) readNameLine(bytes, i, end, namesByVar);
      else {
        if (numVars >= 0) throw new ParseError(file, line, i - lineStart + 1, 'second "p" header');
        const header = readHeader(utf8.decode(bytes.subarray(i, end)), file, line, i - lineStart + 1);
        numVars = header[0];
        declaredClauses = header[1];
        // The header's count is a hint only (a file may hold more or fewer clauses).
        const expected = Math.min(declaredClauses, n >> 1) + 2;
        starts = grown(starts, 0, expected);
        lines = grown(lines, 0, expected);
        columns = grown(columns, 0, expected);
      }
      i = end;
      continue;
    }
    if (c === 37 /* % */) break;
    throw notAnInteger(bytes, file, line, lineStart, i);
  }
  if (numVars < 0) throw new ParseError(file, line, i - lineStart + 1, 'no "p cnf" header');
  // A last clause without its terminating 0 is accepted.
  if (open) count++;
  starts[count] = top;
  const cnf = new Cnf(numVars, { count, lits: lits.subarray(0, top), start: starts.subarray(0, count + 1) });
  const names: (string | undefined)[] = new Array(numVars + 1);
  for (const [v, name] of namesByVar) if (v >= 1 && v <= numVars) names[v] = name;
  return { cnf, names, declaredClauses, clauseLines: lines.subarray(0, count), clauseColumns: columns.subarray(0, count) };
}

/**
 * A "c <n> <name>" line (bytes[from..to)) names variable n; any other comment is ignored. Only lines
 * that start that way are decoded.
 */
function readNameLine(bytes: Uint8Array, from: number, to: number, names: Map<number, string>): void {
  const second = from + 1 < to ? bytes[from + 1] : 0;
  if (second !== 32 && second !== 9) return;
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
