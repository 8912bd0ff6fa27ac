import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp, type AppOptions, type Services } from '../app.ts';
import { seedCatalogue } from '../catalog/seed.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Api } from '../http/app-types.ts';

/** The PostgreSQL server every machine runs (CI included); ATELIER_TEST_PG overrides it. */
export const testPostgresUrl = process.env.ATELIER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty, migrated database; `drop` removes it. */
  open(): Promise<{ db: Database; drop(): Promise<void> }>;
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, drop: () => db.close() };
  },
};

/** Each test database is a schema of its own in the shared server, dropped afterwards. */
const postgres: Backend = {
  name: 'postgres',
  async open() {
    const schema = `atelier_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const db = await openPostgres(testPostgresUrl, { schema });
    await migrate(db);
    return {
      db,
      async drop() {
        await db.close();
        const c = new pg.Client({ connectionString: testPostgresUrl });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  },
};

/**
 * Both storage backends: API tests run on each. PostgreSQL is required where it must be (CI, or
 * ATELIER_TEST_PG set); elsewhere an unreachable server skips only its half, with a note.
 */
export async function backends(): Promise<Backend[]> {
  try {
    const c = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 3000 });
    await c.connect();
    await c.end();
    return [pglite, postgres];
  } catch (error) {
    if (process.env.CI || process.env.ATELIER_TEST_PG) throw new Error(`PostgreSQL at ${testPostgresUrl} is required here: ${String(error)}`);
    console.warn(`# PostgreSQL at ${testPostgresUrl} is not reachable: its API tests are skipped`);
    return [pglite];
  }
}

export interface TestServer {
  app: Api;
  services: Services;
  db: Database;
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/** The real server on a free port, on a fresh database holding the sample catalogue. */
export async function startServer(backend: Backend, options: Omit<AppOptions, 'db'> = {}): Promise<TestServer> {
  const { db, drop } = await backend.open();
  const { app, services } = await buildApp({ limits: { signInPerMinute: 1000, expensivePerMinute: 10_000 }, ...options, db });
  await seedCatalogue(services.catalog);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    services,
    db,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await drop();
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like client: keeps the cookies the server sets and echoes the CSRF token on writes,
 * as the storefront does. `csrf: false` leaves the header out (to test the protection).
 */
export class Client {
  private cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(readonly base: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(set)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON (the docs page): keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string, options?: { headers?: Record<string, string> }): Promise<Reply<T>> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = unknown>(path: string, body?: unknown, options?: { headers?: Record<string, string>; csrf?: boolean }): Promise<Reply<T>> {
    return this.request<T>('POST', path, body ?? {}, options);
  }

  /** Signs up (a fresh customer) and keeps the session. */
  async signUp(email: string, password = 'correct horse battery'): Promise<{ id: string; email: string; role: string }> {
    const r = await this.post<{ user: { id: string; email: string; role: string }; csrfToken: string }>('/api/auth/signup', { email, name: email.split('@')[0], password });
    if (r.status !== 201) throw new Error(`sign-up failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    return r.body.user;
  }

  async signIn(email: string, password = 'correct horse battery'): Promise<void> {
    const r = await this.post<{ csrfToken: string }>('/api/auth/signin', { email, password });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
  }
}

/** A signed-in client with the given role (staff and admins are promoted directly in the database). */
export async function clientWithRole(server: TestServer, role: 'customer' | 'staff' | 'admin', email = `${role}-${randomBytes(4).toString('hex')}@example.com`): Promise<Client> {
  const client = new Client(server.url);
  const user = await client.signUp(email);
  if (role !== 'customer') await server.services.accounts.setRole(user.id, role);
  return client;
}
