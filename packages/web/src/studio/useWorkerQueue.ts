// A studio worker fed with the newest input: the input is handed over once it has stayed the same
// for `pauseMs` (typing pauses), one run is in flight at a time and only the newest input waits
// behind it (see latest-only-queue.ts). The live checks and the analysis are both driven this way.
import { useEffect, useRef, useState } from 'react';
import { LatestOnlyQueue } from './latest-only-queue.ts';
import { StudioRemote } from './remote.ts';

/**
 * Starts a worker named `workerName` for the component's life and runs `work` on it with each new
 * `input` (compared by identity; null: nothing to do). `work` reports its own results. Returns
 * whether a newer input than the last one worked on is pausing, waiting or running.
 */
export function useWorkerQueue<T>(workerName: string, input: T | null, pauseMs: number, work: (remote: StudioRemote, item: T) => Promise<void>): boolean {
  const [pending, setPending] = useState(false);
  const queue = useRef<LatestOnlyQueue<T> | null>(null);
  const latest = useRef<T | null>(null);
  // The newest `work`, so that a run started later sees the caller's latest props.
  const currentWork = useRef(work);
  currentWork.current = work;

  useEffect(() => {
    const remote = new StudioRemote(workerName);
    const q = new LatestOnlyQueue<T>(
      (item) => currentWork.current(remote, item),
      (last) => {
        if (latest.current === last) setPending(false);
      },
    );
    queue.current = q;
    return () => {
      q.close();
      remote.terminate();
      queue.current = null;
    };
  }, [workerName]);

  useEffect(() => {
    latest.current = input;
    if (input === null) return;
    setPending(true);
    const timer = setTimeout(() => queue.current?.submit(input), pauseMs);
    return () => clearTimeout(timer);
  }, [input, pauseMs]);

  return pending;
}
