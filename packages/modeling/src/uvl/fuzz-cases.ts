import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ModelError, compile } from '@atelier/engine';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';
import { prng } from '@atelier/engine/testing/prng.ts';
import type { Progress } from '../testing/hang-guard.ts';
import { readUvl } from './index.ts';

/*
 * Mutations of the shared UVL models and random texts: the reader never throws, explains every
 * refusal, and what it accepts compiles. Run by fuzz.test.ts in a worker, so that a hang is named.
 */

const ALPHABET = ' \t\t\n\n"\'(){}[]<>=!&|.,*+-/0123456789abcxyzABC_';
const WORDS = [
  'features', 'constraints', 'namespace', 'imports', 'include', 'as', 'mandatory', 'optional', 'alternative', 'or',
  'cardinality', 'Integer', 'String', 'Real', 'Boolean', 'sum', 'avg', 'len', 'abstract', 'constraint', 'true',
  'Car', 'Engine', '"Training Wheels"', "'Acme'", '[1..3]', '[2..*]', '{Weight 3}', '=>', '<=>', '==', '&', '|', '!',
  '(', ')', '1.5', '42', '\n', '\n\t', '\n\t\t', '\n\t\t\t', ' ',
];

/** Seed texts: the small shared models whole, the larger ones cut to their first lines. */
function seeds(): string[] {
  const whole = ['uvl-models/bike.uvl', 'uvl-models/berkeleydb.uvl', 'uvl-models/dm_mobile_phone.uvl', 'uvl-models/kconfig-axTLS.uvl', 'fmb-uvl-products/bank.uvl', 'fmb-uvl-products/pc-richmond.uvl'];
  const cut = ['uvl-models/kconfig-uClibc.uvl', 'uvl-models/financialservices01.uvl', 'uvl-models/linux-2.6.33.3.uvl'];
  const read = (f: string): string => readFileSync(benchmarkPath(f), 'utf8');
  return [...whole.map(read), ...cut.map((f) => read(f).split('\n').slice(0, 150).join('\n'))];
}

function mutate(text: string, random: () => number): string {
  const pick = (n: number): number => Math.floor(random() * n);
  let s = text;
  const rounds = 1 + pick(5);
  for (let r = 0; r < rounds; r++) {
    const lines = s.split('\n');
    const i = pick(Math.max(1, s.length));
    const l = pick(lines.length);
    switch (pick(9)) {
      case 0:
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1:
        s = s.slice(0, i) + s[i] + s.slice(i);
        break;
      case 2:
        s = s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
        break;
      case 3:
        s = s.slice(0, i) + ALPHABET[pick(ALPHABET.length)] + s.slice(i);
        break;
      case 4:
        lines.splice(l, 1);
        s = lines.join('\n');
        break;
      case 5:
        lines.splice(l, 0, lines[l]);
        s = lines.join('\n');
        break;
      case 6: {
        const m = pick(lines.length);
        [lines[l], lines[m]] = [lines[m], lines[l]];
        s = lines.join('\n');
        break;
      }
      case 7:
        lines[l] = random() < 0.5 ? `\t${lines[l]}` : lines[l].replace(/^[\t ]/, '');
        s = lines.join('\n');
        break;
      default:
        s = s.slice(0, i) + WORDS[pick(WORDS.length)] + s.slice(i);
    }
  }
  return s;
}

function randomText(random: () => number): string {
  const n = Math.floor(random() * 300);
  let s = '';
  for (let k = 0; k < n; k++) s += random() < 0.5 ? ALPHABET[Math.floor(random() * ALPHABET.length)] : WORDS[Math.floor(random() * WORDS.length)];
  return s;
}

/** 3000 mutated and random texts, imports resolved to other mutants; how many read into a model. */
export function fuzzUvl(progress: Progress): { cases: number; accepted: number } {
  const random = prng(20_260_101);
  const base = seeds();
  let accepted = 0;
  const cases = 3000;
  for (let k = 0; k < cases; k++) {
    const text = k % 5 === 4 ? randomText(random) : mutate(base[k % base.length], random);
    // Imports resolve to other fuzzed texts, or to nothing.
    const resolve = (path: string): string | undefined => (path.length % 3 === 0 ? undefined : mutate(base[path.length % base.length], random));
    progress(`case ${k}`, text);
    let result: ReturnType<typeof readUvl>;
    try {
      result = readUvl(text, 'fuzz.uvl', { resolve });
    } catch (e) {
      assert.fail(`readUvl threw on case ${k}: ${String(e)}\n${JSON.stringify(text)}`);
    }
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(result.product === null, errors.length > 0, `case ${k}: a product exactly when there is no error`);
    assert.ok(!result.diagnostics.some((d) => d.code === 'internal'), `case ${k}: ${JSON.stringify(result.diagnostics.find((d) => d.code === 'internal'))}\n${JSON.stringify(text)}`);
    for (const d of result.diagnostics) {
      assert.ok(d.line >= 1 && d.column >= 1 && d.message.length > 0 && typeof d.file === 'string', `case ${k}: ${JSON.stringify(d)}`);
    }
    if (result.product) {
      accepted++;
      try {
        compile(result.product.model);
      } catch (e) {
        assert.ok(!(e instanceof ModelError), `case ${k}: an accepted model does not compile: ${String(e)}\n${JSON.stringify(text)}`);
        throw e;
      }
    }
  }
  return { cases, accepted };
}
