import build from 'fast-json-stringify';
import { z } from 'zod';
import { ConfigurationState } from './state.ts';

type Domain = ConfigurationState['domains'][number];
type Value = Domain['possible'][number];
type Item = { variable: string; value: Value; by: string };

/**
 * Writes every configurator answer (ConfigurationState) as JSON bytes, the same text the schema's
 * compiled serializer writes, with the parts that repeat taken from small caches: each domain's JSON
 * (sessions hand out one frozen object per domain in use, Session.validDomains), and each choice's and
 * assignment's (the same variable with the same value, in any configuration).
 *
 * Why: the domains are most of an answer (1.5 of the PC's 2 kB), and most of them do not change from
 * one choice to the next, nor between customers. Written afresh (each value's string escaped character
 * by character), a PC answer took 33–39 µs in the server under the benchmark's load and left 17 kB of
 * garbage. As text joined from cached fragments it was still a tree of a hundred small strings, which
 * Node flattened to count its bytes and encoded again to send (under the step load: the writer 6.6 µs,
 * flattening and encoding 3–4 µs more). Bytes copied from cached fragments into one buffer are counted
 * and sent as they are. The rest (ids, texts, price, preview) is written by fast-json-stringify compiled
 * from the schema's own parts; the test checks the whole text against the schema's serializer along
 * walks on every sample product.
 */
export function configurationStateWriter(): (state: ConfigurationState) => Buffer {
  const { shape } = ConfigurationState;
  const partWriter = (schema: z.ZodType): ((value: never) => string) => build(z.toJSONSchema(schema, { io: 'output', target: 'draft-07' }) as Parameters<typeof build>[0]);
  const texts = partWriter(shape.texts);
  const price = partWriter(shape.price);
  const choices = new ItemFragments(partWriter(shape.choices.element));
  const assignments = new ItemFragments(partWriter(shape.assignments.element));
  const domains = new DomainFragments();
  const out = new AnswerBytes();
  return (state) => {
    const { id, productId, version, revision, preview } = state;
    if (typeof id !== 'string' || typeof productId !== 'string' || !Number.isInteger(version) || !Number.isInteger(revision) || typeof preview !== 'string') {
      throw new TypeError('a configuration state needs its id, productId, version, revision and preview');
    }
    if (!Array.isArray(state.choices) || !Array.isArray(state.assignments) || !Array.isArray(state.domains)) {
      throw new TypeError('a configuration state needs its choices, assignments and domains');
    }
    out.reset();
    out.text(`{"id":${JSON.stringify(id)},"productId":${JSON.stringify(productId)},"version":${version},"revision":${revision},"choices":`);
    choices.write(state.choices, out);
    out.text(`,"texts":${texts(state.texts as never)},"assignments":`);
    assignments.write(state.assignments, out);
    out.text(',"domains":');
    domains.write(state.domains, out);
    out.text(`,"complete":${state.complete === true},"price":${price(state.price as never)},"preview":${JSON.stringify(preview)}}`);
    return out.take();
  };
}

/** One answer's bytes, built in a buffer kept between answers; `take` copies them out. */
class AnswerBytes {
  private buffer = Buffer.allocUnsafeSlow(16 * 1024);
  private at = 0;

  reset(): void {
    this.at = 0;
  }

  text(s: string): void {
    this.room(3 * s.length);
    this.at += this.buffer.write(s, this.at);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buffer.set(b, this.at);
    this.at += b.length;
  }

  byte(c: number): void {
    this.room(1);
    this.buffer[this.at++] = c;
  }

  take(): Buffer {
    const answer = Buffer.allocUnsafe(this.at);
    this.buffer.copy(answer, 0, 0, this.at);
    return answer;
  }

  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(2 * (this.at + n));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }
}

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * JSON fragments of an answer's array elements, each variable's most recent ones kept (up to `limit`,
 * the most recent first), written as one JSON array.
 */
abstract class Fragments<T> {
  private readonly recent = new Map<string, { element: T; json: Buffer }[]>();

  constructor(private readonly limit: number) {}

  write(elements: readonly T[], out: AnswerBytes): void {
    out.byte(OPEN);
    for (let i = 0; i < elements.length; i++) {
      if (i > 0) out.byte(COMMA);
      out.bytes(this.fragment(elements[i]));
    }
    out.byte(CLOSE);
  }

  protected abstract fragment(element: T): Buffer;

  /** The JSON kept for a recent element of `variable` the same as this one, else `make`'s, kept. */
  protected recall(variable: string, element: T, same: (kept: T, element: T) => boolean, make: () => { element: T; json: Buffer }): Buffer {
    let variants = this.recent.get(variable);
    if (variants) {
      for (const v of variants) if (same(v.element, element)) return v.json;
    } else {
      variants = [];
      this.recent.set(variable, variants);
    }
    const made = make();
    variants.unshift(made);
    if (variants.length > this.limit) variants.pop();
    return made.json;
  }
}

/** Choices (or assignments): a variable takes few values, and the same ones in every configuration. */
class ItemFragments extends Fragments<Item> {
  constructor(private readonly writeItem: (item: never) => string) {
    super(16);
  }

  protected fragment(item: Item): Buffer {
    const { variable, value, by } = item;
    if (typeof variable !== 'string' || typeof by !== 'string') return Buffer.from(this.writeItem(item as never));
    return this.recall(variable, item, sameItem, () => {
      const kept = { variable, value, by };
      return { element: kept, json: Buffer.from(this.writeItem(kept as never)) };
    });
  }
}

/** Domains: frozen ones by identity, others by value among each variable's recent ones. */
class DomainFragments extends Fragments<Domain> {
  private readonly byObject = new WeakMap<Domain, Buffer>();

  constructor() {
    // A variable rarely has more domains in use at once.
    super(8);
  }

  protected fragment(domain: Domain): Buffer {
    if (typeof domain.variable !== 'string' || !Array.isArray(domain.possible) || !Array.isArray(domain.impossible)) {
      throw new TypeError('a domain needs its variable, possible and impossible values');
    }
    // Sessions hand out one frozen object per domain in use (Session.validDomains): known by identity,
    // else by value like any other.
    const frozen = Object.isFrozen(domain) && Object.isFrozen(domain.possible) && Object.isFrozen(domain.impossible);
    const known = frozen ? this.byObject.get(domain) : undefined;
    if (known) return known;
    const json = this.recall(domain.variable, domain, sameDomain, () => {
      // A copy unless frozen: the cached domain must not change with the answer it came from.
      const kept: Domain = frozen ? domain : { ...domain, possible: [...domain.possible], impossible: [...domain.impossible] };
      return { element: kept, json: Buffer.from(domainJson(kept)) };
    });
    if (frozen) this.byObject.set(domain, json);
    return json;
  }
}

const sameItem = (a: Item, b: Item): boolean => a.value === b.value && a.by === b.by;

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
