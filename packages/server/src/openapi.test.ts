import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Api } from './http/app-types.ts';
import { backends, Client, startServer, type TestServer } from './testing/harness.ts';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  description?: string;
  security?: Record<string, string[]>[];
}
interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** "METHOD /path" for every route in the router's table (HEAD twins of GET routes left out). */
function routeTable(app: Api): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = m[1].length / 4;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method !== '' && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

/** The documentation's own routes: the document itself and the browsable page with its files. */
const documentation = (path: string): boolean => path === '/api/openapi.json' || path === '/api/docs' || path.startsWith('/api/docs/');

/** Every `$ref` anywhere in a value. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

for (const backend of await backends()) {
  describe(`OpenAPI on ${backend.name}`, () => {
    let server: TestServer;
    let doc: OpenApi;
    const operations = (): [string, string, Operation][] =>
      Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([m, op]): [string, string, Operation] => [m, path, op]));

    before(async () => {
      server = await startServer(backend);
      const r = await new Client(server.url).get<OpenApi>('/api/openapi.json');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      doc = r.body;
    });
    after(() => server.close());

    test('the document is OpenAPI 3.1 and describes the shop', () => {
      assert.match(doc.openapi, /^3\.1\.\d+$/);
      assert.equal(doc.info.title, 'Atelier');
      assert.ok(doc.info.version);
      assert.ok(doc.components?.securitySchemes?.session && doc.components.securitySchemes.bearer, 'both ways of signing in are described');
      assert.ok(doc.components?.schemas?.Error, 'the error body has a schema');
    });

    test('every route the app serves is in the document, and every documented operation is served', () => {
      const served = routeTable(server.app)
        .filter((r) => r.split(' ')[1].startsWith('/api/') && !documentation(r.split(' ')[1]))
        .map((r) => {
          const [method, path] = r.split(' ');
          return `${method} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
        });
      assert.ok(served.length >= 40, `${served.length} API routes`);
      const documented = operations()
        .map(([m, p]) => `${m.toUpperCase()} ${p}`)
        .sort();
      assert.deepEqual(
        served.filter((r) => !documented.includes(r)),
        [],
        'served but not documented',
      );
      assert.deepEqual(
        documented.filter((r) => !served.includes(r)),
        [],
        'documented but not served',
      );
    });

    test('each operation has a summary, a tag, a success response and documented refusals', () => {
      const problems: string[] = [];
      for (const [method, path, op] of operations()) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!op.summary) problems.push(`${where}: no summary`);
        if (!op.tags?.length) problems.push(`${where}: no tag`);
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => /^2\d\d$/.test(c))) problems.push(`${where}: no success response (${codes.join(', ')})`);
        for (const [code, response] of Object.entries(op.responses ?? {})) {
          if (typeof response.description !== 'string') problems.push(`${where} ${code}: no description`);
          if (/^[45]\d\d$/.test(code) && JSON.stringify(response.content?.['application/json']?.schema) !== JSON.stringify({ $ref: '#/components/schemas/Error' })) {
            problems.push(`${where} ${code}: not the Error body`);
          }
        }
        // Whatever takes input can refuse it; whatever names a resource can miss it.
        const input = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
        if (input && !codes.includes('400')) problems.push(`${where}: takes input but documents no 400`);
        if (path.includes('{') && !codes.includes('404')) problems.push(`${where}: names a resource but documents no 404`);
        for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
          if (!op.parameters?.some((p) => p.in === 'path' && p.name === name && p.required === true)) problems.push(`${where}: path parameter ${name} not described`);
        }
        if (['post', 'put'].includes(method) && op.requestBody && !op.requestBody.content?.['application/json']) problems.push(`${where}: body is not JSON`);
      }
      assert.deepEqual(problems, []);
    });

    test('every operation says who may call it, as the access hook enforces it', () => {
      const problems: string[] = [];
      for (const [method, path, op] of operations()) {
        const where = `${method.toUpperCase()} ${path}`;
        const line = /Access: ([^.]+)\./.exec(op.description ?? '')?.[1];
        if (!line) problems.push(`${where}: no access line`);
        const open = line === 'anybody, signed in or not';
        if (!op.security) problems.push(`${where}: no security`);
        else if (open !== (op.security.length === 0)) problems.push(`${where}: security ${JSON.stringify(op.security)} for "${line}"`);
        if (method !== 'get' && !(op.description ?? '').includes('x-csrf-token')) problems.push(`${where}: the CSRF header is not mentioned`);
      }
      assert.deepEqual(problems, []);
      const access = (method: string, path: string) => /Access: ([^.]+)\./.exec(doc.paths[path]?.[method]?.description ?? '')?.[1];
      assert.equal(access('get', '/api/products'), 'anybody, signed in or not');
      assert.equal(access('post', '/api/orders'), 'any signed-in account (a customer sees only their own)');
      assert.equal(access('get', '/api/users'), 'admins only');
      assert.equal(access('post', '/api/catalog/check'), 'staff and admins');
      assert.deepEqual(doc.paths['/api/users']?.get?.security, [{ session: [] }, { bearer: [] }]);
    });

    test('the operations that need a header or a body say so', () => {
      const order = doc.paths['/api/orders']?.post;
      assert.ok(order?.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key' && p.required === true));
      assert.ok(order?.responses?.['201'] && order.responses['200'] && order.responses['410'], 'placed, replayed, expired');
      assert.ok(doc.paths['/api/auth/signin']?.post?.responses?.['429'], 'the rate limit is documented');
      for (const [method, path, op] of operations()) {
        if (['post', 'put'].includes(method) && path !== '/api/auth/signout' && !path.endsWith('/publish') && !path.endsWith('/reset')) {
          assert.ok(op.requestBody, `${method.toUpperCase()} ${path} takes a body`);
        }
      }
    });

    test('every $ref points at a schema the document has', () => {
      const schemas = doc.components?.schemas ?? {};
      const broken = [...new Set(refs(doc))].filter((r) => !(r.startsWith('#/components/schemas/') && r.slice('#/components/schemas/'.length) in schemas));
      assert.deepEqual(broken, []);
      assert.ok(refs(doc.paths).length > 20, 'the shared schemas are referenced, not copied');
    });

    test('GET /api/docs is a browsable page whose scripts and styles load', async () => {
      const c = new Client(server.url);
      const page = await c.get<string>('/api/docs');
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(typeof page.body, 'string');
      assert.match(page.body, /<html/i);
      assert.match(page.body, /swagger-ui/i);
      const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !/^(https?:|data:|#)/.test(u));
      assert.ok(assets.length >= 2, JSON.stringify(assets));
      for (const asset of assets) {
        const url = new URL(asset, `${server.url}/api/docs/`);
        const r = await fetch(url);
        assert.equal(r.status, 200, `${url.pathname}`);
        await r.arrayBuffer();
      }
      const served = await c.get<OpenApi>('/api/docs/json');
      assert.equal(served.status, 200);
      assert.deepEqual(served.body, doc, 'the page shows the same document');
    });
  });
}
