import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { ConfigurationState } from '../configurator/state.ts';
import { ErrorBody } from './errors.ts';
import { responseSerializerCompiler } from './response-serializer.ts';

const serializerFor = (schema: z.ZodType): ((data: unknown) => string) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' });

const answer: z.infer<typeof ConfigurationState> = {
  id: '7c74dfc0-45e1-4b4e-8f55-a8c425bdba78',
  productId: 'pc',
  version: 3,
  revision: 2,
  choices: [
    { variable: 'wifi', value: true, by: 'user' },
    { variable: 'memory.count', value: 2, by: 'default' },
  ],
  texts: { engraving: 'Ada "the first" <3' },
  assignments: [
    { variable: 'wifi', value: true, by: 'user' },
    { variable: 'gpu.model', value: null, by: 'engine' },
  ],
  domains: [
    { variable: 'wifi', possible: [true], impossible: [false], forced: true, chosen: true },
    { variable: 'memory.count', possible: [1, 2, 4], impossible: [3] },
    { variable: 'gpu.model', possible: [null], impossible: ['rtx4060', 'rx7800xt'], forced: null },
  ],
  complete: false,
  price: { currency: 'EUR', total: 1234.5, lines: [{ amount: 99 }, { label: 'Wi-Fi 6E card', amount: 29.99 }] },
  preview: '<svg xmlns="http://www.w3.org/2000/svg"><text>é ✓ \u2028</text></svg>',
};

describe('response serializer', () => {
  test('a configurator answer reads back as the value zod itself would have written', () => {
    const written = serializerFor(ConfigurationState)(answer);
    assert.deepEqual(JSON.parse(written), JSON.parse(JSON.stringify(z.encode(ConfigurationState, answer))));
  });

  test('a null forced value is written, an absent one is left out', () => {
    const domains = (JSON.parse(serializerFor(ConfigurationState)(answer)) as typeof answer).domains;
    assert.equal(domains[2].forced, null);
    assert.equal('forced' in domains[1], false);
  });

  test('only the properties the schema declares leave the server', () => {
    const Account = z.object({ id: z.string(), email: z.string(), profile: z.object({ name: z.string() }) });
    const row = { id: 'u1', email: 'a@example.com', passwordHash: '$argon2id$secret', profile: { name: 'Ada', internalNote: 'vip' } };
    assert.deepEqual(JSON.parse(serializerFor(Account)(row)), { id: 'u1', email: 'a@example.com', profile: { name: 'Ada' } });
  });

  test('a body missing a required property is refused, not half written', () => {
    const { preview: _dropped, ...incomplete } = answer;
    assert.throws(() => serializerFor(ConfigurationState)(incomplete), /preview/);
  });

  test('free-form details, nullable and optional fields keep their values', () => {
    const body = { error: { code: 'conflict', message: 'no', details: { explanation: { choices: [{ variable: 'a', value: null }] }, repair: null } } };
    assert.deepEqual(JSON.parse(serializerFor(ErrorBody)(body)), body);
    const Quote = z.object({ note: z.string().nullable(), expires: z.string().optional(), lines: z.array(z.union([z.object({ part: z.string() }), z.object({ service: z.string() })])) });
    const quote = { note: null, lines: [{ part: 'p1' }, { service: 's1' }] };
    assert.deepEqual(JSON.parse(serializerFor(Quote)(quote)), quote);
  });

  test('a schema JSON Schema cannot express is refused when the route is built, naming the route', () => {
    assert.throws(() => serializerFor(z.object({ at: z.date() })), /GET \/test/);
  });
});
