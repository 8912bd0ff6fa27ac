// One product's configurator in the page: loads the definition and the model's files, runs the
// engine in its worker, keeps undo/redo history and a draft in sessionStorage (so signing in, or a
// reload, keeps the design).
import type { Value } from '@atelier/engine';
import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from '../api/client.ts';
import type { ProductDefinition } from '../api/types.ts';
import { valueKey } from '../format.ts';
import { errorText } from '../i18n/error-text.ts';
import { useTexts } from '../i18n/useTexts.tsx';
import { keepUnchanged } from './keep-unchanged.ts';
import type { Choice, EngineState, ModelSource, RepairPlan, Texts, Why } from './protocol.ts';
import { EngineRemote } from './remote.ts';

interface Snapshot {
  choices: Choice[];
  texts: Texts;
  /** Typing into one field makes one undo step, not one per key. */
  typing?: string;
}

export interface Draft {
  version: number;
  choices: Choice[];
  texts: Texts;
}

const draftKey = (productId: string): string => `atelier:draft:${productId}`;

export function readDraft(productId: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(productId));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function clearDraft(productId: string): void {
  sessionStorage.removeItem(draftKey(productId));
}

export interface Configurator {
  definition: ProductDefinition | null;
  state: EngineState | null;
  /** Why each blocked value is blocked, by valueKey, as the worker works them out. */
  whys: ReadonlyMap<string, Why>;
  error: string | null;
  canUndo: boolean;
  canRedo: boolean;
  choose(variable: string, value: Value): void;
  clear(variable: string): void;
  explain(variable: string, value: Value): Promise<Why>;
  repair(variable: string, value: Value): Promise<RepairPlan | null>;
  applyRepair(variable: string, value: Value): Promise<void>;
  complete(strategy: 'defaults' | 'cheapest'): void;
  setText(field: string, text: string): void;
  undo(): void;
  redo(): void;
  startOver(): void;
  dismissError(): void;
}

/** Where the product comes from: the shop's own API (the storefront), or another shop server's (the embedded element). */
export interface ProductSource {
  /** The shop server's address, without a trailing slash; '' for the page's own. */
  api?: string;
  /** The language of the product's labels, when its model has them. */
  lang?: string;
}

/** How long the clicks must pause before the blocked values of the latest state are explained. */
const EXPLAIN_AFTER_MS = 100;

export function useConfigurator(
  productId: string,
  start: { version?: number; choices?: Choice[]; texts?: Texts } | null,
  from: ProductSource = {},
): Configurator {
  const { t } = useTexts();
  const [definition, setDefinition] = useState<ProductDefinition | null>(null);
  const [state, setState] = useState<EngineState | null>(null);
  const [whys, setWhys] = useState<ReadonlyMap<string, Why>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<{ entries: Snapshot[]; at: number }>({ entries: [], at: -1 });
  const remote = useRef<EngineRemote | null>(null);
  const explainer = useRef<Promise<EngineRemote> | null>(null);
  const latest = useRef<EngineState | null>(null);
  /** The explaining worker's revision whose explanations belong to the state shown (-1: none yet). */
  const explained = useRef(-1);
  const explainTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const syncs = useRef(0);

  /** Hands the state's choices and blocked values to the explaining worker; only the latest hand-over counts. */
  const explainState = useCallback((s: EngineState) => {
    const ticket = ++syncs.current;
    explained.current = -1;
    const blocked = s.view.domains.flatMap((d) => d.impossible.map((value) => ({ variable: d.variable, value })));
    if (blocked.length === 0) return;
    void explainer.current
      ?.then((why) => why.call('explainBlocked', { choices: s.choices, texts: s.texts, blocked }))
      .then((w) => {
        if (ticket === syncs.current) explained.current = w.revision;
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    // Two workers: one answers the clicks, the other explains the blocked values in the background
    // on a copy of the same choices, so a click never waits behind an explanation.
    const engine = new EngineRemote();
    remote.current = engine;
    let why: EngineRemote | null = null;
    let live = true;
    const draft = start ? null : readDraft(productId);
    const wanted = start?.version ?? draft?.version;
    const product = `${from.api ?? ''}/api/products/${encodeURIComponent(productId)}`;
    const query = new URLSearchParams({ ...(wanted ? { version: String(wanted) } : {}), ...(from.lang ? { lang: from.lang } : {}) }).toString();
    (async () => {
      const def = await get<ProductDefinition>(`${product}${query ? `?${query}` : ''}`);
      if (!live) return;
      setDefinition(def);
      const source = await get<ModelSource>(`${product}/versions/${def.version}/source`);
      const initial = start ?? (draft && draft.version === def.version ? draft : null);
      const s = await engine.call('load', { source, choices: initial?.choices ?? [], texts: initial?.texts ?? {} });
      if (!live) return;
      latest.current = s;
      setState(s);
      setHistory({ entries: [{ choices: s.choices, texts: s.texts }], at: 0 });
      // The explaining worker starts once the options are on screen: on a machine with few cores,
      // compiling the model twice at once would delay the first answer.
      why = new EngineRemote();
      why.onExplanations = (revision, items) => {
        if (!live || revision !== explained.current) return;
        setWhys((before) => {
          const next = new Map(before);
          for (const w of items) next.set(valueKey(w.variable, w.value), w);
          return next;
        });
      };
      const loading = why.call('load', { source, choices: [], texts: {}, explainer: true }).then(() => why as EngineRemote);
      explainer.current = loading;
      explainState(latest.current);
      await loading;
    })().catch((e: unknown) => live && setError(errorText(e, t, productId)));
    return () => {
      live = false;
      if (explainTimer.current !== null) clearTimeout(explainTimer.current);
      engine.terminate();
      why?.terminate();
      remote.current = null;
      explainer.current = null;
    };
    // `start` is read once, when the product opens.
  }, [productId, from.api, from.lang]);

  // The draft follows every change, so sign-in or a reload comes back to the same design.
  useEffect(() => {
    if (!state || !definition) return;
    const draft: Draft = { version: definition.version, choices: state.choices, texts: state.texts };
    sessionStorage.setItem(draftKey(productId), JSON.stringify(draft));
  }, [state, definition, productId]);

  const accept = useCallback(
    (answer: EngineState) => {
      const before = latest.current;
      if (before && answer.revision < before.revision) return;
      const s = keepUnchanged(before, answer);
      latest.current = s;
      setWhys(new Map());
      setState(s);
      explained.current = -1;
      if (explainTimer.current !== null) clearTimeout(explainTimer.current);
      explainTimer.current = setTimeout(() => {
        explainTimer.current = null;
        if (latest.current === s) explainState(s);
      }, EXPLAIN_AFTER_MS);
    },
    [explainState],
  );

  const record = useCallback((s: EngineState, typing?: string) => {
    setHistory((h) => {
      const top = h.entries[h.at];
      const base = typing !== undefined && top?.typing === typing ? h.at - 1 : h.at;
      const entries = [...h.entries.slice(0, base + 1), { choices: s.choices, texts: s.texts, ...(typing !== undefined ? { typing } : {}) }];
      return { entries, at: entries.length - 1 };
    });
  }, []);

  const run = useCallback(
    async (work: (engine: EngineRemote) => Promise<EngineState>, options: { record?: boolean; typing?: string } = {}) => {
      const engine = remote.current;
      if (!engine) return;
      try {
        const s = await work(engine);
        accept(s);
        if (options.record !== false) record(s, options.typing);
        setError(null);
      } catch (e) {
        setError(errorText(e, t));
      }
    },
    [accept, record, t],
  );

  const restoreTo = useCallback(
    (at: number) => {
      const snapshot = history.entries[at];
      if (!snapshot) return;
      setHistory((h) => ({ ...h, at }));
      void run((e) => e.call('restore', { choices: snapshot.choices, texts: snapshot.texts }), { record: false });
    },
    [history, run],
  );

  // Stable, so memoised option groups and a panel waiting for an explanation do not draw or ask again on every render.
  const explain = useCallback((variable: string, value: Value) => ask((e) => e.call('explain', { variable, value })), []);
  const repair = useCallback((variable: string, value: Value) => ask((e) => e.call('repair', { variable, value })), []);
  const choose = useCallback((variable: string, value: Value) => void run((e) => e.call('assign', { variable, value })), [run]);
  const clear = useCallback((variable: string) => void run((e) => e.call('retract', { variable })), [run]);
  const applyRepair = useCallback((variable: string, value: Value) => run((e) => e.call('applyRepair', { variable, value })), [run]);
  const complete = useCallback((strategy: 'defaults' | 'cheapest') => void run((e) => e.call('complete', { strategy })), [run]);
  const setText = useCallback((field: string, text: string) => void run((e) => e.call('setTexts', { texts: { [field]: text } }), { typing: field }), [run]);
  const startOver = useCallback(() => void run((e) => e.call('restore', { choices: [], texts: {} })), [run]);
  const dismissError = useCallback(() => setError(null), []);
  function ask<R>(work: (engine: EngineRemote) => Promise<R>): Promise<R> {
    const engine = remote.current;
    if (!engine) return Promise.reject(new Error('the configurator is not ready'));
    return work(engine);
  }

  return {
    definition,
    state,
    whys,
    error,
    canUndo: history.at > 0,
    canRedo: history.at < history.entries.length - 1,
    choose,
    clear,
    explain,
    repair,
    applyRepair,
    complete,
    setText,
    undo: () => restoreTo(history.at - 1),
    redo: () => restoreTo(history.at + 1),
    startOver,
    dismissError,
  };
}
