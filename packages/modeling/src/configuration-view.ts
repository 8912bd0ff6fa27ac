import type { Assignment, Session, Value } from '@atelier/engine';
import { configurationOf, evaluatePrice, priceBreakdown, type PersonalisationTexts, type PriceLine } from './evaluate.ts';
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

export function priceView(product: ProductModel, assignments: readonly Assignment[], texts: PersonalisationTexts): PriceView {
  const config = configurationOf(assignments);
  const lines = priceBreakdown(product, config, texts).map((l) => ({ ...l, amount: Math.round(l.amount * 1e6) / 1e6 }));
  return { currency: product.currency ?? 'EUR', total: evaluatePrice(product, config, texts), lines };
}

export function describeConfiguration(product: ProductModel, session: Session, texts: PersonalisationTexts): ConfigurationView {
  const domains = session.validDomains();
  const assignments = session.assignments();
  return {
    assignments,
    domains: domains.map((d) => ({
      variable: d.variable,
      possible: d.possible,
      impossible: d.impossible,
      ...(d.forced !== undefined ? { forced: d.forced } : {}),
      ...(d.chosen !== undefined ? { chosen: d.chosen } : {}),
    })),
    complete: domains.every((d) => d.possible.length === 1),
    price: priceView(product, assignments, texts),
    preview: composePreview(product, configurationOf(assignments), texts),
  };
}
