import type { SourcePosition } from './compiled.ts';

/** A malformed model. The message names the element at fault (constraint label and position, or variable). */
export class ModelError extends Error {
  readonly source?: SourcePosition;
  /** Label of the constraint at fault, or the variable's name. */
  readonly element?: string;

  constructor(message: string, element?: string, source?: SourcePosition) {
    super(message);
    this.name = 'ModelError';
    this.element = element;
    this.source = source;
  }
}

export function formatPosition(source: SourcePosition | undefined): string {
  return source ? `${source.file}:${source.line}:${source.column}: ` : '';
}

/** Where an error happened: "constraint "label"" with its position in front when known. */
export interface ErrorContext {
  what: string;
  element?: string;
  source?: SourcePosition;
}

export function modelError(ctx: ErrorContext, problem: string): ModelError {
  return new ModelError(`${formatPosition(ctx.source)}${ctx.what}: ${problem}`, ctx.element, ctx.source);
}

export function constraintContext(label: string, source?: SourcePosition): ErrorContext {
  return { what: `constraint "${label}"`, element: label, source };
}

export function variableContext(name: string, source?: SourcePosition): ErrorContext {
  return { what: `variable "${name}"`, element: name, source };
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a third of the name's length (case differences count as close), if any. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return bestDist <= limit ? best : undefined;
}

export function unknownVariableMessage(name: string, known: Iterable<string>): string {
  const close = closestName(name, known);
  return `unknown variable "${name}"${close ? ` (did you mean "${close}"?)` : ''}`;
}
