// A count's wording: the forms a language needs (English: one, other; Polish: one, few, many), the
// form for a number picked by Intl.PluralRules, `other` whenever a language's form is not given.

export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export function pluralForm(lang: string, n: number, forms: Plural): string {
  const category = new Intl.PluralRules(lang).select(n);
  return forms[category] ?? forms.other;
}
