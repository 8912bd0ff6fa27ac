import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { Viewer } from '../identity/accounts.ts';
import { isStaff } from '../identity/access.ts';
import { Quote, toQuote, type Quotes } from '../quote/quotes.ts';

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
    status: OrderStatus,
    total: z.number(),
    currency: z.string(),
    createdAt: z.string(),
    history: z.array(z.object({ status: OrderStatus, note: z.string().nullable(), at: z.string() })),
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

/**
 * Orders, placed from a quote in one transaction. The idempotency key makes a retried request
 * (a timeout, a double click, a proxy's resend) return the first order instead of a second one.
 * Owns `orders` and `order_events`.
 */
export class Orders {
  constructor(
    private readonly db: Database,
    private readonly quotes: Quotes,
  ) {}

  async place(quoteId: string, key: string, viewer: Viewer): Promise<{ order: Order; replayed: boolean }> {
    const customer = viewer.user.id;
    const placed = await this.db.transaction(async (tx) => {
      const earlier = await this.byKey(tx, customer, key);
      if (earlier) return { row: earlier, replayed: true };
      // Locking the quote queues concurrent placements of it: the second sees the first's order.
      const quote = await this.quotes.row(tx, quoteId, viewer, true);
      const [row] = await tx.query<OrderRow>(
        `INSERT INTO orders (id, quote_id, customer_id, idempotency_key, status, total, currency)
         VALUES ($1, $2, $3, $4, 'placed', $5, $6) ON CONFLICT DO NOTHING RETURNING ${ORDER_COLUMNS}`,
        [randomUUID(), quoteId, customer, key, quote.total, quote.currency],
      );
      if (!row) {
        const same = await this.byKey(tx, customer, key);
        if (same) return { row: same, replayed: true };
        throw new ApiError(409, 'quote-ordered', 'this quote has already been ordered');
      }
      if (quote.expires_at.getTime() <= Date.now()) throw new ApiError(410, 'quote-expired', 'the quote has expired; ask for a new one');
      await tx.query('UPDATE quotes SET owner_id = $2 WHERE id = $1 AND owner_id IS NULL', [quoteId, customer]);
      await tx.query(`INSERT INTO order_events (order_id, seq, status, actor_id) VALUES ($1, 1, 'placed', $2)`, [row.id, customer]);
      return { row, replayed: false };
    });
    if (placed.row.quote_id !== quoteId) {
      throw new ApiError(422, 'idempotency-key-reused', 'this idempotency key was used for another quote; use a new key per order');
    }
    return { order: await this.describe(this.db, placed.row), replayed: placed.replayed };
  }

  async get(id: string, viewer: Viewer): Promise<Order> {
    const [row] = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
    if (!row || (row.customer_id !== viewer.user.id && !isStaff(viewer))) throw notFound('order');
    return this.describe(this.db, row);
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
    return Promise.all(rows.map((r) => this.describe(this.db, r)));
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
    return this.describe(this.db, row);
  }

  private async byKey(q: Queryable, customer: string, key: string): Promise<OrderRow | undefined> {
    const [row] = await q.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE customer_id = $1 AND idempotency_key = $2`, [customer, key]);
    return row;
  }

  private async describe(q: Queryable, row: OrderRow): Promise<Order> {
    const events = await q.query<{ status: OrderStatus; note: string | null; at: Date }>(
      'SELECT status, note, at FROM order_events WHERE order_id = $1 ORDER BY seq',
      [row.id],
    );
    const quote = await this.quotes.byId(q, row.quote_id);
    if (!quote) throw new Error(`order ${row.id} has lost its quote`);
    return {
      id: row.id,
      customerId: row.customer_id,
      status: row.status,
      total: row.total,
      currency: row.currency,
      createdAt: row.created_at.toISOString(),
      history: events.map((e) => ({ status: e.status, note: e.note, at: e.at.toISOString() })),
      quote: toQuote(quote),
    };
  }
}
