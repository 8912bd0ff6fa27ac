// A failure in the configurator's words: the refusals the page itself words (the shop not reachable,
// the product not in its catalogue, the engine's worker refused or stopped without a word) in the
// dictionary's language; any other is the server's or the engine's message as it came.
import { ApiError, messageOf } from '../api/client.ts';
import { EngineStopped } from '../engine/engine-stopped.ts';
import { fill, type UiTexts } from './texts.ts';

/** `productId`: the product being loaded, for its "not found". */
export function errorText(error: unknown, t: UiTexts, productId?: string): string {
  if (error instanceof ApiError && error.code === 'unreachable') {
    const origin = (error.details as { origin?: unknown } | undefined)?.origin;
    return typeof origin === 'string' ? fill(t.errors.unreachableFrom, { origin }) : t.errors.unreachable;
  }
  if (error instanceof EngineStopped && !error.detail) return t.errors.engineStopped;
  if (error instanceof ApiError && error.status === 404 && productId !== undefined) return fill(t.errors.productNotFound, { id: productId });
  return messageOf(error);
}
