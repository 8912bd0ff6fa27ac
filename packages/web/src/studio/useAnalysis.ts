// The analysis panel's figures, from one of two places the panel names: computed in the browser on
// the text being edited (a while after it last checked clean, counting within a time budget), or
// asked of the server for a saved version.
import { useCallback, useRef, useState } from 'react';
import { get, messageOf } from '../api/client.ts';
import type { ModelSource } from '../engine/protocol.ts';
import type { Analysis } from '@atelier/modeling';
import type { StudioRemote } from './remote.ts';
import { useWorkerQueue } from './useWorkerQueue.ts';

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
  /** Grows with each request, so an answer that was overtaken is not shown. */
  const asked = useRef(0);

  const analyse = useCallback(async (remote: StudioRemote, source: ModelSource) => {
    const ticket = ++asked.current;
    setRunning({ kind: 'editor' });
    try {
      const a = await remote.call('analyse', { source, countBudgetMs: COUNT_BUDGET_MS });
      if (ticket !== asked.current || !a) return;
      setAnalysis(a);
      setOrigin({ kind: 'editor' });
      setError(null);
    } catch (e) {
      if (ticket === asked.current) setError(messageOf(e));
    } finally {
      if (ticket === asked.current) setRunning(null);
    }
  }, []);
  useWorkerQueue('atelier-studio-analysis', clean, ANALYSIS_PAUSE_MS, analyse);

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
