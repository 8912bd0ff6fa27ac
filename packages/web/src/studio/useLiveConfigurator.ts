// The storefront's engine worker (engine/worker.ts) behind the studio's live configurator: each text
// that checks without errors is loaded in place of the last one, replaying the choices made so far
// (a choice the new text no longer allows is dropped by the worker, the others stay).
import type { Value } from '@atelier/engine';
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client.ts';
import { valueKey } from '../format.ts';
import type { EngineState, ModelSource, RepairPlan, Why } from '../engine/protocol.ts';
import { EngineRemote } from '../engine/remote.ts';

export interface LiveConfigurator {
  state: EngineState | null;
  /** Grows with each text loaded, so a test (or a person) can tell a reload from a click. */
  generation: number;
  whys: ReadonlyMap<string, Why>;
  error: string | null;
  choose(variable: string, value: Value): void;
  clear(variable: string): void;
  explain(variable: string, value: Value): Promise<Why>;
  repair(variable: string, value: Value): Promise<RepairPlan | null>;
  applyRepair(variable: string, value: Value): Promise<void>;
  complete(strategy: 'defaults' | 'cheapest'): void;
  setText(field: string, text: string): void;
  startOver(): void;
}

export function useLiveConfigurator(source: ModelSource | null): LiveConfigurator {
  const [state, setState] = useState<EngineState | null>(null);
  const [generation, setGeneration] = useState(0);
  const [whys, setWhys] = useState<ReadonlyMap<string, Why>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const remote = useRef<EngineRemote | null>(null);
  /** The loaded text's number and the newest state's revision in it: older answers are dropped. */
  const current = useRef({ generation: 0, revision: -1 });
  const kept = useRef<Pick<EngineState, 'choices' | 'texts'>>({ choices: [], texts: {} });

  useEffect(() => {
    // One worker both answers and explains: in the studio a click may wait a little for an
    // explanation, and a second engine would double the work of every reload.
    const engine = new EngineRemote();
    remote.current = engine;
    engine.onExplanations = (revision, items) => {
      if (revision !== current.current.revision) return;
      setWhys((before) => {
        const next = new Map(before);
        for (const why of items) next.set(valueKey(why.variable, why.value), why);
        return next;
      });
    };
    return () => {
      engine.terminate();
      remote.current = null;
    };
  }, []);

  const accept = useCallback((s: EngineState, loaded: number) => {
    if (loaded !== current.current.generation || s.revision < current.current.revision) return;
    current.current.revision = s.revision;
    kept.current = { choices: s.choices, texts: s.texts };
    setWhys(new Map());
    setState(s);
    setError(null);
  }, []);

  useEffect(() => {
    const engine = remote.current;
    if (!source || !engine) return;
    const loading = current.current.generation + 1;
    current.current = { generation: loading, revision: -1 };
    engine
      .call('load', { source, choices: kept.current.choices, texts: kept.current.texts, explainer: true })
      .then((s) => {
        accept(s, loading);
        setGeneration(loading);
      })
      .catch((e: unknown) => loading === current.current.generation && setError(messageOf(e)));
  }, [source, accept]);

  const run = useCallback(
    (work: (engine: EngineRemote) => Promise<EngineState>): Promise<void> => {
      const engine = remote.current;
      if (!engine) return Promise.resolve();
      const loaded = current.current.generation;
      return work(engine).then(
        (s) => accept(s, loaded),
        (e: unknown) => setError(messageOf(e)),
      );
    },
    [accept],
  );

  const explain = useCallback((variable: string, value: Value) => ask((e) => e.call('explain', { variable, value })), []);
  const repair = useCallback((variable: string, value: Value) => ask((e) => e.call('repair', { variable, value })), []);
  function ask<R>(work: (engine: EngineRemote) => Promise<R>): Promise<R> {
    const engine = remote.current;
    return engine ? work(engine) : Promise.reject(new Error('the configurator is not ready'));
  }

  return {
    state,
    generation,
    whys,
    error,
    choose: (variable, value) => void run((e) => e.call('assign', { variable, value })),
    clear: (variable) => void run((e) => e.call('retract', { variable })),
    explain,
    repair,
    applyRepair: (variable, value) => run((e) => e.call('applyRepair', { variable, value })),
    complete: (strategy) => void run((e) => e.call('complete', { strategy })),
    setText: (field, text) => void run((e) => e.call('setTexts', { texts: { [field]: text } })),
    startOver: () => void run((e) => e.call('restore', { choices: [], texts: {} })),
  };
}
