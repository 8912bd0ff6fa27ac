// The page's side of a studio worker: typed calls, answered in the order they were made.
import type { StudioMethod, StudioRequests, StudioResponse } from './protocol.ts';

export class StudioRemote {
  private readonly worker: Worker;
  /** Set once the worker has failed: later calls are refused at once instead of waiting forever. */
  private stopped: Error | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: never) => void; reject: (error: Error) => void }>();

  constructor(name: string) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });
    this.worker.onmessage = (event: MessageEvent<StudioResponse>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result as never);
      else waiting.reject(new Error(reply.error));
    };
    this.worker.onerror = (event) => {
      this.stopped = new Error(event.message || 'the studio worker stopped');
      for (const waiting of this.pending.values()) waiting.reject(this.stopped);
      this.pending.clear();
    };
  }

  call<M extends StudioMethod>(method: M, params: StudioRequests[M]['params']): Promise<StudioRequests[M]['result']> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<StudioRequests[M]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.worker.postMessage({ id, method, params });
    });
  }

  terminate(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error('the studio was closed'));
    this.pending.clear();
  }
}
