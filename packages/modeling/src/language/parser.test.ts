import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr, Item, RuleDecl } from './ast.ts';
import { parseAtl } from './parser.ts';

/** An expression as compact text, to compare trees by eye. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return JSON.stringify(e.value);
    case 'bool':
      return String(e.value);
    case 'path':
      return e.segments.map((s) => (s.index === undefined ? s.name : `${s.name}[${s.index}]`)).join('.');
    case 'not':
    case 'neg':
      return `(${e.kind} ${show(e.arg)})`;
    case 'and':
    case 'or':
      return `(${e.kind} ${e.args.map(show).join(' ')})`;
    case 'binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'add':
      return `(+ ${e.terms.map((t) => (t.negate ? `-${show(t.expr)}` : show(t.expr))).join(' ')})`;
    case 'mul':
      return `(* ${e.factors.map((f) => (f.divide ? `/${show(f.expr)}` : show(f.expr))).join(' ')})`;
    case 'cmp':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'in':
      return `(in ${show(e.left)} ${e.values.map(show).join(' ')})`;
    case 'call':
      return `${e.fn}(${e.args.map(show).join(' ')})`;
    case 'if':
      return `(if ${show(e.cond)} ${show(e.then)} ${show(e.else)})`;
    case 'card':
      return `(${e.op} ${e.k} ${e.args.map(show).join(' ')})`;
    case 'error':
      return '<error>';
  }
}

function rule(condition: string): string {
  const { ast, diagnostics } = parseAtl(`product p {\n  rule : ${condition}\n}`, 'f.atl');
  assert.deepEqual(diagnostics, [], condition);
  const item = ast.products[0].body[0] as RuleDecl;
  return show(item.formula);
}

test('precedence: iff < requires/implies/excludes < or/xor < and < not < comparisons < + - < * /', () => {
  assert.equal(rule('a or b and not c requires d iff e'), '(iff (implies (or a (and b (not c))) d) e)');
  assert.equal(rule('a => b => c'), '(implies a (implies b c))');
  assert.equal(rule('a excludes b = x'), '(excludes a (= b x))');
  assert.equal(rule('a xor b or c'), '(or (xor a b) c)');
  assert.equal(rule('not a = b'), '(not (= a b))');
  assert.equal(rule('x + 2 * y - z / 3 <= -4'), '(<= (+ x (* 2 y) -(* z /3)) -4)');
  assert.equal(rule('-(x + 1) > 0'), '(> (neg (+ x 1)) 0)');
  assert.equal(rule('(a or b) and c'), '(and (or a b) c)');
  assert.equal(rule('a <=> b'), '(iff a b)');
});

test('atoms: paths with instances, membership, calls, if, cardinality, literals', () => {
  assert.equal(rule('memory[2].size.gb >= 16'), '(>= memory[2].size.gb 16)');
  assert.equal(rule('case.size in (midi, full)'), '(in case.size midi full)');
  assert.equal(rule('sum(memory.size.gb) <= board.max_gb'), '(<= sum(memory.size.gb) board.max_gb)');
  assert.equal(rule('atmost 2 of (wifi, bt, usb)'), '(atmost 2 wifi bt usb)');
  assert.equal(rule('exactly 1 of ()'), '(exactly 1 )');
  assert.equal(rule('(if a then 1 else 2) = x'), '(= (if a 1 2) x)');
  assert.equal(rule('f = true and s = "x"'), '(and (= f true) (= s "x"))');
  assert.equal(rule('cpu.socket = Socket.AM5'), '(= cpu.socket Socket.AM5)');
});

test('unlabelled rules keep their text; positions point at the keyword', () => {
  const { ast } = parseAtl('product p {\n  rule :   a   requires\n    b because "why"\n}', 'f.atl');
  const r = ast.products[0].body[0] as RuleDecl;
  assert.equal(r.text, 'a requires b');
  assert.equal(r.because, 'why');
  assert.deepEqual(r.pos, { file: 'f.atl', line: 2, column: 3 });
});

test('every declaration of the language parses into its node', () => {
  const { ast, diagnostics } = parseAtl(
    `
import "lib.atl"
type Socket "Socket" { AM5 "AM5", LGA1700 }
part "CPU-1" "Processor" unit "pcs"
component Warranty "Warranty" optional { flag extended "Extended" }
product pc "PC" {
  label pl "Komputer"
  description "Built to order."
  currency EUR
  price 349
  price "Express" 49 when express
  choice cpu "CPU" { value a "A" { socket AM5 watts 65 label de "A!" } value b "B" default a }
  flag express "Express" { price 10 default false }
  number waist "Waist" 26..44 in step 2 { default 32 price 1 unit "inch" }
  component gpu "GPU" optional { default true }
  component memory "Memory" 1..4 { default 2 }
  use Warranty as warranty "Cover" 0..2
  rule "r" : cpu = a because "b"
  table "t" (cpu, express) forbid { b, true } because "no"
  bom {
    part "CPU-1" qty 2 unit "pcs" label "CPU" when express
    assembly "ASM" qty 1 { part "X" operation "Op" at "WC" minutes 5 when express }
    operation "Assemble" at "ASM-1" minutes 20
  }
  preview 0 0 400 300 { layer cpu layer gpu }
  text mono "Monogram" max 3 allowed "A-Z" when express required { price 9 preview "<t/>" }
  group core "Core" (cpu, memory[1]) { label pl "Rdzeń" }
}`,
    'f.atl',
  );
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(ast.imports.map((i) => i.path), ['lib.atl']);
  assert.deepEqual(ast.types[0].members.map((m) => [m.name.text, m.label]), [['AM5', 'AM5'], ['LGA1700', undefined]]);
  assert.deepEqual(ast.parts[0], { kind: 'part', number: 'CPU-1', label: 'Processor', unit: 'pcs', pos: { file: 'f.atl', line: 4, column: 1 } });
  assert.equal(ast.templates[0].multiplicity.kind, 'optional');
  const body: Item[] = ast.products[0].body;
  assert.deepEqual(
    body.map((i) => i.kind),
    ['label', 'description', 'currency', 'price', 'price', 'choice', 'flag', 'number', 'component', 'component', 'use', 'rule', 'table', 'bom', 'preview', 'text', 'group'],
  );
  const choice = body[5];
  assert.ok(choice.kind === 'choice');
  assert.deepEqual(choice.values.map((v) => v.name.text), ['a', 'b']);
  assert.deepEqual(choice.values[0].attrs.map((a) => [a.name.text, a.value.kind]), [['socket', 'symbol'], ['watts', 'number']]);
  assert.deepEqual(choice.values[0].texts.labels.map((l) => l.lang), ['en', 'de']);
  assert.equal(choice.default?.text, 'a');
  const num = body[7];
  assert.ok(num.kind === 'number');
  assert.deepEqual([num.min, num.max, num.unit, num.step?.value, num.default?.value, num.price?.value], [26, 44, 'inch', 2, 32, 1]);
  const use = body[10];
  assert.ok(use.kind === 'use');
  assert.deepEqual(use.multiplicity, { kind: 'repeat', min: 0, max: 2, pos: { file: 'f.atl', line: 17, column: 36 } });
  const table = body[12];
  assert.ok(table.kind === 'table');
  assert.equal(table.allow, false);
  assert.deepEqual(table.rows[0].cells.map((c) => c.kind), ['values', 'values']);
  const bom = body[13];
  assert.ok(bom.kind === 'bom');
  assert.deepEqual(bom.lines.map((l) => l.kind), ['part', 'assembly', 'operation']);
  const text = body[15];
  assert.ok(text.kind === 'text');
  assert.deepEqual([text.max?.value, text.allowed?.value, text.required, text.preview], [3, 'A-Z', true, '<t/>']);
});

test('recovery: every independent mistake of a file is reported in one pass', () => {
  const { ast, diagnostics } = parseAtl(
    `product pc "PC" {
  choice cpu "Processor" {
    value r5 "Ryzen 5" { watts 65 }
    value i5 "Core i5" { watts 65 price }
  flag wifi "Wi-Fi" { price 25 }
  rule "broken" : wifi requires (cpu = r5
  number seats "Seats" 1 5
  choice board "Board" { value b650 "B650" }
  rule : board = b650 and
  table (cpu, board) allow { r5 b650 }
  flag bt "Bluetooth"
}
product second { choice }`,
    'f.atl',
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`),
    [
      '4:41: expected a value for attribute "price" of value "i5", found "}"',
      '5:3: expected "}" after the values of choice "cpu"',
      '7:3: expected ")" to close the parenthesis',
      '7:26: expected ".." between the smallest and the largest value of number "seats": write MIN..MAX',
      '10:3: expected a condition after "and", found "table"',
      '10:33: expected "," between the values of a row',
      '13:25: expected the name of the choice, found "}"',
    ],
  );
  // The declarations after each mistake survive; statements that did not parse are left out.
  const names = ast.products[0].body.map((i) => ('name' in i ? i.name.text : i.kind));
  assert.deepEqual(names, ['cpu', 'wifi', 'seats', 'board', 'bt']);
  assert.equal(ast.products.length, 2);
});

test('no input makes the parser loop or crash', () => {
  const inputs = [
    '', '}', '}}}}', '{{{{', 'product', 'product p', 'product p {', 'product p { {{{ }', 'product p { choice c { value',
    'product p { rule : ((((', 'product p { rule : a requires requires }', 'product p { table (a, b) allow { (a, ( }',
    'product p { bom { assembly "a" { assembly "b" { ', 'product p { text t max max max }', 'product p { preview 1 2 { layer } }',
    'product p { number n "N" -..- }', 'type T { , , , }', 'import', 'import 3', '"a" "b" 1 2 ( ) [ ]', 'product p { price if if if }',
    'product p { group (a, , b) }', 'product p { component c 1..2 optional { } }', 'product p { use a as }', 'product p { rule : a[ }',
  ];
  for (const input of inputs) {
    const r = parseAtl(input, 'f.atl');
    assert.ok(Array.isArray(r.diagnostics), input);
  }
});
