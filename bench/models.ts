/**
 * The benchmark's models: where they are, how the engine and the references read them, and the ground
 * truth RESULTS.md records for them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseDimacs, parseXcsp } from '@atelier/engine';
import type { CompiledModel } from '@atelier/engine';
import { benchmarkPath } from '@atelier/engine/testing/benchmarks.ts';

export interface BenchModel {
  /** Short name, as RESULTS.md's ground truth table spells it (file name without extension). */
  name: string;
  group: 'small' | 'medium' | 'huge' | 'renault';
  /** What the engine reads: DIMACS for feature models, XCSP for Renault. */
  engineFile: string;
  /** What the references read: always DIMACS (the one-hot encoding for Renault). */
  cnfFile: string;
}

const renault: Record<string, { xml: string; cnf: string }> = {
  'renault-medium': { xml: 'medium_domainsorted.xml', cnf: 'renault-medium.cnf' },
  'renault-big': { xml: 'big_domainsorted.xml', cnf: 'renault-big.cnf' },
};

export function backboneModels(): BenchModel[] {
  const models: BenchModel[] = [];
  for (const group of ['small', 'medium', 'huge'] as const) {
    const dir = benchmarkPath(join('fmb-dimacs', group));
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.dimacs')).sort()) {
      const path = join(dir, file);
      models.push({ name: basename(file, '.dimacs'), group, engineFile: path, cnfFile: path });
    }
  }
  for (const name of Object.keys(renault)) models.push(modelNamed(name));
  return models;
}

export function modelNamed(name: string): BenchModel {
  const r = renault[name];
  if (r) {
    return {
      name,
      group: 'renault',
      engineFile: benchmarkPath(join('renault-br4cp', r.xml)),
      cnfFile: benchmarkPath(join('renault-br4cp', r.cnf)),
    };
  }
  for (const group of ['small', 'medium', 'huge'] as const) {
    const path = benchmarkPath(join('fmb-dimacs', group, `${name}.dimacs`));
    if (existsSync(path)) return { name, group, engineFile: path, cnfFile: path };
  }
  throw new Error(`no benchmark model named ${name}`);
}

export interface LoadedModel {
  model: CompiledModel;
  seconds: number;
}

export function loadEngineModel(file: string): LoadedModel {
  const start = performance.now();
  // DIMACS is read as bytes (the reader scans them; no megabytes of digits decoded into a string).
  // Analysis and counting never cite individual clauses, so no per-clause constraint records.
  const model =
    extname(file) === '.xml' ? parseXcsp(readFileSync(file, 'utf8'), file) : parseDimacs(readFileSync(file), file, { clauseConstraints: false });
  return { model, seconds: (performance.now() - start) / 1000 };
}

/** What the references see of a DIMACS file: its variables, and the ones a backbone is asked about. */
export interface CnfInfo {
  numVars: number;
  /** Variables 1..scope are the product's values; later ones are encoding auxiliaries (Renault's selectors). */
  scope: number;
  /** Comment names: `c 12 Logging` for feature models, `c 3 v0=2` for the one-hot Renault files. */
  names: Map<string, number>;
}

export function readCnfInfo(file: string): CnfInfo {
  const text = readFileSync(file, 'utf8');
  const header = /^p cnf (\d+) /m.exec(text);
  if (!header) throw new Error(`${file}: no 'p cnf' line`);
  const numVars = Number(header[1]);
  const oneHot = /one-hot vars 1\.\.(\d+)/.exec(text.slice(0, 500));
  const names = new Map<string, number>();
  for (const match of text.matchAll(/^c (\d+) (.+)$/gm)) names.set(match[2].trim(), Number(match[1]));
  return { numVars, scope: oneHot ? Number(oneHot[1]) : numVars, names };
}

export interface Truth {
  backbone?: number;
  count?: bigint;
  /** sharpSAT's counting time in seconds, as RESULTS.md measured it. */
  sharpSatSeconds?: number;
}

/** RESULTS.md's "Ground truth per model" table, keyed by model name. */
export function groundTruth(): Map<string, Truth> {
  const text = readFileSync(benchmarkPath('RESULTS.md'), 'utf8');
  const section = text.slice(text.indexOf('## Ground truth per model'));
  const end = section.indexOf('\n## ', 5);
  const truth = new Map<string, Truth>();
  for (const line of (end > 0 ? section.slice(0, end) : section).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || !/^[a-z0-9-]+\//.test(cells[1])) continue;
    const name = basename(cells[1]).replace(/\.(cnf|dimacs)$/, '');
    const entry: Truth = {};
    const backbone = /^[\d,]+/.exec(cells[3]);
    if (backbone) entry.backbone = Number(backbone[0].replace(/,/g, ''));
    const count = /^[\d,]+(?=\s|$)/.exec(cells[4]);
    if (count && !cells[4].includes('digit')) entry.count = BigInt(count[0].replace(/,/g, ''));
    const time = /^([\d.]+) s/.exec(cells[5]);
    if (time) entry.sharpSatSeconds = Number(time[1]);
    truth.set(name, entry);
  }
  return truth;
}
