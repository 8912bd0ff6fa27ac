import { spawn } from 'node:child_process';

export interface CappedRun {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  seconds: number;
}

/**
 * Runs a reference program as its own process and kills it at the cap, so a reference that runs away
 * (or crashes) cannot take the benchmark with it. Resolves with what it printed, or with why it could
 * not start.
 */
export function runCapped(command: string, args: readonly string[], capSeconds: number): Promise<CappedRun | { error: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, capSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut, seconds: (performance.now() - start) / 1000 });
    });
  });
}
