// Which language the configurator's own words are in, for every component under the provider: the
// embedded element sets it from its `lang` attribute; the storefront's pages, without a provider,
// are in English.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { textsOf, uiLanguage, type UiLanguage, type UiTexts } from './texts.ts';

export interface Texts {
  language: UiLanguage;
  t: UiTexts;
}

const TextsContext = createContext<Texts>({ language: 'en', t: textsOf('en') });

export function TextsProvider({ lang, children }: { lang: string | undefined; children: ReactNode }) {
  const language = uiLanguage(lang);
  const value = useMemo<Texts>(() => ({ language, t: textsOf(language) }), [language]);
  return <TextsContext.Provider value={value}>{children}</TextsContext.Provider>;
}

export function useTexts(): Texts {
  return useContext(TextsContext);
}
