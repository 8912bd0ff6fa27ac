import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { UvlDocument } from './ast.ts';
import { parseUvl } from './parser.ts';

/** Reads an imported model's text; undefined when there is no such file. */
export type UvlResolver = (path: string) => string | undefined;

/**
 * One parsed file and where its features live in the combined model: every name it declares is
 * prefixed with the aliases that lead to it (`fs.` for `imports FileSystem as fs`).
 */
export interface Unit {
  doc: UvlDocument;
  file: string;
  prefix: string;
  /** Alias as written in this file → the imported unit. */
  imports: Map<string, Unit>;
}

function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at + 1);
}

/** `a/b/../c` → `a/c`, keeping a leading slash; enough for paths built from namespaces. */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** The file an import names: namespace `a.B` is `a/B.uvl`, relative to the importing file. */
export function importPath(importingFile: string, namespaceParts: readonly string[]): string {
  return normalise(dirname(importingFile) + namespaceParts.join('/') + '.uvl');
}

/**
 * Parses the imports of `unit`, depth first. A file imported on the current path again is a cycle;
 * the same file imported twice elsewhere is two separate copies under different prefixes.
 */
export function loadImports(unit: Unit, resolve: UvlResolver | undefined, diagnostics: Diagnostic[], stack: string[] = [unit.file]): void {
  for (const decl of unit.doc.imports) {
    const alias = decl.alias?.text ?? decl.namespace.text;
    const at = { file: unit.file, line: decl.pos.line, column: decl.pos.column };
    if (unit.imports.has(alias)) {
      diagnostics.push(diagnostic('error', 'duplicate-name', `two imports are called "${alias}"`, at, 'give one of them another name with "as"'));
      continue;
    }
    const path = importPath(unit.file, decl.namespace.parts);
    if (stack.includes(path)) {
      const cycle = [...stack.slice(stack.indexOf(path)), path].join(' → ');
      diagnostics.push(diagnostic('error', 'import-cycle', `cyclic import: ${cycle}`, at));
      continue;
    }
    let text: string | undefined;
    try {
      text = resolve?.(path);
    } catch {
      text = undefined;
    }
    if (text === undefined) {
      diagnostics.push(
        diagnostic('error', 'import-missing', `cannot read the imported model "${decl.namespace.text}" (${path})`, at, resolve ? 'check the file name' : 'no resolve option was given to read imports'),
      );
      continue;
    }
    const parsed = parseUvl(text, path);
    diagnostics.push(...parsed.diagnostics);
    const sub: Unit = { doc: parsed.document, file: path, prefix: `${unit.prefix}${alias}.`, imports: new Map() };
    unit.imports.set(alias, sub);
    loadImports(sub, resolve, diagnostics, [...stack, path]);
  }
}
