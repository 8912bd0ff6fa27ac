// The configuration engine in a Web Worker: reads and compiles the product's model once, keeps one
// Session, and answers the page's requests (see protocol.ts). Every answer carries the whole view
// (valid domains, price, preview), so a click costs one round trip without the network.
import { compile, Session, type Explanation, type Value } from '@atelier/engine';
import {
  checkPersonalisation,
  configurationOf,
  describeConfiguration,
  checkSource,
  holdsOn,
  type ProductModel,
} from '@atelier/modeling';
import type { Choice, EngineState, ModelSource, RepairPlan, RequestMessage, Requests, ResponseMessage, Texts, Why } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface Loaded {
  product: ProductModel;
  session: Session;
  choices: Choice[];
  texts: Texts;
  revision: number;
}

let loaded: Loaded | null = null;
/** Set for the page's second worker, which only explains blocked values, so the first never waits for it. */
let explainsInBackground = false;

/** The published model, read as the server read it when it was published (no need to re-run its checks). */
function read(source: ModelSource): ProductModel {
  const { product, diagnostics } = checkSource(source, false);
  if (!product) {
    const first = diagnostics.find((d) => d.severity === 'error');
    throw new Error(first ? `${first.file}:${first.line}:${first.column} ${first.message}` : 'the model cannot be read');
  }
  return product;
}

function current(): Loaded {
  if (!loaded) throw new Error('no product is loaded');
  return loaded;
}

function shown(value: Value): string {
  return value === null ? 'none' : String(value);
}

function whyOf(variable: string, value: Value, e: Explanation): Why {
  if (e.kind === 'possible') return { variable, value, kind: 'possible', choices: [], rules: [], message: '' };
  const rules = e.constraints.map((c) => ({ label: c.label, ...(c.explanation ? { explanation: c.explanation } : {}) }));
  const texts = [...new Set(rules.flatMap((r) => (r.explanation ? [r.explanation] : [])))];
  const choices = e.kind === 'choices' ? e.choices.map((c) => ({ variable: c.variable, value: c.value })) : [];
  const message =
    texts.length > 0
      ? texts.join(' ')
      : e.kind === 'model'
        ? `The product's rules exclude it${rules.length > 0 ? ` (${rules.map((r) => r.label).join('; ')})` : ''}.`
        : `It conflicts with ${choices.map((c) => `${c.variable} = ${shown(c.value)}`).join(' and ')}.`;
  return { variable, value, kind: e.kind, choices, rules, message };
}

function state(l: Loaded): EngineState {
  const view = describeConfiguration(l.product, l.session, l.texts);
  const config = configurationOf(view.assignments);
  return {
    revision: l.revision,
    choices: l.choices,
    texts: l.texts,
    view,
    textProblems: checkPersonalisation(l.product, config, l.texts, { complete: view.complete }),
    fields: l.product.presentation.personalisation.map((f) => ({ id: f.id, applicable: !f.when || holdsOn(f.when, config) })),
  };
}

/** Replays choices on a fresh session; a choice that no longer fits is dropped, not fatal. */
function replay(l: Loaded, choices: readonly Choice[]): void {
  l.session.reset();
  const kept: Choice[] = [];
  for (const c of choices) {
    try {
      if (l.session.assign(c.variable, c.value).ok) kept.push({ variable: c.variable, value: c.value, by: c.by });
    } catch {
      // an unknown variable or value (another version of the model): left out
    }
  }
  l.choices = kept;
}

function changed(l: Loaded): EngineState {
  l.revision++;
  const s = state(l);
  if (explainsInBackground) scheduleExplanations(l, s.revision, blockedIn(s), PAUSE_MS);
  return s;
}

const blockedIn = (s: EngineState): { variable: string; value: Value }[] =>
  s.view.domains.flatMap((d) => d.impossible.map((value) => ({ variable: d.variable, value })));

const handlers: { [M in keyof Requests]: (params: Requests[M]['params']) => Requests[M]['result'] } = {
  load({ source, choices, texts, explainer }) {
    explainsInBackground = explainer === true;
    const product = read(source);
    const session = new Session(compile(product.model));
    loaded = { product, session, choices: [], texts: {}, revision: 0 };
    replay(loaded, choices ?? []);
    loaded.texts = { ...(texts ?? {}) };
    return changed(loaded);
  },

  assign({ variable, value }) {
    const l = current();
    const result = l.session.assign(variable, value);
    if (!result.ok) throw new Error(whyOf(variable, value, result.explanation).message || 'this value is not possible');
    l.choices = [...l.choices.filter((c) => c.variable !== variable), { variable, value, by: 'user' }];
    return changed(l);
  },

  retract({ variable }) {
    const l = current();
    l.session.retract(variable);
    l.choices = l.choices.filter((c) => c.variable !== variable);
    return changed(l);
  },

  explain({ variable, value }) {
    return whyOf(variable, value, current().session.explain(variable, value));
  },

  repair({ variable, value }): RepairPlan | null {
    const repair = current().session.repair(variable, value);
    return repair && { variable, value, retract: repair.retract.map((a) => ({ variable: a.variable, value: a.value })) };
  },

  applyRepair({ variable, value }) {
    const l = current();
    const repair = l.session.repair(variable, value);
    if (!repair) throw new Error('no configuration has this value, whatever is given up');
    if (!l.session.applyRepair(repair).ok) throw new Error('the repair did not free the value');
    const dropped = new Set([...repair.retract.map((a) => a.variable), variable]);
    l.choices = [...l.choices.filter((c) => !dropped.has(c.variable)), { variable, value, by: 'user' }];
    return changed(l);
  },

  complete({ strategy }) {
    const l = current();
    const completion = l.session.complete(strategy === 'cheapest' ? { kind: 'cheapest', timeoutMs: 2000 } : { kind: 'defaults' });
    // As the server does: values the choices already force stay implied; the rest become `default` choices.
    const settled = new Set([
      ...l.choices.map((c) => c.variable),
      ...l.session.validDomains().flatMap((d) => (d.possible.length === 1 ? [d.variable] : [])),
    ]);
    const added: Choice[] = completion.assignments
      .filter((a) => !settled.has(a.variable))
      .map((a) => ({ variable: a.variable, value: a.value, by: 'default' }));
    for (const c of added) if (!l.session.assign(c.variable, c.value).ok) throw new Error('a completion value was refused');
    l.choices = [...l.choices, ...added];
    return changed(l);
  },

  setTexts({ texts }) {
    const l = current();
    l.texts = Object.fromEntries(Object.entries({ ...l.texts, ...texts }).filter(([, t]) => t !== ''));
    return changed(l);
  },

  restore({ choices, texts }) {
    const l = current();
    replay(l, choices);
    l.texts = Object.fromEntries(Object.entries(texts).filter(([, t]) => t !== ''));
    return changed(l);
  },

  explainBlocked({ choices, texts, blocked }) {
    const l = current();
    replay(l, choices);
    l.texts = Object.fromEntries(Object.entries(texts).filter(([, t]) => t !== ''));
    l.revision++;
    // The page waited for a pause in the clicks before asking: no second pause here.
    scheduleExplanations(l, l.revision, [...blocked], 0);
    return { revision: l.revision };
  },
};

// ------------------------------------------------------------ explanations in the background

let explaining: ReturnType<typeof setTimeout> | null = null;

/**
 * A short pause before explaining: during a burst of clicks the explanations would only be thrown
 * away, and on a machine with few cores they would slow the worker that answers the clicks.
 */
const PAUSE_MS = 100;

/**
 * After each change, explains every blocked value a slice at a time, yielding between slices so a
 * new request is answered first; a newer revision abandons the rest.
 */
function scheduleExplanations(l: Loaded, revision: number, queue: { variable: string; value: Value }[], pauseMs: number): void {
  if (explaining !== null) clearTimeout(explaining);
  let items: Why[] = [];
  let sent = performance.now();
  const slice = (): void => {
    explaining = null;
    if (loaded !== l || l.revision !== revision) return;
    const started = performance.now();
    while (queue.length > 0 && performance.now() - started < 20) {
      const next = queue.shift() as { variable: string; value: Value };
      items.push(whyOf(next.variable, next.value, l.session.explain(next.variable, next.value)));
    }
    // Few messages: each one makes the page draw again.
    if (queue.length === 0 || performance.now() - sent > 150) {
      post({ kind: 'explanations', revision, items });
      items = [];
      sent = performance.now();
    }
    if (queue.length > 0) explaining = setTimeout(slice, 0);
  };
  if (queue.length > 0) explaining = setTimeout(slice, pauseMs);
}

function post(message: ResponseMessage): void {
  scope.postMessage(message);
}

scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  const { id, method, params } = event.data;
  try {
    const handler = handlers[method] as (p: typeof params) => Requests[typeof method]['result'];
    post({ kind: 'reply', id, ok: true, result: handler(params) });
  } catch (error) {
    post({ kind: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
