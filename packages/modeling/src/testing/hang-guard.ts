import { Worker } from 'node:worker_threads';

/** Called before each input of a guarded run, so that a hang can name the input it happened on. */
export type Progress = (label: string, text: string) => void;

/** What a guarded module exports under the name given: a run over many inputs that returns a summary. */
export type GuardedRun<T> = (progress: Progress) => T;

type Message<T> = { ready: true } | { progress: { label: string; text: string } } | { result: T };

/**
 * Runs the function exported as `name` by `module` in a worker thread. An exception inside it (a
 * failed assertion) rejects with that exception. When one input takes longer than `limitMs` (from
 * its progress report to the next), the worker is stopped and the promise rejects naming that input.
 * The limit only tells a hang from a slow machine: it is many times what any input takes.
 */
export function withoutHanging<T>(module: URL, name: string, limitMs: number): Promise<T> {
  const worker = new Worker(new URL('./hang-guard-worker.mjs', import.meta.url), { workerData: { module: module.href, name } });
  let current = { label: '(the first input)', text: '' };
  let timer: NodeJS.Timeout | undefined;
  return new Promise<T>((resolve, reject) => {
    const settle = (): void => clearTimeout(timer);
    const watch = (): void => {
      settle();
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`no answer after ${limitMs / 1000} s on ${current.label}:\n${current.text}`));
      }, limitMs);
    };
    worker.on('message', (m: Message<T>) => {
      if ('result' in m) {
        settle();
        resolve(m.result);
        return;
      }
      if ('progress' in m) current = m.progress;
      watch();
    });
    worker.on('error', (e) => {
      settle();
      reject(e);
    });
    worker.on('exit', (code) => {
      settle();
      if (code !== 0) reject(new Error(`the worker stopped with code ${code} on ${current.label}`));
    });
  });
}
