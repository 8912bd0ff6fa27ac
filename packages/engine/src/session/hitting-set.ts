/**
 * Smallest set of elements that hits every given set (each set must share at least one element with
 * it). Exact by iterative deepening over combinations of the elements that occur in the sets; a
 * configurator's sets are a handful of user choices, so this stays tiny. Elements earlier in
 * `preference` are tried first, which decides ties.
 */
export function minimumHittingSet(sets: readonly (readonly number[])[], preference: readonly number[]): number[] {
  if (sets.length === 0) return [];
  const occurring = new Set(sets.flat());
  const elements = preference.filter((e) => occurring.has(e));
  for (const e of occurring) if (!elements.includes(e)) elements.push(e);
  const hitsAll = (chosen: readonly number[]): boolean => sets.every((s) => s.some((e) => chosen.includes(e)));

  for (let k = 1; k <= elements.length; k++) {
    const found = firstCombination(elements, k, hitsAll);
    if (found) return found;
  }
  return elements;
}

function firstCombination(
  elements: readonly number[],
  k: number,
  accept: (chosen: readonly number[]) => boolean,
): number[] | null {
  const chosen: number[] = [];
  const visit = (start: number): boolean => {
    if (chosen.length === k) return accept(chosen);
    for (let i = start; i <= elements.length - (k - chosen.length); i++) {
      chosen.push(elements[i]);
      if (visit(i + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  return visit(0) ? chosen.slice() : null;
}
