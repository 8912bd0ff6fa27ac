import { randomUUID } from 'node:crypto';
import type { Value } from '@atelier/engine';
import { configurationOf } from '@atelier/modeling';
import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import { JsonValue } from '../catalog/definition.ts';
import { replay, textProblems, type Configurator } from '../configurator/configurator.ts';
import { describeState, Price, type Choice } from '../configurator/state.ts';
import type { Database, Queryable } from '../db/database.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { Viewer } from '../identity/accounts.ts';
import { isStaff } from '../identity/access.ts';

export const Quote = z
  .object({
    id: z.uuid(),
    productId: z.string(),
    version: z.number().int(),
    /** Every variable's value: the configuration exactly as it will be made. */
    configuration: z.record(z.string(), JsonValue),
    choices: z.array(z.object({ variable: z.string(), value: JsonValue, by: z.enum(['user', 'default']) })),
    texts: z.record(z.string(), z.string()),
    price: Price,
    preview: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    expired: z.boolean(),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof Quote>;

export interface QuoteRow extends Record<string, unknown> {
  id: string;
  product_id: string;
  version: number;
  owner_id: string | null;
  configuration: Record<string, Value>;
  choices: Choice[];
  texts: Record<string, string>;
  lines: Price['lines'];
  total: number;
  currency: string;
  preview: string;
  created_at: Date;
  expires_at: Date;
}

const QUOTE_DAYS = 30;
const COLUMNS = 'id, product_id, version, owner_id, configuration, choices, texts, lines, total::float8 AS total, currency, preview, created_at, expires_at';
/** A quote's columns as a QuoteRow reads them, each by its plain name. */
export const QUOTE_COLUMNS = 'id, product_id, version, owner_id, configuration, choices, texts, lines, total, currency, preview, created_at, expires_at';

export const toQuote = (r: QuoteRow): Quote => ({
  id: r.id,
  productId: r.product_id,
  version: r.version,
  configuration: r.configuration,
  choices: r.choices,
  texts: r.texts,
  price: { currency: r.currency, total: r.total, lines: r.lines },
  preview: r.preview,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  expired: r.expires_at.getTime() <= Date.now(),
});

export type QuoteRequest =
  | { configurationId: string }
  | { productId: string; version?: number; choices: Choice[]; texts?: Record<string, string> };

/**
 * Quotes freeze a complete configuration, its price and its preview until they expire. Whatever a
 * browser computed, the server replays the choices on the published version before it quotes.
 * Owns `quotes`.
 */
export class Quotes {
  constructor(
    private readonly db: Database,
    private readonly catalog: Catalog,
    private readonly configurator: Configurator,
    private readonly days = QUOTE_DAYS,
  ) {}

  async create(request: QuoteRequest, viewer: Viewer | null): Promise<Quote> {
    let productId: string, version: number, choices: Choice[], texts: Record<string, string>;
    if ('configurationId' in request) {
      const { row } = await this.configurator.open(request.configurationId, viewer);
      ({ choices, texts } = row);
      productId = row.product_id;
      version = row.version;
    } else {
      productId = request.productId;
      version = request.version ?? (await this.catalog.currentVersion(productId));
      choices = request.choices;
      texts = request.texts ?? {};
    }
    const runtime = await this.catalog.runtime(productId, version);
    const session = replay(runtime, choices);
    const state = describeState({ id: randomUUID(), productId, version, revision: 0, choices, texts }, runtime, session);
    if (!state.complete) {
      const open = state.domains.filter((d) => d.possible.length > 1).map((d) => d.variable);
      throw new ApiError(422, 'incomplete', `choose ${open.slice(0, 5).join(', ')}${open.length > 5 ? ` and ${open.length - 5} more` : ''} first`, { open });
    }
    textProblems(runtime, session, texts, true);
    const configuration = configurationOf(state.assignments);
    const [row] = await this.db.query<QuoteRow>(
      `INSERT INTO quotes (id, product_id, version, owner_id, configuration, choices, texts, lines, total, currency, preview, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, now() + make_interval(days => $12))
       RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        productId,
        version,
        viewer?.user.id ?? null,
        JSON.stringify(configuration),
        JSON.stringify(choices),
        JSON.stringify(texts),
        JSON.stringify(state.price.lines),
        state.price.total,
        state.price.currency,
        state.preview,
        this.days,
      ],
    );
    return toQuote(row);
  }

  async get(id: string, viewer: Viewer | null): Promise<Quote> {
    return toQuote(await this.row(this.db, id, viewer));
  }

  async list(viewer: Viewer): Promise<Quote[]> {
    const rows = isStaff(viewer)
      ? await this.db.query<QuoteRow>(`SELECT ${COLUMNS} FROM quotes ORDER BY created_at DESC LIMIT 500`)
      : await this.db.query<QuoteRow>(`SELECT ${COLUMNS} FROM quotes WHERE owner_id = $1 ORDER BY created_at DESC`, [viewer.user.id]);
    return rows.map(toQuote);
  }

  /**
   * A quote the viewer may see: theirs, or one made before signing in (anyone holding its id), or any
   * for staff. `lock` holds the row until the transaction ends (order placement).
   */
  async row(q: Queryable, id: string, viewer: Viewer | null, lock = false): Promise<QuoteRow> {
    const row = await this.byId(q, id, lock);
    if (!row || (row.owner_id !== null && row.owner_id !== viewer?.user.id && !isStaff(viewer))) throw notFound('quote');
    return row;
  }

  /** For callers that checked access another way (an order's quote is its customer's). */
  async byId(q: Queryable, id: string, lock = false): Promise<QuoteRow | undefined> {
    const [row] = await q.query<QuoteRow>(`SELECT ${COLUMNS} FROM quotes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }
}
