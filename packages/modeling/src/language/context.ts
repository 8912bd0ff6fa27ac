import { ModelBuilder, ModelError, type Value } from '@atelier/engine';
import { formatPosition } from '@atelier/engine/model/errors.ts';
import { type Diagnostic, type Severity, diagnostic } from '../diagnostics.ts';
import type { BomLine, Operation, Presentation, PriceTerm } from '../product.ts';
import type { Pos } from './ast.ts';
import type { Globals } from './resolve.ts';
import type { Member } from './scope.ts';

/** Past this many engine variables a model is refused: repeated components multiply quickly. */
export const MAX_VARIABLES = 20_000;

export interface Domain {
  values: Value[];
  optional: boolean;
}

/** Everything lowering one product accumulates: the engine model, the product IR and the diagnostics. */
export class Lowering {
  readonly builder = new ModelBuilder();
  readonly domains = new Map<string, Domain>();
  readonly prices: PriceTerm[] = [];
  readonly bom: BomLine[] = [];
  readonly operations: Operation[] = [];
  readonly presentation: Presentation = { variables: {}, groups: [], layers: [], personalisation: [] };
  readonly valueSources: Record<string, Record<string, Pos>> = {};
  /** Engine variable → the member it belongs to (a component's presence flag → the component). */
  readonly members = new Map<string, Member>();
  private tooLargeReported = false;

  constructor(
    readonly globals: Globals,
    readonly diagnostics: Diagnostic[],
  ) {}

  report(severity: Severity, code: string, message: string, at: Pos, hint?: string): void {
    this.diagnostics.push(diagnostic(severity, code, message, at, hint));
  }

  error(code: string, message: string, at: Pos, hint?: string): void {
    this.report('error', code, message, at, hint);
  }

  warn(code: string, message: string, at: Pos, hint?: string): void {
    this.report('warning', code, message, at, hint);
  }

  /** False (once reported) when declaring `more` variables would make the model too large. */
  room(more: number, at: Pos): boolean {
    if (this.domains.size + more <= MAX_VARIABLES) return true;
    if (!this.tooLargeReported) {
      this.error('too-large', `the model would have more than ${MAX_VARIABLES} variables; reduce the repeated components`, at);
      this.tooLargeReported = true;
    }
    return false;
  }

  /** Runs a builder call; the builder's own checks become diagnostics instead of exceptions. */
  declare(name: string, at: Pos, values: Value[], optional: boolean, declare: (b: ModelBuilder) => void): boolean {
    try {
      declare(this.builder);
    } catch (e) {
      this.error('model-error', modelErrorText(e), at);
      return false;
    }
    this.domains.set(name, { values, optional });
    return true;
  }
}

/** A ModelError's message without the position it starts with (the diagnostic carries it). */
export function modelErrorText(e: unknown): string {
  if (!(e instanceof ModelError)) return e instanceof Error ? e.message : String(e);
  const prefix = formatPosition(e.source);
  return prefix && e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}
