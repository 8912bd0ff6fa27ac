// What the element tells the page hosting it: CustomEvents that bubble out of the element (and out of
// any shadow root the page put it in). The shapes below are the contract with the host page.
import type { Value } from '@atelier/engine';
import type { PriceView } from '@atelier/modeling';
import type { Choice, Texts } from '../engine/protocol.ts';

/** `atelier-ready`: the product is loaded and shown. */
export interface ReadyDetail {
  product: string;
  version: number;
  name: string;
}

/** `atelier-change`: after every change (the first with the opening state), computed in the browser. */
export interface ChangeDetail {
  product: string;
  version: number;
  /** What the customer chose (`by: 'default'` for values "complete for me" filled in), in order. */
  choices: Choice[];
  texts: Texts;
  /** Every variable decided so far, chosen or forced by the rules. */
  configuration: Record<string, Value>;
  price: PriceView;
  /** Every option is decided: "Add to basket" is possible. */
  complete: boolean;
  /** How many options are still open. */
  open: number;
}

/**
 * `atelier-add-to-basket`: the customer pressed "Add to basket" and the shop server made a quote of
 * the design — re-validated and priced there, kept for `expiresAt`. The page keeps `quoteId` in its
 * basket; its own server can read the quote back (GET {api}/api/quotes/{quoteId}) instead of trusting
 * a price from the browser. `checkoutUrl` opens the quote on the shop, to sign in and order it.
 */
export interface AddToBasketDetail {
  quoteId: string;
  product: string;
  version: number;
  name: string;
  configuration: Record<string, Value>;
  choices: Choice[];
  texts: Texts;
  price: PriceView;
  /** The picture of the design (SVG markup): show it as an image, never as markup. */
  preview: string;
  expiresAt: string;
  checkoutUrl: string;
}

/** `atelier-error`: the product could not be shown, or the quote could not be made. */
export interface ErrorDetail {
  message: string;
}

export interface AtelierEvents {
  'atelier-ready': ReadyDetail;
  'atelier-change': ChangeDetail;
  'atelier-add-to-basket': AddToBasketDetail;
  'atelier-error': ErrorDetail;
}

export function emit<K extends keyof AtelierEvents>(host: HTMLElement, type: K, detail: AtelierEvents[K]): void {
  host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
