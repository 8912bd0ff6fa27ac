/**
 * <atelier-configurator>: the shop's configurator on any page, with one script tag.
 *
 *   <script type="module" src="https://shop.example/embed/atelier-configurator.js"></script>
 *   <atelier-configurator product="pc" api="https://shop.example"></atelier-configurator>
 *
 * Attributes (a change starts the element again with the new product, shop or language):
 *   product  the product's id in the shop's catalogue (required).
 *   api      the shop server's address; default: where this script was loaded from.
 *   lang     the language of the product's labels, when its model has them (e.g. "it"); default:
 *            the server's (English). The element's own words (buttons, explanations, messages)
 *            follow it in English, Polish and Italian (src/i18n), and are English otherwise.
 *
 * Events, dispatched on the element as CustomEvents that bubble and are composed (see events.ts for
 * the detail of each):
 *   atelier-ready          { product, version, name } once the product is shown.
 *   atelier-change         { product, version, choices, texts, configuration, price, complete, open }
 *                          after every change, the first time with the opening state.
 *   atelier-add-to-basket  { quoteId, product, version, name, configuration, choices, texts, price,
 *                          preview, expiresAt, checkoutUrl } when "Add to basket" made a quote on the
 *                          shop server (complete designs only). The page keeps quoteId; its server can
 *                          read the quote back at {api}/api/quotes/{quoteId}; checkoutUrl is the shop's
 *                          page to sign in and order it.
 *   atelier-error          { message } when the product cannot be shown or the quote cannot be made.
 *
 * Why a quote and not a saved design: saved designs belong to a signed-in account, and nothing signed
 * in crosses origins here — requests to the shop carry no cookies, so the page never acts as the
 * customer. A quote is anonymous, re-validated and priced by the shop, and can be ordered later.
 *
 * The shop must allow the page's origin (ATELIER_EMBED_ORIGINS) unless the page is on the shop itself.
 * The engine runs in two Web Workers built into this script (a browser refuses a worker script from
 * another origin than the page's), started from blob: addresses: a page with a Content-Security-Policy
 * needs `script-src` and `connect-src` for the shop, `worker-src blob:` and `img-src data:` (the
 * picture); without blob: workers the element says it cannot start (see README, tested in e2e). The element's styles live in its shadow
 * root: the page's rules do not reach inside, nothing the page sets on its body is inherited, and
 * the element's rules do not reach the page. Rules on the element itself (atelier-configurator { … })
 * do apply — that is how a page sizes, spaces or themes it, e.g. with the custom properties --accent,
 * --accent-ink, --ink, --muted, --line, --paper, --wash. The layout follows the element's width, not
 * the window's.
 */
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { fill, textsOf, uiLanguage } from '../i18n/texts.ts';
import { TextsProvider } from '../i18n/useTexts.tsx';
import { EmbeddedConfigurator } from './EmbeddedConfigurator.tsx';
import { emit } from './events.ts';
import { elementStyles } from './styles.ts';

export type { AddToBasketDetail, AtelierEvents, ChangeDetail, ErrorDetail, ReadyDetail } from './events.ts';

const scriptOrigin = new URL(import.meta.url).origin;

/** The shop's address from the `api` attribute: absolute, without a trailing slash; null when it is not a web address. */
export function shopAddress(attribute: string | null): string | null {
  const written = attribute?.trim() || scriptOrigin;
  try {
    const url = new URL(written, document.baseURI);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export class AtelierConfiguratorElement extends HTMLElement {
  static readonly observedAttributes = ['product', 'api', 'lang'];
  private readonly mount: HTMLDivElement;
  private root: Root | null = null;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [elementStyles()];
    this.mount = document.createElement('div');
    this.mount.className = 'atelier';
    shadow.append(this.mount);
  }

  connectedCallback(): void {
    this.root ??= createRoot(this.mount);
    this.render();
  }

  disconnectedCallback(): void {
    // Moving the element elsewhere in the page disconnects and reconnects it at once: keep the design then.
    queueMicrotask(() => {
      if (this.isConnected || !this.root) return;
      this.root.unmount();
      this.root = null;
    });
  }

  attributeChangedCallback(): void {
    if (this.root) this.render();
  }

  private render(): void {
    if (!this.root) return;
    const product = this.getAttribute('product')?.trim() ?? '';
    const api = shopAddress(this.getAttribute('api'));
    const lang = this.getAttribute('lang')?.trim() || undefined;
    const t = textsOf(uiLanguage(lang));
    if (!product) return this.refuse(t.embed.noProduct, lang);
    if (!api) return this.refuse(fill(t.embed.badApi, { api: String(this.getAttribute('api')) }), lang);
    // A new key for a new product, shop or language: a fresh engine, not the last product's state.
    const configurator = createElement(EmbeddedConfigurator, { key: `${api} ${product} ${lang ?? ''}`, host: this, product, api, lang });
    this.root.render(createElement(TextsProvider, { lang, children: configurator }));
  }

  private refuse(reason: string, lang: string | undefined): void {
    const message = fill(textsOf(uiLanguage(lang)).embed.cannotShow, { reason });
    this.root?.render(createElement('p', { role: 'alert', className: 'embed error' }, message));
    emit(this, 'atelier-error', { message });
  }
}

if (!customElements.get('atelier-configurator')) customElements.define('atelier-configurator', AtelierConfiguratorElement);

declare global {
  interface HTMLElementTagNameMap {
    'atelier-configurator': AtelierConfiguratorElement;
  }
}
