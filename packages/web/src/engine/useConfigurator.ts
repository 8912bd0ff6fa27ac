// One product's configurator in the page: loads the definition and the model's files, runs the
// engine in its worker, keeps undo/redo history and a draft in sessionStorage (so signing in, or a
// reload, keeps the design).
import type { Value } from '@atelier/engine';
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, messageOf } from '../api/client.ts';
import type { ProductDefinition } from '../api/types.ts';
import { valueKey } from '../format.ts';
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

export function useConfigurator(productId: string, start: { version?: number; choices?: Choice[]; texts?: Texts } | null): Configurator {
  const [definition, setDefinition] = useState<ProductDefinition | null>(null);
  const [state, setState] = useState<EngineState | null>(null);
  const [whys, setWhys] = useState<ReadonlyMap<string, Why>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<{ entries: Snapshot[]; at: number }>({ entries: [], at: -1 });
  const remote = useRef<EngineRemote | null>(null);
  const explainer = useRef<EngineRemote | null>(null);
  const latest = useRef(-1);
  const explained = useRef(-1);

  useEffect(() => {
    // Two workers: one answers the clicks, the other explains the blocked values in the background
    // on a copy of the same choices, so a click never waits behind an explanation.
    const engine = new EngineRemote();
    const why = new EngineRemote();
    remote.current = engine;
    explainer.current = why;
    let live = true;
    why.onExplanations = (revision, items) => {
      if (!live || revision !== explained.current) return;
      setWhys((before) => {
        const next = new Map(before);
        for (const why of items) next.set(valueKey(why.variable, why.value), why);
        return next;
      });
    };
    const draft = start ? null : readDraft(productId);
    const wanted = start?.version ?? draft?.version;
    (async () => {
      const def = await get<ProductDefinition>(`/api/products/${encodeURIComponent(productId)}${wanted ? `?version=${wanted}` : ''}`);
      if (!live) return;
      setDefinition(def);
      const source = await get<ModelSource>(`/api/products/${encodeURIComponent(productId)}/versions/${def.version}/source`);
      const initial = start ?? (draft && draft.version === def.version ? draft : null);
      const opening = { source, choices: initial?.choices ?? [], texts: initial?.texts ?? {} };
      const explaining = why.call('load', { ...opening, explainer: true }).then((w) => {
        explained.current = w.revision;
      });
      const [s] = await Promise.all([engine.call('load', opening), explaining]);
      if (!live) return;
      latest.current = s.revision;
      setState(s);
      setHistory({ entries: [{ choices: s.choices, texts: s.texts }], at: 0 });
    })().catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
      engine.terminate();
      why.terminate();
      remote.current = null;
      explainer.current = null;
    };
    // `start` is read once, when the product opens.
  }, [productId]);

  // The draft follows every change, so sign-in or a reload comes back to the same design.
  useEffect(() => {
    if (!state || !definition) return;
    const draft: Draft = { version: definition.version, choices: state.choices, texts: state.texts };
    sessionStorage.setItem(draftKey(productId), JSON.stringify(draft));
  }, [state, definition, productId]);

  const accept = useCallback((s: EngineState) => {
    if (s.revision < latest.current) return;
    latest.current = s.revision;
    setWhys(new Map());
    setState(s);
    explainer.current
      ?.call('restore', { choices: s.choices, texts: s.texts })
      .then((w) => {
        explained.current = w.revision;
      })
      .catch(() => undefined);
  }, []);

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
        setError(messageOf(e));
      }
    },
    [accept, record],
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

  // Stable, so a panel waiting for an explanation does not ask again on every render.
  const explain = useCallback((variable: string, value: Value) => ask((e) => e.call('explain', { variable, value })), []);
  const repair = useCallback((variable: string, value: Value) => ask((e) => e.call('repair', { variable, value })), []);
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
    choose: (variable, value) => void run((e) => e.call('assign', { variable, value })),
    clear: (variable) => void run((e) => e.call('retract', { variable })),
    explain,
    repair,
    applyRepair: (variable, value) => run((e) => e.call('applyRepair', { variable, value })),
    complete: (strategy) => void run((e) => e.call('complete', { strategy })),
    setText: (field, text) => void run((e) => e.call('setTexts', { texts: { [field]: text } }), { typing: field }),
    undo: () => restoreTo(history.at - 1),
    redo: () => restoreTo(history.at + 1),
    startOver: () => void run((e) => e.call('restore', { choices: [], texts: {} })),
    dismissError: () => setError(null),
  };
}
