import { holdsOn, type Configuration, type PersonalisationTexts } from './evaluate.ts';
import type { ProductModel } from './product.ts';

/** Why a personalisation text cannot be accepted; `field` is the field's id. */
export interface PersonalisationProblem {
  field: string;
  code: 'unknown-field' | 'too-long' | 'bad-characters' | 'not-applicable' | 'required';
  message: string;
}

/**
 * Checks what a customer typed against the product's personalisation fields. `complete` asks for
 * required fields too, which only matters once the configuration is about to be quoted.
 */
export function checkPersonalisation(
  product: ProductModel,
  config: Configuration,
  texts: PersonalisationTexts,
  options: { complete?: boolean } = {},
): PersonalisationProblem[] {
  const problems: PersonalisationProblem[] = [];
  const fields = new Map(product.presentation.personalisation.map((f) => [f.id, f]));
  for (const [id, text] of Object.entries(texts)) {
    const field = fields.get(id);
    if (!field) {
      problems.push({ field: id, code: 'unknown-field', message: `"${id}" is not a personalisation field of ${product.id}` });
      continue;
    }
    if (text === '') continue;
    if (field.when && !holdsOn(field.when, config)) {
      problems.push({ field: id, code: 'not-applicable', message: `"${id}" does not apply to this configuration` });
    }
    if ([...text].length > field.maxLength) {
      problems.push({ field: id, code: 'too-long', message: `"${id}" takes at most ${field.maxLength} characters` });
    }
    const bad = [...text].filter((ch) => !allowedPattern(field.allowed).test(ch));
    if (bad.length > 0) {
      const shown = [...new Set(bad)].map((ch) => JSON.stringify(ch)).join(', ');
      problems.push({ field: id, code: 'bad-characters', message: `"${id}" does not allow ${shown} (allowed: ${field.allowed})` });
    }
  }
  if (options.complete) {
    for (const field of product.presentation.personalisation) {
      if (field.required && !texts[field.id] && (!field.when || holdsOn(field.when, config))) {
        problems.push({ field: field.id, code: 'required', message: `"${field.id}" must be filled in` });
      }
    }
  }
  return problems;
}

const patterns = new Map<string, RegExp>();

/**
 * The field's character class (written as inside `[ ]`, checked when the model was read), compiled
 * once; `u` so that one code point is one character.
 */
function allowedPattern(allowed: string): RegExp {
  let pattern = patterns.get(allowed);
  if (!pattern) {
    pattern = new RegExp(`^[${allowed}]$`, 'u');
    patterns.set(allowed, pattern);
  }
  return pattern;
}
