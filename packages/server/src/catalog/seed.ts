import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors, isProductFile, readProductText } from '@atelier/modeling';
import type { Catalog } from './catalog.ts';
import type { ModelSource } from './runtime.ts';

export const sampleCatalogueDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples');

/** A product file with every file it imports, keyed by path relative to the catalogue folder. */
export function sourceOf(dir: string, file: string): { id: string; name: string; source: ModelSource } | null {
  const files: Record<string, string> = {};
  const read = (path: string): string | undefined => {
    try {
      const text = readFileSync(join(dir, path), 'utf8');
      files[relative(dir, join(dir, path)).replace(/\\/g, '/')] = text;
      return text;
    } catch {
      return undefined;
    }
  };
  const text = read(file);
  if (text === undefined) return null;
  const { product, diagnostics } = readProductText(text, file, read);
  if (!product || hasErrors(diagnostics)) return null;
  return { id: product.id, name: product.name, source: { main: file, files } };
}

export interface SeedReport {
  published: { id: string; version: number }[];
  unchanged: string[];
  refused: { file: string; reason: string }[];
}

/**
 * Loads the product files of a folder into the catalogue: a new product, or a changed file, becomes
 * a new published version; an unchanged one is left alone, so restarting the server is cheap.
 */
export async function seedCatalogue(catalog: Catalog, dir: string = sampleCatalogueDir): Promise<SeedReport> {
  const report: SeedReport = { published: [], unchanged: [], refused: [] };
  const files = readdirSync(dir).filter((f) => isProductFile(f) && !f.endsWith('.json')).sort();
  const known = new Set((await catalog.list()).map((p) => p.id));
  for (const file of files) {
    const found = sourceOf(dir, file);
    if (!found) {
      report.refused.push({ file, reason: 'the model has errors (run `npx atelier check`)' });
      continue;
    }
    let version;
    if (!known.has(found.id)) {
      version = await catalog.create(found.id, found.name, found.source, null);
      known.add(found.id);
    } else {
      const versions = await catalog.versions(found.id);
      const latest = versions[versions.length - 1];
      const latestSource = latest ? (await catalog.version(found.id, latest.version)).source : null;
      if (latest && latestSource && JSON.stringify(latestSource) === JSON.stringify(found.source)) {
        if (latest.status !== 'draft') {
          report.unchanged.push(found.id);
          continue;
        }
        // Stored but not published: the last start stopped in between. Publish it now.
        version = latest;
      } else {
        version = await catalog.addVersion(found.id, found.source, null);
      }
    }
    if (version.status === 'invalid') {
      const first = version.diagnostics.find((d) => d.severity === 'error');
      report.refused.push({ file, reason: first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'invalid' });
      continue;
    }
    await catalog.publish(found.id, version.version);
    report.published.push({ id: found.id, version: version.version });
  }
  return report;
}
