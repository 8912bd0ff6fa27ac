import { test } from 'node:test';
import { compile } from './compile.ts';
import { assertExact } from '../testing/brute-force.ts';
import { randomModel } from '../testing/random-declared-models.ts';

/* Random small models, each compared with brute force: catches what hand-written cases miss. */

test('random models compile exactly (400 seeds)', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const model = randomModel(seed).build();
    try {
      assertExact(model, compile(model), 30);
      assertExact(model, compile(model, { pairwiseMax: 1 }), 10);
    } catch (e) {
      throw new Error(`seed ${seed}: ${(e as Error).message}\n${JSON.stringify(model)}`);
    }
  }
});
