// The analysis panel's figures, from one of two places the panel names: computed in the browser on
// the text being edited (a while after it last checked clean, counting within a time budget), or
// asked of the server for a saved version.
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, messageOf } from '../api/client.ts';
import type { ModelSource } from '../engine/protocol.ts';
import type { Analysis } from '@atelier/modeling';
import { StudioRemote } from './remote.ts';

/** Counting the configurations of the text being edited stops after this long. */
export const COUNT_BUDGET_MS = 3000;
/** The analysis waits this long after a clean check, so it does not run for every pause in typing. */
const ANALYSIS_PAUSE_MS = 600;

export type AnalysisOrigin = { kind: 'editor' } | { kind: 'server'; version: number };

export interface AnalysisView {
  analysis: Analysis | null;
  origin: AnalysisOrigin | null;
  running: AnalysisOrigin | null;
  error: string | null;
  /** Asks the server for a saved version's analysis (its own time budget: 10 s). */
  analyseSaved(version: number): void;
}

export function useAnalysis(productId: string, clean: ModelSource | null): AnalysisView {
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [origin, setOrigin] = useState<AnalysisOrigin | null>(null);
  const [running, setRunning] = useState<AnalysisOrigin | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remote = useRef<StudioRemote | null>(null);
  const busy = useRef(false);
  const waiting = useRef<ModelSource | null>(null);
  /** Grows with each request, so an answer that was overtaken is not shown. */
  const asked = useRef(0);

  useEffect(() => {
    const worker = new StudioRemote('atelier-studio-analysis');
    remote.current = worker;
    return () => {
      worker.terminate();
      remote.current = null;
      busy.current = false;
      waiting.current = null;
    };
  }, []);

  useEffect(() => {
    if (!clean) return;
    const analyse = (source: ModelSource): void => {
      const worker = remote.current;
      if (!worker) return;
      if (busy.current) {
        waiting.current = source;
        return;
      }
      busy.current = true;
      const ticket = ++asked.current;
      setRunning({ kind: 'editor' });
      worker
        .call('analyse', { source, countBudgetMs: COUNT_BUDGET_MS })
        .then((a) => {
          if (ticket !== asked.current || !a) return;
          setAnalysis(a);
          setOrigin({ kind: 'editor' });
          setError(null);
        })
        .catch((e: unknown) => ticket === asked.current && setError(messageOf(e)))
        .finally(() => {
          busy.current = false;
          if (ticket === asked.current) setRunning(null);
          const queued = waiting.current;
          waiting.current = null;
          if (queued) analyse(queued);
        });
    };
    const timer = setTimeout(() => analyse(clean), ANALYSIS_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [clean]);

  const analyseSaved = useCallback(
    (version: number) => {
      const ticket = ++asked.current;
      setRunning({ kind: 'server', version });
      get<Analysis>(`/api/products/${encodeURIComponent(productId)}/versions/${version}/analysis?timeout=10`)
        .then((a) => {
          if (ticket !== asked.current) return;
          setAnalysis(a);
          setOrigin({ kind: 'server', version });
          setError(null);
        })
        .catch((e: unknown) => ticket === asked.current && setError(messageOf(e)))
        .finally(() => ticket === asked.current && setRunning(null));
    },
    [productId],
  );

  return { analysis, origin, running, error, analyseSaved };
}
