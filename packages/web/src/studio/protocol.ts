// The messages between the studio page and its checking worker (studio/worker.ts).
import type { Diagnostic } from '@atelier/modeling';
import type { ProductDefinition } from '../api/types.ts';
import type { ModelSource } from '../engine/protocol.ts';
import type { Analysis } from '@atelier/modeling';

export interface Checked {
  diagnostics: Diagnostic[];
  /** The configurator definition of the edited text; null while it has errors. */
  definition: ProductDefinition | null;
  seconds: number;
}

export interface StudioRequests {
  /** The upload's checks on the text being edited (see diagnose.ts). */
  check: { params: { source: ModelSource; productId: string; version: number }; result: Checked };
  /** Null when the text does not compile. */
  analyse: { params: { source: ModelSource; countBudgetMs: number }; result: Analysis | null };
}

export type StudioMethod = keyof StudioRequests;

export type StudioRequest = { [M in StudioMethod]: { id: number; method: M; params: StudioRequests[M]['params'] } }[StudioMethod];

export type StudioResponse = { id: number; ok: true; result: StudioRequests[StudioMethod]['result'] } | { id: number; ok: false; error: string };
