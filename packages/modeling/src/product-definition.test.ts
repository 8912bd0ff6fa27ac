import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '@atelier/engine';
import { defineProduct } from './product-definition.ts';
import { checkSource } from './source.ts';

const SOURCE = `product lamp "Lamp" {
  flag dimmer "Dimmer"
  component shade "Shade" optional {
    choice colour "Colour" {
      value white "White" { label it "Bianco" }
      value black "Black"
    }
  }
}
`;

function definition(lang: string) {
  const { product, diagnostics } = checkSource({ main: 'lamp.atl', files: { 'lamp.atl': SOURCE } }, false);
  assert.ok(product, JSON.stringify(diagnostics));
  return defineProduct('lamp', 1, product, compile(product.model), lang);
}

const labels = (lang: string, variable: string): string[] =>
  definition(lang).variables.find((v) => v.name === variable)!.values.map((v) => v.label);

test("a flag's values and absence are named in the asked language when the model names them not", () => {
  assert.deepEqual(labels('en', 'dimmer'), ['no', 'yes']);
  assert.deepEqual(labels('it', 'dimmer'), ['no', 'sì']);
  assert.deepEqual(labels('pl-PL', 'dimmer'), ['nie', 'tak']);
  assert.deepEqual(labels('it', 'shade.colour'), ['nessuno', 'Bianco', 'Black'], "the model's own labels win, in its language or in English");
  assert.deepEqual(labels('pl', 'shade.colour'), ['brak', 'White', 'Black']);
  assert.deepEqual(labels('fr', 'dimmer'), ['no', 'yes'], 'an unknown language falls back to English');
});
