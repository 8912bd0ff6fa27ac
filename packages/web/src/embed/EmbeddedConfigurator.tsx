// The configurator as another site hosts it: the storefront's option groups, blocked-value panel,
// price and picture on the storefront's engine hook, laid out for whatever width the page gives it,
// with "Add to basket" (a quote on the shop server) instead of the storefront's account and checkout.
import { useEffect, useRef, useState } from 'react';
import { post } from '../api/client.ts';
import type { Quote } from '../api/types.ts';
import { Preview } from '../components/Preview.tsx';
import { PriceBreakdown } from '../components/PriceBreakdown.tsx';
import { useConfigurator } from '../engine/useConfigurator.ts';
import { money } from '../format.ts';
import { errorText } from '../i18n/error-text.ts';
import { counted, fill } from '../i18n/texts.ts';
import { useTexts } from '../i18n/useTexts.tsx';
import { DesignToolbar } from '../components/DesignToolbar.tsx';
import { OptionSections } from '../components/OptionSections.tsx';
import { emit, type AddToBasketDetail } from './events.ts';

export interface EmbeddedProps {
  /** The custom element: events are dispatched on it. */
  host: HTMLElement;
  product: string;
  /** The shop server's address, without a trailing slash. */
  api: string;
  lang?: string;
}

export function EmbeddedConfigurator({ host, product, api, lang }: EmbeddedProps) {
  const c = useConfigurator(product, null, { api, lang });
  const { t, language } = useTexts();
  const { definition, state } = c;
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<{ revision: number; detail: AddToBasketDetail } | null>(null);
  const announced = useRef(false);

  useEffect(() => {
    if (!definition || !state) return;
    if (!announced.current) {
      announced.current = true;
      emit(host, 'atelier-ready', { product: definition.id, version: definition.version, name: definition.name });
    }
    emit(host, 'atelier-change', {
      product: definition.id,
      version: definition.version,
      choices: state.choices,
      texts: state.texts,
      configuration: Object.fromEntries(state.view.assignments.map((a) => [a.variable, a.value])),
      price: state.view.price,
      complete: state.view.complete,
      open: state.view.domains.filter((d) => d.possible.length > 1).length,
    });
  }, [host, definition, state]);

  useEffect(() => {
    if (c.error && !state) emit(host, 'atelier-error', { message: c.error });
  }, [host, c.error, state]);

  if (!definition || !state) {
    return (
      <div className="embed loading" lang={lang} aria-busy={c.error ? undefined : true}>
        {c.error ? (
          <p role="alert" className="error">
            {fill(t.embed.cannotShow, { reason: c.error })}
          </p>
        ) : (
          <p role="status">{t.embed.loading}</p>
        )}
      </div>
    );
  }

  const problems = new Map(state.textProblems.map((p) => [p.field, p.message]));
  const open = state.view.domains.filter((d) => d.possible.length > 1).length;
  const inBasket = added !== null && added.revision === state.revision ? added.detail : null;
  const shop = new URL(api).host;

  const addToBasket = async () => {
    setAdding(true);
    setProblem(null);
    const revision = state.revision;
    try {
      // The server replays the choices on the published version and prices them itself.
      const quote = await post<Quote>(`${api}/api/quotes`, { productId: definition.id, version: definition.version, choices: state.choices, texts: state.texts });
      const detail: AddToBasketDetail = {
        quoteId: quote.id,
        product: quote.productId,
        version: quote.version,
        name: definition.name,
        configuration: quote.configuration,
        choices: quote.choices,
        texts: quote.texts,
        price: quote.price,
        preview: quote.preview,
        expiresAt: quote.expiresAt,
        checkoutUrl: `${api}/checkout/${encodeURIComponent(quote.id)}`,
      };
      setAdded({ revision, detail });
      emit(host, 'atelier-add-to-basket', detail);
    } catch (e) {
      const message = errorText(e, t);
      setProblem(message);
      emit(host, 'atelier-error', { message });
    } finally {
      setAdding(false);
    }
  };

  return (
    <div className="embed" lang={lang} data-revision={state.revision} data-ready="true">
      <header className="embed-header">
        <h2>{definition.name}</h2>
        {definition.description ? <p className="lead">{definition.description}</p> : null}
      </header>

      <div className="embed-layout">
        <div className="embed-options">
          <DesignToolbar c={c} open={open} />

          <OptionSections definition={definition} state={state} actions={c} heading="h3" />
        </div>

        <aside className="embed-summary" aria-label={t.embed.yourDesign}>
          <Preview svg={state.view.preview} viewBox={definition.viewBox} label={fill(t.embed.previewOf, { name: definition.name })} />
          <PriceBreakdown price={state.view.price} complete={state.view.complete} />
          <p className="status" role="status" data-testid="completeness">
            {state.view.complete ? t.embed.ready : counted(language, open, t.embed.stillOpen)}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void addToBasket()} disabled={!state.view.complete || problems.size > 0 || adding}>
              {adding ? t.embed.adding : t.embed.add}
            </button>
          </div>
          {problem ? (
            <p role="alert" className="error">
              {problem}
            </p>
          ) : null}
          {inBasket ? (
            <p role="status" className="notice" data-testid="in-basket">
              {fill(t.embed.added, { price: money(inBasket.price.total, inBasket.price.currency) })}{' '}
              <a href={inBasket.checkoutUrl} target="_blank" rel="noopener">
                {fill(t.embed.checkOut, { shop })}
                <span className="visually-hidden">{t.embed.newTab}</span>
              </a>
            </p>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
