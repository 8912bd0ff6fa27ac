import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { Viewer } from '../identity/accounts.ts';
import { isStaff } from '../identity/access.ts';
import { Quote, QUOTE_COLUMNS, toQuote, type QuoteRow, type Quotes } from '../quote/quotes.ts';

export const OrderStatus = z.enum(['placed', 'confirmed', 'in_production', 'shipped', 'delivered', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Where an order may go from each status; anything else is refused. */
const next: Record<OrderStatus, OrderStatus[]> = {
  placed: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'cancelled'],
  in_production: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export const Order = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customer: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).meta({ description: "whose order it is (the customer's own account, or anyone's for staff)" }),
    status: OrderStatus,
    total: z.number(),
    currency: z.string(),
    createdAt: z.string(),
    history: z.array(
      z.object({
        status: OrderStatus,
        note: z.string().nullable(),
        at: z.string(),
        by: z.string().nullable().optional().meta({ description: 'who made the change (shown to staff only); null when the account is gone' }),
      }),
    ),
    quote: Quote,
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof Order>;

interface OrderRow extends Record<string, unknown> {
  id: string;
  quote_id: string;
  customer_id: string;
  idempotency_key: string;
  status: OrderStatus;
  total: number;
  currency: string;
  created_at: Date;
}

const ORDER_COLUMNS = 'id, quote_id, customer_id, idempotency_key, status, total::float8 AS total, currency, created_at';

interface OrderEvent extends Record<string, unknown> {
  status: OrderStatus;
  note: string | null;
  at: Date;
  by: string | null;
}

interface CustomerRow extends Record<string, unknown> {
  id: string;
  name: string;
  email: string;
}

/** An order just placed, with its first event's time and its quote (columns prefixed `q_`). */
interface PlacedRow extends OrderRow {
  placed_at: Date;
  q_id: string;
  q_product_id: string;
  q_version: number;
  q_owner_id: string | null;
  q_configuration: QuoteRow['configuration'];
  q_choices: QuoteRow['choices'];
  q_texts: QuoteRow['texts'];
  q_lines: QuoteRow['lines'];
  q_total: number;
  q_currency: string;
  q_preview: string;
  q_created_at: Date;
  q_expires_at: Date;
}

/** The quote's columns beside the order's, prefixed; its total as a number, like every other read of it. */
const PLACED_QUOTE_COLUMNS = QUOTE_COLUMNS.split(', ')
  .map((c) => (c === 'total' ? 'q.total::float8 AS q_total' : `q.${c} AS q_${c}`))
  .join(', ');

function toOrder(row: OrderRow, customer: CustomerRow, events: readonly OrderEvent[], quote: QuoteRow, staff: boolean): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    customer: { id: customer.id, name: customer.name, email: customer.email },
    status: row.status,
    total: row.total,
    currency: row.currency,
    createdAt: row.created_at.toISOString(),
    history: events.map((e) => ({ status: e.status, note: e.note, at: e.at.toISOString(), ...(staff ? { by: e.by } : {}) })),
    quote: toQuote(quote),
  };
}

/**
 * Orders, placed from a quote in one statement. The idempotency key makes a retried request
 * (a timeout, a double click, a proxy's resend) return the first order instead of a second one.
 * Owns `orders` and `order_events`.
 */
export class Orders {
  constructor(
    private readonly db: Database,
    private readonly quotes: Quotes,
  ) {}

  /**
   * One statement places the order: it reads the quote (visible to the viewer, not expired), inserts
   * the order unless the quote or the key already has one, records the "placed" event and gives an
   * anonymous quote its owner — all or nothing. The unique constraints decide races: a concurrent
   * insert of the same quote or key waits for the other to commit, then inserts nothing. Only when
   * nothing was inserted do further reads tell a replay from a refusal.
   */
  async place(quoteId: string, key: string, viewer: Viewer): Promise<{ order: Order; replayed: boolean }> {
    const customer = viewer.user.id;
    const [placed] = await this.db.query<PlacedRow>(
      `WITH q AS (
         SELECT ${QUOTE_COLUMNS} FROM quotes
          WHERE id = $2 AND (owner_id IS NULL OR owner_id = $3 OR $5::boolean) AND expires_at > now()
       ), o AS (
         INSERT INTO orders (id, quote_id, customer_id, idempotency_key, status, total, currency)
         SELECT $1, q.id, $3, $4, 'placed', q.total, q.currency FROM q
         ON CONFLICT DO NOTHING
         RETURNING ${ORDER_COLUMNS}
       ), e AS (
         INSERT INTO order_events (order_id, seq, status, actor_id) SELECT o.id, 1, 'placed', $3 FROM o RETURNING at
       ), owned AS (
         UPDATE quotes SET owner_id = $3 WHERE id = (SELECT quote_id FROM o) AND owner_id IS NULL
       )
       SELECT o.*, e.at AS placed_at, ${PLACED_QUOTE_COLUMNS} FROM o, e, q`,
      [randomUUID(), quoteId, customer, key, isStaff(viewer)],
    );
    if (placed) {
      const quote: QuoteRow = {
        id: placed.q_id,
        product_id: placed.q_product_id,
        version: placed.q_version,
        owner_id: placed.q_owner_id ?? customer,
        configuration: placed.q_configuration,
        choices: placed.q_choices,
        texts: placed.q_texts,
        lines: placed.q_lines,
        total: placed.q_total,
        currency: placed.q_currency,
        preview: placed.q_preview,
        created_at: placed.q_created_at,
        expires_at: placed.q_expires_at,
      };
      const placedEvent: OrderEvent = { status: 'placed', note: null, at: placed.placed_at, by: viewer.user.name };
      return { order: toOrder(placed, viewer.user, [placedEvent], quote, isStaff(viewer)), replayed: false };
    }
    // Nothing inserted: the same request again (the key has its order), or a refusal, in the order of
    // precedence of a transaction reading them all at once.
    const earlier = await this.byKey(this.db, customer, key);
    if (earlier) {
      if (earlier.quote_id !== quoteId) {
        throw new ApiError(422, 'idempotency-key-reused', 'this idempotency key was used for another quote; use a new key per order');
      }
      return { order: await this.describe(this.db, earlier, viewer), replayed: true };
    }
    await this.quotes.row(this.db, quoteId, viewer);
    const [ordered] = await this.db.query('SELECT 1 AS one FROM orders WHERE quote_id = $1', [quoteId]);
    if (ordered) throw new ApiError(409, 'quote-ordered', 'this quote has already been ordered');
    // Visible, not ordered, the key unused: what kept the statement from ordering it is the date
    // (the database's clock, the one that set it).
    throw new ApiError(410, 'quote-expired', 'the quote has expired; ask for a new one');
  }

  async get(id: string, viewer: Viewer): Promise<Order> {
    const [row] = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
    if (!row || (row.customer_id !== viewer.user.id && !isStaff(viewer))) throw notFound('order');
    return this.describe(this.db, row, viewer);
  }

  async list(viewer: Viewer, options: { status?: OrderStatus; limit: number }): Promise<Order[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (!isStaff(viewer)) {
      params.push(viewer.user.id);
      conditions.push(`customer_id = $${params.length}`);
    }
    if (options.status) {
      params.push(options.status);
      conditions.push(`status = $${params.length}`);
    }
    params.push(options.limit);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders ${where} ORDER BY created_at DESC LIMIT $${params.length}`, params);
    return Promise.all(rows.map((r) => this.describe(this.db, r, viewer)));
  }

  /** Staff move an order along its life; the history keeps every step with who and when. */
  async advance(id: string, status: OrderStatus, note: string | null, viewer: Viewer): Promise<Order> {
    const row = await this.db.transaction(async (tx) => {
      const [current] = await tx.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound('order');
      if (!next[current.status].includes(status)) {
        throw new ApiError(409, 'bad-transition', `an order that is ${current.status} cannot become ${status}`, { allowed: next[current.status] });
      }
      await tx.query(
        `INSERT INTO order_events (order_id, seq, status, note, actor_id)
         SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4 FROM order_events WHERE order_id = $1`,
        [id, status, note, viewer.user.id],
      );
      const [updated] = await tx.query<OrderRow>(`UPDATE orders SET status = $2 WHERE id = $1 RETURNING ${ORDER_COLUMNS}`, [id, status]);
      return updated;
    });
    return this.describe(this.db, row, viewer);
  }

  private async byKey(q: Queryable, customer: string, key: string): Promise<OrderRow | undefined> {
    const [row] = await q.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE customer_id = $1 AND idempotency_key = $2`, [customer, key]);
    return row;
  }

  private async describe(q: Queryable, row: OrderRow, viewer: Viewer): Promise<Order> {
    const events = await q.query<OrderEvent>(
      `SELECT e.status, e.note, e.at, u.name AS by FROM order_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.order_id = $1 ORDER BY e.seq`,
      [row.id],
    );
    const [customer] = await q.query<CustomerRow>('SELECT id, name, email FROM users WHERE id = $1', [row.customer_id]);
    const quote = await this.quotes.byId(q, row.quote_id);
    if (!quote || !customer) throw new Error(`order ${row.id} has lost its ${quote ? 'customer' : 'quote'}`);
    return toOrder(row, customer, events, quote, isStaff(viewer));
  }
}
