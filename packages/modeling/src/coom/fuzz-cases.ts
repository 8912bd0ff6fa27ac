import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compile } from '@atelier/engine';
import type { ProductModel } from '../product.ts';
import { readCoom, readCoomUserInput } from './index.ts';
import { prng } from '@atelier/engine/testing/prng.ts';
import type { Progress } from '../testing/hang-guard.ts';

/*
 * Random and mutated inputs: the readers never throw and never hang, whatever they are given.
 * A seeded generator keeps every failure reproducible. Run by fuzz.test.ts in a worker, so that a
 * hang is caught and named.
 */

const ROOT = fileURLToPath(new URL('../../../../../shared/benchmarks/coom/', import.meta.url));
const DIR = existsSync(ROOT) ? ROOT : '/work/shared/benchmarks/coom/';

const SMALL = `product { 0..2 Bag bags  num 0-50 total  Bool b }
structure Bag { Size size  num 1-5 n }
enumeration Size { attribute num volume  attribute kind  S = ( 10 a )  M = ( 20 b ) }
behavior { require total = sum(bags.size.volume)  condition b = True require count(bags) > 1 }
behavior Bag { combinations (size n) allow (S (1,2)) allow (M -*-) }`;

const CORPUS: string[] = [SMALL];
if (existsSync(DIR)) {
  // Box is left out: its product of three features is slow to build on every mutation.
  for (const f of ['simple.coom', 'tiny-pc.coom', 'tshirt.coom', 'pc.coom', 'bike/city-bike.coom', 'bike/travel-bike.coom', 'bike/default-bike.coom', 'coffee/water-tank.coom', 'coffee/sieve-carrier-machine.coom', 'unbounded-cardinalities/racks.coom'])
    CORPUS.push(readFileSync(join(DIR, f), 'utf8'));
}

const PIECES = ['product', 'structure', 'enumeration', 'behavior', 'attribute', 'num', 'Bool', 'require', 'condition', 'combinations', 'allow', 'forbid', 'imply', 'default', 'explanation', 'minimize', 'maximize', 'count(', 'sum(', 'min(', 'max(', '{', '}', '(', ')', '[', ']', '..', '*', '-*-', '.#', '/', '=', '!=', '<=', '>', '&&', '||', '!', '+', '-', ',', '.', '"', '"text"', '0', '1', '7', '99999999999', '2.5', '0..*', 'x', 'bags', 'size', 'True', '\n', ' ', '//', '/*', '§', '\u0000'];

/** Replaces one word or number by another of the same text: mostly still parses, often still imports. */
function swapWord(text: string, rand: () => number): string {
  const words = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*|\d+/g)];
  if (words.length === 0) return text;
  const target = words[Math.floor(rand() * words.length)];
  const other = words[Math.floor(rand() * words.length)][0];
  const at = target.index ?? 0;
  return text.slice(0, at) + other + text.slice(at + target[0].length);
}

function mutate(text: string, rand: () => number): string {
  let out = text;
  const steps = rand() < 0.6 ? 1 : 1 + Math.floor(rand() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(rand() * (out.length + 1));
    const op = rand();
    if (op < 0.35) out = swapWord(out, rand);
    else if (op < 0.5) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 20));
    else if (op < 0.65) out = out.slice(0, at) + ' ' + PIECES[Math.floor(rand() * PIECES.length)] + ' ' + out.slice(at);
    else if (op < 0.75) {
      const from = Math.floor(rand() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(rand() * 60)) + out.slice(at);
    } else if (op < 0.85) out = out.slice(0, at);
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + out.slice(at + 1);
  }
  return out;
}

function randomText(rand: () => number): string {
  const n = Math.floor(rand() * 80);
  let out = '';
  for (let k = 0; k < n; k++) out += PIECES[Math.floor(rand() * PIECES.length)] + (rand() < 0.7 ? ' ' : '');
  return out;
}

/** 4000 mutated and random texts, and mutated user input on what imports; how many imported. */
export function fuzzCoom(progress: Progress): { cases: number; imported: number } {
  const rand = prng(20250401);
  let imported = 0;
  const cases = 4000;
  for (let k = 0; k < cases; k++) {
    const text = rand() < 0.2 ? randomText(rand) : mutate(CORPUS[Math.floor(rand() * CORPUS.length)], rand);
    const options = rand() < 0.5 ? {} : { maxInstances: 1 + Math.floor(rand() * 3) };
    progress(`case ${k}`, text);
    let result: { product: ProductModel | null; diagnostics: unknown[] };
    try {
      result = readCoom(text, 'fuzz.coom', options);
    } catch (e) {
      assert.fail(`case ${k} threw ${(e as Error).stack}\n--- input ---\n${text}`);
    }
    if (result.product) {
      imported++;
      // What imports is a well-formed engine model: the compiler must accept it.
      try {
        compile(result.product.model);
      } catch (e) {
        assert.fail(`case ${k}: the imported model does not compile: ${(e as Error).message}\n--- input ---\n${text}`);
      }
      const input = mutate('set total[0] = 20\nadd bags[1]\nset color[0] = Red\nset frontWheel[0] = W16', rand);
      readCoomUserInput(input, 'u.coom', result.product);
    } else assert.ok(result.diagnostics.length > 0, `case ${k}: no product and no diagnostic\n${text}`);
  }
  return { cases, imported };
}
