import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder } from '@atelier/engine';
import { checkPersonalisation } from './personalisation.ts';
import { composePreview, escapeXml } from './preview.ts';
import { bareProduct } from './product.ts';
import { isProductFile, readProductText } from './read-product.ts';
import { formatDiagnostic } from './diagnostics.ts';

function product() {
  const p = bareProduct('tee', 'T-shirt', new ModelBuilder().build());
  p.presentation.viewBox = '0 0 100 100';
  p.presentation.layers = [
    { id: 'body', variable: 'colour', fragments: { red: "<rect fill='red'/>", blue: 'assets/blue.png' } },
    { id: 'print', variable: 'print', fragments: { true: "<text>{text:slogan}</text>" } },
  ];
  p.presentation.personalisation = [
    { id: 'slogan', maxLength: 5, allowed: 'A-Z !', required: false, when: { op: 'eq', var: 'print', value: true }, preview: "<tspan>{value}</tspan>" },
    { id: 'name', maxLength: 10, allowed: 'A-Za-z', required: true },
  ];
  return p;
}

test('personalisation: length, characters, applicability and required fields are each reported', () => {
  const p = product();
  const withPrint = { colour: 'red', print: true };
  assert.deepEqual(checkPersonalisation(p, withPrint, { slogan: 'HI !', name: 'Ann' }), []);
  const codes = (texts: Record<string, string>, config: Record<string, string | boolean> = withPrint, complete = false) =>
    checkPersonalisation(p, config, texts, { complete }).map((x) => `${x.field}:${x.code}`);
  assert.deepEqual(codes({ slogan: 'TOOLONG' }), ['slogan:too-long']);
  assert.deepEqual(codes({ slogan: 'hi' }), ['slogan:bad-characters']);
  assert.deepEqual(codes({ slogan: 'HI' }, { colour: 'red', print: false }), ['slogan:not-applicable']);
  assert.deepEqual(codes({ nickname: 'x' }), ['nickname:unknown-field']);
  assert.deepEqual(codes({}, withPrint, true), ['name:required']);
  assert.deepEqual(codes({ name: '' }, withPrint, false), [], 'an empty text is no text');
  // One code point is one character, whatever its UTF-16 length.
  const emoji = bareProduct('e', 'E', new ModelBuilder().build());
  emoji.presentation.personalisation = [{ id: 'x', maxLength: 2, allowed: '\\p{Emoji}', required: false }];
  assert.deepEqual(checkPersonalisation(emoji, {}, { x: '😀😀' }), []);
});

test('preview: layers stack in order, assets become images, customer text is escaped', () => {
  const p = product();
  const svg = composePreview(p, { colour: 'red', print: true }, { slogan: '<b>&' });
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'));
  assert.ok(svg.indexOf('data-layer="body"') < svg.indexOf('data-layer="print"'));
  assert.ok(svg.includes('<text>&#60;b&#62;&#38;</text>'), svg);
  assert.ok(svg.includes('<tspan>&#60;b&#62;&#38;</tspan>'), svg);
  assert.ok(!svg.includes('<b>'));
  const blue = composePreview(p, { colour: 'blue', print: false }, { slogan: 'HI' });
  assert.ok(blue.includes('<image href="assets/blue.png"'));
  assert.ok(!blue.includes('HI'), 'a field that does not apply is not drawn');
  assert.equal(escapeXml(`"'`), '&#34;&#39;');
});

test('reading by file name: each product format, with imports, and a clear error for others', () => {
  const examples = join(import.meta.dirname, '../../../examples');
  const read = (path: string) => {
    try {
      return readFileSync(join(examples, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const pc = readProductText(read('pc.atl') ?? '', 'pc.atl', read);
  assert.equal(pc.product?.id, 'pc');
  const noImports = readProductText(read('pc.atl') ?? '', 'pc.atl');
  assert.equal(noImports.product, null);
  assert.ok(noImports.diagnostics.some((d) => d.code === 'import-not-found'));
  const uvl = readProductText('features\n  Shop\n    optional\n      Gift', 'shop.uvl');
  assert.ok(uvl.product);
  const other = readProductText('x', 'model.txt');
  assert.equal(other.product, null);
  assert.equal(other.diagnostics[0].code, 'unknown-format');
  assert.deepEqual(other.diagnostics.map(formatDiagnostic), ['model.txt:1:1: error: not a product format (expected one of .atl, .uvl, .coom, .json)']);
  assert.ok(isProductFile('a/b/c.COOM') && !isProductFile('a.atl/b'));
  const json = readProductText('{"id": 1}', 'p.json');
  assert.equal(json.product, null);
  assert.deepEqual(json.diagnostics.map(formatDiagnostic), ['p.json:1:1: error: not a product model (expected id, name and model.variables)']);
  const broken = readProductText('{"id": ', 'p.json');
  assert.equal(broken.product, null);
  assert.equal(broken.diagnostics.length, 1);
  assert.match(formatDiagnostic(broken.diagnostics[0]), /^p\.json:1:1: error: .*JSON/);
  // What `atelier import` writes reads back as the same product.
  const stored = readProductText(JSON.stringify(uvl.product), 'shop.json');
  assert.deepEqual(stored.product, uvl.product);
});
