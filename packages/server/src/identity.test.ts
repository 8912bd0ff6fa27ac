import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp, type AppOptions } from './app.ts';
import { backends, Client, clientWithRole, startServer, type TestServer } from './testing/harness.ts';

interface Problem {
  error: { code: string; message: string };
}
interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
}
interface Session {
  user: User;
  csrfToken: string;
  token?: string;
}

const PASSWORD = 'correct horse battery';
const email = (): string => `someone-${randomUUID()}@example.com`;

/** The attributes of one Set-Cookie header, by lower-case name (flags map to ''). */
function cookie(headers: Headers, name: string): { value: string; attributes: Map<string, string> } | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair, ...rest] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) !== name) continue;
    const attributes = new Map(
      rest.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }),
    );
    return { value: pair.slice(eq + 1), attributes };
  }
  return undefined;
}

/** Plain requests with exactly the headers given: no cookie jar, no CSRF header added. */
async function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; body: Problem & Session & Record<string, unknown> }> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? ({} as Problem & Session) : JSON.parse(text) };
}

for (const backend of await backends()) {
  describe(`identity on ${backend.name}`, () => {
    let server: TestServer;
    /** Another app on the same database, with other options; closed by the test. */
    const sibling = async (options: Omit<AppOptions, 'db'>): Promise<{ url: string; close(): Promise<void> }> => {
      const { app } = await buildApp({ web: false, ...options, db: server.db });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
    };

    before(async () => {
      server = await startServer(backend);
    });
    after(() => server.close());

    test('sign up, me, sign out, sign in again', async () => {
      const c = new Client(server.url);
      const address = email();
      const up = await c.post<Session>('/api/auth/signup', { email: address, name: '  Ada  ', password: PASSWORD });
      assert.equal(up.status, 201);
      assert.equal(up.body.user.email, address);
      assert.equal(up.body.user.name, 'Ada');
      assert.equal(up.body.user.role, 'customer', 'sign-up never makes staff');
      assert.equal(up.body.token, undefined, 'browsers get no bearer token');
      assert.ok(!JSON.stringify(up.body).includes('argon2'), 'no password hash in the answer');
      c.csrf = up.body.csrfToken;

      const me = await c.get<Session>('/api/auth/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.id, up.body.user.id);
      assert.equal(me.body.csrfToken, up.body.csrfToken);

      const out = await c.post('/api/auth/signout');
      assert.equal(out.status, 204);
      for (const name of ['atelier_session', 'atelier_csrf']) {
        const cleared = cookie(out.headers, name);
        assert.ok(cleared, `${name} is cleared`);
        assert.equal(cleared.value, '');
      }
      const gone = await c.get<Problem>('/api/auth/me');
      assert.equal(gone.status, 401);
      assert.equal(gone.body.error.code, 'unauthenticated');

      const again = new Client(server.url);
      const signIn = await again.post<Session>('/api/auth/signin', { email: address.toUpperCase(), password: PASSWORD });
      assert.equal(signIn.status, 200, 'e-mail addresses are compared without case');
      assert.equal(signIn.body.user.id, up.body.user.id);
      assert.equal((await again.get<Session>('/api/auth/me')).body.user.id, up.body.user.id);
    });

    test('a signed-out session token is dead even if a client kept it', async () => {
      const signIn = await raw(server.url, 'POST', '/api/auth/signup', {}, { email: email(), name: 'K', password: PASSWORD, bearer: true });
      const token = signIn.body.token as string;
      const cookieHeaders = { cookie: `atelier_session=${token}`, 'x-csrf-token': signIn.body.csrfToken };
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', cookieHeaders)).status, 200);
      assert.equal((await raw(server.url, 'POST', '/api/auth/signout', cookieHeaders)).status, 204);
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', cookieHeaders)).status, 401);
      const bearer = await raw(server.url, 'GET', '/api/auth/me', { authorization: `Bearer ${token}` });
      assert.equal(bearer.status, 401);
      assert.equal(bearer.body.error.code, 'bad-token');
    });

    test('signing out behind HTTP basic authentication (a staging proxy) still ends the cookie session', async () => {
      const up = await raw(server.url, 'POST', '/api/auth/signup', {}, { email: email(), name: 'Proxy', password: PASSWORD, bearer: true });
      const headers = { authorization: `Basic ${Buffer.from('stage:secret').toString('base64')}`, cookie: `atelier_session=${up.body.token as string}` };
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', headers)).status, 200, 'a basic-auth header is not a bearer token');
      assert.equal((await raw(server.url, 'POST', '/api/auth/signout', { ...headers, 'x-csrf-token': up.body.csrfToken })).status, 204);
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', headers)).status, 401, 'the session is over, not just its cookie');
    });

    test('signing out ends that session only', async () => {
      const address = email();
      const phone = new Client(server.url);
      await phone.signUp(address);
      const laptop = new Client(server.url);
      await laptop.signIn(address);
      assert.equal((await laptop.post('/api/auth/signout')).status, 204);
      assert.equal((await laptop.get('/api/auth/me')).status, 401);
      assert.equal((await phone.get('/api/auth/me')).status, 200);
    });

    test('five sign-ups with one e-mail at once make one account', async () => {
      const address = email();
      const replies = await Promise.all(Array.from({ length: 5 }, () => new Client(server.url).post<Problem>('/api/auth/signup', { email: address, name: 'Racer', password: PASSWORD })));
      assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
      assert.ok(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'email-taken'));
      const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)', [address]);
      assert.equal(n, 1);
    });

    test('passwords are kept as argon2id hashes, sessions as digests of their tokens', async () => {
      const signed = await raw(server.url, 'POST', '/api/auth/signup', {}, { email: email(), name: 'H', password: PASSWORD, bearer: true });
      assert.equal(signed.status, 201);
      const [user] = await server.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [signed.body.user.id]);
      assert.ok(user.password_hash.startsWith('$argon2id$'), user.password_hash.slice(0, 20));
      assert.ok(!user.password_hash.includes(PASSWORD));
      const sessions = await server.db.query<{ token_digest: string }>('SELECT token_digest FROM auth_sessions WHERE user_id = $1', [signed.body.user.id]);
      assert.equal(sessions.length, 1);
      const token = signed.body.token as string;
      assert.notEqual(sessions[0].token_digest, token, 'the token itself is not stored');
      // A leaked table does not sign anybody in.
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', { cookie: `atelier_session=${sessions[0].token_digest}` })).status, 401);
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', { authorization: `Bearer ${sessions[0].token_digest}` })).status, 401);
    });

    test('an e-mail address has one account (409), whatever its case; bad sign-ups are 400', async () => {
      const address = email();
      const c = new Client(server.url);
      await c.signUp(address);
      for (const again of [address, address.toUpperCase()]) {
        const r = await new Client(server.url).post<Problem>('/api/auth/signup', { email: again, name: 'Twin', password: PASSWORD });
        assert.equal(r.status, 409, `${again}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, 'email-taken');
      }
      const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)', [address]);
      assert.equal(n, 1);
      for (const body of [
        { email: email(), name: 'Short', password: 'short' },
        { email: 'not-an-address', name: 'X', password: PASSWORD },
        { email: email(), name: '   ', password: PASSWORD },
        { email: email(), password: PASSWORD },
      ]) {
        const r = await new Client(server.url).post<Problem>('/api/auth/signup', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.error.code, 'invalid-request');
      }
    });

    test('a wrong password and an unknown e-mail get the same 401', async () => {
      const address = email();
      await new Client(server.url).signUp(address);
      const wrong = await new Client(server.url).post<Problem>('/api/auth/signin', { email: address, password: 'not the password' });
      const unknown = await new Client(server.url).post<Problem>('/api/auth/signin', { email: email(), password: 'not the password' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.deepEqual(wrong.body, unknown.body);
      assert.equal(wrong.body.error.code, 'bad-credentials');
      assert.equal(cookie(wrong.headers, 'atelier_session'), undefined, 'no session for a failed sign-in');
    });

    test('the session cookie is HttpOnly and SameSite=Lax; the CSRF cookie is readable by the page', async () => {
      const r = await new Client(server.url).post<Session>('/api/auth/signup', { email: email(), name: 'C', password: PASSWORD });
      const session = cookie(r.headers, 'atelier_session');
      const csrf = cookie(r.headers, 'atelier_csrf');
      assert.ok(session && csrf);
      assert.ok(session.attributes.has('httponly'));
      assert.equal(session.attributes.get('samesite')?.toLowerCase(), 'lax');
      assert.equal(session.attributes.get('path'), '/');
      assert.ok(session.attributes.has('expires'), 'the session outlives the browser window');
      assert.ok(!session.attributes.has('secure'), 'plain HTTP unless told otherwise');
      assert.ok(!csrf.attributes.has('httponly'));
      assert.equal(csrf.attributes.get('samesite')?.toLowerCase(), 'lax');
      assert.equal(csrf.value, r.body.csrfToken);
      assert.ok(session.value.length >= 32);
      assert.notEqual(session.value, csrf.value);

      const secure = await sibling({ secureCookies: true });
      try {
        const s = await new Client(secure.url).post('/api/auth/signup', { email: email(), name: 'S', password: PASSWORD });
        assert.ok(cookie(s.headers, 'atelier_session')?.attributes.has('secure'));
        assert.ok(cookie(s.headers, 'atelier_csrf')?.attributes.has('secure'));
      } finally {
        await secure.close();
      }
    });

    test('a write with a session cookie needs the session’s x-csrf-token (403 csrf without it or with a wrong one)', async () => {
      const a = await raw(server.url, 'POST', '/api/auth/signup', {}, { email: email(), name: 'A', password: PASSWORD, bearer: true });
      const b = await raw(server.url, 'POST', '/api/auth/signup', {}, { email: email(), name: 'B', password: PASSWORD, bearer: true });
      const jar = { cookie: `atelier_session=${a.body.token as string}; atelier_csrf=${a.body.csrfToken}` };
      const writes: [string, string, unknown][] = [
        ['POST', '/api/configurations', { productId: 'jeans' }],
        ['POST', '/api/quotes', { productId: 'jeans', choices: [] }],
        ['POST', '/api/auth/signout', undefined],
      ];
      for (const [method, path, body] of writes) {
        for (const headers of [jar, { ...jar, 'x-csrf-token': 'forged' }, { ...jar, 'x-csrf-token': b.body.csrfToken }, { ...jar, 'x-csrf-token': '' }]) {
          const r = await raw(server.url, method, path, headers, body);
          assert.equal(r.status, 403, `${method} ${path} with ${JSON.stringify(headers['x-csrf-token' as keyof typeof headers])}`);
          assert.equal(r.body.error.code, 'csrf');
        }
      }
      assert.equal((await raw(server.url, 'GET', '/api/auth/me', jar)).status, 200, 'reads need no token');
      assert.equal((await raw(server.url, 'GET', '/api/configurations/00000000-0000-4000-8000-000000000000', jar)).status, 404);
      const made = await raw(server.url, 'POST', '/api/configurations', { ...jar, 'x-csrf-token': a.body.csrfToken }, { productId: 'jeans' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const [row] = await server.db.query<{ owner_id: string | null }>('SELECT owner_id FROM configurations WHERE id = $1', [made.body.id]);
      assert.equal(row.owner_id, a.body.user.id, 'the configuration is the signed-in customer’s');
      const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_sessions WHERE user_id = $1', [a.body.user.id]);
      assert.equal(n, 1, 'the refused sign-outs ended nothing');
      assert.equal((await raw(server.url, 'POST', '/api/auth/signout', { ...jar, 'x-csrf-token': a.body.csrfToken })).status, 204);
    });

    test('API clients sign in for a bearer token: it works without CSRF; an unknown or expired one is 401', async () => {
      const address = email();
      await new Client(server.url).signUp(address);
      const signIn = await raw(server.url, 'POST', '/api/auth/signin', {}, { email: address, password: PASSWORD, bearer: true });
      assert.equal(signIn.status, 200);
      const token = signIn.body.token;
      assert.equal(typeof token, 'string');
      const auth = { authorization: `Bearer ${token}` };
      const me = await raw(server.url, 'GET', '/api/auth/me', auth);
      assert.equal(me.status, 200);
      assert.equal(me.body.user.email, address);
      const made = await raw(server.url, 'POST', '/api/configurations', auth, { productId: 'jeans' });
      assert.equal(made.status, 201, 'no x-csrf-token needed with a bearer token');
      const saved = await raw(server.url, 'POST', '/api/designs', auth, { configurationId: made.body.id, name: 'bearer' });
      assert.equal(saved.status, 201);

      for (const bad of ['Bearer nonsense', `Bearer ${randomUUID()}`]) {
        const r = await raw(server.url, 'GET', '/api/products', { authorization: bad });
        assert.equal(r.status, 401, 'an unknown token is refused even where no sign-in is needed');
        assert.equal(r.body.error.code, 'bad-token');
      }
      await server.db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [signIn.body.user.id]);
      const expired = await raw(server.url, 'GET', '/api/auth/me', auth);
      assert.equal(expired.status, 401);
      assert.equal(expired.body.error.code, 'bad-token');
    });

    test('sign-in is rate limited: the attempt past the limit gets 429 rate-limited', async () => {
      const address = email();
      await new Client(server.url).signUp(address);
      const limited = await sibling({ limits: { signInPerMinute: 3 } });
      try {
        const c = new Client(limited.url);
        const attempts = [];
        for (let i = 0; i < 3; i++) attempts.push((await c.post('/api/auth/signin', { email: address, password: 'guess' })).status);
        assert.deepEqual(attempts, [401, 401, 401]);
        const fourth = await c.post<Problem>('/api/auth/signin', { email: address, password: PASSWORD });
        assert.equal(fourth.status, 429, JSON.stringify(fourth.body));
        assert.equal(fourth.body.error.code, 'rate-limited');
        assert.equal(typeof fourth.body.error.message, 'string');
        assert.match(fourth.body.error.message, /3/);
        assert.ok(fourth.headers.get('retry-after'), 'says when to retry');
        assert.equal(cookie(fourth.headers, 'atelier_session'), undefined);
        const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [address]);
        assert.equal(n, 1, 'only the sign-up session: the limited sign-in opened none');
        // Other routes are not limited by it.
        assert.equal((await c.get('/api/products')).status, 200);
      } finally {
        await limited.close();
      }
    });

    test('admins list accounts and change roles; the new role counts from the next request; staff cannot', async () => {
      const admin = await clientWithRole(server, 'admin');
      const staff = await clientWithRole(server, 'staff');
      const target = new Client(server.url);
      const user = await target.signUp(email());
      assert.equal((await target.get('/api/products/pc/versions')).status, 403);

      const byStaff = await staff.request<Problem>('PUT', `/api/users/${user.id}/role`, { role: 'staff' });
      assert.equal(byStaff.status, 403);
      assert.equal(byStaff.body.error.code, 'forbidden');
      assert.equal((await staff.get('/api/users')).status, 403);

      const promoted = await admin.request<User>('PUT', `/api/users/${user.id}/role`, { role: 'staff' });
      assert.equal(promoted.status, 200);
      assert.equal(promoted.body.role, 'staff');
      assert.equal((await target.get<Session>('/api/auth/me')).body.user.role, 'staff');
      assert.equal((await target.get('/api/products/pc/versions')).status, 200, 'the open session has the new role');

      const list = await admin.get<(User & { password_hash?: string; passwordHash?: string })[]>('/api/users');
      assert.equal(list.status, 200);
      const listed = list.body.find((u) => u.id === user.id);
      assert.equal(listed?.role, 'staff');
      assert.ok(list.body.every((u) => u.password_hash === undefined && u.passwordHash === undefined), 'no password hashes');
      assert.ok(!JSON.stringify(list.body).includes('$argon2'));

      assert.equal((await admin.request<User>('PUT', `/api/users/${user.id}/role`, { role: 'customer' })).body.role, 'customer');
      assert.equal((await target.get('/api/products/pc/versions')).status, 403, 'and demotion too');
      const bad = await admin.request<Problem>('PUT', `/api/users/${user.id}/role`, { role: 'owner' });
      assert.equal(bad.status, 400);
      const ghost = await admin.request<Problem>('PUT', `/api/users/${randomUUID()}/role`, { role: 'staff' });
      assert.equal(ghost.status, 404);
      assert.equal(ghost.body.error.code, 'not-found');
    });
  });
}
