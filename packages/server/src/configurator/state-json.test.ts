import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Session } from '@atelier/engine';
import { prng } from '@atelier/engine/testing/prng.ts';
import { sampleCatalogueDir, sourceOf } from '../catalog/seed.ts';
import { checkSource, compileProduct, type ProductRuntime } from '../catalog/runtime.ts';
import { responseSerializerCompiler } from '../http/response-serializer.ts';
import { describeState, type Choice, ConfigurationState } from './state.ts';
import { configurationStateWriter as bytesWriter } from './state-json.ts';

/** The writer's answers as text, to compare with the compiled serializer's. */
const configurationStateWriter = (): ((state: ConfigurationState) => string) => {
  const write = bytesWriter();
  return (state) => write(state).toString('utf8');
};

/** What every other answer goes through: the serializer compiled from the whole schema. */
const compiled = responseSerializerCompiler({ schema: ConfigurationState, method: 'POST', url: '/api/configurations/:id/choices', httpStatus: '200' });

function runtimeOf(file: string): ProductRuntime {
  const found = sourceOf(sampleCatalogueDir, file);
  if (!found) throw new Error(`${file} does not read`);
  const { product } = checkSource(found.source, false);
  if (!product) throw new Error(`${file} does not check`);
  const { model } = compileProduct(product, found.source.main);
  if (!model) throw new Error(`${file} does not compile`);
  return { productId: found.id, version: 1, product, model };
}

const products = readdirSync(sampleCatalogueDir).filter((f) => f.endsWith('.atl'));

describe('the configurator answer writer', () => {
  test('writes exactly what the schema\'s serializer writes, along random walks on every sample product', () => {
    assert.ok(products.length >= 5, `sample products: ${products.join(', ')}`);
    // One writer for every product and walk, as in the server: its cache sees every variable's domains come and go.
    const write = configurationStateWriter();
    let answers = 0;
    for (const file of products) {
      const runtime = runtimeOf(file);
      const random = prng(20261125 + answers);
      for (let walk = 0; walk < 4; walk++) {
        const session = new Session(runtime.model);
        let choices: Choice[] = [];
        for (let step = 0; step < 25; step++) {
          const domains = session.validDomains();
          const domain = domains[Math.floor(random() * domains.length)];
          const values = [...domain.possible, ...domain.impossible];
          const value = values[Math.floor(random() * values.length)];
          if (random() < 0.2 && choices.length > 0) {
            const dropped = choices[Math.floor(random() * choices.length)];
            session.retract(dropped.variable);
            choices = choices.filter((c) => c.variable !== dropped.variable);
          } else if (session.assign(domain.variable, value).ok) {
            choices = [...choices.filter((c) => c.variable !== domain.variable), { variable: domain.variable, value, by: random() < 0.3 ? 'default' : 'user' }];
          }
          const state = describeState({ id: '3d0c8f52-5a8e-4c55-9a51-0f6f1f0e7c11', productId: runtime.productId, version: 1, revision: step, choices, texts: {} }, runtime, session);
          assert.equal(write(state), compiled(state), `${file}, walk ${walk}, step ${step}`);
          answers++;
        }
      }
    }
    assert.ok(answers >= 500);
  });

  test('every kind of value, escaped texts, and an absent forced value left out', () => {
    const state: ConfigurationState = {
      id: '7c74dfc0-45e1-4b4e-8f55-a8c425bdba78',
      productId: 'pc',
      version: 3,
      revision: 2,
      choices: [{ variable: 'wifi', value: true, by: 'user' }],
      texts: { engraving: 'Ada "the first" <3 \\ \u2028' },
      assignments: [{ variable: 'gpu.model', value: null, by: 'engine' }],
      domains: [
        { variable: 'wifi', possible: [true], impossible: [false], forced: true, chosen: true },
        { variable: 'memory.count', possible: [1, 2, 4.5, -3], impossible: [0] },
        { variable: 'gpu.model', possible: [null], impossible: ['rtx "4060"', 'é ✓ \ud800', 'a\nb'], forced: null },
      ],
      complete: false,
      price: { currency: 'EUR', total: 1234.5, lines: [{ amount: 99 }, { label: 'Wi-Fi 6E card', amount: 29.99 }] },
      preview: '<svg xmlns="http://www.w3.org/2000/svg"><text>é ✓</text></svg>',
    };
    const write = configurationStateWriter();
    const first = write(state);
    assert.equal(first, compiled(state));
    assert.deepEqual(JSON.parse(first), state);
    // Written again from the cache, the same text; a later change to the answer's arrays does not reach it.
    assert.equal(write(state), first);
    state.domains[1].possible.push(8);
    assert.equal(write(state), compiled(state));
    assert.deepEqual((JSON.parse(write(state)) as ConfigurationState).domains[1].possible, [1, 2, 4.5, -3, 8]);
  });

  test('a state missing a required part, or with a value no domain can hold, is refused, not half written', () => {
    const write = configurationStateWriter();
    const state = {
      id: '7c74dfc0-45e1-4b4e-8f55-a8c425bdba78',
      productId: 'pc',
      version: 1,
      revision: 0,
      choices: [],
      texts: {},
      assignments: [],
      domains: [{ variable: 'x', possible: [1], impossible: [] }],
      complete: true,
      price: { currency: 'EUR', total: 0, lines: [] },
      preview: '<svg/>',
    } satisfies ConfigurationState;
    assert.equal(write(state), compiled(state));
    const { preview: _preview, ...noPreview } = state;
    assert.throws(() => write(noPreview as unknown as ConfigurationState), /preview/);
    const { price: _price, ...noPrice } = state;
    assert.throws(() => write(noPrice as unknown as ConfigurationState));
    assert.throws(() => write({ ...state, domains: [{ variable: 'x', possible: [1] }] } as unknown as ConfigurationState), /possible and impossible/);
    assert.throws(() => write({ ...state, domains: [{ variable: 'y', possible: [Number.NaN], impossible: [] }] }), /finite number/);
  });
});
