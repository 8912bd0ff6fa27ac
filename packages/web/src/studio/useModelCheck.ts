// Live diagnostics: the text is checked in a worker once typing pauses. Only the newest text is
// ever waiting: while one check runs, later edits replace each other, so a slow check never builds
// a queue behind it.
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client.ts';
import type { ModelSource } from '../engine/protocol.ts';
import type { Checked } from './protocol.ts';
import { StudioRemote } from './remote.ts';

/** How long typing must pause before the text is checked. */
export const CHECK_PAUSE_MS = 250;

export interface CheckResult extends Checked {
  /** The text these diagnostics are about (marks are drawn only on that very text). */
  source: ModelSource;
}

export interface ModelCheck {
  result: CheckResult | null;
  /** A newer text than the result's is waiting or being checked. */
  checking: boolean;
  error: string | null;
}

export function useModelCheck(productId: string, version: number, source: ModelSource | null): ModelCheck {
  const [result, setResult] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remote = useRef<StudioRemote | null>(null);
  const busy = useRef(false);
  const waiting = useRef<ModelSource | null>(null);
  const latest = useRef<ModelSource | null>(null);

  useEffect(() => {
    const worker = new StudioRemote('atelier-studio-check');
    remote.current = worker;
    return () => {
      worker.terminate();
      remote.current = null;
      busy.current = false;
      waiting.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = source;
    if (!source) return;
    setChecking(true);
    const check = (next: ModelSource): void => {
      const worker = remote.current;
      if (!worker) return;
      if (busy.current) {
        waiting.current = next;
        return;
      }
      busy.current = true;
      worker
        .call('check', { source: next, productId, version })
        .then((checked) => {
          setResult({ ...checked, source: next });
          setError(null);
        })
        .catch((e: unknown) => setError(messageOf(e)))
        .finally(() => {
          busy.current = false;
          const queued = waiting.current;
          waiting.current = null;
          if (queued) check(queued);
          else if (latest.current === next) setChecking(false);
        });
    };
    const timer = setTimeout(() => check(source), CHECK_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [source, productId, version]);

  return { result, checking, error };
}
