import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { backends, Client, clientWithRole, startServer, type TestServer } from './testing/harness.ts';

interface Problem {
  error: { code: string; message: string };
}
interface Choice {
  variable: string;
  value: unknown;
  by?: string;
}
interface Design {
  id: string;
  name: string;
  productId: string;
  version: number;
  choices: Choice[];
  texts: Record<string, string>;
  shareToken: string;
  createdAt: string;
}
interface State {
  id: string;
  productId: string;
  version: number;
  choices: Choice[];
  texts: Record<string, string>;
  price: { total: number };
}

const TEE = `product tee "T-shirt" {
  currency EUR
  price 20
  choice size "Size" { value s "S" value m "M" value l "L" }
  choice colour "Colour" {
    value white "White"
    value black "Black" { price 2 }
  }
  text initials "Initials" max 3 allowed "A-Z" { price 5 }
}
`;
const source = (text: string): { main: string; files: Record<string, string> } => ({ main: 'tee.atl', files: { 'tee.atl': text } });
const pairs = (choices: Choice[]): [string, unknown][] => choices.map((c) => [c.variable, c.value]);

for (const backend of await backends()) {
  describe(`designs on ${backend.name}`, () => {
    let server: TestServer;
    let owner: Client;
    let stranger: Client;

    /** A configuration of the T-shirt the client owns (if signed in), black, size M, initials. */
    const configure = async (client: Client): Promise<State> => {
      const r = await client.post<State>('/api/configurations', {
        productId: 'tee',
        choices: [
          { variable: 'colour', value: 'black' },
          { variable: 'size', value: 'm' },
        ],
        texts: { initials: 'JMK' },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    const save = async (client: Client, configurationId: string, name = 'My tee'): Promise<Design> => {
      const r = await client.post<Design>('/api/designs', { configurationId, name });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };

    before(async () => {
      server = await startServer(backend);
      await server.services.catalog.create('tee', 'T-shirt', source(TEE), null);
      await server.services.catalog.publish('tee', 1);
      owner = await clientWithRole(server, 'customer');
      stranger = await clientWithRole(server, 'customer');
    });
    after(() => server.close());

    test('a configuration saved as a design keeps its choices, texts and version, as a snapshot', async () => {
      const configuration = await configure(owner);
      assert.equal(configuration.price.total, 27);
      const design = await save(owner, configuration.id, '  Black tee  ');
      assert.equal(design.name, 'Black tee');
      assert.equal(design.productId, 'tee');
      assert.equal(design.version, 1);
      assert.deepEqual(pairs(design.choices), pairs(configuration.choices));
      assert.deepEqual(design.texts, { initials: 'JMK' });
      assert.ok(design.shareToken.length >= 20, 'the share token cannot be guessed');

      // Changing the configuration afterwards leaves the design as it was saved.
      assert.equal((await owner.post(`/api/configurations/${configuration.id}/choices`, { variable: 'colour', value: 'white' })).status, 200);
      const read = await owner.get<Design>(`/api/designs/${design.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, design);
    });

    test('my designs list only mine, newest first', async () => {
      const first = await save(owner, (await configure(owner)).id, 'first');
      const second = await save(owner, (await configure(owner)).id, 'second');
      const theirs = await save(stranger, (await configure(stranger)).id, 'theirs');
      const mine = await owner.get<Design[]>('/api/designs');
      assert.equal(mine.status, 200);
      const ids = mine.body.map((d) => d.id);
      assert.ok(ids.includes(first.id) && ids.includes(second.id));
      assert.ok(!ids.includes(theirs.id));
      assert.ok(ids.indexOf(second.id) < ids.indexOf(first.id), 'newest first');
      assert.deepEqual((await stranger.get<Design[]>('/api/designs')).body.map((d) => d.id), [theirs.id]);
      assert.equal((await new Client(server.url).get<Problem>('/api/designs')).status, 401);
    });

    test('another customer cannot read, save or delete someone’s design: 404, as if it did not exist', async () => {
      const configuration = await configure(owner);
      const design = await save(owner, configuration.id);
      const missing = await stranger.get<Problem>(`/api/designs/${randomUUID()}`);
      const read = await stranger.get<Problem>(`/api/designs/${design.id}`);
      assert.equal(read.status, 404);
      assert.deepEqual(read.body, missing.body);
      const copy = await stranger.post<Problem>('/api/designs', { configurationId: configuration.id, name: 'mine now' });
      assert.equal(copy.status, 404, 'a signed-in customer’s configuration is theirs alone');
      const removed = await stranger.request<Problem>('DELETE', `/api/designs/${design.id}`);
      assert.equal(removed.status, 404);
      assert.equal(removed.body.error.code, 'not-found');
      assert.equal((await owner.get(`/api/designs/${design.id}`)).status, 200, 'still there');
      const anonymous = await new Client(server.url).get<Problem>(`/api/designs/${design.id}`);
      assert.equal(anonymous.status, 401);
    });

    test('the share token opens a copy for anybody; the copy is theirs to change', async () => {
      const configuration = await configure(owner);
      const design = await save(owner, configuration.id, 'share me');
      const visitor = new Client(server.url);

      const shared = await visitor.get<Design & { ownerId?: unknown; owner_id?: unknown }>(`/api/shared/${design.shareToken}`);
      assert.equal(shared.status, 200);
      assert.equal(shared.body.id, design.id);
      assert.deepEqual(pairs(shared.body.choices), pairs(design.choices));
      assert.ok(!JSON.stringify(shared.body).includes((await owner.get<{ user: { id: string; email: string } }>('/api/auth/me')).body.user.email), 'the owner stays anonymous');

      const opened = await visitor.post<State>('/api/configurations', { sharedDesign: design.shareToken });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      assert.notEqual(opened.body.id, configuration.id, 'a copy, not the original');
      assert.equal(opened.body.productId, 'tee');
      assert.equal(opened.body.version, design.version);
      assert.deepEqual(pairs(opened.body.choices), pairs(design.choices));
      assert.deepEqual(opened.body.texts, design.texts);
      assert.equal(opened.body.price.total, 27);

      const changed = await visitor.post<State>(`/api/configurations/${opened.body.id}/choices`, { variable: 'size', value: 'l' });
      assert.equal(changed.status, 200);
      assert.deepEqual((await owner.get<Design>(`/api/designs/${design.id}`)).body.choices, design.choices, 'the design is untouched');
      const original = await owner.get<State>(`/api/configurations/${configuration.id}`);
      assert.deepEqual(pairs(original.body.choices), pairs(configuration.choices), 'so is the owner’s configuration');

      // A signed-in visitor's copy is their own: the design's owner cannot open it.
      const mine = await stranger.post<State>('/api/configurations', { sharedDesign: design.shareToken });
      assert.equal(mine.status, 201);
      assert.equal((await owner.get<Problem>(`/api/configurations/${mine.body.id}`)).status, 404);

      for (const token of ['nope', randomUUID()]) {
        const unknown = await visitor.post<Problem>('/api/configurations', { sharedDesign: token });
        assert.equal(unknown.status, 404);
        assert.equal(unknown.body.error.code, 'not-found');
        assert.equal((await visitor.get<Problem>(`/api/shared/${token}`)).status, 404);
      }
    });

    test('a shared design opens on the version it was saved with after a newer one is published', async () => {
      const design = await save(owner, (await configure(owner)).id, 'old style');
      const newer = await server.services.catalog.addVersion('tee', source(TEE.replace('value black "Black" { price 2 }', 'value black "Black" { price 4 }')), null);
      await server.services.catalog.publish('tee', newer.version);
      const opened = await new Client(server.url).post<State>('/api/configurations', { sharedDesign: design.shareToken });
      assert.equal(opened.status, 201);
      assert.equal(opened.body.version, design.version);
      assert.notEqual(opened.body.version, newer.version);
      assert.equal(opened.body.price.total, 27, 'at its version’s prices');
      const fresh = await configure(new Client(server.url));
      assert.equal(fresh.version, newer.version);
      assert.equal(fresh.price.total, 29);
    });

    test('an anonymous configuration can be saved by whoever holds it; bad names are refused', async () => {
      const anonymous = new Client(server.url);
      const configuration = await configure(anonymous);
      assert.equal((await anonymous.post<Problem>('/api/designs', { configurationId: configuration.id, name: 'x' })).status, 401);
      const design = await save(stranger, configuration.id, 'picked up');
      assert.deepEqual(pairs(design.choices), pairs(configuration.choices));
      for (const name of ['', '   ', 'x'.repeat(201)]) {
        const r = await owner.post<Problem>('/api/designs', { configurationId: configuration.id, name });
        assert.equal(r.status, 400, JSON.stringify(name));
        assert.equal(r.body.error.code, 'invalid-request');
      }
      const ghost = await owner.post<Problem>('/api/designs', { configurationId: randomUUID(), name: 'ghost' });
      assert.equal(ghost.status, 404);
    });

    test('deleting a design removes it, from the list and from its share link', async () => {
      const design = await save(owner, (await configure(owner)).id, 'doomed');
      const removed = await owner.request('DELETE', `/api/designs/${design.id}`);
      assert.equal(removed.status, 204);
      assert.equal((await owner.get<Problem>(`/api/designs/${design.id}`)).status, 404);
      assert.ok(!(await owner.get<Design[]>('/api/designs')).body.some((d) => d.id === design.id));
      assert.equal((await new Client(server.url).get(`/api/shared/${design.shareToken}`)).status, 404);
      assert.equal((await new Client(server.url).post('/api/configurations', { sharedDesign: design.shareToken })).status, 404);
      assert.equal((await owner.request<Problem>('DELETE', `/api/designs/${design.id}`)).status, 404, 'deleting twice');
      const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM designs WHERE id = $1', [design.id]);
      assert.equal(n, 0);
    });
  });
}
