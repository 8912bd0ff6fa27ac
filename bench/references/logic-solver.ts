/**
 * Reference: npm `logic-solver` (MiniSat compiled to JavaScript) doing the engine's jobs the naive way:
 * one solve per undecided literal, each model found marking the literals it shows to take both values.
 * It runs in a child process so that a time cap can stop a solve that never returns, and so that its
 * fixed 64 MB asm.js heap running out cannot take the benchmark down with it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runCapped } from './capped.ts';

/** Backbone from scratch over variables 1..scope of a DIMACS file (scope: the one-hot value variables). */
export interface BackboneJob {
  kind: 'backbone';
  file: string;
  scope: number;
  /** Runs from scratch (reading the file included) one after another in the same process, at most. */
  runs: number;
  /** Only while the runs so far took less than this many seconds together. */
  repeatWithin: number;
}

/** After each decision (a DIMACS literal of the file), the backbone under all decisions so far. */
export interface InteractiveJob {
  kind: 'interactive';
  file: string;
  scope: number;
  decisions: number[];
}

export interface BackboneOutcome {
  satisfiable: boolean;
  backbone: number;
  calls: number;
  /** Reading and solving time of each run, in order. */
  runs: { loadSeconds: number; seconds: number }[];
}

export interface InteractiveOutcome {
  loadSeconds: number;
  stepMs: number[];
  backbones: number[];
  /** False when the cap stopped the replay: the steps are those finished in time. */
  complete: boolean;
}

export type Outcome<T> = { ok: true; result: T } | { ok: false; timedOut: boolean; reason: string };

type Formula = object | number;

interface Solution {
  evaluate(term: number): boolean;
}

interface LogicSolver {
  getVarNum(name: string): number;
  require(formula: Formula): void;
  solve(): Solution | null;
  solveAssuming(formula: Formula): Solution | null;
}

interface Logic {
  Solver: new () => LogicSolver;
  or(terms: number[]): Formula;
  disablingAssertions<T>(body: () => T): T;
}

const thisFile = fileURLToPath(import.meta.url);

export function runLogicSolver(job: BackboneJob, capSeconds: number): Promise<Outcome<BackboneOutcome>>;
export function runLogicSolver(job: InteractiveJob, capSeconds: number): Promise<Outcome<InteractiveOutcome>>;
export async function runLogicSolver(job: BackboneJob | InteractiveJob, capSeconds: number): Promise<Outcome<unknown>> {
  const run = await runCapped(process.execPath, [...process.execArgv, thisFile, JSON.stringify(job)], capSeconds);
  if ('error' in run) return { ok: false, timedOut: false, reason: run.error };
  const lines = run.stdout.trim().split('\n').filter((l) => l.startsWith('{'));
  if (run.timedOut) {
    const partial = job.kind === 'interactive' ? partialReplay(lines) : undefined;
    return partial ? { ok: true, result: partial } : { ok: false, timedOut: true, reason: `> ${capSeconds} s` };
  }
  const last = lines.pop() ?? '';
  if (run.code === 0 && last !== '') return { ok: true, result: JSON.parse(last) as unknown };
  return { ok: false, timedOut: false, reason: summarize(`${run.stderr}\n${run.stdout}`.trim() || `exit code ${run.code}`) };
}

interface StepEvent {
  loadSeconds: number;
  step: number;
  ms: number;
  backbone: number;
}

/** The steps a replay finished before the cap, from the events it printed along the way. */
function partialReplay(lines: string[]): InteractiveOutcome | undefined {
  const steps = lines.map((l) => JSON.parse(l) as Partial<StepEvent>).filter((e) => e.step !== undefined);
  if (steps.length === 0) return undefined;
  return {
    loadSeconds: steps[0].loadSeconds ?? NaN,
    stepMs: steps.map((e) => e.ms ?? NaN),
    backbones: steps.map((e) => e.backbone ?? NaN),
    complete: false,
  };
}

function summarize(text: string): string {
  if (/Cannot enlarge memory/.test(text)) return 'out of memory (64 MB asm.js heap)';
  const line = text.trim().split('\n').find((l) => /error/i.test(l)) ?? text.trim().split('\n')[0] ?? '';
  return line.slice(0, 120);
}

interface Loaded {
  solver: LogicSolver;
  /** `terms[v]` is logic-solver's number for DIMACS variable v. */
  terms: Int32Array;
}

function load(file: string, logic: Logic): Loaded {
  const text = readFileSync(file, 'utf8');
  const solver = new logic.Solver();
  let terms = new Int32Array(0);
  let clause: number[] = [];
  for (const line of text.split('\n')) {
    const first = line.charCodeAt(0);
    if (first === 99 /* c */ || line.trim() === '') continue;
    if (first === 112 /* p */) {
      const numVars = Number(line.trim().split(/\s+/)[2]);
      terms = new Int32Array(numVars + 1);
      for (let v = 1; v <= numVars; v++) terms[v] = solver.getVarNum(`x${v}`);
      continue;
    }
    for (const token of line.trim().split(/\s+/)) {
      const lit = Number(token);
      if (lit === 0) {
        solver.require(logic.or(clause));
        clause = [];
      } else {
        clause.push(lit < 0 ? -terms[-lit] : terms[lit]);
      }
    }
  }
  return { solver, terms };
}

/** Naive backbone of variables 1..scope under the clauses required so far. Returns the size and the solves made. */
function backbone(loaded: Loaded, scope: number): { satisfiable: boolean; size: number; calls: number } {
  const { solver, terms } = loaded;
  const solveWith = (extra: number[]): Solution | null => (extra.length === 0 ? solver.solve() : solver.solveAssuming(extra[0]));
  let calls = 1;
  const first = solveWith([]);
  if (!first) return { satisfiable: false, size: 0, calls };
  const seenTrue = new Uint8Array(scope + 1);
  const seenFalse = new Uint8Array(scope + 1);
  const record = (solution: Solution): void => {
    for (let v = 1; v <= scope; v++) {
      if (solution.evaluate(terms[v])) seenTrue[v] = 1;
      else seenFalse[v] = 1;
    }
  };
  record(first);
  let size = 0;
  for (let v = 1; v <= scope; v++) {
    if (seenTrue[v] && seenFalse[v]) continue;
    calls++;
    const flipped = solveWith([seenTrue[v] ? -terms[v] : terms[v]]);
    if (flipped) record(flipped);
    else size++;
  }
  return { satisfiable: true, size, calls };
}

function runBackbone(job: BackboneJob, logic: Logic): BackboneOutcome {
  const runs: BackboneOutcome['runs'] = [];
  let result: ReturnType<typeof backbone> | undefined;
  let spent = 0;
  while (runs.length < job.runs && (runs.length === 0 || spent < job.repeatWithin)) {
    const t0 = performance.now();
    const loaded = logic.disablingAssertions(() => load(job.file, logic));
    const t1 = performance.now();
    result = backbone(loaded, job.scope);
    const t2 = performance.now();
    runs.push({ loadSeconds: (t1 - t0) / 1000, seconds: (t2 - t1) / 1000 });
    spent += (t2 - t0) / 1000;
  }
  const last = result as ReturnType<typeof backbone>;
  return { satisfiable: last.satisfiable, backbone: last.size, calls: last.calls, runs };
}

function runInteractive(job: InteractiveJob, logic: Logic): InteractiveOutcome {
  const t0 = performance.now();
  const loaded = logic.disablingAssertions(() => load(job.file, logic));
  const loadSeconds = (performance.now() - t0) / 1000;
  const stepMs: number[] = [];
  const backbones: number[] = [];
  for (const decision of job.decisions) {
    const start = performance.now();
    // Decisions only accumulate in this replay, so each can become a clause for good.
    loaded.solver.require(decision < 0 ? -loaded.terms[-decision] : loaded.terms[decision]);
    const size = backbone(loaded, job.scope).size;
    const ms = performance.now() - start;
    backbones.push(size);
    stepMs.push(ms);
    // One event per step, so that a replay stopped by the cap still reports the steps it finished.
    const event: StepEvent = { loadSeconds, step: stepMs.length, ms, backbone: size };
    process.stdout.write(`${JSON.stringify(event)}\n`);
  }
  return { loadSeconds, stepMs, backbones, complete: true };
}

if (process.argv[1] === thisFile) {
  const job = JSON.parse(process.argv[2] ?? '{}') as BackboneJob | InteractiveJob;
  const logic = createRequire(import.meta.url)('logic-solver') as Logic;
  const outcome = job.kind === 'backbone' ? runBackbone(job, logic) : runInteractive(job, logic);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
