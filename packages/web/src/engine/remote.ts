// The page's side of the engine worker: typed calls answered in order, plus the stream of
// background explanations.
import { EngineStopped } from './engine-stopped.ts';
import type { Method, Requests, ResponseMessage, Why } from './protocol.ts';
// A separate file in the storefront's build; inlined in the embedded configurator's (vite.embed.config.ts).
import EngineWorker from './worker.ts?worker';

export class EngineRemote {
  private readonly worker: Worker;
  /** Set once the worker has failed: later calls are refused at once instead of waiting forever. */
  private stopped: EngineStopped | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: never) => void; reject: (error: Error) => void }>();
  /** Called with each batch of explanations of blocked values, for the revision named. */
  onExplanations: (revision: number, items: Why[]) => void = () => {};

  constructor() {
    this.worker = new EngineWorker({ name: 'atelier-engine' });
    this.worker.onmessage = (event: MessageEvent<ResponseMessage>) => {
      const message = event.data;
      if (message.kind === 'explanations') {
        this.onExplanations(message.revision, message.items);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result as never);
      else waiting.reject(new Error(message.error));
    };
    this.worker.onerror = (event) => {
      // A worker that never started reports a plain Event: no message at all.
      this.stopped = new EngineStopped(event.message ?? '');
      for (const waiting of this.pending.values()) waiting.reject(this.stopped);
      this.pending.clear();
    };
  }

  call<M extends Method>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<Requests[M]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.worker.postMessage({ id, method, params });
    });
  }

  terminate(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error('the configurator was closed'));
    this.pending.clear();
  }
}
