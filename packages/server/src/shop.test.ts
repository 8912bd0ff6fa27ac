import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, Client, clientWithRole, startServer, type TestServer } from './testing/harness.ts';

interface State {
  id: string;
  revision: number;
  complete: boolean;
  choices: { variable: string; value: unknown; by: string }[];
  domains: { variable: string; possible: unknown[]; impossible: unknown[]; chosen?: unknown }[];
  price: { total: number; currency: string; lines: { label?: string; amount: number }[] };
  preview: string;
}
interface Problem {
  error: { code: string; message: string; details?: { explanation?: { choices: { variable: string }[]; message: string }; repair?: { retract: { variable: string }[] } } };
}

for (const backend of await backends()) {
  describe(`shop on ${backend.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(backend);
    });
    after(() => server.close());

    test('the catalogue lists the sample products with ids, and each has a configurator definition', async () => {
      const c = new Client(server.url);
      const list = await c.get<{ id: string; version: number }[]>('/api/products');
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.map((p) => p.id).sort(), ['home', 'jeans', 'pc', 'portfolio', 'sofa']);
      const pc = await c.get<{ variables: { name: string; values: { label: string }[] }[] }>('/api/products/pc');
      assert.equal(pc.status, 200);
      assert.ok(pc.body.variables.some((v) => v.name === 'cpu.model' && v.values.length === 5));
      assert.equal((await c.get('/api/products/nope')).status, 404);
    });

    test('configure the PC: a conflict explains itself, the repair applies, completion quotes, the order is idempotent', async () => {
      const anonymous = new Client(server.url);
      const created = await anonymous.post<State>('/api/configurations', { productId: 'pc' });
      assert.equal(created.status, 201);
      const id = created.body.id;
      const intel = await anonymous.post<State>(`/api/configurations/${id}/choices`, { variable: 'cpu.model', value: 'i5_13400' });
      assert.equal(intel.status, 200);
      const board = intel.body.domains.find((d) => d.variable === 'board');
      assert.ok(board && board.impossible.includes('b650m') && board.possible.includes('b760m'), 'an AMD board is no longer possible');

      const conflict = await anonymous.post<Problem>(`/api/configurations/${id}/choices`, { variable: 'board', value: 'b650m' });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.error.code, 'conflict');
      assert.deepEqual(conflict.body.error.details?.explanation?.choices.map((c) => c.variable), ['cpu.model']);
      assert.deepEqual(conflict.body.error.details?.repair?.retract.map((c) => c.variable), ['cpu.model']);

      const repaired = await anonymous.post<State>(`/api/configurations/${id}/repair`, { variable: 'board', value: 'b650m' });
      assert.equal(repaired.status, 200);
      assert.deepEqual(repaired.body.choices.map((c) => [c.variable, c.value]), [['board', 'b650m']]);

      const quoteEarly = await anonymous.post<Problem>('/api/quotes', { configurationId: id });
      assert.equal(quoteEarly.status, 422);
      assert.equal(quoteEarly.body.error.code, 'incomplete');

      const completed = await anonymous.post<State>(`/api/configurations/${id}/complete`, { strategy: 'cheapest' });
      assert.equal(completed.status, 200);
      assert.equal(completed.body.complete, true);
      assert.ok(completed.body.price.total > 0);
      assert.ok(completed.body.preview.startsWith('<svg'));

      const quote = await anonymous.post<{ id: string; price: { total: number }; configuration: Record<string, unknown> }>('/api/quotes', { configurationId: id });
      assert.equal(quote.status, 201);
      assert.equal(quote.body.price.total, completed.body.price.total);
      assert.equal(quote.body.configuration.board, 'b650m');

      const anonymousOrder = await anonymous.post<Problem>('/api/orders', { quoteId: quote.body.id }, { headers: { 'idempotency-key': 'k1' } });
      assert.equal(anonymousOrder.status, 401);

      const customer = await clientWithRole(server, 'customer');
      const missingKey = await customer.post<Problem>('/api/orders', { quoteId: quote.body.id });
      assert.equal(missingKey.status, 400);
      const first = await customer.post<{ id: string; status: string }>('/api/orders', { quoteId: quote.body.id }, { headers: { 'idempotency-key': 'order-1' } });
      assert.equal(first.status, 201);
      assert.equal(first.body.status, 'placed');
      const again = await customer.post<{ id: string }>('/api/orders', { quoteId: quote.body.id }, { headers: { 'idempotency-key': 'order-1' } });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const otherKey = await customer.post<Problem>('/api/orders', { quoteId: quote.body.id }, { headers: { 'idempotency-key': 'order-2' } });
      assert.equal(otherKey.status, 409);
      assert.equal(otherKey.body.error.code, 'quote-ordered');

      const mine = await customer.get<{ id: string }[]>('/api/orders');
      assert.deepEqual(mine.body.map((o) => o.id), [first.body.id]);
      const stranger = await clientWithRole(server, 'customer');
      assert.equal((await stranger.get(`/api/orders/${first.body.id}`)).status, 404);
      assert.equal((await stranger.get(`/api/quotes/${quote.body.id}`)).status, 404, 'the ordered quote now belongs to its customer');
      const staff = await clientWithRole(server, 'staff');
      const moved = await staff.post<{ status: string; history: { status: string }[] }>(`/api/orders/${first.body.id}/status`, { status: 'confirmed', note: 'parts reserved' });
      assert.equal(moved.status, 200);
      assert.deepEqual(moved.body.history.map((h) => h.status), ['placed', 'confirmed']);
      const backwards = await staff.post<Problem>(`/api/orders/${first.body.id}/status`, { status: 'placed' });
      assert.equal(backwards.status, 409);
    });

    test('bad input gets a 4xx with a machine-readable reason, never a 500', async () => {
      const c = new Client(server.url);
      const cases: [string, string, unknown, number, string][] = [
        ['POST', '/api/configurations', { productId: 'pc', choices: [{ variable: 'nope', value: 1 }] }, 422, 'unknown-variable'],
        ['POST', '/api/configurations', { productId: 'pc', choices: [{ variable: 'board', value: 'x999' }] }, 422, 'unknown-value'],
        ['POST', '/api/configurations', { productId: 'ghost' }, 404, 'not-found'],
        ['POST', '/api/configurations', { product: 'pc' }, 400, 'invalid-request'],
        ['POST', '/api/configurations', 'not json', 400, 'invalid-request'],
        ['GET', '/api/configurations/not-a-uuid', undefined, 400, 'invalid-request'],
        ['GET', '/api/configurations/00000000-0000-4000-8000-000000000000', undefined, 404, 'not-found'],
        ['POST', '/api/quotes', { productId: 'pc', choices: [] }, 422, 'incomplete'],
        ['GET', '/api/nowhere', undefined, 404, 'no-route'],
      ];
      for (const [method, path, body, status, code] of cases) {
        const r = await c.request<Problem>(method, path, body);
        assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, code, `${method} ${path}`);
      }
      const raw = await fetch(`${server.url}/api/configurations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId": ' });
      assert.equal(raw.status, 400);
    });

    test('personalisation texts are checked against the field and shown in the preview, escaped', async () => {
      const c = new Client(server.url);
      const created = await c.post<State>('/api/configurations', { productId: 'jeans', choices: [{ variable: 'embroidery', value: true }] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const bad = await c.request<Problem>('PUT', `/api/configurations/${created.body.id}/texts`, { monogram: 'ab<' });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'invalid-personalisation');
      const good = await c.request<State>('PUT', `/api/configurations/${created.body.id}/texts`, { monogram: 'JMK' });
      assert.equal(good.status, 200);
      assert.match(good.body.preview, />JMK</);
    });
  });
}
