import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { Viewer } from '../identity/accounts.ts';
import { isStaff } from '../identity/access.ts';
import type { Configurator } from './configurator.ts';
import { Choice } from './state.ts';

export const Design = z
  .object({
    id: z.uuid(),
    name: z.string(),
    productId: z.string(),
    version: z.number().int(),
    choices: z.array(Choice),
    texts: z.record(z.string(), z.string()),
    /** Anybody with this token can open a copy of the design. */
    shareToken: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Design' });
export type Design = z.infer<typeof Design>;

interface DesignRow extends Record<string, unknown> {
  id: string;
  owner_id: string;
  name: string;
  product_id: string;
  version: number;
  choices: Choice[];
  texts: Record<string, string>;
  share_token: string;
  created_at: Date;
}

const toDesign = (r: DesignRow): Design => ({
  id: r.id,
  name: r.name,
  productId: r.product_id,
  version: r.version,
  choices: r.choices,
  texts: r.texts,
  shareToken: r.share_token,
  createdAt: r.created_at.toISOString(),
});

/** Saved designs: snapshots of a configuration, private to their owner, shareable by link. Owns `designs`. */
export class Designs {
  constructor(
    private readonly db: Database,
    private readonly configurator: Configurator,
  ) {}

  async save(configurationId: string, name: string, viewer: Viewer): Promise<Design> {
    const { row } = await this.configurator.open(configurationId, viewer);
    const [saved] = await this.db.query<DesignRow>(
      `INSERT INTO designs (id, owner_id, name, product_id, version, choices, texts, share_token)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) RETURNING *`,
      [randomUUID(), viewer.user.id, name, row.product_id, row.version, JSON.stringify(row.choices), JSON.stringify(row.texts), randomBytes(18).toString('base64url')],
    );
    return toDesign(saved);
  }

  async list(viewer: Viewer): Promise<Design[]> {
    return (await this.db.query<DesignRow>('SELECT * FROM designs WHERE owner_id = $1 ORDER BY created_at DESC', [viewer.user.id])).map(toDesign);
  }

  async get(id: string, viewer: Viewer): Promise<Design> {
    const [row] = await this.db.query<DesignRow>('SELECT * FROM designs WHERE id = $1', [id]);
    if (!row || (row.owner_id !== viewer.user.id && !isStaff(viewer))) throw notFound('design');
    return toDesign(row);
  }

  async remove(id: string, viewer: Viewer): Promise<void> {
    const removed = await this.db.query('DELETE FROM designs WHERE id = $1 AND owner_id = $2 RETURNING id', [id, viewer.user.id]);
    if (removed.length === 0) throw notFound('design');
  }

  /** What a share link shows; the owner stays anonymous. */
  async shared(token: string): Promise<Design> {
    const [row] = await this.db.query<DesignRow>('SELECT * FROM designs WHERE share_token = $1', [token]);
    if (!row) throw notFound('shared design');
    return toDesign(row);
  }
}
