import type { FeatureAttributeValue } from '../product.ts';

/** Words that cannot be written as a bare name. */
const KEYWORDS = new Set([
  'namespace',
  'include',
  'imports',
  'as',
  'features',
  'constraints',
  'constraint',
  'cardinality',
  'mandatory',
  'optional',
  'alternative',
  'or',
  'String',
  'Integer',
  'Boolean',
  'Real',
  'sum',
  'avg',
  'len',
  'floor',
  'ceil',
  'true',
  'false',
  'Type',
  'Arithmetic',
]);

const STRICT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** One part of a name, quoted unless it is a plain identifier. */
function quotePart(part: string): string {
  return STRICT.test(part) && !KEYWORDS.has(part) ? part : `"${part}"`;
}

/** A part as UVL can hold it: quoted names cannot contain quotes or line breaks. */
function cleanPart(part: string): string {
  const cleaned = part.replace(/["\r\n]/g, '_');
  return cleaned.length === 0 ? '_' : cleaned;
}

/** A name written as one reference, whatever it contains (for `namespace`). */
export function quoteName(name: string): string {
  return name.split('.').map((part) => quotePart(cleanPart(part))).join('.');
}

/**
 * Writes engine variable names as UVL references. A dotted name is written part by part, which reads
 * back as the same name; a name UVL cannot hold gets a close legal one, kept unique.
 */
export class UvlNames {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** Reserves a name as-is when it is legal, else a cleaned variant; returns the UVL text. */
  add(name: string): string {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    let parts = name.split('.').map(cleanPart);
    let joined = parts.join('.');
    for (let k = 2; this.taken.has(joined); k++) {
      parts = [...parts.slice(0, -1), `${cleanPart(name.split('.').pop() ?? name)}_${k}`];
      joined = parts.join('.');
    }
    this.taken.add(joined);
    const text = parts.map(quotePart).join('.');
    this.byName.set(name, text);
    return text;
  }

  /** A fresh name that is not taken, for a root or an attribute the model does not name. */
  fresh(base: string): string {
    return this.add(this.free(base));
  }

  free(base: string): string {
    let candidate = cleanPart(base).replace(/\./g, '_');
    for (let k = 2; this.taken.has(candidate) || this.byName.has(candidate); k++) candidate = `${cleanPart(base).replace(/\./g, '_')}_${k}`;
    return candidate;
  }

  text(name: string): string {
    return this.byName.get(name) ?? this.add(name);
  }
}

/** A number as UVL writes it: no exponent, no trailing zeros. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const plain = String(v);
  if (!/e/i.test(plain)) return plain;
  return v.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}

/** An attribute's name: bare when UVL reads it back as written, else quoted. */
export function formatAttributeName(key: string): string {
  return quotePart(cleanPart(key));
}

/** `key value` as UVL writes it in an attribute block; a bare key for a value-less attribute. */
export function formatAttribute(key: string, value: FeatureAttributeValue): string {
  return value === null ? formatAttributeName(key) : `${formatAttributeName(key)} ${formatAttributeValue(value)}`;
}

function formatAttributeValue(value: Exclude<FeatureAttributeValue, null>): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return formatString(value);
  if (typeof value === 'boolean') return String(value);
  // A null item in a list has no UVL form of its own: `true` is what a bare key means.
  if (Array.isArray(value)) return `[${value.map((v) => formatAttributeValue(v ?? true)).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => formatAttribute(k, v))
    .join(', ')}}`;
}

/** A string constant in single quotes; UVL strings cannot contain the quote or a line break. */
export function formatString(s: string): string {
  return `'${s.replace(/['\r\n]/g, '_')}'`;
}
