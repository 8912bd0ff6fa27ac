import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Api } from './http/app-types.ts';
import { backends, startServer, type TestServer } from './testing/harness.ts';

/**
 * Every endpoint the server routes × every kind of caller. The endpoints come from the router
 * itself, so a route added without a line in `rows` fails the first test instead of escaping the
 * matrix.
 */

type Access = 'public' | 'customer' | 'staff' | 'admin';
type RoleName = 'anonymous' | 'customer' | 'other' | 'staff' | 'admin';
const roles: RoleName[] = ['anonymous', 'customer', 'other', 'staff', 'admin'];
const rank: Record<RoleName, number> = { anonymous: 0, customer: 1, other: 1, staff: 2, admin: 3 };
const needed: Record<Access, number> = { public: 0, customer: 1, staff: 2, admin: 3 };

/** A signed-in account's session, sent as a cookie (with the CSRF header on writes) or as a bearer token. */
interface Caller {
  role: RoleName;
  user: { id: string; email: string } | null;
  token: string | null;
  csrf: string | null;
}
type Transport = 'cookie' | 'bearer';

interface ErrorReply {
  error?: { code?: unknown; message?: unknown };
}
interface Reply {
  status: number;
  body: unknown;
}
interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Who really sends it (sign-out uses a session of its own, so the caller's stays open). */
  as?: Caller;
}
interface Row {
  /** "METHOD /path" exactly as the router has it. */
  route: string;
  access: Access;
  /** The status a caller allowed in gets. */
  ok: number;
  call(caller: Caller): Promise<Call>;
}

const PASSWORD = 'correct horse battery';
const MODEL = `product matrix "Matrix product" {
  currency EUR
  price 10
  choice colour "Colour" {
    value red "Red" { price 1 }
    value blue "Blue" { price 2 }
    default red
  }
  flag gift "Gift wrap" { price 3 }
}
`;
const SOURCE = { main: 'matrix.atl', files: { 'matrix.atl': MODEL } };
const COMPLETE = [
  { variable: 'colour', value: 'blue' },
  { variable: 'gift', value: true },
];

/** "METHOD /path" for every route in the router's table (HEAD twins of GET routes left out). */
function routeTable(app: Api): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method !== '' && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

async function send(server: TestServer, caller: Caller, transport: Transport, method: string, call: Call): Promise<Reply> {
  const who = call.as ?? caller;
  const headers: Record<string, string> = { ...call.headers };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (who.token !== null) {
    if (transport === 'bearer') headers.authorization = `Bearer ${who.token}`;
    else {
      headers.cookie = `atelier_session=${who.token}`;
      if (method !== 'GET' && method !== 'HEAD' && who.csrf !== null) headers['x-csrf-token'] = who.csrf;
    }
  }
  const response = await fetch(server.url + call.path, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body), redirect: 'manual' });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // HTML, JavaScript, YAML: kept as text
  }
  return { status: response.status, body };
}

for (const backend of await backends()) {
  describe(`permissions on ${backend.name}`, () => {
    let server: TestServer;
    const callers = {} as Record<RoleName, Caller>;
    /** An account nobody uses otherwise: signed in to, and its role changed, by the matrix. */
    let spare: { id: string; email: string };

    const must = async (caller: Caller, method: string, path: string, body: unknown, status: number, headers?: Record<string, string>): Promise<Record<string, unknown>> => {
      const r = await send(server, caller, 'bearer', method, { path, body, ...(headers ? { headers } : {}) });
      assert.equal(r.status, status, `fixture ${method} ${path} as ${caller.role}: ${JSON.stringify(r.body)}`);
      return r.body as Record<string, unknown>;
    };
    const signIn = async (role: RoleName, email: string): Promise<Caller> => {
      const anonymous: Caller = { role: 'anonymous', user: null, token: null, csrf: null };
      const s = await must(anonymous, 'POST', '/api/auth/signin', { email, password: PASSWORD, bearer: true }, 200);
      return { role, user: s.user as { id: string; email: string }, token: s.token as string, csrf: s.csrfToken as string };
    };
    const signUp = async (role: RoleName): Promise<Caller> => {
      const email = `${role}-${randomUUID()}@example.com`;
      const anonymous: Caller = { role: 'anonymous', user: null, token: null, csrf: null };
      const s = await must(anonymous, 'POST', '/api/auth/signup', { email, name: role, password: PASSWORD, bearer: true }, 201);
      const user = s.user as { id: string; email: string };
      if (role === 'staff' || role === 'admin') await server.services.accounts.setRole(user.id, role);
      return { role, user, token: s.token as string, csrf: s.csrfToken as string };
    };
    /** The caller itself when its role may use the route, otherwise the customer (so the resource exists). */
    const owner = (caller: Caller, access: Access): Caller => (rank[caller.role] >= needed[access] ? caller : callers.customer);

    const configuration = async (caller: Caller, productId = 'matrix', choices: unknown[] = []): Promise<string> =>
      (await must(caller, 'POST', '/api/configurations', { productId, choices }, 201)).id as string;
    const quote = async (caller: Caller): Promise<string> => (await must(caller, 'POST', '/api/quotes', { productId: 'matrix', choices: COMPLETE }, 201)).id as string;
    const order = async (caller: Caller): Promise<string> =>
      (await must(caller, 'POST', '/api/orders', { quoteId: await quote(caller) }, 201, { 'idempotency-key': randomUUID() })).id as string;
    const design = async (caller: Caller): Promise<{ id: string; shareToken: string }> => {
      const d = await must(caller, 'POST', '/api/designs', { configurationId: await configuration(caller), name: 'mine' }, 201);
      return { id: d.id as string, shareToken: d.shareToken as string };
    };
    const draft = async (): Promise<number> => (await server.services.catalog.addVersion('matrix', SOURCE, null)).version;

    const rows: Row[] = [
      { route: 'GET /api/health', access: 'public', ok: 200, call: async () => ({ path: '/api/health' }) },
      { route: 'GET /api/ping', access: 'public', ok: 200, call: async () => ({ path: '/api/ping' }) },
      { route: 'GET /api/openapi.json', access: 'public', ok: 200, call: async () => ({ path: '/api/openapi.json' }) },
      { route: 'GET /api/docs', access: 'public', ok: 200, call: async () => ({ path: '/api/docs' }) },
      { route: 'GET /api/docs/', access: 'public', ok: 200, call: async () => ({ path: '/api/docs/' }) },
      { route: 'GET /api/docs/static/index.html', access: 'public', ok: 302, call: async () => ({ path: '/api/docs/static/index.html' }) },
      { route: 'GET /api/docs/static/swagger-initializer.js', access: 'public', ok: 200, call: async () => ({ path: '/api/docs/static/swagger-initializer.js' }) },
      { route: 'GET /api/docs/*', access: 'public', ok: 200, call: async () => ({ path: '/api/docs/static/swagger-ui.css' }) },
      { route: 'GET /api/docs/json', access: 'public', ok: 200, call: async () => ({ path: '/api/docs/json' }) },
      { route: 'GET /api/docs/yaml', access: 'public', ok: 200, call: async () => ({ path: '/api/docs/yaml' }) },

      {
        route: 'POST /api/auth/signup',
        access: 'public',
        ok: 201,
        call: async () => ({ path: '/api/auth/signup', body: { email: `new-${randomUUID()}@example.com`, name: 'New', password: PASSWORD } }),
      },
      { route: 'POST /api/auth/signin', access: 'public', ok: 200, call: async () => ({ path: '/api/auth/signin', body: { email: spare.email, password: PASSWORD } }) },
      {
        route: 'POST /api/auth/signout',
        access: 'customer',
        ok: 204,
        // A second session of the same account: signing it out leaves the caller's own session open.
        call: async (c) => ({ path: '/api/auth/signout', ...(c.user ? { as: await signIn(c.role, c.user.email) } : {}) }),
      },
      { route: 'GET /api/auth/me', access: 'customer', ok: 200, call: async () => ({ path: '/api/auth/me' }) },
      { route: 'GET /api/users', access: 'admin', ok: 200, call: async () => ({ path: '/api/users' }) },
      { route: 'PUT /api/users/:id/role', access: 'admin', ok: 200, call: async () => ({ path: `/api/users/${spare.id}/role`, body: { role: 'customer' } }) },

      { route: 'GET /api/products', access: 'public', ok: 200, call: async () => ({ path: '/api/products' }) },
      {
        route: 'POST /api/products',
        access: 'staff',
        ok: 201,
        call: async (c) => ({ path: '/api/products', body: { id: `m-${c.role}-${randomUUID().slice(0, 8)}`, name: 'Matrix', source: SOURCE } }),
      },
      { route: 'GET /api/products/:id', access: 'public', ok: 200, call: async () => ({ path: '/api/products/matrix' }) },
      { route: 'GET /api/products/:id/versions', access: 'staff', ok: 200, call: async () => ({ path: '/api/products/matrix/versions' }) },
      { route: 'POST /api/products/:id/versions', access: 'staff', ok: 201, call: async () => ({ path: '/api/products/matrix/versions', body: SOURCE }) },
      { route: 'GET /api/products/:id/versions/:version', access: 'staff', ok: 200, call: async () => ({ path: '/api/products/matrix/versions/1' }) },
      { route: 'GET /api/products/:id/versions/:version/source', access: 'public', ok: 200, call: async () => ({ path: '/api/products/matrix/versions/1/source' }) },
      {
        route: 'POST /api/products/:id/versions/:version/publish',
        access: 'staff',
        ok: 200,
        call: async () => ({ path: `/api/products/matrix/versions/${await draft()}/publish` }),
      },
      { route: 'GET /api/products/:id/versions/:version/analysis', access: 'staff', ok: 200, call: async () => ({ path: '/api/products/matrix/versions/1/analysis' }) },
      { route: 'POST /api/catalog/check', access: 'staff', ok: 200, call: async () => ({ path: '/api/catalog/check', body: SOURCE }) },

      { route: 'POST /api/configurations', access: 'public', ok: 201, call: async () => ({ path: '/api/configurations', body: { productId: 'matrix' } }) },
      { route: 'GET /api/configurations/:id', access: 'public', ok: 200, call: async (c) => ({ path: `/api/configurations/${await configuration(c)}` }) },
      {
        route: 'POST /api/configurations/:id/choices',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c)}/choices`, body: { variable: 'colour', value: 'blue' } }),
      },
      {
        route: 'DELETE /api/configurations/:id/choices/:variable',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c, 'matrix', [{ variable: 'colour', value: 'blue' }])}/choices/colour` }),
      },
      {
        route: 'POST /api/configurations/:id/complete',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c)}/complete`, body: { strategy: 'cheapest' } }),
      },
      {
        route: 'GET /api/configurations/:id/explain',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c, 'pc', [{ variable: 'cpu.model', value: 'i5_13400' }])}/explain?variable=board&value=b650m` }),
      },
      {
        route: 'GET /api/configurations/:id/repair',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c, 'pc', [{ variable: 'cpu.model', value: 'i5_13400' }])}/repair?variable=board&value=b650m` }),
      },
      {
        route: 'POST /api/configurations/:id/repair',
        access: 'public',
        ok: 200,
        call: async (c) => ({
          path: `/api/configurations/${await configuration(c, 'pc', [{ variable: 'cpu.model', value: 'i5_13400' }])}/repair`,
          body: { variable: 'board', value: 'b650m' },
        }),
      },
      {
        route: 'POST /api/configurations/:id/reset',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c, 'matrix', COMPLETE)}/reset`, body: {} }),
      },
      {
        route: 'PUT /api/configurations/:id/texts',
        access: 'public',
        ok: 200,
        call: async (c) => ({ path: `/api/configurations/${await configuration(c, 'jeans', [{ variable: 'embroidery', value: true }])}/texts`, body: { monogram: 'AB' } }),
      },

      { route: 'POST /api/quotes', access: 'public', ok: 201, call: async () => ({ path: '/api/quotes', body: { productId: 'matrix', choices: COMPLETE } }) },
      { route: 'GET /api/quotes', access: 'customer', ok: 200, call: async () => ({ path: '/api/quotes' }) },
      { route: 'GET /api/quotes/:id', access: 'public', ok: 200, call: async (c) => ({ path: `/api/quotes/${await quote(c)}` }) },

      {
        route: 'POST /api/designs',
        access: 'customer',
        ok: 201,
        call: async (c) => ({ path: '/api/designs', body: { configurationId: await configuration(owner(c, 'customer')), name: 'saved' } }),
      },
      { route: 'GET /api/designs', access: 'customer', ok: 200, call: async () => ({ path: '/api/designs' }) },
      { route: 'GET /api/designs/:id', access: 'customer', ok: 200, call: async (c) => ({ path: `/api/designs/${(await design(owner(c, 'customer'))).id}` }) },
      { route: 'DELETE /api/designs/:id', access: 'customer', ok: 204, call: async (c) => ({ path: `/api/designs/${(await design(owner(c, 'customer'))).id}` }) },
      { route: 'GET /api/shared/:token', access: 'public', ok: 200, call: async () => ({ path: `/api/shared/${(await design(callers.customer)).shareToken}` }) },

      {
        route: 'POST /api/orders',
        access: 'customer',
        ok: 201,
        call: async (c) => ({ path: '/api/orders', body: { quoteId: await quote(c) }, headers: { 'idempotency-key': randomUUID() } }),
      },
      { route: 'GET /api/orders', access: 'customer', ok: 200, call: async () => ({ path: '/api/orders' }) },
      { route: 'GET /api/orders/:id', access: 'customer', ok: 200, call: async (c) => ({ path: `/api/orders/${await order(owner(c, 'customer'))}` }) },
      {
        route: 'POST /api/orders/:id/status',
        access: 'staff',
        ok: 200,
        // Always the customer's own order: even its owner may not move it.
        call: async () => ({ path: `/api/orders/${await order(callers.customer)}/status`, body: { status: 'confirmed' } }),
      },
    ];

    before(async () => {
      server = await startServer(backend);
      // The storefront's built files (when packages/web is built): static, read-only, open to everybody.
      // (OPTIONS * is the CORS preflight, answered before any access check: see cors.test.ts.)
      for (const route of routeTable(server.app).filter((r) => !r.split(' ')[1].startsWith('/api/') && r !== 'OPTIONS *')) {
        const [method, path] = route.split(' ');
        assert.equal(method, 'GET', `${route}: outside /api only the storefront's files are served, and only read`);
        rows.push({ route, access: 'public', ok: 200, call: async () => ({ path }) });
      }
      await server.services.catalog.create('matrix', 'Matrix product', SOURCE, null);
      await server.services.catalog.publish('matrix', 1);
      callers.anonymous = { role: 'anonymous', user: null, token: null, csrf: null };
      for (const role of roles) if (role !== 'anonymous') callers[role] = await signUp(role);
      spare = (await signUp('customer')).user as { id: string; email: string };
    });
    after(() => server.close());

    test('every API route the server has is in the expectation table, and every row is a route', () => {
      const routed = routeTable(server.app).filter((r) => r.split(' ')[1].startsWith('/api/'));
      assert.ok(routed.length >= 40, `the route table parsed to ${routed.length} API routes`);
      const expected = rows.map((r) => r.route).filter((r) => r.split(' ')[1].startsWith('/api/')).sort();
      assert.deepEqual(
        routed.filter((r) => !expected.includes(r)),
        [],
        'routes with no line in the permission matrix: add them with the access they must have',
      );
      assert.deepEqual(
        expected.filter((r) => !routed.includes(r)),
        [],
        'matrix rows for routes the server does not have',
      );
      assert.equal(new Set(expected).size, expected.length, 'a route listed twice');
    });

    for (const transport of ['cookie', 'bearer'] as const) {
      test(`each role gets exactly what the route's access allows (sessions by ${transport})`, async () => {
        const wrong: string[] = [];
        // Both kinds of session reach the same check. By cookie, everything; by bearer, only the routes
        // where the role matters, with every role refused and the least one let in.
        for (const row of transport === 'cookie' ? rows : rows.filter((r) => r.access !== 'public')) {
          const [method] = row.route.split(' ');
          const refused = roles.filter((r) => rank[r] < needed[row.access]);
          const admitted = roles.filter((r) => rank[r] >= needed[row.access]);
          for (const role of transport === 'cookie' ? roles : [...refused, admitted[0]]) {
            const caller = callers[role];
            const call = await row.call(caller);
            const reply = await send(server, caller, transport, method, call);
            const allowed = rank[role] >= needed[row.access];
            const want = allowed ? row.ok : role === 'anonymous' ? 401 : 403;
            const where = `${row.route} (${call.path}) as ${role}`;
            if (reply.status !== want) {
              wrong.push(`${where}: ${reply.status}, expected ${want} ${JSON.stringify(reply.body).slice(0, 200)}`);
              continue;
            }
            if (!allowed) {
              const error = (reply.body as ErrorReply | null)?.error;
              const code = want === 401 ? 'unauthenticated' : 'forbidden';
              if (error?.code !== code || typeof error.message !== 'string') wrong.push(`${where}: body ${JSON.stringify(reply.body)}, expected error.code ${code}`);
            }
          }
        }
        assert.deepEqual(wrong, []);
      });
    }

    test('HEAD is no way around a GET route’s access', async () => {
      const wrong: string[] = [];
      for (const row of rows.filter((r) => r.route.startsWith('GET ') && r.access !== 'public')) {
        for (const role of roles.filter((r) => rank[r] < needed[row.access])) {
          const call = await row.call(callers[role]);
          const reply = await send(server, callers[role], 'bearer', 'HEAD', call);
          const want = role === 'anonymous' ? 401 : 403;
          if (reply.status !== want) wrong.push(`HEAD ${call.path} as ${role}: ${reply.status}, expected ${want}`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    test('a refused write changes nothing', async () => {
      const id = await order(callers.customer);
      const moved = await send(server, callers.customer, 'cookie', 'POST', { path: `/api/orders/${id}/status`, body: { status: 'cancelled' } });
      assert.equal(moved.status, 403);
      assert.equal(((await must(callers.customer, 'GET', `/api/orders/${id}`, undefined, 200)) as { status: string }).status, 'placed');

      const promoted = await send(server, callers.staff, 'bearer', 'PUT', { path: `/api/users/${callers.staff.user?.id}/role`, body: { role: 'admin' } });
      assert.equal(promoted.status, 403);
      const me = (await must(callers.staff, 'GET', '/api/auth/me', undefined, 200)) as { user?: { role?: string } };
      assert.equal(me.user?.role, 'staff');

      const version = await draft();
      const published = await send(server, callers.customer, 'bearer', 'POST', { path: `/api/products/matrix/versions/${version}/publish` });
      assert.equal(published.status, 403);
      assert.equal((await server.services.catalog.version('matrix', version)).status, 'draft');

      const before = (await server.services.catalog.list()).length;
      const created = await send(server, callers.anonymous, 'bearer', 'POST', { path: '/api/products', body: { id: 'sneaky', name: 'Sneaky', source: SOURCE } });
      assert.equal(created.status, 401);
      assert.equal((await server.services.catalog.list()).length, before);
    });

    test('a customer never sees another customer’s configurations, designs, quotes or orders: they do not exist (404)', async () => {
      const { customer, other, anonymous, staff } = callers;
      const configurationId = await configuration(customer, 'matrix', COMPLETE);
      const quoteId = (await must(customer, 'POST', '/api/quotes', { configurationId }, 201)).id as string;
      const orderId = await order(customer);
      const saved = await design(customer);
      const otherOrder = await order(other);
      const nobody = randomUUID();

      const notFound = async (caller: Caller, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<string> => {
        const r = await send(server, caller, 'cookie', method, { path, body, ...(headers ? { headers } : {}) });
        assert.equal(r.status, 404, `${method} ${path} as ${caller.role}: ${JSON.stringify(r.body)}`);
        const error = (r.body as ErrorReply).error;
        assert.equal(error?.code, 'not-found', `${method} ${path} as ${caller.role}`);
        assert.equal(typeof error?.message, 'string');
        return String(error?.message);
      };
      // The refusal reads exactly as for an id that was never used: nothing tells the two apart.
      const same = async (caller: Caller, method: string, path: (id: string) => string, id: string, body?: (id: string) => unknown, headers?: Record<string, string>): Promise<void> => {
        const theirs = await notFound(caller, method, path(id), body?.(id), headers);
        const none = await notFound(caller, method, path(nobody), body?.(nobody), headers);
        assert.equal(theirs, none, `${method} ${path(id)}: the message tells an existing resource from a missing one`);
      };

      for (const stranger of [other, anonymous]) {
        await same(stranger, 'GET', (id) => `/api/configurations/${id}`, configurationId);
        await same(stranger, 'POST', (id) => `/api/configurations/${id}/choices`, configurationId, () => ({ variable: 'colour', value: 'red' }));
        await same(stranger, 'DELETE', (id) => `/api/configurations/${id}/choices/colour`, configurationId);
        await same(stranger, 'GET', (id) => `/api/configurations/${id}/explain?variable=colour&value=red`, configurationId);
        await same(stranger, 'POST', (id) => `/api/configurations/${id}/complete`, configurationId, () => ({}));
        await same(stranger, 'POST', (id) => `/api/configurations/${id}/reset`, configurationId, () => ({}));
        await same(stranger, 'PUT', (id) => `/api/configurations/${id}/texts`, configurationId, () => ({}));
        await same(stranger, 'POST', () => '/api/quotes', configurationId, (id) => ({ configurationId: id }));
        await same(stranger, 'GET', (id) => `/api/quotes/${id}`, quoteId);
      }
      await same(other, 'POST', () => '/api/designs', configurationId, (id) => ({ configurationId: id, name: 'stolen' }));
      await same(other, 'GET', (id) => `/api/designs/${id}`, saved.id);
      await same(other, 'DELETE', (id) => `/api/designs/${id}`, saved.id);
      await same(other, 'GET', (id) => `/api/orders/${id}`, orderId);
      await same(other, 'POST', () => '/api/orders', quoteId, (id) => ({ quoteId: id }), { 'idempotency-key': randomUUID() });

      // Nothing changed for the owner, and the lists show each customer only their own.
      const state = await must(customer, 'GET', `/api/configurations/${configurationId}`, undefined, 200);
      assert.deepEqual((state.choices as { variable: string; value: unknown }[]).map((c) => [c.variable, c.value]), COMPLETE.map((c) => [c.variable, c.value]));
      assert.equal((await must(customer, 'GET', `/api/designs/${saved.id}`, undefined, 200)).id, saved.id);
      const ids = async (caller: Caller, path: string): Promise<string[]> => ((await must(caller, 'GET', path, undefined, 200)) as unknown as { id: string }[]).map((x) => x.id);
      assert.ok((await ids(customer, '/api/designs')).includes(saved.id));
      assert.ok(!(await ids(other, '/api/designs')).includes(saved.id));
      assert.ok((await ids(customer, '/api/quotes')).includes(quoteId));
      assert.ok(!(await ids(other, '/api/quotes')).includes(quoteId));
      const customerOrders = await ids(customer, '/api/orders');
      assert.ok(customerOrders.includes(orderId) && !customerOrders.includes(otherOrder));
      const otherOrders = await ids(other, '/api/orders');
      assert.ok(otherOrders.includes(otherOrder) && !otherOrders.includes(orderId));

      // Staff see every order, and each one.
      const all = await ids(staff, '/api/orders');
      assert.ok(all.includes(orderId) && all.includes(otherOrder));
      assert.equal((await must(staff, 'GET', `/api/orders/${orderId}`, undefined, 200)).id, orderId);
      assert.equal((await must(staff, 'GET', `/api/orders/${otherOrder}`, undefined, 200)).id, otherOrder);
      assert.equal((await must(staff, 'GET', `/api/configurations/${configurationId}`, undefined, 200)).id, configurationId);
    });
  });
}
