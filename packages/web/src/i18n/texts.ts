// The one dictionary of the configurator's own words (buttons, toolbar, blocked-value panel, price,
// errors), for the storefront's page, the studio's live configurator and the embedded element
// alike. The product's own words (names, options, values, rules' reasons) come translated from the
// shop server (`?lang=`) and are not here.
import { createElement, Fragment, type ReactNode } from 'react';
import { en, type UiTexts } from './en.ts';
import { it } from './it.ts';
import { pl } from './pl.ts';
import { pluralForm, type Plural } from './plural.ts';

export type { UiTexts };

/** English, and the languages the sample catalogue's models carry labels in. */
const dictionary = { en, pl, it } satisfies Record<string, UiTexts>;

export type UiLanguage = keyof typeof dictionary;

export const UI_LANGUAGES = Object.keys(dictionary) as UiLanguage[];

/** The language of the words for `lang` (a BCP 47 tag: "it", "pl-PL"): English when it has none of its own. */
export function uiLanguage(lang: string | undefined): UiLanguage {
  const primary = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(dictionary, primary) ? (primary as UiLanguage) : 'en';
}

export function textsOf(language: UiLanguage): UiTexts {
  return dictionary[language];
}

/** `template` with each `{name}` replaced by `params.name` (a name not given stays as written). */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** As `fill`, with parts that are elements (a value name in bold inside a sentence). */
export function fillNodes(template: string, params: Record<string, ReactNode>): ReactNode {
  const parts = template.split(/(\{\w+\})/).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return name !== undefined && Object.hasOwn(params, name) ? params[name] : part;
  });
  // As children of one fragment, not as an array: the parts need no keys.
  return createElement(Fragment, null, ...parts);
}

/** "3 options still open": the form the language uses for `n`, with `{n}` filled in. */
export function counted(language: UiLanguage, n: number, forms: Plural): string {
  return fill(pluralForm(language, n, forms), { n });
}
