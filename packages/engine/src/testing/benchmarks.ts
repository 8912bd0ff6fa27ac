import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared benchmark models live beside the repository (`../shared/benchmarks`), never inside it:
 * some of them may not be redistributed. `ATELIER_BENCHMARKS` overrides the location.
 */
function findBenchmarks(): string {
  const fromEnv = process.env.ATELIER_BENCHMARKS;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, '..', 'shared', 'benchmarks');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return candidate;
    dir = parent;
  }
}

export const benchmarksDir = findBenchmarks();

export function benchmarkPath(relative: string): string {
  return join(benchmarksDir, relative);
}
