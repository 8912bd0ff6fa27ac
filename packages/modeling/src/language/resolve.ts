import { closestName } from '@atelier/engine/model/errors.ts';
import { type Diagnostic, diagnostic } from '../diagnostics.ts';
import type { AtlFile, ComponentDecl, PartDecl, Pos, ProductDecl, TypeDecl } from './ast.ts';
import { parseAtl } from './parser.ts';
import { directoryOf, joinPath } from './paths.ts';

export type ReadFile = (path: string) => string | undefined;

/** Where something was declared, as short as it can be said from `from`'s file. */
export function where(at: Pos, from?: Pos): string {
  return from && from.file === at.file ? `line ${at.line}` : `${at.file}:${at.line}:${at.column}`;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const close = closestName(name, candidates);
  return close === undefined || close === name ? undefined : `did you mean "${close}"?`;
}

/**
 * The main file and everything it imports, each file parsed once, imported files first. A file that
 * cannot be read and an import cycle are reported at the `import` line that asks for them.
 */
export function loadProgram(
  text: string,
  file: string,
  readFile: ReadFile | undefined,
  diagnostics: Diagnostic[],
): AtlFile[] {
  const loaded = new Map<string, AtlFile>();
  const order: AtlFile[] = [];
  const stack: string[] = [];

  const visit = (path: string, source: string): void => {
    const parsed = parseAtl(source, path);
    diagnostics.push(...parsed.diagnostics);
    loaded.set(path, parsed.ast);
    stack.push(path);
    for (const imp of parsed.ast.imports) {
      const target = joinPath(directoryOf(path), imp.path);
      const cycleAt = stack.indexOf(target);
      if (cycleAt >= 0) {
        const cycle = [...stack.slice(cycleAt), target].join(' → ');
        diagnostics.push(diagnostic('error', 'import-cycle', `import cycle: ${cycle}`, imp.pos));
        continue;
      }
      if (loaded.has(target)) continue;
      const content = readSafely(readFile, target);
      if (content === undefined) {
        const why = readFile ? `cannot read imported file "${target}"` : `cannot import "${imp.path}": no file reader was given`;
        diagnostics.push(diagnostic('error', 'import-not-found', why, imp.pos));
        continue;
      }
      visit(target, content);
    }
    stack.pop();
    order.push(parsed.ast);
  };
  visit(file, text);
  return order;
}

function readSafely(readFile: ReadFile | undefined, path: string): string | undefined {
  if (!readFile) return undefined;
  try {
    const text = readFile(path);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

export interface TypeInfo {
  decl: TypeDecl;
  members: Map<string, { label?: string }>;
}

/** What every file of a program declares at its top level, visible everywhere in the program. */
export interface Globals {
  types: Map<string, TypeInfo>;
  /** Member name → the types that have it. */
  memberTypes: Map<string, string[]>;
  templates: Map<string, ComponentDecl>;
  parts: Map<string, PartDecl>;
  product?: ProductDecl;
}

export function collectGlobals(files: readonly AtlFile[], mainFile: string, diagnostics: Diagnostic[]): Globals {
  const g: Globals = { types: new Map(), memberTypes: new Map(), templates: new Map(), parts: new Map() };
  const duplicate = (what: string, name: string, at: Pos, first: Pos): void => {
    diagnostics.push(diagnostic('error', 'duplicate-name', `${what} "${name}" is declared twice (first at ${where(first, at)})`, at));
  };
  for (const f of files) {
    for (const t of f.types) {
      if (!t.name.text) continue;
      const seen = g.types.get(t.name.text);
      if (seen) {
        duplicate('type', t.name.text, t.name.pos, seen.decl.name.pos);
        continue;
      }
      const members = new Map<string, { label?: string }>();
      for (const m of t.members) {
        if (members.has(m.name.text)) {
          diagnostics.push(
            diagnostic('error', 'duplicate-name', `member "${m.name.text}" is listed twice in type "${t.name.text}"`, m.name.pos),
          );
          continue;
        }
        members.set(m.name.text, m.label === undefined ? {} : { label: m.label });
        const owners = g.memberTypes.get(m.name.text) ?? [];
        owners.push(t.name.text);
        g.memberTypes.set(m.name.text, owners);
      }
      g.types.set(t.name.text, { decl: t, members });
    }
    for (const c of f.templates) {
      if (!c.name.text) continue;
      const seen = g.templates.get(c.name.text);
      if (seen) duplicate('component template', c.name.text, c.name.pos, seen.name.pos);
      else g.templates.set(c.name.text, c);
    }
    for (const p of f.parts) {
      if (!p.number) continue;
      const seen = g.parts.get(p.number);
      if (seen) duplicate('part', p.number, p.pos, seen.pos);
      else g.parts.set(p.number, p);
    }
    for (const p of f.products) {
      if (f.file !== mainFile) {
        diagnostics.push(
          diagnostic('error', 'misplaced', `product "${p.name.text}" is in an imported file; only the file being read may declare a product`, p.pos),
        );
      } else if (g.product) {
        diagnostics.push(
          diagnostic('error', 'duplicate-name', `a file holds one product; "${g.product.name.text}" is declared at ${where(g.product.pos, p.pos)}`, p.pos),
        );
      } else {
        g.product = p;
      }
    }
  }
  return g;
}

