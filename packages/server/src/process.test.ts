import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import pg from 'pg';
import { Catalog } from './catalog/catalog.ts';
import { sampleCatalogueDir, sourceOf } from './catalog/seed.ts';
import { migrate, moduleMigrations } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import { backends, Client } from './testing/harness.ts';
import { createSchema, ServerGroup, type ServerProcess } from './testing/process.ts';

/**
 * The real entry point (`node --import tsx packages/server/src/main.ts`) as a child process:
 * what it promises about its environment, about orders it acknowledged when it is killed, about
 * stopping on SIGTERM, and about sharing one PostgreSQL database with another process.
 */

interface Problem {
  error: { code: string; message: string };
}
interface State {
  id: string;
  revision: number;
  complete: boolean;
  choices: { variable: string; value: unknown; by: string }[];
  domains: { variable: string; possible: unknown[]; impossible: unknown[]; chosen?: unknown }[];
}
interface Order {
  id: string;
  status: string;
  quote: { id: string };
}

const withPostgres = (await backends()).some((b) => b.name === 'postgres');
const password = 'correct horse battery';

/** A free port, found by listening on 0 and letting go of it. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** Whether a new TCP connection to the port is refused (rather than accepted). */
function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
/** Resolves after `ms` without keeping the runner alive (a guard against hanging, not a measurement). */
const deadline = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms).unref());

/** A complete PC configuration (defaults), quoted: the quote's id. */
async function quotePc(client: Client): Promise<string> {
  const created = await client.post<State>('/api/configurations', { productId: 'pc' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const completed = await client.post<State>(`/api/configurations/${created.body.id}/complete`, { strategy: 'defaults' });
  assert.equal(completed.status, 200, JSON.stringify(completed.body));
  assert.equal(completed.body.complete, true);
  const quote = await client.post<{ id: string }>('/api/quotes', { configurationId: created.body.id });
  assert.equal(quote.status, 201, JSON.stringify(quote.body));
  return quote.body.id;
}

const placeOrder = (client: Client, quoteId: string, key: string) => client.post<Order | Problem>('/api/orders', { quoteId }, { headers: { 'idempotency-key': key } });

function isOrder(body: Order | Problem): body is Order {
  return 'id' in body;
}

/** Starts the server, noting in the test's diagnostics how long it took. */
async function start(t: TestContext, group: ServerGroup, what: string, env: Record<string, string>): Promise<ServerProcess> {
  const t0 = performance.now();
  const server = await group.start(env);
  t.diagnostic(`${what}: listening after ${Math.round(performance.now() - t0)} ms`);
  return server;
}

/** A customer on this server; signs up the first time, signs in afterwards (sessions live in the database). */
async function customer(server: ServerProcess, email: string, signUp: boolean): Promise<Client> {
  const client = new Client(server.url);
  if (signUp) await client.signUp(email, password);
  else await client.signIn(email, password);
  return client;
}

/**
 * One kill -9 with orders in flight: workers place orders for `quotes` (one key each) until `ackedBeforeKill`
 * have been acknowledged, then the process is killed. Returns the keys, their quotes and what each got.
 */
async function placeUntilKilled(server: ServerProcess, client: Client, quotes: string[], ackedBeforeKill: number, prefix: string) {
  const outcomes = new Map<string, { quoteId: string; orderId?: string; failure?: string }>();
  let acked = 0;
  let next = 0;
  let killed = false;
  const worker = async (): Promise<void> => {
    while (next < quotes.length && !killed) {
      const quoteId = quotes[next];
      const key = `${prefix}-${next++}`;
      outcomes.set(key, { quoteId });
      try {
        const r = await placeOrder(client, quoteId, key);
        if (r.status === 201 && isOrder(r.body)) {
          outcomes.set(key, { quoteId, orderId: r.body.id });
          if (++acked === ackedBeforeKill) {
            killed = true;
            server.kill('SIGKILL');
          }
        } else {
          outcomes.set(key, { quoteId, failure: `HTTP ${r.status} ${JSON.stringify(r.body)}` });
        }
      } catch (error) {
        outcomes.set(key, { quoteId, failure: String(error) });
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  if (!killed) server.kill('SIGKILL'); // fewer acknowledgements than asked for: the test says so
  const exit = await server.exited;
  return { outcomes, acked, exit };
}

/**
 * After a restart: every acknowledged order is there and placed; every key, sent again, gives the
 * order it made (or makes its first one if the kill came before the commit), never a second one.
 */
async function checkAfterRestart(client: Client, outcomes: Map<string, { quoteId: string; orderId?: string; failure?: string }>): Promise<void> {
  const byKey = new Map<string, string>();
  for (const [key, outcome] of outcomes) {
    // Before the kill, the server answered every order with 201; afterwards the connection failed.
    assert.ok(!outcome.failure?.startsWith('HTTP'), `${key}: ${outcome.failure}`);
    if (outcome.orderId) {
      const found = await client.get<Order>(`/api/orders/${outcome.orderId}`);
      assert.equal(found.status, 200, `acknowledged order ${outcome.orderId} (${key}) lost: ${JSON.stringify(found.body)}`);
      assert.equal(found.body.status, 'placed');
      assert.equal(found.body.quote.id, outcome.quoteId);
    }
    const again = await placeOrder(client, outcome.quoteId, key);
    assert.ok(again.status === 200 || (again.status === 201 && !outcome.orderId), `${key} again: ${again.status} ${JSON.stringify(again.body)}`);
    assert.ok(isOrder(again.body));
    if (outcome.orderId) assert.equal(again.body.id, outcome.orderId, `${key} now maps to another order`);
    assert.equal(again.body.quote.id, outcome.quoteId);
    byKey.set(key, again.body.id);
    const twice = await placeOrder(client, outcome.quoteId, key);
    assert.equal(twice.status, 200);
    assert.ok(isOrder(twice.body) && twice.body.id === again.body.id);
  }
  assert.equal(new Set(byKey.values()).size, byKey.size, 'two keys share an order');
}

/** Straight from the database: no (customer, key) has two orders, and every order has its first event. */
async function checkRows(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<number> {
  const doubled = await query('SELECT customer_id, idempotency_key, count(*) AS n FROM orders GROUP BY 1, 2 HAVING count(*) > 1');
  assert.deepEqual(doubled, []);
  const headless = await query('SELECT o.id FROM orders o LEFT JOIN order_events e ON e.order_id = o.id AND e.seq = 1 WHERE e.order_id IS NULL');
  assert.deepEqual(headless, [], 'an order without its "placed" event');
  const [{ n }] = await query('SELECT count(*)::int AS n FROM orders');
  return Number(n);
}

describe('the server process', { concurrency: true }, () => {
  describe('on a fresh PGlite directory', { concurrency: false }, () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-process-'));
    const dataDir = join(root, 'db');
    const email = 'kill9@example.com';
    let server: ServerProcess;
    let port: number;
    let ordersPlaced = -1;

    const group = new ServerGroup();
    after(async () => {
      await group.killAll();
      rmSync(root, { recursive: true, force: true });
    });

    test('PORT and ATELIER_DATA are honoured; health, catalogue and a session answer; the admin password is logged', async (t) => {
      port = await freePort();
      server = await start(t, group, 'fresh PGlite directory', { PORT: String(port), ATELIER_DATA: dataDir });
      assert.equal(server.port, port);
      assert.ok(readdirSync(dataDir).includes('PG_VERSION'), 'the embedded database lives in ATELIER_DATA');
      const c = new Client(server.url);
      const health = await c.get<{ status: string; database: string }>('/api/health');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: 'ok', database: 'pglite' });
      const products = await c.get<{ id: string; version: number }[]>('/api/products');
      assert.equal(products.status, 200);
      assert.equal(products.body.length, 5);
      assert.deepEqual(products.body.map((p) => p.id).sort(), ['home', 'jeans', 'pc', 'portfolio', 'sofa']);
      assert.ok(products.body.every((p) => p.version === 1));
      const session = await c.post<State>('/api/configurations', { productId: 'sofa' });
      assert.equal(session.status, 201);
      assert.match(session.body.id, /^[0-9a-f-]{36}$/);
      const admin = server.lines.filter((l) => l.msg.startsWith('created the admin account'));
      assert.equal(admin.length, 1);
      assert.equal(typeof admin[0].password, 'string');
      // The logged password is the one that works.
      const staff = new Client(server.url);
      await staff.signIn('admin@atelier.localhost', String(admin[0].password));
      assert.equal((await staff.get<{ user: { role: string } }>('/api/auth/me')).body.user.role, 'admin');
    });

    test('kill -9 right after an order is acknowledged, more in flight: after a restart every 201 is there, no key has two orders', async (t) => {
      const client = await customer(server, email, true);
      const quotes: string[] = [];
      for (let i = 0; i < 8; i++) quotes.push(await quotePc(client));
      const { outcomes, acked, exit } = await placeUntilKilled(server, client, quotes, 1, 'pglite');
      assert.equal(exit.signal, 'SIGKILL');
      t.diagnostic(`PGlite: ${acked} acknowledged of ${outcomes.size} sent when killed`);
      const [firstKey, first] = [...outcomes].find(([, o]) => o.orderId) ?? [];
      assert.ok(firstKey && first?.orderId, 'an order was acknowledged');

      server = await start(t, group, 'existing PGlite directory after kill -9', { PORT: String(port), ATELIER_DATA: dataDir });
      const again = await customer(server, email, false);
      const found = await again.get<Order>(`/api/orders/${first.orderId}`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.equal(found.body.status, 'placed');
      const retried = await placeOrder(again, first.quoteId, firstKey);
      assert.equal(retried.status, 200);
      assert.ok(isOrder(retried.body));
      assert.equal(retried.body.id, first.orderId);
      assert.equal(retried.headers.get('idempotent-replayed'), 'true');
      await checkAfterRestart(again, outcomes);
      const orders = await again.get<Order[]>('/api/orders?limit=500');
      assert.equal(orders.body.length, outcomes.size);
      assert.equal(new Set(orders.body.map((o) => o.quote.id)).size, orders.body.length);
      ordersPlaced = orders.body.length;
    });

    test('a restart on the same directory keeps the catalogue as it was and does not log a new admin password', async () => {
      const loaded = server.lines.find((l) => l.msg === 'catalogue loaded');
      assert.deepEqual(loaded?.published, []);
      assert.deepEqual(loaded?.unchanged, ['home', 'jeans', 'pc', 'portfolio', 'sofa']);
      const products = await new Client(server.url).get<{ id: string; version: number }[]>('/api/products');
      assert.equal(products.body.length, 5);
      assert.ok(products.body.every((p) => p.version === 1), JSON.stringify(products.body));
      assert.equal(server.lines.filter((l) => l.msg.startsWith('created the admin account')).length, 0);
      assert.deepEqual(server.lines.find((l) => l.msg === 'database ready')?.migrations, []);
    });

    test('SIGTERM stops it with exit code 0; the files then hold no doubled key and no order without its history', async () => {
      assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output());
      assert.ok(server.lines.some((l) => l.msg === 'stopped'));
      const db = await openPglite(dataDir);
      try {
        assert.equal(await checkRows((sql) => db.query(sql)), ordersPlaced);
      } finally {
        await db.close();
      }
    });
  });

  describe('a signal before it listens', { concurrency: false }, () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-process-'));
    const dataDir = join(root, 'db');
    const group = new ServerGroup();
    after(async () => {
      await group.killAll();
      rmSync(root, { recursive: true, force: true });
    });

    test('SIGTERM while it loads the catalogue ends it at once, and the next start completes the loading', async (t) => {
      const early = group.spawn({ ATELIER_DATA: dataDir });
      await early.waitFor((l) => l.msg === 'database ready', 90_000);
      early.kill('SIGTERM');
      const exit = await Promise.race([early.exited, deadline(30_000).then(() => 'still running after 30 s')]);
      assert.deepEqual(exit, { code: null, signal: 'SIGTERM' }, early.output());
      assert.ok(!early.lines.some((l) => l.msg === 'draining' || l.msg === 'Atelier shop is listening'), early.output());

      const server = await start(t, group, 'after a signal during start', { ATELIER_DATA: dataDir });
      const products = await new Client(server.url).get<{ id: string; version: number | null }[]>('/api/products');
      assert.deepEqual(products.body.map((p) => [p.id, p.version]), [['home', 1], ['jeans', 1], ['pc', 1], ['portfolio', 1], ['sofa', 1]]);
      assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output());
    });
  });

  describe('on PostgreSQL', { concurrency: false, skip: !withPostgres && 'PostgreSQL is not reachable' }, () => {
    let schema: Awaited<ReturnType<typeof createSchema>> | undefined;
    let server: ServerProcess;
    const email = 'kill9-pg@example.com';

    const group = new ServerGroup();
    before(async () => {
      schema = await createSchema();
      // A start that stopped half-way through loading the catalogue: jeans stored, not yet published.
      const db = await openPostgres(schema.url);
      try {
        await migrate(db);
        const jeans = sourceOf(sampleCatalogueDir, 'jeans.atl');
        assert.ok(jeans);
        await new Catalog(db).create(jeans.id, jeans.name, jeans.source, null);
      } finally {
        await db.close();
      }
    });
    after(async () => {
      await group.killAll();
      await schema?.drop();
    });

    test('DATABASE_URL with a search_path option: the schema is the one used; a half-loaded catalogue is completed', async (t) => {
      assert.ok(schema);
      server = await start(t, group, 'fresh PostgreSQL schema', { DATABASE_URL: schema.url });
      const c = new Client(server.url);
      const health = await c.get<{ database: string }>('/api/health');
      assert.equal(health.body.database, 'postgres');
      const products = await c.get<{ id: string; version: number | null }[]>('/api/products');
      assert.deepEqual(products.body.map((p) => [p.id, p.version]).sort(), [['home', 1], ['jeans', 1], ['pc', 1], ['portfolio', 1], ['sofa', 1]]);
      assert.equal((await c.post('/api/configurations', { productId: 'jeans' })).status, 201);
      const direct = new pg.Client({ connectionString: schema.url.replace(/\?.*$/, '') });
      await direct.connect();
      try {
        const tables = await direct.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema.schema]);
        assert.ok(tables.rows.some((r) => r.table_name === 'orders'), 'the tables are in the schema named by the URL');
      } finally {
        await direct.end();
      }
    });

    test('an acknowledged order survives kill -9, and its key still gives that order', async (t) => {
      assert.ok(schema);
      const client = await customer(server, email, true);
      const quoteId = await quotePc(client);
      const placed = await placeOrder(client, quoteId, 'kill9-first');
      assert.equal(placed.status, 201, `${JSON.stringify(placed.body)}\n${server.errors()}`);
      assert.ok(isOrder(placed.body));
      assert.equal((await server.crash()).signal, 'SIGKILL');

      server = await start(t, group, 'PostgreSQL after kill -9', { DATABASE_URL: schema.url });
      const again = await customer(server, email, false);
      const found = await again.get<Order>(`/api/orders/${placed.body.id}`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.equal(found.body.status, 'placed');
      const retried = await placeOrder(again, quoteId, 'kill9-first');
      assert.equal(retried.status, 200);
      assert.ok(isOrder(retried.body));
      assert.equal(retried.body.id, placed.body.id);
    });

    test('killed while placing orders: every 201 is there after the restart, no key has two orders', async (t) => {
      assert.ok(schema);
      const client = await customer(server, email, false);
      const quotes: string[] = [];
      for (let i = 0; i < 12; i++) quotes.push(await quotePc(client));
      const { outcomes, acked, exit } = await placeUntilKilled(server, client, quotes, 6, 'stream');
      assert.equal(exit.signal, 'SIGKILL');
      assert.ok(acked >= 6);
      t.diagnostic(`PostgreSQL: ${acked} acknowledged of ${outcomes.size} sent when killed`);
      server = await start(t, group, 'PostgreSQL after a kill mid-stream', { DATABASE_URL: schema.url });
      const again = await customer(server, email, false);
      await checkAfterRestart(again, outcomes);
      assert.equal((await again.get<Order[]>('/api/orders?limit=500')).body.length, 1 + outcomes.size);
      const direct = new pg.Client({ connectionString: schema.url });
      await direct.connect();
      try {
        assert.equal(await checkRows(async (sql) => (await direct.query(sql)).rows), 1 + outcomes.size);
      } finally {
        await direct.end();
      }
    });

    test('SIGTERM: requests in flight complete, new connections are refused, exit 0 after "stopped"', async () => {
      const c = new Client(server.url);
      const sessions: string[] = [];
      for (let i = 0; i < 6; i++) sessions.push((await c.post<State>('/api/configurations', { productId: 'home' })).body.id);
      const requestsBefore = server.lines.filter((l) => l.msg === 'incoming request').length;

      // A request whose body is still arriving when the signal comes: in flight for as long as the
      // test wants. Its connection is kept alive afterwards, as a browser's would be.
      const agent = new Agent({ keepAlive: true });
      const body = JSON.stringify({ productId: 'pc', choices: [{ variable: 'board', value: 'b760m' }] });
      let socketClosed = false;
      const sent = httpRequest(`${server.url}/api/configurations`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      sent.on('socket', (socket) => socket.once('close', () => (socketClosed = true)));
      const slow = new Promise<{ status: number; body: string }>((done, fail) => {
        sent.on('error', fail);
        sent.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
        });
      });
      sent.write(body.slice(0, 10));
      // And several ordinary requests at once.
      const busy = sessions.map((id) => c.post<State>(`/api/configurations/${id}/complete`, { strategy: 'cheapest' }));
      await server.waitFor(() => server.lines.filter((l) => l.msg === 'incoming request').length >= requestsBefore + 1 + sessions.length);

      try {
        server.kill('SIGTERM');
        await server.waitFor((l) => l.msg === 'draining');
        let closed = false;
        for (let i = 0; i < 200 && !closed; i++) {
          closed = await refused(server.port);
          if (!closed) await sleep(50);
        }
        assert.ok(closed, 'a new connection is refused while draining');
        assert.ok(server.running, 'still running: a request is in flight');

        sent.end(body.slice(10));
        const answered = await slow;
        assert.equal(answered.status, 201, answered.body);
        for (const r of await Promise.all(busy)) assert.equal(r.status, 200, JSON.stringify(r.body));
        const exit = await Promise.race([server.exited, deadline(30_000).then(() => 'still running after 30 s')]);
        assert.deepEqual(exit, { code: 0, signal: null }, server.output());
        assert.ok(server.lines.some((l) => l.msg === 'stopped'));
        assert.ok(socketClosed, 'the server closed the idle keep-alive connection itself');
      } finally {
        agent.destroy();
      }
    });
  });

  describe('two processes on one PostgreSQL schema', { concurrency: false, skip: !withPostgres && 'PostgreSQL is not reachable' }, () => {
    let schema: Awaited<ReturnType<typeof createSchema>> | undefined;
    let a: ServerProcess;
    let b: ServerProcess;

    before(async () => {
      schema = await createSchema();
    });
    const group = new ServerGroup();
    after(async () => {
      await group.killAll();
      await schema?.drop();
    });

    test('both start together on an empty schema: migrated once, catalogue loaded once, one admin', async (t) => {
      assert.ok(schema);
      const env = { DATABASE_URL: schema.url };
      [a, b] = await Promise.all([start(t, group, 'process A', env), start(t, group, 'process B', env)]);
      const migrations = [a, b].map((s) => s.lines.find((l) => l.msg === 'database ready')?.migrations);
      assert.deepEqual(
        migrations.map((m) => (Array.isArray(m) ? m.length : -1)).sort(),
        [0, moduleMigrations().length],
        'one process applied the migrations, the other found them applied',
      );
      for (const s of [a, b]) {
        const products = await new Client(s.url).get<{ id: string; version: number }[]>('/api/products');
        assert.deepEqual(products.body.map((p) => [p.id, p.version]).sort(), [['home', 1], ['jeans', 1], ['pc', 1], ['portfolio', 1], ['sofa', 1]]);
      }
      const admin = [a, b].flatMap((s) => s.lines.filter((l) => l.msg.startsWith('created the admin account')));
      assert.equal(admin.length, 1, 'one admin password, logged once');
      const staff = new Client(b.url);
      await staff.signIn('admin@atelier.localhost', String(admin[0].password));
    });

    test('a configuration continues across processes; each sees the choices made on the other', async () => {
      const onA = await customer(a, 'both@example.com', true);
      const onB = await customer(b, 'both@example.com', false);
      const created = await onA.post<State>('/api/configurations', { productId: 'pc' });
      assert.equal(created.status, 201);
      const id = created.body.id;
      const intel = await onA.post<State>(`/api/configurations/${id}/choices`, { variable: 'cpu.model', value: 'i5_13400' });
      assert.equal(intel.status, 200, JSON.stringify(intel.body));

      const board = await onB.post<State>(`/api/configurations/${id}/choices`, { variable: 'board', value: 'b760m' });
      assert.equal(board.status, 200, JSON.stringify(board.body));
      assert.deepEqual(board.body.choices.map((c) => c.variable), ['cpu.model', 'board'], 'B continues from what A stored');

      const storage = await onA.post<State>(`/api/configurations/${id}/choices`, { variable: 'storage', value: 'ssd1t' });
      assert.equal(storage.status, 200, JSON.stringify(storage.body));
      assert.deepEqual(storage.body.choices.map((c) => c.variable), ['cpu.model', 'board', 'storage'], 'A sees the choice made on B');
      assert.equal(storage.body.revision, 3);
      const memory = storage.body.domains.find((d) => d.variable === 'memory[1].module');
      assert.ok(memory, 'memory[1].module is a variable');
      assert.ok(memory.possible.length > 0 && memory.possible.every((v) => String(v).startsWith('d4_')), `a DDR4 board takes DDR4 only: ${JSON.stringify(memory)}`);
      assert.ok(storage.body.domains.find((d) => d.variable === 'board')?.chosen === 'b760m');

      const conflict = await onB.post<Problem>(`/api/configurations/${id}/choices`, { variable: 'memory[1].module', value: 'd5_16' });
      assert.equal(conflict.status, 409, 'B knows of the board chosen on B and the state written by A');
      const seenOnB = await onB.get<State>(`/api/configurations/${id}`);
      assert.deepEqual(seenOnB.body.choices.map((c) => c.variable), ['cpu.model', 'board', 'storage']);
    });

    test('an order placed on A with key K and retried on B is the same order; K sent to both at once gives one order', async () => {
      const onA = await customer(a, 'both@example.com', false);
      const onB = await customer(b, 'both@example.com', false);
      const quoteId = await quotePc(onA);
      const first = await placeOrder(onA, quoteId, 'K');
      assert.equal(first.status, 201);
      const retried = await placeOrder(onB, quoteId, 'K');
      assert.equal(retried.status, 200);
      assert.ok(isOrder(first.body) && isOrder(retried.body));
      assert.equal(retried.body.id, first.body.id);

      for (let i = 0; i < 5; i++) {
        const quote = await quotePc(onB);
        const both = await Promise.all([placeOrder(onA, quote, `race-${i}`), placeOrder(onB, quote, `race-${i}`)]);
        assert.deepEqual(both.map((r) => r.status).sort(), [200, 201], JSON.stringify(both.map((r) => r.body)));
        const ids = both.map((r) => (isOrder(r.body) ? r.body.id : null));
        assert.ok(ids[0] && ids[0] === ids[1]);
      }
      assert.equal((await onB.get<Order[]>('/api/orders')).body.length, 6);
    });

    test('both stop on SIGTERM with exit code 0', async () => {
      const exits = await Promise.all([a.stop(), b.stop()]);
      assert.deepEqual(exits, [
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
    });
  });

  test('an invalid environment stops the server with a non-zero code and a message naming the variable', async () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-process-'));
    const group = new ServerGroup();
    try {
      const server = group.spawn({ PORT: 'abc', ATELIER_DATA: join(root, 'db') });
      const exit = await server.exited;
      assert.notEqual(exit.code, 0);
      assert.equal(exit.signal, null);
      assert.match(server.output(), /PORT/);
      assert.match(server.output(), /invalid environment/);
      assert.deepEqual(readdirSync(root), [], 'nothing was created');
    } finally {
      await group.killAll();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
