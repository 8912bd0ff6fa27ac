// The configurator's dictionary: every language says everything English says, with the same
// blanks to fill; a language tag finds its words; counts take the language's plural forms.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { counted, fill, textsOf, uiLanguage, UI_LANGUAGES } from './texts.ts';
import type { Plural } from './plural.ts';

type Entry = string | Plural;

/** Every text of a dictionary by its path ("blocked.title"); a plural's forms as "embed.stillOpen.one". */
function entries(texts: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(texts) as [string, Entry | object][]) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of entries(value, path)) out.set(inner, text);
  }
  return out;
}

const blanks = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the configurator dictionary', () => {
  const english = entries(textsOf('en'));

  for (const language of UI_LANGUAGES.filter((l) => l !== 'en')) {
    test(`${language} has every text, none empty or left in English, each with the English blanks`, () => {
      const own = entries(textsOf(language));
      // A text is two levels deep (section.name); a plural's forms one more.
      const texts = (map: Map<string, string>) => new Set([...map.keys()].map((k) => k.split('.').slice(0, 2).join('.')));
      assert.deepEqual(texts(own), texts(english));
      for (const [path, text] of own) {
        assert.notEqual(text.trim(), '', `${language} ${path} is empty`);
        // A plural form English does not have (Polish "few") carries the blanks of English "other".
        const source = english.get(path) ?? english.get(path.replace(/\.(zero|one|two|few|many)$/, '.other')) ?? '';
        assert.deepEqual(blanks(text), blanks(source), `${language} ${path}: "${text}"`);
        assert.notEqual(text, source, `${language} ${path} is not translated`);
      }
    });
  }

  test('a language tag finds its words by its primary language; any other is English', () => {
    assert.equal(uiLanguage('it'), 'it');
    assert.equal(uiLanguage('it-CH'), 'it');
    assert.equal(uiLanguage(' PL '), 'pl');
    assert.equal(uiLanguage('pl_PL'), 'pl');
    assert.equal(uiLanguage('de'), 'en');
    assert.equal(uiLanguage(''), 'en');
    assert.equal(uiLanguage(undefined), 'en');
    assert.equal(uiLanguage('constructor'), 'en', 'not a property every object has');
    assert.equal(textsOf(uiLanguage('it')).toolbar.undo, 'Annulla');
  });

  test('fill puts in the values named and leaves a blank without a value as written', () => {
    assert.equal(fill('Give it up and choose {value}', { value: 'Nickel' }), 'Give it up and choose Nickel');
    assert.equal(fill('{text} from {from} to {to}', { text: '50 in', from: 26, to: '44 in' }), '50 in from 26 to 44 in');
    assert.equal(fill('{a} and {b}', { a: 1 }), '1 and {b}');
  });

  test('counts take the plural form of the language', () => {
    const open = (language: 'en' | 'pl' | 'it', n: number) => counted(language, n, textsOf(language).embed.stillOpen);
    assert.equal(open('en', 1), '1 option still open.');
    assert.equal(open('en', 4), '4 options still open.');
    assert.equal(open('it', 1), '1 opzione ancora aperta.');
    assert.equal(open('it', 8), '8 opzioni ancora aperte.');
    assert.equal(open('pl', 1), 'Otwarta pozostaje 1 opcja.');
    assert.equal(open('pl', 3), 'Otwarte pozostają 3 opcje.');
    assert.equal(open('pl', 22), 'Otwarte pozostają 22 opcje.');
    assert.equal(open('pl', 5), 'Otwartych pozostaje 5 opcji.');
    assert.equal(open('pl', 12), 'Otwartych pozostaje 12 opcji.');
  });
});
