// The messages between the configurator page and the engine's Web Worker.
import type { Value } from '@atelier/engine';
import type { ConfigurationView, ModelSource, PersonalisationProblem } from '@atelier/modeling';

/** A model version's files, as GET /api/products/:id/versions/:v/source answers. */
export type { ModelSource };

/** A stored choice, as the server keeps it: a completion's values are `default`, still the customer's to change. */
export interface Choice {
  variable: string;
  value: Value;
  by: 'user' | 'default';
}

export type Texts = Record<string, string>;

/** Everything the page draws after a change, computed in the worker. */
export interface EngineState {
  /** Grows with every change; explanations name the revision they belong to. */
  revision: number;
  choices: Choice[];
  texts: Texts;
  view: ConfigurationView;
  textProblems: PersonalisationProblem[];
  /** Personalisation fields, and whether each applies to the configuration as it stands. */
  fields: { id: string; applicable: boolean }[];
}

/** Why a value is blocked: the fewest choices that exclude it and the rules' own texts. */
export interface Why {
  variable: string;
  value: Value;
  kind: 'possible' | 'choices' | 'model';
  choices: { variable: string; value: Value }[];
  rules: { label: string; explanation?: string }[];
  /** The rules' explanation texts joined, or a generic sentence when the model has none. */
  message: string;
}

/** "Choose it anyway": the choices to give up (null when nothing can free the value). */
export interface RepairPlan {
  variable: string;
  value: Value;
  retract: { variable: string; value: Value }[];
}

export interface Requests {
  /** `explainer`: this worker explains every blocked value after each change (see worker.ts). */
  load: { params: { source: ModelSource; choices?: Choice[]; texts?: Texts; explainer?: boolean }; result: EngineState };
  assign: { params: { variable: string; value: Value }; result: EngineState };
  retract: { params: { variable: string }; result: EngineState };
  explain: { params: { variable: string; value: Value }; result: Why };
  repair: { params: { variable: string; value: Value }; result: RepairPlan | null };
  applyRepair: { params: { variable: string; value: Value }; result: EngineState };
  complete: { params: { strategy: 'defaults' | 'cheapest' }; result: EngineState };
  setTexts: { params: { texts: Texts }; result: EngineState };
  /** Replaces every choice and text (undo, redo, start over, a shared design). */
  restore: { params: { choices: Choice[]; texts: Texts }; result: EngineState };
  /**
   * For the explaining worker: takes the choices and texts of the page's latest state and explains
   * the values that state blocks, in the background. The blocked values come from the page, so this
   * worker does not work out the valid domains a second time; it answers with its own revision.
   */
  explainBlocked: { params: { choices: Choice[]; texts: Texts; blocked: { variable: string; value: Value }[] }; result: { revision: number } };
}

export type Method = keyof Requests;

export type RequestMessage = { [M in Method]: { id: number; method: M; params: Requests[M]['params'] } }[Method];

export type ResponseMessage =
  | { kind: 'reply'; id: number; ok: true; result: Requests[Method]['result'] }
  | { kind: 'reply'; id: number; ok: false; error: string }
  /** Sent after a state, value by value in the background: why each blocked value is blocked. */
  | { kind: 'explanations'; revision: number; items: Why[] };
