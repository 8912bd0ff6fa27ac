import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '@atelier/engine';
import { configurationOf, evaluatePrice, explodeBom, bomTotals, priceBreakdown, routeOperations } from '../evaluate.ts';
import { countOf, domains, readClean, sessionOf } from './test-support.ts';

test('choice: values, labels in several languages, default, value labels', () => {
  const p = readClean(`
    product shirt "Shirt" {
      choice color "Colour" {
        label pl "Kolor"
        description "The fabric's colour."
        value red "Red" { label pl "Czerwony" }
        value blue "Blue"
        default blue
      }
    }`);
  const v = p.model.variables[0];
  assert.equal(v.name, 'color');
  assert.deepEqual(v.values, ['red', 'blue']);
  assert.equal(v.default, 'blue');
  assert.equal(v.label, 'Colour');
  assert.deepEqual(v.source, { file: 'main.atl', line: 3, column: 14 });
  assert.deepEqual(p.presentation.variables.color, {
    labels: { en: 'Colour', pl: 'Kolor' },
    descriptions: { en: "The fabric's colour." },
    valueLabels: { red: { en: 'Red', pl: 'Czerwony' }, blue: { en: 'Blue' } },
  });
  const completion = sessionOf(p).complete({ kind: 'defaults' });
  assert.deepEqual(configurationOf(completion.assignments), { color: 'blue' });
});

test('flag: price as cost and surcharge, part as a bill-of-materials line, default', () => {
  const p = readClean(`
    product pc {
      flag wifi "Wi-Fi" { price 25 part "NET-WIFI" default true }
    }`);
  const v = p.model.variables[0];
  assert.equal(v.kind, 'bool');
  assert.equal(v.default, true);
  assert.deepEqual(v.costs, [0, 25]);
  assert.equal(evaluatePrice(p, { wifi: true }), 25);
  assert.equal(evaluatePrice(p, { wifi: false }), 0);
  assert.deepEqual(explodeBom(p, { wifi: true }).map((i) => [i.partNumber, i.quantity]), [['NET-WIFI', 1]]);
  assert.deepEqual(explodeBom(p, { wifi: false }), []);
  assert.deepEqual(configurationOf(sessionOf(p).complete({ kind: 'cheapest' }).assignments), { wifi: false });
});

test('number: range, unit, step, default and a price per unit', () => {
  const p = readClean(`
    product trousers {
      number waist "Waist" 26..44 in { default 32 label pl "Talia" }
      number panels "Panels" 2..10 step 2 { price 7.5 }
      number offset "Offset" -3..3 "mm"
    }`);
  const [waist, panels, offset] = p.model.variables;
  assert.equal(waist.values.length, 19);
  assert.equal(waist.default, 32);
  assert.deepEqual(panels.values, [2, 4, 6, 8, 10]);
  assert.deepEqual(panels.costs, [15, 30, 45, 60, 75]);
  assert.deepEqual(offset.values, [-3, -2, -1, 0, 1, 2, 3]);
  assert.equal(p.presentation.variables.waist.unit, 'in');
  assert.deepEqual(p.presentation.variables.waist.labels, { en: 'Waist', pl: 'Talia' });
  assert.equal(p.presentation.variables.offset.unit, 'mm');
  assert.equal(evaluatePrice(p, { waist: 30, panels: 6, offset: 0 }), 45);
});

test('optional component: a presence flag; its features are absent exactly when it is not chosen', () => {
  const p = readClean(`
    product pc {
      component gpu "Graphics card" optional {
        choice model "Model" { value small "Small" { watts 100 } value big "Big" { watts 300 } }
        flag oc "Overclocked"
      }
    }`);
  assert.deepEqual(p.model.variables.map((v) => v.name), ['gpu', 'gpu.model', 'gpu.oc']);
  assert.equal(countOf(p), 1 + 2 * 2);
  const s = sessionOf(p);
  s.assign('gpu', false);
  assert.deepEqual(domains(s)['gpu.model'], [null]);
  assert.deepEqual(domains(s)['gpu.oc'], [null]);
  s.assign('gpu', true);
  assert.deepEqual(domains(s)['gpu.model'], ['small', 'big']);
});

test('plain component: a namespace; names inside are local, outside they are qualified', () => {
  const p = readClean(`
    product chair {
      component frame "Frame" {
        choice material "Material" { value oak "Oak" value steel "Steel" }
        flag armrests "Armrests"
        rule : armrests requires material = oak
      }
      flag cushion "Cushion"
      rule : cushion requires frame.material = steel
    }`);
  assert.deepEqual(p.model.variables.map((v) => v.name), ['frame.material', 'frame.armrests', 'cushion']);
  // (oak, armrests?, no cushion) + (steel, no armrests, cushion?)
  assert.equal(countOf(p), 2 + 2);
});

test('repeated component: count, instances used in order, aggregates sum/count/min/max/all/any', () => {
  const src = (rule: string): string => `
    product pc {
      component memory "Memory" 1..3 {
        choice size "Size" { value gb8 "8 GB" { gb 8 } value gb16 "16 GB" { gb 16 } value gb32 "32 GB" { gb 32 } }
        flag ecc "ECC"
      }
      ${rule}
    }`;
  const p = readClean(src(''));
  assert.deepEqual(p.model.variables.map((v) => v.name), [
    'memory.count', 'memory[1].size', 'memory[1].ecc', 'memory[2].size', 'memory[2].ecc', 'memory[3].size', 'memory[3].ecc',
  ]);
  // Instances up to the minimum always exist; the others only when the count reaches them.
  assert.equal(p.model.variables[1].optional, undefined);
  assert.deepEqual(p.model.variables[3].optional, { when: { op: 'in', var: 'memory.count', values: [2, 3] } });
  const per = 3 * 2;
  assert.equal(countOf(p), per + per ** 2 + per ** 3);

  // Brute force over instance choices: configurations whose existing instances satisfy `keep`.
  const brute = (keep: (sizes: number[], ecc: boolean[]) => boolean): number => {
    let n = 0;
    for (let count = 1; count <= 3; count++) {
      const total = per ** count;
      for (let code = 0; code < total; code++) {
        const sizes: number[] = [];
        const ecc: boolean[] = [];
        let c = code;
        for (let i = 0; i < count; i++) {
          sizes.push([8, 16, 32][c % 3]);
          c = Math.floor(c / 3);
          ecc.push(c % 2 === 1);
          c = Math.floor(c / 2);
        }
        if (keep(sizes, ecc)) n++;
      }
    }
    return n;
  };
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const cases: [string, (s: number[], e: boolean[]) => boolean][] = [
    ['rule : sum(memory.size.gb) <= 40', (s) => sum(s) <= 40],
    ['rule : count(memory) >= 2', (s) => s.length >= 2],
    ['rule : memory.count = 2', (s) => s.length === 2],
    ['rule : count(memory.ecc) = 1', (_, e) => e.filter(Boolean).length === 1],
    ['rule : min(memory.size.gb) >= 16', (s) => Math.min(...s) >= 16],
    ['rule : max(memory.size.gb) <= 16', (s) => Math.max(...s) <= 16],
    ['rule : all(memory.ecc)', (_, e) => e.every(Boolean)],
    ['rule : any(memory.size = gb32)', (s) => s.includes(32)],
    ['rule : memory[2].size = gb8', (s) => s.length >= 2 && s[1] === 8],
    ['rule : memory[1].size.gb + memory[3].size.gb <= 16', (s) => s[0] + (s[2] ?? 0) <= 16],
    ['rule : atmost 1 of (memory.ecc)', (_, e) => e.filter(Boolean).length <= 1],
  ];
  for (const [rule, keep] of cases) assert.equal(countOf(readClean(src(rule))), brute(keep), rule);
});

test('rules inside a repeated component hold for each instance that exists', () => {
  const p = readClean(`
    product pc {
      choice board "Board" { value small "Small" value big "Big" }
      component memory "Memory" 0..2 {
        choice size "Size" { value gb8 "8" value gb32 "32" }
        rule "big modules need the big board" : size = gb32 requires board = big
      }
    }`);
  // count 0: 2 boards; count 1: small·gb8, big·(gb8|gb32); count 2: small·gb8², big·4
  assert.equal(countOf(p), 2 + 3 + 5);
  const labels = p.model.constraints.map((c) => c.label);
  assert.deepEqual(labels, ['big modules need the big board (memory[1])', 'big modules need the big board (memory[2])']);
});

test('nested components: an optional component inside a repeated one', () => {
  const p = readClean(`
    product rack {
      component shelf "Shelf" 1..2 {
        component lamp "Lamp" optional { choice colour "Colour" { value warm "Warm" value cold "Cold" } }
      }
      rule : count(shelf.lamp) <= 1
    }`);
  assert.deepEqual(p.model.variables.map((v) => v.name), [
    'shelf.count', 'shelf[1].lamp', 'shelf[1].lamp.colour', 'shelf[2].lamp', 'shelf[2].lamp.colour',
  ]);
  // one shelf: no lamp, or a lamp in 2 colours (3); two shelves: at most one lamp: 1 + 2 + 2 (5)
  assert.equal(countOf(p), 3 + 5);
});

test('templates: a top-level component used under a name, its multiplicity overridable', () => {
  const p = readClean(`
    component Warranty "Warranty" optional {
      choice years "Years" { value y2 "2 years" { price 0 } value y5 "5 years" { price 79 } }
    }
    product pc {
      use Warranty as warranty
      use Warranty as extra "Extra cover" 0..2
    }`);
  assert.deepEqual(p.model.variables.map((v) => v.name), [
    'warranty', 'warranty.years', 'extra.count', 'extra[1].years', 'extra[2].years',
  ]);
  assert.deepEqual(p.presentation.variables['extra.count'].labels, { en: 'Extra cover' });
  assert.equal(evaluatePrice(p, { warranty: true, 'warranty.years': 'y5', 'extra.count': 1, 'extra[1].years': 'y5' }), 158);
});

test('every boolean operator means what it says', () => {
  const cases: [string, (a: boolean, b: boolean) => boolean][] = [
    ['a and b', (a, b) => a && b],
    ['a or b', (a, b) => a || b],
    ['a xor b', (a, b) => a !== b],
    ['not a', (a) => !a],
    ['a requires b', (a, b) => !a || b],
    ['a implies b', (a, b) => !a || b],
    ['a => b', (a, b) => !a || b],
    ['a iff b', (a, b) => a === b],
    ['a <=> b', (a, b) => a === b],
    ['a excludes b', (a, b) => !(a && b)],
    ['a = b', (a, b) => a === b],
    ['a != b', (a, b) => a !== b],
    ['a = true', (a) => a],
    ['not (a and b) or a', () => true],
    ['not a and b', (a, b) => !a && b],
    ['a or b and not a', (a, b) => a || (b && !a)],
    ['if a then b else not b', (a, b) => (a ? b : !b)],
  ];
  for (const [rule, truth] of cases) {
    const p = readClean(`product x { flag a "A" flag b "B" rule : ${rule} }`);
    let expected = 0;
    for (const a of [false, true]) for (const b of [false, true]) if (truth(a, b)) expected++;
    assert.equal(countOf(p), expected, rule);
  }
});

test('comparisons, membership, cardinality and arithmetic in rules', () => {
  const weight = (c: string): number => ({ red: 1, green: 2, blue: 3 })[c] ?? 0;
  const cases: [string, (x: number, c: string, f: boolean) => boolean][] = [
    ['x < 3', (x) => x < 3],
    ['x <= 3', (x) => x <= 3],
    ['x >= 3', (x) => x >= 3],
    ['x > 3', (x) => x > 3],
    ['x != 3', (x) => x !== 3],
    ['x in (1, 4)', (x) => x === 1 || x === 4],
    ['c in (red, blue)', (_, c) => c === 'red' || c === 'blue'],
    ['c != green', (_, c) => c !== 'green'],
    ['green = c', (_, c) => c === 'green'],
    ['2 * x - 1 >= x + 1', (x) => 2 * x - 1 >= x + 1],
    ['x + f * 3 <= 4', (x, _, f) => x + (f ? 3 : 0) <= 4],
    ['-x + 5 > 2', (x) => -x + 5 > 2],
    ['x * 0.5 <= 1.5', (x) => x * 0.5 <= 1.5],
    ['(x + 1) * 2 = 6', (x) => (x + 1) * 2 === 6],
    ['c.weight >= 2', (_, c) => weight(c) >= 2],
    ['c.weight + x = 5', (x, c) => weight(c) + x === 5],
    ['atmost 1 of (f, c = red, x = 1)', (x, c, f) => [f, c === 'red', x === 1].filter(Boolean).length <= 1],
    ['atleast 2 of (f, c = red, x = 1)', (x, c, f) => [f, c === 'red', x === 1].filter(Boolean).length >= 2],
    ['exactly 1 of (f, c = red)', (_, c, f) => [f, c === 'red'].filter(Boolean).length === 1],
    ['count(f, c = red, x > 2) = 2', (x, c, f) => [f, c === 'red', x > 2].filter(Boolean).length === 2],
    ['max(x, c.weight) = 3', (x, c) => Math.max(x, weight(c)) === 3],
    ['min(x, 2) = x', (x) => Math.min(x, 2) === x],
    ['(if f then x else 0) >= 3', (x, _, f) => (f ? x : 0) >= 3],
    ['4 / 2 = x', (x) => x === 2],
  ];
  for (const [rule, truth] of cases) {
    const p = readClean(`
      product x {
        number x "X" 1..4
        choice c "C" { value red "Red" { weight 1 } value green "Green" { weight 2 } value blue "Blue" { weight 3 } }
        flag f "F"
        rule : ${rule}
      }`);
    let expected = 0;
    for (let x = 1; x <= 4; x++) for (const c of ['red', 'green', 'blue']) for (const f of [false, true]) if (truth(x, c, f)) expected++;
    assert.equal(countOf(p), expected, rule);
  }
});

test('symbolic attributes: declared types, qualified members, comparing two choices', () => {
  const p = readClean(`
    type Socket { AM5 "AM5" LGA1700 "LGA 1700" AM4 }
    product pc {
      choice cpu "CPU" { value r5 "R5" { socket AM5 } value i5 "i5" { socket LGA1700 } value r3 "R3" { socket Socket.AM4 } }
      choice board "Board" { value b650 "B650" { socket AM5 } value z790 "Z790" { socket LGA1700 } value a520 "A520" { socket AM4 } value x670 "X670" { socket AM5 } }
      rule "Sockets match" : cpu.socket = board.socket
    }`);
  assert.equal(countOf(p), 2 + 1 + 1);
  const q = readClean(`
    type Socket { AM5 LGA1700 }
    product pc {
      choice cpu "CPU" { value r5 "R5" { socket AM5 } value i5 "i5" { socket LGA1700 } }
      rule : cpu.socket = Socket.AM5
    }`);
  assert.equal(countOf(q), 1);
  const colours = readClean(`
    product shirt {
      choice body "Body" { value red "Red" value blue "Blue" value white "White" }
      choice trim "Trim" { value red "Red" value blue "Blue" value black "Black" }
      rule "Trim differs" : body != trim
    }`);
  assert.equal(countOf(colours), 9 - 2);
  const strings = readClean(`
    product p {
      choice fabric "Fabric" { value a "A" { mill "Biella" } value b "B" { mill "Prato" } value c "C" { mill "Biella" } }
      rule : fabric.mill = "Biella"
    }`);
  assert.equal(countOf(strings), 2);
});

test('tables: allowed and forbidden combinations, "*" and value lists, numbers and flags', () => {
  const p = readClean(`
    product pc {
      choice cpu "CPU" { value r5 "R5" value i5 "i5" value i7 "i7" }
      choice board "Board" { value b650 "B650" value x670 "X670" value z790 "Z790" }
      table "Compatible boards" (cpu, board) allow {
        r5, (b650, x670)
        i5, z790
        *,  b650
      } because "This board does not fit this processor."
    }`);
  // r5: b650 x670; i5: z790 b650; i7: b650
  assert.equal(countOf(p), 5);
  const c = p.model.constraints[0];
  assert.equal(c.label, 'Compatible boards');
  assert.equal(c.explanation, 'This board does not fit this processor.');
  assert.equal(c.kind, 'table');
  const q = readClean(`
    product sofa {
      choice fabric "Fabric" { value velvet "Velvet" value linen "Linen" }
      choice legs "Legs" { value chrome "Chrome" value oak "Oak" }
      number seats "Seats" 2..3
      flag chaise "Chaise"
      table (fabric, legs) forbid { velvet, chrome }
      table (seats, chaise) forbid { 2, true }
    }`);
  assert.equal(countOf(q), 3 * 3);
});

test('because and rule labels reach the engine; unlabelled rules are named by their text', () => {
  const p = readClean(`
    product pc {
      flag gpu "GPU"
      choice case "Case" { value mini "Mini" value midi "Midi" value full "Full" }
      rule : gpu requires case in (midi, full)      because "A graphics card needs a midi or full tower."
      rule "No mini" : case != mini
    }`);
  const [a, b] = p.model.constraints;
  assert.equal(a.label, 'gpu requires case in (midi, full)');
  assert.equal(a.explanation, 'A graphics card needs a midi or full tower.');
  assert.deepEqual(a.source, { file: 'main.atl', line: 5, column: 7 });
  assert.equal(b.label, 'No mini');
  assert.equal(b.explanation, undefined);
  const s = sessionOf(p);
  s.assign('gpu', true);
  const e = s.explain('case', 'mini');
  assert.equal(e.kind, 'model');
  assert.deepEqual(e.kind === 'model' && e.constraints.map((c) => c.label), ['No mini']);
});

test('prices: base, value prices, labelled formulas, conditional surcharges, decimals and functions', () => {
  const p = readClean(`
    product sofa "Sofa" {
      currency EUR
      price 349
      choice fabric "Fabric" { value linen "Linen" { per_metre 12.5 price 0 } value velvet "Velvet" { per_metre 31 price 40 } }
      number metres "Fabric metres" 1..10 m
      flag express "Express"
      price "Fabric" fabric.per_metre * metres
      price "Express" 49 when express
      price "Rounding" ceil(metres / 3) + floor(2.7) + round(1.5) - min(1, metres) + max(0, 1)
      price "Bulk" if metres > 5 then -10 else 0
    }`);
  assert.equal(p.currency, 'EUR');
  const cfg = { fabric: 'velvet', metres: 7, express: true };
  // 349 + 40 + 31*7 + 49 + (ceil(7/3)=3 + 2 + 2 - 1 + 1) - 10
  assert.equal(evaluatePrice(p, cfg), 349 + 40 + 217 + 49 + 7 - 10);
  assert.deepEqual(
    priceBreakdown(p, cfg).map((l) => l.label),
    [undefined, 'Fabric', 'Express', 'Rounding', 'Bulk', 'Fabric'],
  );
  assert.equal(evaluatePrice(p, { fabric: 'linen', metres: 2, express: false }), 349 + 25 + 1 + 2 + 2 - 1 + 1);
});

test('"cheapest" completion minimises the price: value prices are the variables\' costs', () => {
  const p = readClean(`
    product pc {
      choice cpu "CPU" { value fast "Fast" { price 300 socket A } value slow "Slow" { price 100 socket B } }
      choice board "Board" { value a "A" { price 250 socket A } value b "B" { price 400 socket B } }
      flag wifi "Wi-Fi" { price 20 }
      choice discount "Bundle" { value none "None" { price 0 } value bundle "Bundle" { price -30 } }
      rule : cpu.socket = board.socket
    }`);
  assert.deepEqual(p.model.variables[3].costs, [30, 0]);
  const c = sessionOf(p).complete({ kind: 'cheapest' });
  const cfg = configurationOf(c.assignments);
  assert.deepEqual(cfg, { cpu: 'slow', board: 'b', wifi: false, discount: 'bundle' });
  assert.equal(c.optimal, true);
  assert.equal(evaluatePrice(p, cfg), 470);
});

test('bill of materials: parts, quantities, units, conditions, assemblies, operations, value parts', () => {
  const p = readClean(`
    part "CASE-ATX" "ATX case"
    part "FOAM-HR35" "Foam HR35" unit "pcs"
    part "FAB-L" "Linen"
    part "FAB-V" "Velvet"
    part "CPU-1" "Processor"
    part "SEAT-MODULE"
    product sofa {
      choice case "Case" { value atx "ATX" value itx "ITX" }
      choice fabric "Fabric" { value linen "Linen" { part_number "FAB-L" } value velvet "Velvet" { part_number "FAB-V" } }
      choice cpu "CPU" { value one "One" { part "CPU-1" } value none "None" }
      number metres "Metres" 1..9
      component seat "Seat modules" 1..3 { flag heated "Heated" }
      bom {
        part "CASE-ATX" qty 1 when case = atx
        part fabric.part_number qty ceil(metres * 1.1) unit "m"
        assembly "SEAT-MODULE" qty seat.count label "Seat" {
          part "FOAM-HR35" qty 2
          operation "Upholster" at "UPH-1" minutes 25
        }
        operation "Assemble" at "ASM-1" minutes 20 + 5 * count(seat)
        operation "Heating check" at "QA" minutes 3 when any(seat.heated)
      }
    }`);
  const cfg = { case: 'atx', fabric: 'velvet', cpu: 'one', metres: 4, 'seat.count': 2, 'seat[1].heated': false, 'seat[2].heated': true, 'seat[3].heated': null };
  const items = explodeBom(p, cfg);
  assert.deepEqual(
    items.map((i) => [i.kind, i.partNumber, i.quantity, i.unit, i.label]),
    [
      ['part', 'CASE-ATX', 1, undefined, 'ATX case'],
      ['part', 'FAB-V', 5, 'm', undefined],
      ['assembly', 'SEAT-MODULE', 2, undefined, 'Seat'],
      ['part', 'CPU-1', 1, undefined, 'Processor'],
    ],
  );
  assert.deepEqual(items[2].children.map((c) => [c.partNumber, c.quantity, c.unit]), [['FOAM-HR35', 2, 'pcs']]);
  assert.deepEqual(items[2].operations, [{ name: 'Upholster', workCentre: 'UPH-1', minutes: 25 }]);
  assert.deepEqual(routeOperations(p, cfg), [
    { name: 'Assemble', workCentre: 'ASM-1', minutes: 30 },
    { name: 'Heating check', workCentre: 'QA', minutes: 3 },
  ]);
  assert.equal(bomTotals(items).get('FOAM-HR35'), 4);
  const other = { ...cfg, case: 'itx', cpu: 'none', 'seat[2].heated': false };
  assert.deepEqual(explodeBom(p, other).map((i) => i.partNumber), ['FAB-V', 'SEAT-MODULE']);
  assert.deepEqual(routeOperations(p, other).map((o) => o.name), ['Assemble']);
});

test('lines inside a component count only when the component is there', () => {
  const p = readClean(`
    product desk {
      component drawer "Drawer" 0..2 {
        flag lock "Lock" { price 15 part "LOCK-1" }
        price "Drawer" 40
        bom { part "RUNNER" qty 2 }
      }
    }`);
  const cfg: Record<string, Value> = { 'drawer.count': 1, 'drawer[1].lock': true, 'drawer[2].lock': null };
  assert.equal(evaluatePrice(p, cfg), 55);
  assert.deepEqual(bomTotals(explodeBom(p, cfg)), new Map([['RUNNER', 2], ['LOCK-1', 1]]));
  assert.equal(evaluatePrice(p, { 'drawer.count': 0, 'drawer[1].lock': null, 'drawer[2].lock': null }), 0);
});

test('presentation: preview layers from value previews, text fields, groups, component groups', () => {
  const p = readClean(`
    product shirt "Shirt" {
      choice color "Colour" { value red "Red" { preview "<rect fill='red'/>" } value blue "Blue" { preview "<rect fill='blue'/>" } }
      flag pocket "Pocket" { preview "<path d='M0 0'/>" }
      flag embroidery "Embroidery" { price 5 }
      component collar "Collar" optional { choice shape "Shape" { value round "Round" { preview "round.svg" } value pointed "Pointed" } }
      preview 0 0 400 300 {
        layer color
        layer pocket
        layer collar.shape
      }
      text monogram "Monogram" max 3 allowed "A-Z" when embroidery {
        price 9
        preview "<text x='200' y='150'>{value}</text>"
        label pl "Monogram"
      }
      group body "Body" (color, pocket) { label pl "Korpus" }
      group "Extras and more" (embroidery, collar)
    }`);
  const pr = p.presentation;
  assert.equal(pr.viewBox, '0 0 400 300');
  assert.deepEqual(pr.layers, [
    { id: 'color', variable: 'color', fragments: { red: "<rect fill='red'/>", blue: "<rect fill='blue'/>" } },
    { id: 'pocket', variable: 'pocket', fragments: { true: "<path d='M0 0'/>" } },
    { id: 'collar.shape', variable: 'collar.shape', fragments: { round: 'round.svg' } },
  ]);
  assert.equal(pr.personalisation.length, 1);
  const field = pr.personalisation[0];
  assert.equal(field.id, 'monogram');
  assert.equal(field.maxLength, 3);
  assert.equal(field.allowed, 'A-Z');
  assert.equal(field.required, false);
  assert.deepEqual(field.when, { op: 'eq', var: 'embroidery', value: true });
  assert.deepEqual(field.price, { op: 'num', value: 9 });
  assert.deepEqual(field.labels, { en: 'Monogram', pl: 'Monogram' });
  assert.equal(field.preview, "<text x='200' y='150'>{value}</text>");
  assert.deepEqual(pr.groups, [
    { id: 'body', labels: { en: 'Body', pl: 'Korpus' }, variables: ['color', 'pocket'] },
    { id: 'extras-and-more', labels: { en: 'Extras and more' }, variables: ['embroidery', 'collar', 'collar.shape'] },
    { id: 'collar', labels: { en: 'Collar' }, variables: ['collar', 'collar.shape'] },
  ]);
  // A filled personalisation field adds its price when it applies.
  assert.equal(evaluatePrice(p, { color: 'red', pocket: false, embroidery: true, collar: false }, { monogram: 'ABC' }), 14);
  assert.equal(evaluatePrice(p, { color: 'red', pocket: false, embroidery: false, collar: false }, { monogram: 'ABC' }), 0);
});

test('product header: id, name, labels and descriptions in several languages, positions of values', () => {
  const p = readClean(`product pc "Build-to-order PC" {
  label pl "Komputer na zamówienie"
  description "Built and tested to order."
  description de "Auf Bestellung gebaut."
  choice cpu "CPU" { value a "A" value b "B" }
}`);
  assert.equal(p.id, 'pc');
  assert.equal(p.name, 'Build-to-order PC');
  assert.deepEqual(p.labels, { en: 'Build-to-order PC', pl: 'Komputer na zamówienie' });
  assert.deepEqual(p.descriptions, { en: 'Built and tested to order.', de: 'Auf Bestellung gebaut.' });
  assert.deepEqual(p.source, { file: 'main.atl', line: 1, column: 1 });
  assert.deepEqual(p.valueSources?.cpu?.b, { file: 'main.atl', line: 5, column: 40 });
});

test('comments, escapes and commas between attributes are accepted', () => {
  const p = readClean(`
    // a line comment
    /* a block
       comment */
    product p "Say \\"hi\\"\\n" {
      choice c "C" { value a "A" { x 1, y 2, label "quoted" } }  // trailing
    }`);
  assert.equal(p.name, 'Say "hi"\n');
  assert.equal(countOf(p), 1);
});
