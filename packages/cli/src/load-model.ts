import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDimacs, parseXcsp } from '@atelier/engine';
import type { CompiledModel } from '@atelier/engine';

/** A failure the user can act on: printed as a plain message, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Exit code for problems with the input (unknown format, unreadable or malformed file, bad arguments). */
export const EXIT_INPUT = 2;

export interface LoadOptions {
  /**
   * Keep one named constraint per DIMACS clause so explanations can cite clauses. Analysis and
   * counting never cite them, and skipping them saves time and memory on large files.
   */
  clauseProvenance?: boolean;
}

const formats: Record<string, (text: string, file: string, options: LoadOptions) => CompiledModel> = {
  '.dimacs': (text, file, o) => parseDimacs(text, file, { clauseConstraints: o.clauseProvenance ?? true }),
  '.cnf': (text, file, o) => parseDimacs(text, file, { clauseConstraints: o.clauseProvenance ?? true }),
  '.xml': (text, file) => parseXcsp(text, file),
};

export async function loadModel(file: string, options: LoadOptions = {}): Promise<CompiledModel> {
  const parse = formats[extname(file).toLowerCase()];
  if (!parse) {
    const known = Object.keys(formats).join(', ');
    throw new CliError(`${file}: unknown model format (expected one of ${known})`, EXIT_INPUT);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: cannot read file (${describe(error)})`, EXIT_INPUT);
  }
  try {
    return parse(text, file, options);
  } catch (error) {
    throw new CliError(`${file}: ${describe(error)}`, EXIT_INPUT);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
