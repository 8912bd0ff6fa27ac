// The studio's checks off the page's thread: reading, checking and analysing a model can take a
// few hundred milliseconds (the solver checks every value), and typing must never wait for them.
import { analyseModel, defineProduct, diagnoseSource } from '@atelier/modeling';
import type { StudioRequest, StudioRequests, StudioResponse } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handlers: { [M in keyof StudioRequests]: (params: StudioRequests[M]['params']) => StudioRequests[M]['result'] } = {
  check({ source, productId, version }) {
    const t0 = performance.now();
    const { diagnostics, product, model } = diagnoseSource(source);
    const definition = product && model ? defineProduct(productId, version, product, model) : null;
    return { diagnostics, definition, seconds: (performance.now() - t0) / 1000 };
  },

  analyse({ source, countBudgetMs }) {
    // The analysis runs the solver checks itself.
    const { model } = diagnoseSource(source, false);
    return model ? analyseModel(model, countBudgetMs) : null;
  },
};

scope.onmessage = (event: MessageEvent<StudioRequest>) => {
  const { id, method, params } = event.data;
  let reply: StudioResponse;
  try {
    const handler = handlers[method] as (p: typeof params) => StudioRequests[typeof method]['result'];
    reply = { id, ok: true, result: handler(params) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
