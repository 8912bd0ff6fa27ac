// The demo shop's catalogue, end to end: each product is read, checked, compiled and configured the
// way a customer would, then priced, exploded into its bill of materials and counted. The expected
// prices and quantities are worked out by hand in the comments next to them.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, Session, type Assignment, type CompiledModel, type Value } from '@atelier/engine';
import { formatDiagnostic, type ProductModel } from '@atelier/modeling';
import { readAtl } from '@atelier/modeling/language/index.ts';
import { checkProduct } from '@atelier/modeling/check/index.ts';
import {
  bomTotals,
  configurationOf,
  evaluateNum,
  evaluatePrice,
  explodeBom,
  routeOperations,
  type BomItem,
  type Configuration,
} from '@atelier/modeling/evaluate.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Generous: counting the modular home takes tens of seconds on a busy machine. */
const COUNT_TIMEOUT_MS = 120_000;

interface Loaded {
  product: ProductModel;
  compiled: CompiledModel;
  compileMs: number;
}

function load(t: TestContext, file: string): Loaded {
  const path = join(here, file);
  const { product, diagnostics } = readAtl(readFileSync(path, 'utf8'), path, {
    readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 0, `reading ${file}:\n${errors.map(formatDiagnostic).join('\n')}`);
  assert.ok(product, `${file} gave no product`);
  for (const d of diagnostics) t.diagnostic(formatDiagnostic(d));

  const checks = checkProduct(product);
  const checkErrors = checks.filter((d) => d.severity === 'error');
  assert.equal(checkErrors.length, 0, `checking ${file}:\n${checkErrors.map(formatDiagnostic).join('\n')}`);
  for (const d of checks) t.diagnostic(formatDiagnostic(d));

  const start = performance.now();
  const compiled = compile(product.model);
  const compileMs = performance.now() - start;
  const visible = compiled.variables.filter((v) => !v.hidden).length;
  t.diagnostic(
    `${file}: ${product.model.variables.length} variables (${visible} offered), ${product.model.constraints.length} constraints, ` +
      `${compiled.cnf.numVars} CNF variables, compiled in ${compileMs.toFixed(1)} ms`,
  );
  return { product, compiled, compileMs };
}

/** Every variable still has a possible value: the configurator never starts in a dead end. */
function assertDomainsOpen(session: Session): void {
  for (const d of session.validDomains()) assert.ok(d.possible.length > 0, `${d.variable} has no possible value`);
}

function choose(session: Session, choices: readonly [string, Value][]): void {
  for (const [variable, value] of choices) {
    const r = session.assign(variable, value);
    assert.ok(r.ok, `${variable} = ${String(value)} should be possible`);
  }
}

interface Conflict {
  variable: string;
  value: Value;
  /** Label of a rule the explanation must name, and its `because` text. */
  rule: string;
  because: string;
  /** The user choices the explanation must blame (a minimal set), in any order. */
  blamed: string[];
}

/** The value is refused; the explanation names the rule and its text; the proposed repair frees the value. */
function meetConflict(session: Session, c: Conflict): void {
  assert.equal(session.isPossible(c.variable, c.value), false, `${c.variable} = ${String(c.value)} should be blocked`);
  const r = session.assign(c.variable, c.value);
  assert.equal(r.ok, false);
  if (r.ok) return;
  const why = r.explanation;
  assert.equal(why.kind, 'choices');
  if (why.kind !== 'choices') return;
  assert.deepEqual(why.choices.map((a) => a.variable).sort(), [...c.blamed].sort());
  const rule = why.constraints.find((k) => k.label === c.rule);
  assert.ok(rule, `the explanation names "${c.rule}" (it named: ${why.constraints.map((k) => k.label).join('; ')})`);
  assert.equal(rule.explanation, c.because);

  assert.ok(r.repair, 'a repair is proposed');
  assert.ok(r.repair.retract.length > 0);
  const repaired = session.applyRepair(r.repair);
  assert.ok(repaired.ok, 'the repair frees the value');
  assert.equal(session.validDomains().find((d) => d.variable === c.variable)?.chosen, c.value);
}

/** A completion is a valid, full configuration: a fresh session accepts every one of its values. */
function assertValidCompletion(compiled: CompiledModel, assignments: readonly Assignment[]): void {
  const visible = compiled.variables.filter((v) => !v.hidden).map((v) => v.name);
  assert.deepEqual(assignments.map((a) => a.variable).sort(), [...visible].sort());
  const fresh = new Session(compiled);
  for (const a of assignments) assert.ok(fresh.assign(a.variable, a.value).ok, `${a.variable} = ${String(a.value)} fits`);
}

/** Makes the customer's full set of choices and reads the configuration: nothing may be left to defaults. */
function fullConfiguration(compiled: CompiledModel, choices: readonly [string, Value][]): Configuration {
  const session = new Session(compiled);
  choose(session, choices);
  const completion = session.complete({ kind: 'defaults' });
  const open = completion.assignments.filter((a) => a.by === 'default').map((a) => a.variable);
  assert.deepEqual(open, [], 'the choices settle every variable');
  return configurationOf(completion.assignments);
}

function completions(t: TestContext, loaded: Loaded): void {
  const { product, compiled } = loaded;
  const session = new Session(compiled);
  const byDefault = session.complete({ kind: 'defaults' });
  assertValidCompletion(compiled, byDefault.assignments);
  const cheapest = session.complete({ kind: 'cheapest' });
  assert.ok(cheapest.optimal, 'the cheapest completion is proved optimal');
  assertValidCompletion(compiled, cheapest.assignments);
  assert.ok(cheapest.cost <= byDefault.cost);
  const price = (assignments: readonly Assignment[]): number => evaluatePrice(product, configurationOf(assignments));
  // Every price line is part of the cost: the cheapest completion minimises what the customer pays.
  assert.equal(compiled.costProblem, undefined);
  assert.equal(cheapest.cost, price(cheapest.assignments));
  assert.equal(byDefault.cost, price(byDefault.assignments));
  t.diagnostic(`default configuration: ${price(byDefault.assignments)} ${product.currency}; cheapest: ${price(cheapest.assignments)} ${product.currency}`);
}

function count(t: TestContext, compiled: CompiledModel, expected: bigint): void {
  const r = new Session(compiled).count({ timeoutMs: COUNT_TIMEOUT_MS });
  assert.ok(r.count !== null, `count: unknown after ${r.seconds.toFixed(1)} s`);
  t.diagnostic(`count: ${r.count} configurations in ${r.seconds.toFixed(2)} s`);
  assert.equal(r.count, expected);
}

function line(items: readonly BomItem[], partNumber: string): BomItem {
  const found = items.find((i) => i.partNumber === partNumber);
  assert.ok(found, `the bill of materials has ${partNumber} (it has: ${items.map((i) => i.partNumber).join(', ')})`);
  return found;
}

function minutes(product: ProductModel, config: Configuration, name: string): number | undefined {
  return routeOperations(product, config).find((o) => o.name === name)?.minutes;
}

// ---------------------------------------------------------------------------------------------------

test('PC: an Intel build, a socket conflict, a full configuration priced and exploded', (t) => {
  const pc = load(t, 'pc.atl');
  const { product, compiled } = pc;
  assert.equal(product.currency, 'EUR');
  assert.equal(product.labels?.pl, 'Komputer na zamówienie');
  // The imported template's choices carry the instance's prefix.
  assert.ok(compiled.byName.has('cpu.model') && compiled.byName.has('memory[4].module') && compiled.byName.has('warranty.onsite'));

  const s = new Session(compiled);
  assertDomainsOpen(s);
  choose(s, [['cpu.model', 'i5_13400']]);
  const boards = s.validDomains().find((d) => d.variable === 'board');
  assert.deepEqual(boards?.possible, ['b760m', 'z790']);
  meetConflict(s, {
    variable: 'board',
    value: 'b650m',
    rule: 'Sockets match',
    because: "The processor must fit the mainboard's socket (AMD AM5 or Intel LGA 1700).",
    blamed: ['cpu.model'],
  });

  // A second customer: a DDR5 board, then a DDR4 module.
  const s2 = new Session(compiled);
  choose(s2, [['board', 'z790'], ['memory.count', 2]]);
  meetConflict(s2, {
    variable: 'memory[1].module',
    value: 'd4_16',
    rule: 'Memory type matches the mainboard (memory[1])',
    because: 'Every memory module must be of the type the mainboard takes (DDR4 or DDR5).',
    blamed: ['board'],
  });
  // A compact cube only takes the short graphics card, and the power budget rules out the small supply.
  const s3 = new Session(compiled);
  choose(s3, [['case', 'cube'], ['gpu', true]]);
  assert.deepEqual(s3.validDomains().find((d) => d.variable === 'gpu.model')?.possible, ['rtx4060']);
  // A 253 W processor and a 220 W graphics card need more than 550 W; either alone would not.
  const s4 = new Session(compiled);
  choose(s4, [['cpu.model', 'i7_14700k'], ['gpu', true], ['gpu.model', 'rtx4070s']]);
  meetConflict(s4, {
    variable: 'psu',
    value: 'w550',
    rule: 'Power supply has headroom',
    because: 'The power supply must cover the processor, graphics card and memory, plus 80 W for the rest of the system.',
    blamed: ['cpu.model', 'gpu.model'],
  });

  completions(t, pc);
  // Cheapest: i5-13400 189 + boxed cooler 0 + B760M 119 + one 16 GB DDR4 39 + micro tower 69 + 550 W 59
  // + 500 GB 45 = 520 of options (no graphics card, Wi-Fi, OS or extras), plus the base price 99: the
  // completion's cost is the whole price.
  const cheapest = new Session(compiled).complete({ kind: 'cheapest' });
  assert.equal(cheapest.cost, 619);
  assert.equal(evaluatePrice(product, configurationOf(cheapest.assignments)), 619);

  const config = fullConfiguration(compiled, [
    ['cpu.model', 'r7_7800x3d'], ['cpu.cooler', 'tower'], ['board', 'b650m'],
    ['memory.count', 2], ['memory[1].module', 'd5_32'], ['memory[2].module', 'd5_32'],
    ['gpu', true], ['gpu.model', 'rtx4070s'], ['case', 'midi'], ['psu', 'w750'], ['storage', 'ssd2t'],
    ['wifi', true], ['os', 'win_pro'], ['express', true], ['warranty.years', 'y3'], ['warranty.onsite', true],
  ]);
  // 99 base + 369 CPU + 49 cooler + 169 board + 2 × 95 memory + 629 GPU + 109 case + 99 PSU + 129 SSD
  // + 29 Wi-Fi + 229 Windows Pro + 49 express + 49 three-year warranty + 79 on-site = 2277
  assert.equal(evaluatePrice(product, config), 2277);

  const bom = explodeBom(product, config);
  const totals = bomTotals(bom);
  assert.equal(totals.get('RAM-D5-32G'), 2);
  assert.equal(totals.get('CPU-AMD-7800X3D'), 1);
  assert.equal(totals.get('GPU-NV-4070S'), 1);
  assert.equal(line(bom, 'FAN-120-PWM').quantity, 3); // the midi tower's three fans
  assert.equal(line(bom, 'PASTE-THERMAL-1G').quantity, 1); // a tower cooler comes without paste
  assert.equal(line(bom, 'ASM-BOARD').operations[0].minutes, 16); // 12 + 2 per module
  assert.equal(minutes(product, config, 'Burn-in test'), 60); // 30 + 15 per module
  assert.equal(minutes(product, config, 'Install graphics card'), 8);

  count(t, compiled, 16_888_160n);
});

test('Jeans: measurements against fits, a selvedge panel limit, fabric metres priced by formula', (t) => {
  const jeans = load(t, 'jeans.atl');
  const { product, compiled } = jeans;
  assert.equal(product.labels?.it, 'Jeans su misura');

  const s = new Session(compiled);
  assertDomainsOpen(s);
  choose(s, [['waist', 40]]);
  assert.deepEqual(s.validDomains().find((d) => d.variable === 'fit')?.possible, ['regular', 'relaxed']);
  meetConflict(s, {
    variable: 'fit',
    value: 'slim',
    rule: 'Slim fit up to a 36 in waist',
    because: 'The slim pattern is graded only up to a 36 in waist.',
    blamed: ['waist'],
  });

  // Long legs and a wide waist together do not fit an 80 cm selvedge panel; either alone does.
  const s2 = new Session(compiled);
  choose(s2, [['waist', 44], ['inseam', 38]]);
  meetConflict(s2, {
    variable: 'fabric',
    value: 'selvedge',
    rule: 'Selvedge fits one panel',
    because: 'Selvedge denim is woven only 80 cm wide: for these measurements the legs do not fit the panel.',
    blamed: ['waist', 'inseam'],
  });

  completions(t, jeans);

  const config = fullConfiguration(compiled, [
    ['waist', 34], ['inseam', 32], ['fit', 'regular'], ['fabric', 'selvedge'], ['thread', 'copper'],
    ['rivets', 'brass'], ['fly', 'buttons'], ['hem', 'chain'], ['embroidery', true],
  ]);
  // Denim: (120 + 5 × 32 + 2 × 34) / 200 = 1.74 m × 34 €/m = 59.16.
  // 89 base + 59.16 denim + 6 button fly + 12 chain-stitched hem = 166.16
  assert.equal(evaluatePrice(product, config), 166.16);

  // The monogram is free text outside the solver, with its own surcharge.
  const monogram = product.presentation.personalisation.find((p) => p.id === 'monogram');
  assert.ok(monogram?.price);
  const allowed = new RegExp(`^[${monogram.allowed}]{1,${monogram.maxLength}}$`);
  assert.ok(allowed.test('JMK'));
  assert.ok(!allowed.test('JMKX') && !allowed.test('jm') && !allowed.test('J.M'));
  assert.equal(evaluatePrice(product, config) + evaluateNum(monogram.price, config), 175.16);

  const bom = explodeBom(product, config);
  // Cut to the next 10 cm: ceil(348 / 20) / 10 = 1.8 m.
  assert.deepEqual({ q: line(bom, 'FAB-SELV-14').quantity, u: line(bom, 'FAB-SELV-14').unit }, { q: 1.8, u: 'm' });
  assert.equal(line(bom, 'RIV-BRASS').quantity, 6);
  assert.equal(line(bom, 'BTN-FLY-14').quantity, 4);
  assert.equal(line(bom, 'THR-COPP-30').quantity, 1);
  assert.ok(!bom.some((i) => i.partNumber === 'ZIP-18CM'));
  assert.equal(minutes(product, config, 'Sew'), 80);
  assert.equal(minutes(product, config, 'Embroider monogram'), 8);

  count(t, compiled, 133_144n);
});

test('Sofa: seat modules with their own options, a width limit, fabric metres from the modules', (t) => {
  const sofa = load(t, 'sofa.atl');
  const { product, compiled } = sofa;

  const s = new Session(compiled);
  assertDomainsOpen(s);
  choose(s, [['seat.count', 2], ['seat[1].width', 'w60']]);
  meetConflict(s, {
    variable: 'seat[1].recliner',
    value: true,
    rule: 'Recliners need a wide seat (seat[1])',
    because: 'The power recliner mechanism needs a seat of at least 80 cm.',
    blamed: ['seat[1].width'],
  });

  // Four 100 cm seats fill the 400 cm; a chaise longue no longer fits.
  const s2 = new Session(compiled);
  choose(s2, [['seat.count', 4], ['seat[1].width', 'w100'], ['seat[2].width', 'w100'], ['seat[3].width', 'w100'], ['seat[4].width', 'w100']]);
  assert.deepEqual(s2.validDomains().find((d) => d.variable === 'chaise')?.possible, ['no_chaise']);
  meetConflict(s2, {
    variable: 'chaise',
    value: 'left',
    rule: 'At most 400 cm wide',
    because: 'The whole sofa, armrests and chaise included, can be at most 400 cm wide.',
    // Two 100 cm seats at positions 3 and 4 (so four seats, the first two at least 60 cm) are enough.
    blamed: ['seat[3].width', 'seat[4].width'],
  });

  completions(t, sofa);

  const config = fullConfiguration(compiled, [
    ['seat.count', 3],
    ['seat[1].width', 'w80'], ['seat[1].arm', 'no_arm'], ['seat[1].recliner', false],
    ['seat[2].width', 'w100'], ['seat[2].arm', 'no_arm'], ['seat[2].recliner', true],
    ['seat[3].width', 'w80'], ['seat[3].arm', 'wide'], ['seat[3].recliner', false],
    ['chaise', 'left'], ['fabric', 'velvet'], ['legs', 'walnut'],
  ]);
  // Fabric: (19 + 22 + 19 seats + 8 wide armrest + 28 chaise) dm = 9.6 m × 38 €/m = 364.8.
  // 190 base + 370 + 420 + 370 seats + 140 armrest + 290 recliner + 540 chaise + 60 walnut + 364.8 = 2744.8
  assert.equal(evaluatePrice(product, config), 2744.8);

  const bom = explodeBom(product, config);
  assert.equal(line(bom, 'FAB-VELVET-GRN').quantity, 10); // 9.6 m, bought by the metre
  assert.equal(line(bom, 'LEG-WALNUT').quantity, 10); // 2 + 2 per seat + 2 under the chaise
  assert.equal(line(bom, 'FOAM-HR35-20CM').quantity, 13); // 260 cm of seats in 20 cm blocks
  const seat = line(bom, 'SEAT-MODULE');
  assert.equal(seat.kind, 'assembly');
  assert.equal(seat.quantity, 3);
  assert.deepEqual(seat.operations.map((o) => [o.workCentre, o.minutes]), [['FRM-1', 35], ['UPH-1', 40]]);
  const totals = bomTotals(bom);
  assert.equal(totals.get('FOAM-HR35-BASE'), 5); // one per seat, two in the chaise
  assert.equal(totals.get('MECH-RECLINER-PWR'), 1);
  assert.equal(totals.get('ARM-WIDE'), 1);
  assert.equal(minutes(product, config, 'Join modules and inspect'), 45);

  count(t, compiled, 708_500n);
});

test('Modular home: plot area and budget limits, energy options that depend on each other', (t) => {
  const home = load(t, 'home.atl');
  const { product, compiled } = home;

  const s = new Session(compiled);
  assertDomainsOpen(s);
  choose(s, [['budget', 200]]);
  assert.deepEqual(s.validDomains().find((d) => d.variable === 'base')?.possible, ['studio', 'family']);
  meetConflict(s, {
    variable: 'base',
    value: 'villa',
    rule: 'Within budget',
    because: 'The home would cost more than your budget.',
    blamed: ['budget'],
  });

  // Pellets need the basement, and the lakeside plot allows none.
  const s2 = new Session(compiled);
  choose(s2, [['plot', 'lake']]);
  meetConflict(s2, {
    variable: 'heating',
    value: 'pellets',
    rule: 'Pellets need a store',
    because: 'The pellet store goes in the basement: choose one to heat with pellets.',
    blamed: ['plot'],
  });

  // A town plot's 120 m²: a family house with a double bedroom leaves no room for a garage.
  const s3 = new Session(compiled);
  choose(s3, [['plot', 'town'], ['base', 'family'], ['bedroom.count', 1], ['bedroom[1].size', 'double']]);
  meetConflict(s3, {
    variable: 'garage',
    value: true,
    rule: "Within the plot's buildable area",
    because: 'The planning rules for this plot allow no more built-up area.',
    blamed: ['plot', 'base', 'bedroom[1].size'],
  });

  completions(t, home);

  const config = fullConfiguration(compiled, [
    ['budget', 300], ['plot', 'suburb'], ['base', 'family'], ['bedroom.count', 1], ['bedroom[1].size', 'double'],
    ['garage', true], ['garage.kind', 'single'], ['office', false], ['terrace', 'deck'], ['basement', false],
    ['heating', 'heat_pump'], ['roof', 'gable'], ['solar', 8], ['battery', 'b10'],
  ]);
  // 10 000 base + 4 000 + 1 000 transport for one bedroom + 168 000 family + 31 000 double bedroom
  // + 21 000 garage + 7 000 deck + 14 000 heat pump + 8 kWp × 1 500 + 7 000 battery = 275 000
  assert.equal(evaluatePrice(product, config), 275_000);
  assert.ok(evaluatePrice(product, config) <= 300 * 1000);

  const bom = explodeBom(product, config);
  assert.equal(line(bom, 'FOUNDATION-SCREW-PILE').quantity, 22); // ceil(128 m² / 6)
  assert.equal(line(bom, 'PV-PANEL-430W').quantity, 19); // ceil(8000 W / 430 W)
  assert.equal(line(bom, 'MOD-BEDROOM-FIT-OUT').quantity, 1);
  assert.equal(line(bom, 'MOD-BASE-FAMILY').quantity, 1);
  assert.equal(line(bom, 'BAT-LFP-10').quantity, 1);
  assert.equal(minutes(product, config, 'Build modules'), 21_840); // 60 × (280 + 52) h + 1 920 for the garage
  assert.equal(minutes(product, config, 'Mount solar panels'), 360);
  assert.equal(minutes(product, config, 'Excavate and cast basement'), undefined);

  count(t, compiled, 18_187_915n);
});

test('Portfolio: risk and horizon decide the mixes, allocations add up to 100 %, ethical exclusions', (t) => {
  const portfolio = load(t, 'portfolio.atl');
  const { product, compiled } = portfolio;

  const s = new Session(compiled);
  assertDomainsOpen(s);
  choose(s, [['risk', 'low']]);
  assert.deepEqual(s.validDomains().find((d) => d.variable === 'strategy')?.possible, ['income', 'conservative']);
  meetConflict(s, {
    variable: 'crypto',
    value: 5,
    rule: 'Low risk limits',
    because: 'With a low risk tolerance at most 40 % goes into equities and nothing into crypto-assets.',
    blamed: ['risk'],
  });

  const s2 = new Session(compiled);
  choose(s2, [['risk', 'high'], ['horizon', 15], ['strategy', 'growth'], ['equities', 70], ['bonds', 20]]);
  // 10 % left for real estate, cash and crypto together.
  const left = s2.validDomains().find((d) => d.variable === 'cash');
  assert.deepEqual(left?.possible, [0, 5, 10]);
  choose(s2, [['no_fossil', true]]);
  meetConflict(s2, {
    variable: 'equity_fund',
    value: 'world',
    rule: 'Fossil-free funds',
    because: 'Excluding fossil fuels rules out funds that hold oil, gas and coal companies.',
    blamed: ['no_fossil'],
  });

  completions(t, portfolio);

  const config = fullConfiguration(compiled, [
    ['risk', 'medium'], ['horizon', 12], ['amount', 120], ['strategy', 'balanced'],
    ['equities', 55], ['bonds', 30], ['real_estate', 10], ['cash', 5], ['crypto', 0],
    ['equity_fund', 'esg'], ['bond_fund', 'green'],
    ['no_fossil', false], ['no_tobacco', true], ['no_weapons', true], ['adviser', true],
  ]);
  // Management fee: 120 000 € × 0.6 % = 720. Fund costs: 120 × (55 × 25 + 30 × 25 + 10 × 40) / 1000 = 303.
  // 720 + 303 + 240 adviser = 1263
  assert.equal(evaluatePrice(product, config), 1263);

  const bom = explodeBom(product, config);
  assert.deepEqual(
    bom.map((i) => [i.partNumber, i.quantity, i.unit]),
    [
      ['FND-EQ-ESG', 66_000, 'EUR'],
      ['FND-BD-GREEN', 36_000, 'EUR'],
      ['FND-RE-GLOBAL', 12_000, 'EUR'],
      ['ACC-CASH-EUR', 6_000, 'EUR'],
    ],
  );
  assert.equal(minutes(product, config, 'Adviser meeting'), 60);
  assert.equal(minutes(product, config, 'Enhanced review'), undefined);

  count(t, compiled, 157_312_400n);
});
