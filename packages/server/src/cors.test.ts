// Cross-origin access for the embeddable configurator: an allowed site may read the catalogue and
// make anonymous quotes; anything else across origins is refused; credentials never cross.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readConfig } from './config.ts';
import { backends, Client, startServer, type TestServer } from './testing/harness.ts';

const SHOP = 'https://brand-x.example';
const STRANGER = 'https://elsewhere.example';
const [pglite] = (await backends()).filter((b) => b.name === 'pglite');

/** A browser's preflight: may `origin` send `method` to `path` with these headers? */
const preflight = (server: TestServer, path: string, origin: string, method: string, headers = 'content-type') =>
  fetch(`${server.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

/** A complete PC, the way the element sends it to make a quote. */
async function completePc(server: TestServer): Promise<{ variable: string; value: unknown }[]> {
  const client = new Client(server.url);
  const started = await client.post<{ id: string }>('/api/configurations', { productId: 'pc' });
  const done = await client.post<{ choices: { variable: string; value: unknown }[] }>(`/api/configurations/${started.body.id}/complete`, { strategy: 'defaults' });
  assert.equal(done.status, 200);
  return done.body.choices.map((c) => ({ variable: c.variable, value: c.value }));
}

describe('cross-origin access for the embedded configurator', () => {
  let server: TestServer;
  let web: string;

  before(async () => {
    // A stand-in build of the web package, so the embed script's headers are tested without Vite.
    web = mkdtempSync(join(tmpdir(), 'atelier-web-'));
    mkdirSync(join(web, 'embed'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Atelier</title>');
    writeFileSync(join(web, 'embed/atelier-configurator.js'), 'customElements.define("atelier-configurator", class extends HTMLElement {});\n');
    server = await startServer(pglite, { embedOrigins: [SHOP], web });
  });
  after(async () => {
    await server?.close();
    rmSync(web, { recursive: true, force: true });
  });

  test('an allowed site may make a quote: the preflight names its origin, the methods and two plain headers, never credentials', async () => {
    const r = await preflight(server, '/api/quotes', SHOP, 'POST');
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-origin'), SHOP);
    assert.match(r.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    assert.equal(r.headers.get('access-control-allow-headers'), 'content-type, accept');
    assert.equal(r.headers.get('access-control-allow-credentials'), null);
    assert.equal(r.headers.get('access-control-max-age'), '600');
    assert.match(r.headers.get('vary') ?? '', /origin/i);

    const choices = await completePc(server);
    const made = await fetch(`${server.url}/api/quotes`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 'pc', choices }),
    });
    assert.equal(made.status, 201);
    assert.equal(made.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(made.headers.get('access-control-allow-credentials'), null);
    const quote = (await made.json()) as { id: string };
    const row = await server.services.quotes.byId(server.db, quote.id);
    assert.equal(row?.owner_id, null, 'made by nobody: no session crossed');
  });

  test('the reads the element makes are open to the allowed site, with the methods each path has', async () => {
    for (const path of ['/api/products', '/api/products/pc', '/api/products/pc/versions/1/source']) {
      const r = await fetch(`${server.url}${path}`, { headers: { origin: SHOP } });
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('access-control-allow-origin'), SHOP, path);
    }
    const r = await preflight(server, '/api/configurations/0b0e8f0e-7d43-4bde-9d43-5b3f7a0e2d11/choices/cpu', SHOP, 'DELETE');
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-methods'), 'DELETE');
    const texts = await preflight(server, '/api/configurations/0b0e8f0e-7d43-4bde-9d43-5b3f7a0e2d11/texts', SHOP, 'PUT');
    assert.equal(texts.status, 204);
  });

  test('another site is refused: no preflight, and no CORS header on what it reads', async () => {
    const r = await preflight(server, '/api/quotes', STRANGER, 'POST');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    const read = await fetch(`${server.url}/api/products/pc`, { headers: { origin: STRANGER } });
    assert.equal(read.status, 200, 'the server answers; the browser keeps the answer from the page');
    assert.equal(read.headers.get('access-control-allow-origin'), null);
  });

  test('a same-origin request gets no CORS header, but every answer says it varies by Origin', async () => {
    const plain = await fetch(`${server.url}/api/products/pc`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
    assert.equal(plain.headers.get('vary'), 'Origin');
    const allowed = await fetch(`${server.url}/api/products/pc`, { headers: { origin: SHOP } });
    assert.equal(allowed.headers.get('vary'), 'Origin');
    // An OPTIONS request that is no preflight (no origin) is not answered as one.
    const bare = await fetch(`${server.url}/api/quotes`, { method: 'OPTIONS' });
    assert.equal(bare.status, 404);
  });

  test('accounts, designs, orders and staff routes stay same-origin, even for the allowed site', async () => {
    const closed: [string, string][] = [
      ['POST', '/api/auth/signin'],
      ['POST', '/api/auth/signup'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/designs'],
      ['GET', '/api/designs'],
      ['GET', '/api/quotes'],
      ['POST', '/api/orders'],
      ['POST', '/api/products'],
      ['POST', '/api/products/pc/versions'],
      ['GET', '/api/users'],
    ];
    for (const [method, path] of closed) {
      const r = await preflight(server, path, SHOP, method);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.headers.get('access-control-allow-origin'), null, `${method} ${path}`);
    }
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { origin: SHOP } });
    assert.equal(me.headers.get('access-control-allow-origin'), null);
  });

  test('a method the path does not have is refused', async () => {
    const r = await preflight(server, '/api/products/pc', SHOP, 'DELETE');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
  });

  test('the CSRF check is untouched: a write with a session cookie from the allowed site still needs the header', async () => {
    const customer = new Client(server.url);
    await customer.signUp(`cors-${Date.now()}@example.com`);
    const refused = await customer.post('/api/configurations', { productId: 'pc' }, { headers: { origin: SHOP }, csrf: false });
    assert.equal(refused.status, 403);
    assert.equal((refused.body as { error: { code: string } }).error.code, 'csrf');
    // And the header itself may not cross: the preflight does not allow it.
    const r = await preflight(server, '/api/configurations', SHOP, 'POST', 'content-type, x-csrf-token');
    assert.equal(r.headers.get('access-control-allow-headers'), 'content-type, accept');
  });

  test('the embed script is readable from any site, JavaScript, cached briefly and revalidated', async () => {
    const r = await fetch(`${server.url}/embed/atelier-configurator.js`, { headers: { origin: STRANGER } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^(text|application)\/javascript/);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    const etag = r.headers.get('etag');
    assert.ok(etag);
    // As a browser revalidates (fetch itself would add no-cache to a conditional request).
    const again = await fetch(`${server.url}/embed/atelier-configurator.js`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    assert.equal(again.status, 304);
    const page = await fetch(`${server.url}/index.html`);
    assert.equal(page.headers.get('access-control-allow-origin'), null, 'the storefront itself is not opened');
    assert.match(page.headers.get('cache-control') ?? '', /max-age=3600/);
  });
});

describe('ATELIER_EMBED_ORIGINS', () => {
  test('no site by default; a list of origins; * for any', () => {
    assert.deepEqual(readConfig({}).embedOrigins, []);
    assert.deepEqual(readConfig({ ATELIER_EMBED_ORIGINS: 'https://brand-x.example, http://localhost:8080,' }).embedOrigins, ['https://brand-x.example', 'http://localhost:8080']);
    assert.deepEqual(readConfig({ ATELIER_EMBED_ORIGINS: '*' }).embedOrigins, ['*']);
  });

  test('a path, a trailing slash or a bare host stops the server with the variable named', () => {
    for (const wrong of ['https://brand-x.example/', 'https://brand-x.example/shop', 'brand-x.example']) {
      assert.throws(() => readConfig({ ATELIER_EMBED_ORIGINS: wrong }), /ATELIER_EMBED_ORIGINS: .* is not an origin/);
    }
  });

  test('with no site allowed, nothing is opened; with *, any site, still without credentials', async () => {
    const closed = await startServer(pglite, { web: false });
    const open = await startServer(pglite, { web: false, embedOrigins: ['*'] });
    try {
      const refused = await preflight(closed, '/api/quotes', SHOP, 'POST');
      assert.equal(refused.status, 404);
      const allowed = await preflight(open, '/api/quotes', STRANGER, 'POST');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), '*');
      assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
      const staff = await preflight(open, '/api/products', STRANGER, 'POST');
      assert.equal(staff.status, 404);
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
