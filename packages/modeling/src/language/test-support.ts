import assert from 'node:assert/strict';
import { Session, type Value, compile } from '@atelier/engine';
import type { Diagnostic } from '../diagnostics.ts';
import type { ProductModel } from '../product.ts';
import { readAtl } from './index.ts';

/*
 * Helpers shared by the language's tests: read a model that must be clean, or the diagnostics of one
 * that must not be, written `line:column: severity: message (hint)` without the file name.
 */

export function fileReader(files: Record<string, string>): (path: string) => string | undefined {
  return (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined);
}

export function readClean(text: string, files: Record<string, string> = {}): ProductModel {
  const r = readAtl(text, 'main.atl', { readFile: fileReader(files) });
  assert.deepEqual(r.diagnostics.map(short), [], 'the model reads without diagnostics');
  assert.ok(r.product);
  return r.product;
}

export function short(d: Diagnostic): string {
  return `${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

/** Diagnostics of the main file as `line:column: …`; those of other files keep their file name. */
export function problems(text: string, files: Record<string, string> = {}): string[] {
  const r = readAtl(text, 'main.atl', { readFile: fileReader(files) });
  return r.diagnostics.map((d) => (d.file === 'main.atl' ? short(d) : `${d.file}:${short(d)}`));
}

export function sessionOf(product: ProductModel): Session {
  return new Session(compile(product.model));
}

export function countOf(product: ProductModel): number {
  const n = sessionOf(product).count().count;
  assert.ok(n !== null);
  return Number(n);
}

/** The values still possible for each variable, as `name: a b c`. */
export function domains(session: Session): Record<string, Value[]> {
  return Object.fromEntries(session.validDomains().map((d) => [d.variable, d.possible]));
}
