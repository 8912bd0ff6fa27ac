import type { Assignment, Session, Value } from '@atelier/engine';
import { configurationOf, priceBreakdown, type Configuration, type PersonalisationTexts, type PriceLine } from './evaluate.ts';
import { composePreview } from './preview.ts';
import type { ProductModel } from './product.ts';

export interface PriceView {
  currency: string;
  total: number;
  lines: PriceLine[];
}

export interface DomainView {
  variable: string;
  possible: Value[];
  impossible: Value[];
  forced?: Value;
  chosen?: Value;
}

/** Everything a configurator shows after a change: the same computation in the browser's worker and on the server. */
export interface ConfigurationView {
  assignments: Assignment[];
  domains: DomainView[];
  /** Every variable is decided: the configuration can be quoted. */
  complete: boolean;
  price: PriceView;
  preview: string;
}

/** The millionth rounding evaluatePrice applies, so the view's total is the quote's total. */
const toMillionths = (amount: number): number => Math.round(amount * 1e6) / 1e6;

export function priceView(product: ProductModel, assignments: readonly Assignment[], texts: PersonalisationTexts): PriceView {
  return priceOf(product, configurationOf(assignments), texts);
}

/** The breakdown once: the total is its sum (as evaluatePrice computes it), each line rounded. */
function priceOf(product: ProductModel, config: Configuration, texts: PersonalisationTexts): PriceView {
  const lines = priceBreakdown(product, config, texts);
  let total = 0;
  for (const line of lines) {
    total += line.amount;
    line.amount = toMillionths(line.amount);
  }
  return { currency: product.currency ?? 'EUR', total: toMillionths(total), lines };
}

export function describeConfiguration(product: ProductModel, session: Session, texts: PersonalisationTexts): ConfigurationView {
  // The engine builds these afresh on every call, in the view's shape: they are handed on as they are.
  const domains: DomainView[] = session.validDomains();
  const assignments = session.assignments();
  const config = configurationOf(assignments);
  let complete = true;
  for (const d of domains) if (d.possible.length !== 1) complete = false;
  return {
    assignments,
    domains,
    complete,
    price: priceOf(product, config, texts),
    preview: composePreview(product, config, texts),
  };
}
