/**
 * Reference: Debian's native `clasp` (Potassco), when installed. On a DIMACS file, cautious enumeration
 * (`--enum-mode=cautious -n 0`) ends with the variables true in every model and brave enumeration with
 * those true in some model; the backbone is the first set plus the complement of the second.
 */
import { spawnSync } from 'node:child_process';
import { runCapped } from './capped.ts';

export interface ClaspOutcome {
  satisfiable: boolean;
  /** Backbone literals among variables 1..scope. */
  backbone: number;
  cautiousSeconds: number;
  braveSeconds: number;
}

export type ClaspResult = { ok: true; result: ClaspOutcome } | { ok: false; reason: string };

let available: boolean | undefined;

export function claspAvailable(): boolean {
  available ??= spawnSync('clasp', ['--version'], { stdio: 'ignore' }).status === 0;
  return available;
}

interface Consequences {
  satisfiable: boolean;
  /** Positive literals of the final answer. */
  atoms: number[];
  seconds: number;
}

/** Runs clasp, killing it at the cap; resolves to its output and wall-clock time, or to why there is none. */
async function runClasp(args: string[], capSeconds: number): Promise<{ stdout: string; seconds: number } | string> {
  const run = await runCapped('clasp', args, capSeconds);
  if ('error' in run) return run.error;
  return run.timedOut ? `> ${capSeconds} s` : { stdout: run.stdout, seconds: run.seconds };
}

async function enumerate(file: string, mode: 'cautious' | 'brave', capSeconds: number): Promise<Consequences | string> {
  const run = await runClasp([`--enum-mode=${mode}`, '-n', '0', '--quiet=1', file], capSeconds);
  if (typeof run === 'string') return run;
  const { stdout, seconds } = run;
  if (/^s UNSATISFIABLE/m.test(stdout)) return { satisfiable: false, atoms: [], seconds };
  if (!/^s SATISFIABLE/m.test(stdout)) return `no answer from clasp ${mode}`;
  // Consequences [lower;upper] differ when the enumeration stopped early: the sets are not final.
  const bounds = /^c Consequences: \[(\d+);(\d+)\]/m.exec(stdout);
  if (bounds && bounds[1] !== bounds[2]) return `clasp ${mode} incomplete`;
  const atoms: number[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('v ')) continue;
    for (const token of line.slice(2).trim().split(/\s+/)) {
      const lit = Number(token);
      if (lit > 0) atoms.push(lit);
    }
  }
  return { satisfiable: true, atoms, seconds };
}

export async function claspBackbone(file: string, scope: number, capSeconds: number): Promise<ClaspResult> {
  if (!claspAvailable()) return { ok: false, reason: 'not installed' };
  const cautious = await enumerate(file, 'cautious', capSeconds);
  if (typeof cautious === 'string') return { ok: false, reason: cautious };
  const brave = await enumerate(file, 'brave', capSeconds);
  if (typeof brave === 'string') return { ok: false, reason: brave };
  const inScope = (atoms: number[]): number => atoms.filter((v) => v <= scope).length;
  return {
    ok: true,
    result: {
      satisfiable: cautious.satisfiable,
      backbone: cautious.satisfiable ? inScope(cautious.atoms) + scope - inScope(brave.atoms) : 0,
      cautiousSeconds: cautious.seconds,
      braveSeconds: brave.seconds,
    },
  };
}
