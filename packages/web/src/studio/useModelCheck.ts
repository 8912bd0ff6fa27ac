// Live diagnostics: the text is checked in a worker once typing pauses, the newest text only (see
// useWorkerQueue.ts), so a slow check never builds a queue behind it.
import { useCallback, useMemo, useState } from 'react';
import { messageOf } from '../api/client.ts';
import type { ModelSource } from '../engine/protocol.ts';
import type { Checked } from './protocol.ts';
import type { StudioRemote } from './remote.ts';
import { useWorkerQueue } from './useWorkerQueue.ts';

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

interface CheckRequest {
  source: ModelSource;
  productId: string;
  version: number;
}

export function useModelCheck(productId: string, version: number, source: ModelSource | null): ModelCheck {
  const [result, setResult] = useState<CheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useMemo<CheckRequest | null>(() => (source ? { source, productId, version } : null), [source, productId, version]);
  const check = useCallback(async (remote: StudioRemote, next: CheckRequest) => {
    try {
      const checked = await remote.call('check', next);
      setResult({ ...checked, source: next.source });
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  const checking = useWorkerQueue('atelier-studio-check', request, CHECK_PAUSE_MS, check);
  return { result, checking, error };
}
