// Structural sharing between two engine states: every domain, choice and price that did not change
// keeps the previous object, so the page's memoised parts (an option group, the price) skip drawing.
import type { Value } from '@atelier/engine';
import type { DomainView, PriceView } from '@atelier/modeling';
import type { Choice, EngineState } from './protocol.ts';

const sameValues = (a: readonly Value[], b: readonly Value[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function sameDomain(a: DomainView, b: DomainView): boolean {
  return a.variable === b.variable && a.chosen === b.chosen && a.forced === b.forced && sameValues(a.possible, b.possible) && sameValues(a.impossible, b.impossible);
}

const sameChoice = (a: Choice, b: Choice): boolean => a.variable === b.variable && a.value === b.value && a.by === b.by;

function samePrice(a: PriceView, b: PriceView): boolean {
  return (
    a.currency === b.currency &&
    a.total === b.total &&
    a.lines.length === b.lines.length &&
    a.lines.every((line, i) => line.label === b.lines[i].label && line.amount === b.lines[i].amount)
  );
}

export function keepUnchanged(before: EngineState | null, next: EngineState): EngineState {
  if (!before) return next;
  const domains = new Map(before.view.domains.map((d) => [d.variable, d]));
  const choices = new Map(before.choices.map((c) => [c.variable, c]));
  return {
    ...next,
    choices: next.choices.map((c) => {
      const old = choices.get(c.variable);
      return old && sameChoice(old, c) ? old : c;
    }),
    view: {
      ...next.view,
      domains: next.view.domains.map((d) => {
        const old = domains.get(d.variable);
        return old && sameDomain(old, d) ? old : d;
      }),
      price: samePrice(before.view.price, next.view.price) ? before.view.price : next.view.price,
    },
  };
}
