import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp } from './app.ts';
import { sqlState } from './db/database.ts';
import { backends, Client, clientWithRole, startServer, type TestServer } from './testing/harness.ts';

interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
}
interface Version {
  productId: string;
  version: number;
  status: 'draft' | 'invalid' | 'published';
  main: string;
  diagnostics: Diagnostic[];
  createdBy: { id: string; name: string } | null;
  publishedAt: string | null;
}
interface Source {
  main: string;
  files: Record<string, string>;
}
interface Problem {
  error: { code: string; message: string; details?: { diagnostics?: Diagnostic[] } };
}
interface Definition {
  id: string;
  name: string;
  version: number;
  variables: { name: string; values: { value: unknown; label: string }[] }[];
}
interface State {
  id: string;
  version: number;
  complete: boolean;
  price: { total: number };
}
interface Analysis {
  satisfiable: boolean;
  variables: number;
  core: { variable: string; value: unknown }[];
  dead: { variable: string; value: unknown }[];
  falseOptional: string[];
  configurations: string | null;
}

const LAMP = `product lamp "Desk lamp" {
  currency EUR
  price 40
  choice shade "Shade" {
    value linen "Linen" { price 5 }
    value metal "Metal" { price 12 }
    value glass "Glass" { price 20 }
  }
  choice base "Base" {
    value oak "Oak" { price 15 }
    value steel "Steel" { price 10 }
  }
  flag dimmer "Dimmer" { price 8 }
  rule "Glass needs steel" : shade = glass requires base = steel
}
`;
/** Version 2 of the lamp: a new shade, a dearer oak base. */
const LAMP_2 = LAMP.replace('    value glass "Glass" { price 20 }\n', '    value glass "Glass" { price 20 }\n    value paper "Paper" { price 3 }\n').replace(
  'value oak "Oak" { price 15 }',
  'value oak "Oak" { price 25 }',
);
const lamp = (text = LAMP): Source => ({ main: 'lamp.atl', files: { 'lamp.atl': text } });

/** Where `needle` starts in `text`, 1-based, as diagnostics count. */
function position(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

for (const backend of await backends()) {
  describe(`catalog on ${backend.name}`, () => {
    let server: TestServer;
    let staff: Client;
    const anonymous = (): Client => new Client(server.url);
    const versionCount = async (): Promise<number> => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM product_versions'))[0].n;

    before(async () => {
      server = await startServer(backend);
      staff = await clientWithRole(server, 'staff');
    });
    after(() => server.close());

    test('staff create a product from .atl text: a checked draft, invisible to customers until published', async () => {
      const created = await staff.post<Version>('/api/products', { id: 'lamp', name: 'Lamp (working title)', source: lamp() });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.version, 1);
      assert.equal(created.body.status, 'draft');
      assert.deepEqual(created.body.diagnostics, []);
      assert.equal(created.body.publishedAt, null);

      const listed = await anonymous().get<{ id: string; name: string; version: number | null }[]>('/api/products');
      assert.deepEqual(listed.body.find((p) => p.id === 'lamp'), { id: 'lamp', name: 'Lamp (working title)', version: null });
      const early = await anonymous().get<Problem>('/api/products/lamp');
      assert.equal(early.status, 409);
      assert.equal(early.body.error.code, 'not-published');
      const draftSource = await anonymous().get<Problem>('/api/products/lamp/versions/1/source');
      assert.equal(draftSource.status, 409, 'a draft’s source is not public');
      const draftConfiguration = await anonymous().post<Problem>('/api/configurations', { productId: 'lamp', version: 1 });
      assert.equal(draftConfiguration.status, 409);
      assert.equal(draftConfiguration.body.error.code, 'not-published');

      const full = await staff.get<Version & { source: Source }>('/api/products/lamp/versions/1');
      assert.equal(full.status, 200);
      assert.deepEqual(full.body.source, lamp());

      const published = await staff.post<Version>('/api/products/lamp/versions/1/publish');
      assert.equal(published.status, 200);
      assert.equal(published.body.status, 'published');
      assert.ok(published.body.publishedAt);
      const again = await staff.post<Version>('/api/products/lamp/versions/1/publish');
      assert.equal(again.status, 200, 'publishing twice is harmless');
      assert.equal(again.body.publishedAt, published.body.publishedAt);

      const product = await anonymous().get<Definition>('/api/products/lamp');
      assert.equal(product.status, 200);
      assert.equal(product.body.version, 1);
      assert.equal(product.body.name, 'Desk lamp', 'the published model names the product');
      assert.deepEqual(product.body.variables.map((v) => v.name), ['shade', 'base', 'dimmer']);
      assert.deepEqual(product.body.variables[0].values.map((v) => v.value), ['linen', 'metal', 'glass']);
      const source = await anonymous().get<Source>('/api/products/lamp/versions/1/source');
      assert.equal(source.status, 200);
      assert.deepEqual(source.body, lamp());
    });

    test('a version with an error is stored as invalid with file:line:column and cannot be published (409)', async () => {
      const broken = LAMP.replace('requires base = steel', 'requires base = stel');
      const r = await staff.post<Version>('/api/products/lamp/versions', lamp(broken));
      assert.equal(r.status, 201);
      assert.equal(r.body.status, 'invalid');
      const errors = r.body.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1, JSON.stringify(r.body.diagnostics));
      assert.deepEqual({ file: errors[0].file, line: errors[0].line, column: errors[0].column, code: errors[0].code }, { file: 'lamp.atl', ...position(broken, 'stel\n'), code: 'unknown-value' });
      assert.match(errors[0].message, /stel/);

      const refused = await staff.post<Problem>(`/api/products/lamp/versions/${r.body.version}/publish`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'invalid-version');
      assert.equal(refused.body.error.details?.diagnostics?.[0].line, errors[0].line);
      assert.equal((await staff.get<Version>(`/api/products/lamp/versions/${r.body.version}`)).body.status, 'invalid');
      assert.equal((await anonymous().get<Definition>('/api/products/lamp')).body.version, 1, 'customers still get version 1');

      // A model with no valid configuration at all is an error too, found by the solver.
      const voided = LAMP.replace('  flag dimmer', '  rule : shade = glass\n  rule : base = oak\n  flag dimmer');
      const v = await staff.post<Version>('/api/products/lamp/versions', lamp(voided));
      assert.equal(v.body.status, 'invalid');
      assert.deepEqual(v.body.diagnostics.map((d) => d.code), ['void-model']);
    });

    test('publishing makes a version immutable: the database refuses to change or delete it', async () => {
      const draft = await staff.post<Version>('/api/products/lamp/versions', lamp());
      assert.equal(draft.body.status, 'draft');
      // A draft row may still change (so the trigger is not simply refusing every update)…
      await server.db.query(`UPDATE product_versions SET diagnostics = '[]'::jsonb WHERE product_id = 'lamp' AND version = $1`, [draft.body.version]);

      const refusals: (string | undefined)[] = [];
      for (const sql of [
        `UPDATE product_versions SET files = '{"lamp.atl": "product x {}"}'::jsonb WHERE product_id = 'lamp' AND version = 1`,
        `UPDATE product_versions SET status = 'draft', published_at = NULL WHERE product_id = 'lamp' AND version = 1`,
        `DELETE FROM product_versions WHERE product_id = 'lamp' AND version = 1`,
      ]) {
        await assert.rejects(server.db.query(sql), (error: unknown) => {
          refusals.push(sqlState(error));
          return /published and cannot change/.test(String(error));
        });
      }
      assert.deepEqual(refusals, ['23514', '23514', '23514']);
      const [row] = await server.db.query<{ files: Record<string, string>; status: string }>(`SELECT files, status FROM product_versions WHERE product_id = 'lamp' AND version = 1`);
      assert.deepEqual(row, { files: lamp().files, status: 'published' });
      assert.deepEqual((await anonymous().get<Source>('/api/products/lamp/versions/1/source')).body, lamp());
    });

    test('two staff publishing the same draft at once both see it published', async () => {
      const draft = await staff.post<Version>('/api/products/lamp/versions', lamp());
      const other = await clientWithRole(server, 'staff');
      const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? staff : other).post<Version & Problem>(`/api/products/lamp/versions/${draft.body.version}/publish`)));
      assert.deepEqual(replies.map((r) => [r.status, r.body.status]), Array(10).fill([200, 'published']), JSON.stringify(replies.map((r) => r.body)));
      assert.equal(new Set(replies.map((r) => r.body.publishedAt)).size, 1, 'published once');
      // The same race without HTTP in between, where the requests overlap for sure.
      const next = await staff.post<Version>('/api/products/lamp/versions', lamp());
      const direct = await Promise.allSettled(Array.from({ length: 4 }, () => server.services.catalog.publish('lamp', next.body.version)));
      assert.deepEqual(direct.map((r) => (r.status === 'fulfilled' ? r.value.status : String(r.reason))), Array(4).fill('published'));
    });

    test('versions are numbered in order, also when uploaded at once', async () => {
      const before = (await staff.get<Version[]>('/api/products/lamp/versions')).body.map((v) => v.version);
      assert.deepEqual(before, before.map((_, i) => i + 1));
      const next = await staff.post<Version>('/api/products/lamp/versions', lamp());
      assert.equal(next.body.version, before.length + 1);
      const together = await Promise.all(Array.from({ length: 5 }, () => staff.post<Version>('/api/products/lamp/versions', lamp())));
      assert.deepEqual(together.map((r) => r.status), [201, 201, 201, 201, 201], JSON.stringify(together.map((r) => r.body)));
      assert.deepEqual(
        together.map((r) => r.body.version).sort((a, b) => a - b),
        [2, 3, 4, 5, 6].map((i) => before.length + i),
      );
      const after = (await staff.get<Version[]>('/api/products/lamp/versions')).body.map((v) => v.version);
      assert.deepEqual(after, after.map((_, i) => i + 1));
    });

    test('each version names who uploaded it, in every answer that carries it; the sample catalogue has no author', async () => {
      const author = await clientWithRole(server, 'staff');
      const me = (await author.get<{ user: { id: string; name: string } }>('/api/auth/me')).body.user;
      const uploaded = await author.post<Version>('/api/products/lamp/versions', lamp());
      assert.deepEqual(uploaded.body.createdBy, { id: me.id, name: me.name });
      const published = await staff.post<Version>(`/api/products/lamp/versions/${uploaded.body.version}/publish`);
      assert.deepEqual(published.body.createdBy, { id: me.id, name: me.name }, 'publishing by someone else keeps the author');
      const listed = (await staff.get<Version[]>('/api/products/lamp/versions')).body.find((v) => v.version === uploaded.body.version);
      assert.deepEqual(listed?.createdBy, { id: me.id, name: me.name });
      assert.deepEqual((await staff.get<Version>(`/api/products/lamp/versions/${uploaded.body.version}`)).body.createdBy, { id: me.id, name: me.name });
      assert.equal((await staff.get<Version[]>('/api/products/pc/versions')).body[0].createdBy, null);
    });

    test('a configuration keeps the version it was made with after a newer one is published', async () => {
      const current = (await anonymous().get<Definition>('/api/products/lamp')).body.version;
      const old = await anonymous().post<State>('/api/configurations', { productId: 'lamp', choices: [{ variable: 'base', value: 'oak' }] });
      assert.equal(old.status, 201);
      assert.equal(old.body.version, current);

      const upload = await staff.post<Version>('/api/products/lamp/versions', lamp(LAMP_2));
      assert.equal(upload.body.status, 'draft', JSON.stringify(upload.body.diagnostics));
      assert.equal((await staff.post(`/api/products/lamp/versions/${upload.body.version}/publish`)).status, 200);
      const v = upload.body.version;

      const fresh = await anonymous().post<State>('/api/configurations', { productId: 'lamp', choices: [{ variable: 'base', value: 'oak' }] });
      assert.ok(v > current);
      assert.equal(fresh.body.version, v);
      assert.equal((await anonymous().get<Definition>('/api/products/lamp')).body.version, v);
      assert.equal((await anonymous().get<Definition>('/api/products/lamp?version=1')).body.version, 1, 'older published versions stay readable');

      const c = anonymous();
      const id = old.body.id;
      const state = await c.get<State>(`/api/configurations/${id}`);
      assert.equal(state.status, 200);
      assert.equal(state.body.version, current);
      const paper = await c.post<Problem>(`/api/configurations/${id}/choices`, { variable: 'shade', value: 'paper' });
      assert.equal(paper.status, 422, 'the older version has no paper shade');
      assert.equal(paper.body.error.code, 'unknown-value');
      for (const [variable, value] of [['shade', 'linen'], ['dimmer', false]] as const) {
        assert.equal((await c.post(`/api/configurations/${id}/choices`, { variable, value })).status, 200);
      }
      // The recorded version is what it is quoted at: 40 + linen 5 + oak 15 (the newer version's oak costs 25).
      const quote = await c.post<{ version: number; price: { total: number } }>('/api/quotes', { configurationId: id });
      assert.equal(quote.status, 201, JSON.stringify(quote.body));
      assert.equal(quote.body.version, current);
      assert.equal(quote.body.price.total, 60);
      const newer = await c.post<{ version: number; price: { total: number } }>('/api/quotes', {
        productId: 'lamp',
        choices: [
          { variable: 'shade', value: 'linen' },
          { variable: 'base', value: 'oak' },
          { variable: 'dimmer', value: false },
        ],
      });
      assert.equal(newer.body.version, v);
      assert.equal(newer.body.price.total, 70);
      const [row] = await server.db.query<{ version: number }>('SELECT version FROM configurations WHERE id = $1', [id]);
      assert.equal(row.version, current);
    });

    test('a model of several files: imports are read from the upload, errors point into the right file', async () => {
      const main = `import "parts/bulbs.atl"
product lumen "Floor lamp" {
  currency EUR
  price 120
  use Bulb as bulb
  choice base "Base" { value oak "Oak" { price 30 } value steel "Steel" { price 20 } }
}
`;
      const bulbs = `// Bulbs every lamp can take.
component Bulb "Bulb" {
  choice kind "Kind" {
    value led "LED" { price 6 }
    value halogen "Halogen" { price 4 }
  }
}
`;
      const source = { main: 'lumen.atl', files: { 'lumen.atl': main, 'parts/bulbs.atl': bulbs } };
      const created = await staff.post<Version>('/api/products', { id: 'lumen', name: 'Floor lamp', source });
      assert.equal(created.status, 201);
      assert.equal(created.body.status, 'draft', JSON.stringify(created.body.diagnostics));
      assert.equal((await staff.post('/api/products/lumen/versions/1/publish')).status, 200);
      const definition = await anonymous().get<Definition>('/api/products/lumen');
      assert.deepEqual(definition.body.variables.map((v) => v.name), ['bulb.kind', 'base']);
      assert.deepEqual((await anonymous().get<Source>('/api/products/lumen/versions/1/source')).body, source);
      const configured = await anonymous().post<State>('/api/configurations', {
        productId: 'lumen',
        choices: [
          { variable: 'bulb.kind', value: 'led' },
          { variable: 'base', value: 'steel' },
        ],
      });
      assert.equal(configured.status, 201);
      assert.equal(configured.body.complete, true);
      assert.equal(configured.body.price.total, 146);

      const badPart = bulbs.replace('value halogen "Halogen" { price 4 }', 'value halogen "Halogen" { price }');
      const inPart = await staff.post<Version>('/api/products/lumen/versions', { main: 'lumen.atl', files: { 'lumen.atl': main, 'parts/bulbs.atl': badPart } });
      assert.equal(inPart.body.status, 'invalid');
      const first = inPart.body.diagnostics.find((d) => d.severity === 'error');
      assert.equal(first?.file, 'parts/bulbs.atl', JSON.stringify(inPart.body.diagnostics));
      assert.equal(first?.line, position(badPart, 'value halogen').line);

      const missing = await staff.post<Version>('/api/products/lumen/versions', { main: 'lumen.atl', files: { 'lumen.atl': main } });
      assert.equal(missing.body.status, 'invalid');
      const notFound = missing.body.diagnostics.find((d) => d.code === 'import-not-found');
      assert.deepEqual(notFound && [notFound.file, notFound.line], ['lumen.atl', 1]);

      const noMain = await staff.post<Version>('/api/products/lumen/versions', { main: 'other.atl', files: { 'lumen.atl': main } });
      assert.equal(noMain.body.status, 'invalid');
      assert.equal(noMain.body.diagnostics[0].code, 'file-not-found');
    });

    test('analysis of a version: dead and core values and the number of configurations', async () => {
      const lampAnalysis = await staff.get<Analysis>('/api/products/lamp/versions/1/analysis');
      assert.equal(lampAnalysis.status, 200);
      assert.equal(lampAnalysis.body.satisfiable, true);
      assert.deepEqual(lampAnalysis.body.dead, []);
      assert.deepEqual(lampAnalysis.body.core, []);
      // 3 shades × 2 bases × dimmer or not, less glass on oak (with or without dimmer).
      assert.equal(lampAnalysis.body.configurations, '10');

      const oakOnly = LAMP.replace('  flag dimmer', '  rule "Oak only" : base = oak\n  flag dimmer');
      const created = await staff.post<Version>('/api/products', { id: 'oak-lamp', name: 'Oak lamp', source: lamp(oakOnly) });
      assert.equal(created.body.status, 'draft', 'dead values are warnings, not errors');
      assert.deepEqual(created.body.diagnostics.map((d) => [d.severity, d.code]), [
        ['warning', 'dead-value'],
        ['warning', 'dead-value'],
      ]);
      const analysis = await staff.get<Analysis>('/api/products/oak-lamp/versions/1/analysis');
      assert.equal(analysis.status, 200, 'drafts can be analysed before publishing');
      const refs = (list: { variable: string; value: unknown }[]): string[] => list.map((r) => `${r.variable}=${String(r.value)}`).sort();
      assert.deepEqual(refs(analysis.body.dead), ['base=steel', 'shade=glass']);
      assert.deepEqual(refs(analysis.body.core), ['base=oak']);
      assert.equal(analysis.body.configurations, '4');
      assert.equal((await staff.get<Problem>('/api/products/oak-lamp/versions/9/analysis')).status, 404);
    });

    test('POST /api/catalog/check answers diagnostics and stores nothing', async () => {
      const products = (await staff.get<unknown[]>('/api/products')).body.length;
      const versions = await versionCount();
      const good = await staff.post<{ diagnostics: Diagnostic[] }>('/api/catalog/check', lamp());
      assert.equal(good.status, 200);
      assert.deepEqual(good.body.diagnostics, []);
      const text = LAMP.replace('flag dimmer "Dimmer" { price 8 }', 'flag dimmer "Dimmer" { price 8 }\n  rule : dimer');
      const bad = await staff.post<{ diagnostics: Diagnostic[] }>('/api/catalog/check', lamp(text));
      assert.equal(bad.status, 200);
      const error = bad.body.diagnostics.find((d) => d.severity === 'error');
      assert.ok(error, JSON.stringify(bad.body));
      assert.deepEqual([error.file, error.line, error.column], ['lamp.atl', position(text, 'dimer\n').line, position(text, 'dimer\n').column]);
      assert.equal((await staff.get<unknown[]>('/api/products')).body.length, products);
      assert.equal(await versionCount(), versions);
    });

    test('refusals: a taken id (409), a malformed id (400), an unknown product or version (404)', async () => {
      const taken = await staff.post<Problem>('/api/products', { id: 'lamp', name: 'Again', source: lamp() });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error.code, 'product-exists');
      const versions = await versionCount();
      assert.equal((await staff.post<Problem>('/api/products', { id: 'Bad Id', name: 'X', source: lamp() })).status, 400);
      assert.equal((await staff.post<Problem>('/api/products', { id: 'x', name: 'X', source: { main: 'x.atl' } })).status, 400);
      assert.equal(await versionCount(), versions);
      const ghost = await staff.post<Problem>(`/api/products/ghost-${randomUUID().slice(0, 8)}/versions`, lamp());
      assert.equal(ghost.status, 404);
      assert.equal(ghost.body.error.code, 'not-found');
      assert.equal((await staff.post<Problem>('/api/products/lamp/versions/999/publish')).status, 404);
      assert.equal((await staff.get<Problem>('/api/products/lamp/versions/999')).status, 404);
      assert.equal((await anonymous().get<Problem>('/api/products/lamp/versions/999/source')).status, 404);
      assert.equal((await staff.get<Problem>('/api/products/lamp/versions/0')).status, 400);
    });

    test('the expensive routes are rate limited too: 429 rate-limited past the limit', async () => {
      const { app } = await buildApp({ db: server.db, limits: { expensivePerMinute: 2 }, web: false });
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const c = new Client(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
        const email = `limited-${randomUUID()}@example.com`;
        const user = await c.signUp(email);
        await server.services.accounts.setRole(user.id, 'staff');
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await c.post<Problem>('/api/catalog/check', lamp())).status);
        assert.deepEqual(statuses, [200, 200, 429]);
        const refused = await c.post<Problem>('/api/catalog/check', lamp());
        assert.equal(refused.body.error.code, 'rate-limited');
        assert.equal(typeof refused.body.error.message, 'string');
      } finally {
        await app.close();
      }
    });
  });
}
