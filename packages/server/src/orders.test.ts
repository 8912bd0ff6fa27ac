import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp } from './app.ts';
import { backends, Client, clientWithRole, startServer, type Reply, type TestServer } from './testing/harness.ts';

interface Problem {
  error: { code: string; message: string; details?: { allowed?: string[] } };
}
interface Quote {
  id: string;
  price: { total: number; currency: string };
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}
interface Order {
  id: string;
  customerId: string;
  customer: { id: string; name: string; email: string };
  status: string;
  total: number;
  currency: string;
  history: { status: string; note: string | null; at: string; by?: string | null }[];
  quote: Quote;
}

const MODEL = `product mug "Printed mug" {
  currency EUR
  price 10
  choice colour "Colour" {
    value white "White"
    value blue "Blue" { price 2 }
  }
  flag gift "Gift box" { price 3 }
}
`;
const CHOICES = [
  { variable: 'colour', value: 'blue' },
  { variable: 'gift', value: true },
];

for (const backend of await backends()) {
  describe(`orders on ${backend.name}`, () => {
    let server: TestServer;
    let customer: Client;
    let staff: Client;

    const newQuote = async (client: Client = new Client(server.url)): Promise<Quote> => {
      const r = await client.post<Quote>('/api/quotes', { productId: 'mug', choices: CHOICES });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    const place = (client: Client, quoteId: string, key: string): Promise<Reply<Order & Problem>> =>
      client.post<Order & Problem>('/api/orders', { quoteId }, { headers: { 'idempotency-key': key } });
    const ordersOf = async (quoteId: string): Promise<number> =>
      (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE quote_id = $1', [quoteId]))[0].n;
    const count = (replies: Reply[], status: number): number => replies.filter((r) => r.status === status).length;

    before(async () => {
      server = await startServer(backend);
      await server.services.catalog.create('mug', 'Printed mug', { main: 'mug.atl', files: { 'mug.atl': MODEL } }, null);
      await server.services.catalog.publish('mug', 1);
      customer = await clientWithRole(server, 'customer');
      staff = await clientWithRole(server, 'staff');
    });
    after(() => server.close());

    test('an order freezes its quote’s price, and the anonymous quote becomes the customer’s', async () => {
      const quote = await newQuote();
      assert.equal(quote.price.total, 15);
      const placed = await place(customer, quote.id, randomUUID());
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      assert.equal(placed.headers.get('idempotent-replayed'), null);
      assert.equal(placed.body.status, 'placed');
      assert.equal(placed.body.total, 15);
      assert.equal(placed.body.currency, 'EUR');
      assert.equal(placed.body.quote.id, quote.id);
      assert.deepEqual(placed.body.history.map((h) => h.status), ['placed']);
      const [row] = await server.db.query<{ owner_id: string | null }>('SELECT owner_id FROM quotes WHERE id = $1', [quote.id]);
      assert.equal(row.owner_id, placed.body.customerId);
    });

    test('20 concurrent retries with one Idempotency-Key place one order: one 201, nineteen 200 with its id', async () => {
      const quote = await newQuote(customer);
      const key = randomUUID();
      const replies = await Promise.all(Array.from({ length: 20 }, () => place(customer, quote.id, key)));
      assert.deepEqual(replies.filter((r) => r.status !== 200 && r.status !== 201).map((r) => [r.status, r.body]), []);
      assert.equal(count(replies, 201), 1);
      assert.equal(count(replies, 200), 19);
      const ids = new Set(replies.map((r) => r.body.id));
      assert.equal(ids.size, 1, 'every reply names the same order');
      for (const r of replies) assert.equal(r.headers.get('idempotent-replayed'), r.status === 200 ? 'true' : null);
      assert.equal(await ordersOf(quote.id), 1);
      const [events] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [[...ids][0]]);
      assert.equal(events.n, 1, 'one "placed" event');
    });

    test('20 concurrent requests with different keys for one quote: one 201, the rest 409 quote-ordered', async () => {
      const quote = await newQuote(customer);
      const replies = await Promise.all(Array.from({ length: 20 }, () => place(customer, quote.id, randomUUID())));
      assert.equal(count(replies, 201), 1, JSON.stringify(replies.map((r) => r.status)));
      assert.equal(count(replies, 409), 19);
      for (const r of replies.filter((x) => x.status === 409)) assert.equal(r.body.error.code, 'quote-ordered');
      assert.equal(await ordersOf(quote.id), 1);
    });

    test('two keys racing for one quote: the winner’s retries replay its order, the loser’s get 409', async () => {
      const quote = await newQuote(customer);
      const keys = [randomUUID(), randomUUID()];
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => place(customer, quote.id, keys[i % 2]).then((r) => ({ r, key: keys[i % 2] }))));
      const created = replies.filter(({ r }) => r.status === 201);
      assert.equal(created.length, 1);
      const winner = created[0];
      for (const { r, key } of replies) {
        if (key === winner.key) {
          assert.ok(r.status === 201 || r.status === 200, `${r.status} ${JSON.stringify(r.body)}`);
          assert.equal(r.body.id, winner.r.body.id);
        } else {
          assert.equal(r.status, 409);
          assert.equal(r.body.error.code, 'quote-ordered');
        }
      }
      assert.equal(await ordersOf(quote.id), 1);
    });

    test('a key used for one quote is refused for another (422 idempotency-key-reused) and orders nothing', async () => {
      const first = await newQuote(customer);
      const second = await newQuote(customer);
      const key = randomUUID();
      assert.equal((await place(customer, first.id, key)).status, 201);
      const reused = await place(customer, second.id, key);
      assert.equal(reused.status, 422);
      assert.equal(reused.body.error.code, 'idempotency-key-reused');
      assert.equal(await ordersOf(second.id), 0);
      assert.equal((await place(customer, second.id, randomUUID())).status, 201, 'a fresh key orders it');
    });

    test('idempotency keys are each customer’s own', async () => {
      const other = await clientWithRole(server, 'customer');
      const key = `shared-${randomUUID()}`;
      const mine = await place(customer, (await newQuote(customer)).id, key);
      const theirs = await place(other, (await newQuote(other)).id, key);
      assert.equal(mine.status, 201);
      assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
      assert.notEqual(mine.body.id, theirs.body.id);
    });

    test('an order needs an Idempotency-Key and a quote that exists', async () => {
      const quote = await newQuote(customer);
      const missing = await customer.post<Problem>('/api/orders', { quoteId: quote.id });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.code, 'invalid-request');
      const empty = await place(customer, quote.id, '');
      assert.equal(empty.status, 400);
      const ghost = await place(customer, randomUUID(), randomUUID());
      assert.equal(ghost.status, 404);
      assert.equal(ghost.body.error.code, 'not-found');
      assert.equal(await ordersOf(quote.id), 0);
    });

    test('an expired quote cannot be ordered (410 quote-expired); a retry of an order placed in time still answers', async () => {
      const quote = await newQuote(customer);
      await server.db.query(`UPDATE quotes SET expires_at = now() - interval '1 minute' WHERE id = $1`, [quote.id]);
      const shown = await customer.get<Quote>(`/api/quotes/${quote.id}`);
      assert.equal(shown.body.expired, true);
      const late = await place(customer, quote.id, randomUUID());
      assert.equal(late.status, 410);
      assert.equal(late.body.error.code, 'quote-expired');
      assert.equal(await ordersOf(quote.id), 0);

      const inTime = await newQuote(customer);
      assert.equal(inTime.expired, false);
      const key = randomUUID();
      const placed = await place(customer, inTime.id, key);
      assert.equal(placed.status, 201);
      await server.db.query(`UPDATE quotes SET expires_at = now() - interval '1 minute' WHERE id = $1`, [inTime.id]);
      const retried = await place(customer, inTime.id, key);
      assert.equal(retried.status, 200);
      assert.equal(retried.body.id, placed.body.id);
    });

    test('quotes last the days the app is given', async () => {
      const { app } = await buildApp({ db: server.db, quoteDays: 2, web: false });
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const client = new Client(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
        const quote = await client.post<Quote>('/api/quotes', { productId: 'mug', choices: CHOICES });
        assert.equal(quote.status, 201);
        // Days on the calendar of the database's time zone: a summer-time change may add or take an hour.
        const days = (q: Quote): number => Math.round((Date.parse(q.expiresAt) - Date.parse(q.createdAt)) / 3_600_000) / 24;
        assert.ok(Math.abs(days(quote.body) - 2) <= 1 / 24, `${days(quote.body)} days`);
        const usual = await newQuote();
        assert.ok(Math.abs(days(usual) - 30) <= 1 / 24, `${days(usual)} days`);
      } finally {
        await app.close();
      }
    });

    test('staff move an order along its life; every step is in its history, a wrong step is 409, customers cannot (403)', async () => {
      const { body: order } = await place(customer, (await newQuote(customer)).id, randomUUID());
      const move = (client: Client, status: string, note?: string): Promise<Reply<Order & Problem>> =>
        client.post<Order & Problem>(`/api/orders/${order.id}/status`, note === undefined ? { status } : { status, note });

      const byCustomer = await move(customer, 'cancelled');
      assert.equal(byCustomer.status, 403);
      assert.equal(byCustomer.body.error.code, 'forbidden');

      const skip = await move(staff, 'shipped');
      assert.equal(skip.status, 409);
      assert.equal(skip.body.error.code, 'bad-transition');
      assert.deepEqual(skip.body.error.details?.allowed, ['confirmed', 'cancelled']);
      assert.equal((await move(staff, 'lost')).status, 400);

      for (const [status, note] of [['confirmed', 'parts reserved'], ['in_production', undefined], ['shipped', 'DHL 123'], ['delivered', undefined]] as const) {
        const r = await move(staff, status, note);
        assert.equal(r.status, 200, `${status}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.status, status);
      }
      const late = await move(staff, 'cancelled');
      assert.equal(late.status, 409, 'a delivered order cannot be cancelled');
      assert.deepEqual(late.body.error.details?.allowed, []);

      const seen = await customer.get<Order>(`/api/orders/${order.id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.status, 'delivered');
      assert.deepEqual(
        seen.body.history.map((h) => [h.status, h.note]),
        [
          ['placed', null],
          ['confirmed', 'parts reserved'],
          ['in_production', null],
          ['shipped', 'DHL 123'],
          ['delivered', null],
        ],
      );
      const times = seen.body.history.map((h) => Date.parse(h.at));
      assert.deepEqual([...times].sort((a, b) => a - b), times, 'history is in order');
      const actors = await server.db.query<{ seq: number; actor_id: string }>('SELECT seq, actor_id FROM order_events WHERE order_id = $1 ORDER BY seq', [order.id]);
      assert.deepEqual(actors.map((a) => a.seq), [1, 2, 3, 4, 5]);
      assert.equal(actors[0].actor_id, order.customerId);
      assert.ok(actors.slice(1).every((a) => a.actor_id !== order.customerId), 'staff made every later step');

      // Staff see whose order it is and who moved it; the customer sees their own account, not staff names.
      const me = (await customer.get<{ user: { id: string; name: string; email: string } }>('/api/auth/me')).body.user;
      const staffName = (await staff.get<{ user: { name: string } }>('/api/auth/me')).body.user.name;
      assert.deepEqual(seen.body.customer, { id: me.id, name: me.name, email: me.email });
      assert.ok(seen.body.history.every((h) => !('by' in h)), 'customers are not told who at the shop moved their order');
      const staffView = (await staff.get<Order>(`/api/orders/${order.id}`)).body;
      assert.deepEqual(staffView.customer, seen.body.customer);
      assert.deepEqual(staffView.history.map((h) => h.by), [me.name, staffName, staffName, staffName, staffName]);

      const delivered = await staff.get<Order[]>('/api/orders?status=delivered');
      assert.ok(delivered.body.some((o) => o.id === order.id));
      assert.ok(delivered.body.every((o) => o.status === 'delivered'));
      const placed = await staff.get<Order[]>('/api/orders?status=placed');
      assert.ok(!placed.body.some((o) => o.id === order.id));
    });

    test('a cancelled order is final, and an order in production can no longer be cancelled', async () => {
      const a = (await place(customer, (await newQuote(customer)).id, randomUUID())).body;
      assert.equal((await staff.post(`/api/orders/${a.id}/status`, { status: 'cancelled', note: 'customer called' })).status, 200);
      const revived = await staff.post<Problem>(`/api/orders/${a.id}/status`, { status: 'confirmed' });
      assert.equal(revived.status, 409);
      assert.equal(revived.body.error.code, 'bad-transition');

      const b = (await place(customer, (await newQuote(customer)).id, randomUUID())).body;
      assert.equal((await staff.post(`/api/orders/${b.id}/status`, { status: 'confirmed' })).status, 200);
      assert.equal((await staff.post(`/api/orders/${b.id}/status`, { status: 'in_production' })).status, 200);
      assert.equal((await staff.post(`/api/orders/${b.id}/status`, { status: 'cancelled' })).status, 409);
      assert.equal((await staff.post(`/api/orders/${randomUUID()}/status`, { status: 'confirmed' })).status, 404);
    });

    test('two staff confirming the same order at once: one succeeds, the other is told it moved on', async () => {
      const { body: order } = await place(customer, (await newQuote(customer)).id, randomUUID());
      const admin = await clientWithRole(server, 'admin');
      const replies = await Promise.all([staff, admin, staff, admin].map((c) => c.post<Order & Problem>(`/api/orders/${order.id}/status`, { status: 'confirmed' })));
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409, 409, 409]);
      const seen = await staff.get<Order>(`/api/orders/${order.id}`);
      assert.deepEqual(seen.body.history.map((h) => h.status), ['placed', 'confirmed']);
    });
  });
}
