// Whether a value can be chosen now. The engine's domains take every choice into account, the
// variable's own included: once a value is chosen, all the others read as impossible. Whether
// another value is blocked by the *other* choices is what the explanations tell (the background
// worker explains every impossible value; kind 'possible' means only the variable's own choice
// stands in the way). Until an explanation arrives such a value is 'unknown', shown as available and
// checked when activated.
import type { Value } from '@atelier/engine';
import { useRef } from 'react';
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

/**
 * The status of each of `values`, where a value of a choice already made that is not explained yet
 * keeps the status it had before the last change (usually still right), instead of flickering to
 * available until the explanations arrive; a different chosen value starts afresh.
 */
export function useValueStatuses(domain: DomainView, whys: ReadonlyMap<string, Why>, values: readonly Value[]): ValueStatus[] {
  const memory = useRef<{ chosen: Value | undefined; known: Map<string, ValueStatus> }>({ chosen: undefined, known: new Map() });
  if (memory.current.chosen !== domain.chosen) memory.current = { chosen: domain.chosen, known: new Map() };
  const known = memory.current.known;
  return values.map((value) => {
    const key = valueKey(domain.variable, value);
    const status = valueStatus(domain, whys, value);
    if (status !== 'unknown') {
      known.set(key, status);
      return status;
    }
    return known.get(key) ?? 'unknown';
  });
}
