import build from 'fast-json-stringify';
import { z } from 'zod';
import { ConfigurationState } from './state.ts';

type Domain = ConfigurationState['domains'][number];
type Value = Domain['possible'][number];

/**
 * Writes every configurator answer (ConfigurationState) as JSON, the same text the schema's compiled
 * serializer writes, but with each domain's JSON taken from a small cache when the same variable had
 * the same domain recently (in any configuration).
 *
 * Why: the domains are most of an answer (1.5 of the PC's 2 kB), and most of them do not change from
 * one choice to the next, nor between customers: most variables keep their whole domain most of the
 * time. Written afresh (each value's string escaped character by character, one small string per
 * value), a PC answer took 33–39 µs in the server under the benchmark's load, 10 µs in a tight loop,
 * and left 17 kB of garbage; with the cached fragments (compared by their values, no text built to
 * find them) 14–17 µs, 2.4 µs in a loop, and 4 kB. The other parts are written by fast-json-stringify
 * compiled from their own schemas, so only the domain's shape is written here, and the test checks
 * the whole text against the schema's serializer along walks on every sample product.
 */
export function configurationStateWriter(): (state: ConfigurationState) => string {
  const { shape } = ConfigurationState;
  const partWriter = (schema: z.ZodType): ((value: never) => string) => build(z.toJSONSchema(schema, { io: 'output', target: 'draft-07' }) as Parameters<typeof build>[0]);
  const choices = partWriter(shape.choices);
  const texts = partWriter(shape.texts);
  const assignments = partWriter(shape.assignments);
  const price = partWriter(shape.price);
  const domains = new DomainFragments();
  return (state) => {
    const { id, productId, version, revision, preview } = state;
    if (typeof id !== 'string' || typeof productId !== 'string' || !Number.isInteger(version) || !Number.isInteger(revision) || typeof preview !== 'string') {
      throw new TypeError('a configuration state needs its id, productId, version, revision and preview');
    }
    return (
      `{"id":${JSON.stringify(id)},"productId":${JSON.stringify(productId)},"version":${version},"revision":${revision}` +
      `,"choices":${choices(state.choices as never)},"texts":${texts(state.texts as never)},"assignments":${assignments(state.assignments as never)}` +
      `,"domains":${domains.write(state.domains)},"complete":${state.complete === true},"price":${price(state.price as never)},"preview":${JSON.stringify(preview)}}`
    );
  };
}

/** Recent domains of each variable, with their JSON; the most recently written first. */
class DomainFragments {
  /** Variants kept per variable name: a variable rarely has more domains in use at once. */
  private static readonly VARIANTS = 8;
  private readonly recent = new Map<string, { domain: Domain; json: string }[]>();
  private readonly byObject = new WeakMap<Domain, string>();

  write(domains: readonly Domain[]): string {
    if (!Array.isArray(domains)) throw new TypeError('a configuration state needs its domains');
    let out = '[';
    for (let i = 0; i < domains.length; i++) {
      if (i > 0) out += ',';
      out += this.fragment(domains[i]);
    }
    return `${out}]`;
  }

  private fragment(domain: Domain): string {
    if (typeof domain.variable !== 'string' || !Array.isArray(domain.possible) || !Array.isArray(domain.impossible)) {
      throw new TypeError('a domain needs its variable, possible and impossible values');
    }
    // Sessions hand out one frozen object per domain in use (Session.validDomains): known by identity.
    const frozen = Object.isFrozen(domain) && Object.isFrozen(domain.possible) && Object.isFrozen(domain.impossible);
    if (frozen) {
      let json = this.byObject.get(domain);
      if (json === undefined) {
        json = domainJson(domain);
        this.byObject.set(domain, json);
      }
      return json;
    }
    let variants = this.recent.get(domain.variable);
    if (variants) {
      for (const v of variants) if (sameDomain(v.domain, domain)) return v.json;
    } else {
      variants = [];
      this.recent.set(domain.variable, variants);
    }
    // A copy: the cached domain must not change with the answer it came from.
    const kept: Domain = { ...domain, possible: [...domain.possible], impossible: [...domain.impossible] };
    const json = domainJson(kept);
    variants.unshift({ domain: kept, json });
    if (variants.length > DomainFragments.VARIANTS) variants.pop();
    return json;
  }
}

function sameValues(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameDomain(a: Domain, b: Domain): boolean {
  return a.forced === b.forced && a.chosen === b.chosen && sameValues(a.possible, b.possible) && sameValues(a.impossible, b.impossible);
}

/** A value as the schema's serializer writes it; anything else in a domain is a bug, refused. */
function valueJson(value: Value): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return JSON.stringify(value);
  }
  throw new TypeError(`a domain value must be a string, a finite number, a boolean or null, not ${String(value)}`);
}

const valuesJson = (values: readonly Value[]): string => `[${values.map(valueJson).join(',')}]`;

function domainJson(d: Domain): string {
  let json = `{"variable":${JSON.stringify(d.variable)},"possible":${valuesJson(d.possible)},"impossible":${valuesJson(d.impossible)}`;
  if (d.forced !== undefined) json += `,"forced":${valueJson(d.forced)}`;
  if (d.chosen !== undefined) json += `,"chosen":${valueJson(d.chosen)}`;
  return `${json}}`;
}
