// Whether a value can be chosen now. The engine's domains take every choice into account, the
// variable's own included: once a value is chosen, all the others read as impossible. Whether
// another value is blocked by the *other* choices is what the explanations tell (the background
// worker explains every impossible value; kind 'possible' means only the variable's own choice
// stands in the way). Until an explanation arrives such a value is 'unknown', shown as available and
// checked when activated.
import type { Value } from '@atelier/engine';
import type { DomainView } from '@atelier/modeling';
import type { Why } from '../engine/protocol.ts';
import { valueKey } from '../format.ts';

export type ValueStatus = 'possible' | 'blocked' | 'unknown';

export function valueStatus(domain: DomainView, whys: ReadonlyMap<string, Why>, value: Value): ValueStatus {
  if (domain.possible.includes(value)) return 'possible';
  if (domain.chosen === undefined) return 'blocked';
  const why = whys.get(valueKey(domain.variable, value));
  if (!why) return 'unknown';
  return why.kind === 'possible' ? 'possible' : 'blocked';
}

/** For a value whose status is unknown: asks the engine whether the other choices block it. */
export async function isBlockedNow(domain: DomainView, whys: ReadonlyMap<string, Why>, value: Value, explain: (variable: string, value: Value) => Promise<Why>): Promise<boolean> {
  const status = valueStatus(domain, whys, value);
  if (status !== 'unknown') return status === 'blocked';
  return (await explain(domain.variable, value)).kind !== 'possible';
}
