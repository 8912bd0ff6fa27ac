import assert from 'node:assert/strict';
import { Session, compile } from '@atelier/engine';
import { prng } from '@atelier/engine/testing/prng.ts';
import { configurationOf, evaluatePrice, explodeBom } from '../evaluate.ts';
import { checkProduct } from '../check/check-model.ts';
import type { Progress } from '../testing/hang-guard.ts';
import { readAtl } from './index.ts';
import { tokenize } from './lexer.ts';
import { fileReader } from './test-support.ts';

/*
 * Random bytes and mutations of valid models (characters, tokens and lines deleted, duplicated,
 * swapped) with a seeded generator: reading and checking must always end, with diagnostics only.
 * Run by fuzz.test.ts in a worker, so that a hang is caught and named.
 */

export const LIBRARY = {
  'lib/types.atl': 'type Socket { AM5 "AM5" LGA1700 "LGA 1700" }\npart "CASE-ATX" "ATX case"\npart "FOAM" "Foam"\npart "CPU-R5"\npart "CPU-I5"\npart "NET-WIFI"',
  'lib/warranty.atl': 'import "types.atl"\ncomponent Warranty "Warranty" optional {\n  choice years "Years" { value y2 "2" { price 0 } value y5 "5" { price 79 } }\n}',
};

export const SEEDS = [
  `import "lib/types.atl"
import "lib/warranty.atl"
product pc "Build-to-order PC" {
  label pl "Komputer"
  currency EUR
  price 349
  choice cpu "Processor" {
    value r5 "Ryzen 5" { socket AM5 watts 65 price 199 part "CPU-R5" }
    value i5 "Core i5" { socket LGA1700 watts 65 price 189 part "CPU-I5" }
    default r5
  }
  choice board "Board" {
    value b650 "B650" { socket AM5 max_gb 64 slots 2 price 120 }
    value z790 "Z790" { socket LGA1700 max_gb 128 slots 4 price 210 }
  }
  flag wifi "Wi-Fi" { price 25 part "NET-WIFI" }
  component gpu "Graphics" optional {
    choice model "Model" { value a "4060" { watts 115 price 299 } value b "4090" { watts 450 price 1799 } }
  }
  component memory "Memory" 1..4 {
    choice size "Module" { value gb16 "16 GB" { gb 16 price 49 } value gb32 "32 GB" { gb 32 price 89 } }
  }
  use Warranty as warranty
  rule "Sockets match" : cpu.socket = board.socket
  rule : sum(memory.size.gb) <= board.max_gb because "Too much memory for this board."
  rule : count(memory) <= board.slots
  rule : cpu.watts + gpu.model.watts <= 500 and not (wifi xor gpu) or true
  table (cpu, board) allow {
    r5, b650
    i5, (z790, b650)
    *, z790
  }
  bom {
    part "CASE-ATX" qty 1
    operation "Assemble" at "ASM-1" minutes 20 + 5 * count(memory)
  }
}`,
  `product sofa "Sofa" {
  choice fabric "Fabric" { value linen "Linen" { per_metre 12.5 code "FAB-L" preview "<rect/>" } value velvet "Velvet" { per_metre 31 code "FAB-V" } }
  choice legs "Legs" { value chrome "Chrome" value oak "Oak" }
  number metres "Fabric" 2..8 m { default 4 }
  number seats "Seats" 1..3 step 1
  flag chaise "Chaise" { price 300 preview "<path/>" }
  component cushion "Cushions" 0..3 { flag firm "Firm" }
  table (fabric, legs) forbid { velvet, chrome }
  rule : atmost 1 of (chaise, seats = 3, any(cushion.firm))
  rule : if chaise then seats >= 2 else true
  price "Fabric" fabric.per_metre * metres
  price "Express" 49 when chaise and legs = oak
  price "Rounding" ceil(metres / 3) + max(1, min(seats, 2))
  bom {
    part fabric.code qty ceil(metres * 1.1) unit "m"
    assembly "SEAT" qty seats {
      part "FOAM" qty 2
      operation "Upholster" at "UPH" minutes 25
    }
  }
  preview 0 0 400 300 { layer fabric layer chaise }
  text monogram "Monogram" max 3 allowed "A-Z" when chaise { price 9 preview "<text>{value}</text>" }
  group "Look" (fabric, legs, cushion)
}`,
];

const INTERESTING = ['{', '}', '(', ')', '[', ']', '"', ',', ':', '.', '..', '=', '<', '>', '-', '*', '/', '\n', ' ', '0', '9', 'a', '\\', '&', '/*', '//'];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

function randomText(rand: () => number): string {
  const n = Math.floor(rand() * 200);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.5) s += String.fromCharCode(32 + Math.floor(rand() * 95));
    else if (r < 0.8) s += pick(rand, INTERESTING);
    else if (r < 0.9) s += pick(rand, ['product ', 'choice ', 'value ', 'rule : ', 'component ', 'table ', 'bom ', 'import "x" ', 'type ']);
    else s += String.fromCodePoint(Math.floor(rand() * 0x2ffff));
  }
  return s;
}

/** Delete, duplicate or swap items of a list (characters, tokens or lines). */
function mutateList<T>(rand: () => number, xs: T[], extra: () => T): T[] {
  const out = xs.slice();
  const edits = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < edits && out.length > 0; k++) {
    const i = Math.floor(rand() * out.length);
    const j = Math.floor(rand() * out.length);
    switch (Math.floor(rand() * 4)) {
      case 0:
        out.splice(i, 1);
        break;
      case 1:
        out.splice(i, 0, out[i]);
        break;
      case 2:
        [out[i], out[j]] = [out[j], out[i]];
        break;
      default:
        out.splice(i, 0, extra());
    }
  }
  return out;
}

function mutate(rand: () => number, seed: string): string {
  switch (Math.floor(rand() * 3)) {
    case 0:
      return mutateList(rand, [...seed], () => pick(rand, INTERESTING)).join('');
    case 1: {
      const tokens = tokenize(seed, 'seed.atl').tokens.filter((t) => t.kind !== 'eof');
      const mutated = mutateList(rand, tokens, () => pick(rand, tokens));
      return mutated.map((t) => (t.lineStart ? '\n' : ' ') + t.text).join('');
    }
    default:
      return mutateList(rand, seed.split('\n'), () => pick(rand, seed.split('\n'))).join('\n');
  }
}

/** Reads, checks and configures one text; true when it gave a product. */
function survives(text: string, label: string): boolean {
  let result: ReturnType<typeof readAtl>;
  try {
    result = readAtl(text, 'fuzz.atl', { readFile: fileReader(LIBRARY) });
  } catch (e) {
    assert.fail(`${label}: readAtl threw ${String(e)}\n${text}`);
  }
  for (const d of result.diagnostics) {
    assert.notEqual(d.code, 'internal', `${label}: ${d.message}\n${text}`);
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1, `${label}: position`);
  }
  if (!result.product) return false;
  const checked = checkProduct(result.product);
  for (const d of checked) assert.notEqual(d.code, 'internal', `${label}: ${d.message}\n${text}`);
  if (checked.some((d) => d.severity === 'error')) return true;
  // A product that checks clean configures, and prices and explodes whatever configuration it gets.
  const completion = new Session(compile(result.product.model)).complete({ kind: 'defaults' });
  const config = configurationOf(completion.assignments);
  assert.ok(Number.isFinite(evaluatePrice(result.product, config)), `${label}: price`);
  for (const item of explodeBom(result.product, config)) assert.ok(Number.isFinite(item.quantity), `${label}: quantity`);
  return true;
}

/** 600 random texts and 3000 mutations of the seeds; how many of the mutations read into a product. */
export function fuzzLanguage(progress: Progress): { cases: number; withProduct: number } {
  const rand = prng(20240611);
  let cases = 0;
  let withProduct = 0;
  for (let i = 0; i < 600; i++, cases++) {
    const text = randomText(rand);
    progress(`random #${i}`, text);
    survives(text, `random #${i}`);
  }
  for (let i = 0; i < 3000; i++, cases++) {
    const text = mutate(rand, SEEDS[i % SEEDS.length]);
    progress(`mutation #${i}`, text);
    if (survives(text, `mutation #${i}`)) withProduct++;
  }
  return { cases, withProduct };
}

