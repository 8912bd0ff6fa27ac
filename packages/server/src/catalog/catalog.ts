import { solutionSpaceOf } from '@atelier/engine';
import { analyseModel, type Analysis, type Diagnostic } from '@atelier/modeling';
import type { Database } from '../db/database.ts';
import { sqlState, UNIQUE_VIOLATION } from '../db/database.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { checkSource, compileProduct, type ModelSource, type ProductRuntime } from './runtime.ts';

export type VersionStatus = 'draft' | 'invalid' | 'published';

export interface ProductSummary {
  id: string;
  name: string;
  /** The newest published version; null while nothing is published. */
  version: number | null;
}

export interface VersionInfo {
  productId: string;
  version: number;
  status: VersionStatus;
  main: string;
  diagnostics: Diagnostic[];
  /** Who uploaded it (null for the sample catalogue loaded at start). */
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  publishedAt: string | null;
}

interface VersionRow extends Record<string, unknown> {
  product_id: string;
  version: number;
  status: VersionStatus;
  main: string;
  files: Record<string, string>;
  diagnostics: Diagnostic[];
  created_by: string | null;
  author: string | null;
  created_at: Date;
  published_at: Date | null;
}

/** A version's columns and its author's name, for the studio's history (users is identity's table; only the name is read). */
const VERSION_COLUMNS = '*, (SELECT u.name FROM users u WHERE u.id = product_versions.created_by) AS author';

const toInfo = (r: VersionRow): VersionInfo => ({
  productId: r.product_id,
  version: r.version,
  status: r.status,
  main: r.main,
  diagnostics: r.diagnostics,
  createdBy: r.created_by ? { id: r.created_by, name: r.author ?? '' } : null,
  createdAt: r.created_at.toISOString(),
  publishedAt: r.published_at?.toISOString() ?? null,
});

/**
 * Products and their model versions. A version is uploaded as text, checked, then published; once
 * published it never changes (a trigger enforces it too), so its compiled form is cached for good.
 */
export class Catalog {
  private readonly runtimes = new Map<string, Promise<ProductRuntime>>();

  constructor(private readonly db: Database) {}

  async list(): Promise<ProductSummary[]> {
    return this.db.query<{ id: string; name: string; version: number | null }>(
      `SELECT p.id, p.name, (SELECT max(version) FROM product_versions v WHERE v.product_id = p.id AND v.status = 'published') AS version
         FROM products p ORDER BY p.created_at, p.id`,
    );
  }

  async summary(id: string): Promise<ProductSummary> {
    const [row] = await this.db.query<{ id: string; name: string; version: number | null }>(
      `SELECT p.id, p.name, (SELECT max(version) FROM product_versions v WHERE v.product_id = p.id AND v.status = 'published') AS version
         FROM products p WHERE p.id = $1`,
      [id],
    );
    if (!row) throw notFound(`product "${id}"`);
    return row;
  }

  /** The version customers get: the newest published one. */
  async currentVersion(id: string): Promise<number> {
    const { version } = await this.summary(id);
    if (version === null) throw new ApiError(409, 'not-published', `product "${id}" has no published version yet`);
    return version;
  }

  /** Creates a product with its first version (checked, not yet published). */
  async create(id: string, name: string, source: ModelSource, by: string | null): Promise<VersionInfo> {
    try {
      await this.db.query('INSERT INTO products (id, name) VALUES ($1, $2)', [id, name]);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new ApiError(409, 'product-exists', `product "${id}" already exists`);
      throw error;
    }
    return this.addVersion(id, source, by);
  }

  /** Stores a new version with its diagnostics; it can be published only if it has no errors. */
  async addVersion(productId: string, source: ModelSource, by: string | null): Promise<VersionInfo> {
    await this.summary(productId);
    const diagnostics = this.diagnose(source);
    const status: VersionStatus = diagnostics.some((d) => d.severity === 'error') ? 'invalid' : 'draft';
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.db.query<VersionRow>(
          `INSERT INTO product_versions (product_id, version, main, files, diagnostics, status, created_by)
           SELECT $1, coalesce(max(version), 0) + 1, $2, $3::jsonb, $4::jsonb, $5, $6 FROM product_versions WHERE product_id = $1
           RETURNING ${VERSION_COLUMNS}`,
          [productId, source.main, JSON.stringify(source.files), JSON.stringify(diagnostics), status, by],
        );
        return toInfo(row);
      } catch (error) {
        // Two uploads at once picked the same number; the loser takes the next one.
        if (sqlState(error) !== UNIQUE_VIOLATION || attempt >= 5) throw error;
      }
    }
  }

  /** Checks a source without storing it (the studio's live diagnostics). */
  diagnose(source: ModelSource): Diagnostic[] {
    const { product, diagnostics } = checkSource(source);
    if (!product) return diagnostics;
    return [...diagnostics, ...compileProduct(product, source.main).diagnostics];
  }

  async versions(productId: string): Promise<VersionInfo[]> {
    await this.summary(productId);
    return (await this.db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM product_versions WHERE product_id = $1 ORDER BY version`, [productId])).map(toInfo);
  }

  async version(productId: string, version: number): Promise<VersionInfo & { source: ModelSource }> {
    const row = await this.versionRow(productId, version);
    return { ...toInfo(row), source: { main: row.main, files: row.files } };
  }

  async publish(productId: string, version: number): Promise<VersionInfo> {
    const row = await this.versionRow(productId, version);
    if (row.status === 'published') return toInfo(row);
    if (row.status === 'invalid') throw new ApiError(409, 'invalid-version', `version ${version} has errors and cannot be published`, { diagnostics: row.diagnostics });
    // Only a draft row is updated: a concurrent publish that got there first is not an error (the
    // trigger would refuse to touch the now-published row), its result is the answer.
    const [published] = await this.db.query<VersionRow>(
      `UPDATE product_versions SET status = 'published', published_at = now() WHERE product_id = $1 AND version = $2 AND status = 'draft' RETURNING ${VERSION_COLUMNS}`,
      [productId, version],
    );
    if (!published) return toInfo(await this.versionRow(productId, version));
    await this.db.query('UPDATE products SET name = $2 WHERE id = $1', [productId, (await this.runtime(productId, version)).product.name]);
    return toInfo(published);
  }

  /** A published version, read and compiled (once per process). Drafts are for staff previews only. */
  runtime(productId: string, version: number, options: { draft?: boolean } = {}): Promise<ProductRuntime> {
    const key = `${productId}@${version}`;
    let runtime = this.runtimes.get(key);
    if (!runtime) {
      runtime = this.load(productId, version);
      this.runtimes.set(key, runtime);
      runtime.catch(() => this.runtimes.delete(key));
    }
    return runtime.then(async (r) => {
      if (!options.draft) await this.requirePublished(productId, version);
      return r;
    });
  }

  async analyse(productId: string, version: number, timeoutMs: number): Promise<Analysis> {
    const { model } = await this.runtime(productId, version, { draft: true });
    return analyseModel(model, timeoutMs);
  }

  private readonly published = new Set<string>();

  private async requirePublished(productId: string, version: number): Promise<void> {
    const key = `${productId}@${version}`;
    if (this.published.has(key)) return;
    const row = await this.versionRow(productId, version);
    if (row.status !== 'published') throw new ApiError(409, 'not-published', `version ${version} of "${productId}" is not published`);
    this.published.add(key);
  }

  private async load(productId: string, version: number): Promise<ProductRuntime> {
    const row = await this.versionRow(productId, version);
    const { product, diagnostics } = checkSource({ main: row.main, files: row.files }, false);
    if (!product) throw new ApiError(409, 'invalid-version', `version ${version} of "${productId}" has errors`, { diagnostics });
    const { model, diagnostics: compileProblems } = compileProduct(product, row.main);
    if (!model) throw new ApiError(409, 'invalid-version', `version ${version} of "${productId}" does not compile`, { diagnostics: compileProblems });
    // The solution space its sessions share is compiled with it (up to a few hundred ms), not by the
    // first customer's first choice.
    solutionSpaceOf(model);
    return { productId, version, product, model };
  }

  private async versionRow(productId: string, version: number): Promise<VersionRow> {
    const [row] = await this.db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM product_versions WHERE product_id = $1 AND version = $2`, [productId, version]);
    if (!row) throw notFound(`version ${version} of product "${productId}"`);
    return row;
  }
}
