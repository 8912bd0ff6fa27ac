import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testPostgresUrl } from '../testing/harness.ts';
import { openPostgres, withoutOptions } from './postgres.ts';

describe('PostgreSQL connection settings', () => {
  test('a URL\'s own options are kept, and the configurator\'s pool still commits asynchronously', async () => {
    const sep = testPostgresUrl.includes('?') ? '&' : '?';
    const url = `${testPostgresUrl}${sep}options=${encodeURIComponent('-c search_path=atelier_options_check -c application_name=atelier-options-check')}`;
    const db = await openPostgres(url);
    try {
      const setting = async (pool: 'main' | 'async', name: string): Promise<string> => {
        const q = pool === 'main' ? db : db.asyncCommit;
        const [row] = await q.query<Record<string, string>>(`SELECT current_setting('${name}') AS value`);
        return row.value;
      };
      for (const pool of ['main', 'async'] as const) {
        assert.equal(await setting(pool, 'search_path'), 'atelier_options_check', `${pool}: the URL's search_path`);
        assert.equal(await setting(pool, 'application_name'), 'atelier-options-check', `${pool}: the URL's application_name`);
      }
      assert.equal(await setting('async', 'synchronous_commit'), 'off', 'configurator writes commit asynchronously');
      assert.equal(await setting('main', 'synchronous_commit'), 'on', 'orders, quotes and accounts commit synchronously');
    } finally {
      await db.close();
    }
  });

  test('the options parameter is taken out of the URL, the rest of it left as it was', () => {
    assert.deepEqual(withoutOptions('postgres://shop:p%40ss@db.example:5433/atelier?sslmode=require&options=-c%20search_path%3Dshop'), {
      url: 'postgres://shop:p%40ss@db.example:5433/atelier?sslmode=require',
      options: ['-c search_path=shop'],
    });
    assert.deepEqual(withoutOptions('postgres://postgres@127.0.0.1:5432/test'), { url: 'postgres://postgres@127.0.0.1:5432/test', options: [] });
    assert.deepEqual(withoutOptions('not a url'), { url: 'not a url', options: [] });
  });
});
