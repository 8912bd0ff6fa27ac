import assert from 'node:assert/strict';
import type { Cnf, Lit } from '../sat/cnf.ts';
import type { CompiledModel, Value } from '../model/compiled.ts';
import type { Model } from '../model/model.ts';
import { domainOf } from '../model/model.ts';
import { violations } from '../model/evaluate.ts';

/*
 * Test helpers: enumerate every model of a small CNF (DPLL with unit propagation) and every valid
 * configuration of a small product model (brute force over the product of domains), and compare.
 */

/** Unit propagation to fixpoint from `assumptions`: value per variable (1, 0, or -1 unassigned), or null on conflict. */
export function propagate(cnf: Cnf, assumptions: readonly Lit[], start?: Int8Array): Int8Array | null {
  const val = start ? start.slice() : new Int8Array(cnf.numVars + 1).fill(-1);
  const isTrue = (l: Lit): number => {
    const v = val[Math.abs(l)];
    return v === -1 ? -1 : (v === 1) === l > 0 ? 1 : 0;
  };
  for (const l of assumptions) {
    const t = isTrue(l);
    if (t === 0) return null;
    val[Math.abs(l)] = l > 0 ? 1 : 0;
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of cnf.clauses) {
      let open: Lit | undefined;
      let nOpen = 0;
      let sat = false;
      for (const l of c) {
        const t = isTrue(l);
        if (t === 1) {
          sat = true;
          break;
        }
        if (t === -1) {
          nOpen++;
          open = l;
        }
      }
      if (sat) continue;
      if (nOpen === 0) return null;
      if (nOpen === 1) {
        val[Math.abs(open!)] = open! > 0 ? 1 : 0;
        changed = true;
      }
    }
  }
  return val;
}

/** Every total model of the CNF (over all its variables). Throws past `limit`. */
export function enumerateCnf(cnf: Cnf, limit = 100_000): Int8Array[] {
  const out: Int8Array[] = [];
  const rec = (val: Int8Array): void => {
    let free = 0;
    for (let v = 1; v <= cnf.numVars; v++)
      if (val[v] === -1) {
        free = v;
        break;
      }
    if (free === 0) {
      out.push(val);
      if (out.length > limit) throw new Error(`more than ${limit} CNF models`);
      return;
    }
    for (const l of [free, -free]) {
      const next = propagate(cnf, [l], val);
      if (next) rec(next);
    }
  };
  const root = propagate(cnf, []);
  if (root) rec(root);
  return out;
}

export type Configuration = Map<string, Value>;

export function configurationKey(model: Pick<Model, 'variables'>, c: (name: string) => Value): string {
  return JSON.stringify(model.variables.map((v) => c(v.name)));
}

/** Every valid configuration of a small model, by brute force over the product of its domains. */
export function bruteForceConfigurations(model: Model, limit = 2_000_000): Configuration[] {
  const domains = model.variables.map(domainOf);
  const total = domains.reduce((n, d) => n * d.length, 1);
  if (total > limit) throw new Error(`${total} assignments is too many to enumerate`);
  const out: Configuration[] = [];
  const current = new Map<string, Value>();
  const get = (n: string): Value => {
    if (!current.has(n)) throw new Error(`unknown variable ${n}`);
    return current.get(n)!;
  };
  const rec = (i: number): void => {
    if (i === domains.length) {
      if (violations(model, get).length === 0) out.push(new Map(current));
      return;
    }
    for (const v of domains[i]) {
      current.set(model.variables[i].name, v);
      rec(i + 1);
    }
  };
  rec(0);
  return out;
}

/** Product assignment read off a CNF model; fails unless exactly one literal per variable holds. */
export function decode(compiled: CompiledModel, val: Int8Array): Configuration {
  const c = new Map<string, Value>();
  for (const v of compiled.variables) {
    const hits = v.lits.map((l, i) => ((val[Math.abs(l)] === 1) === l > 0 ? i : -1)).filter((i) => i >= 0);
    assert.equal(hits.length, 1, `${v.name}: ${hits.length} values true`);
    c.set(v.name, v.values[hits[0]]);
  }
  return c;
}

/** Literals fixing every product variable to the configuration's values. */
export function productAssumptions(compiled: CompiledModel, c: (name: string) => Value): Lit[] {
  const out: Lit[] = [];
  for (const v of compiled.variables) {
    const chosen = c(v.name);
    v.lits.forEach((l, i) => out.push(v.values[i] === chosen ? l : -l));
  }
  return out;
}

/**
 * The compiled CNF is exact for the model: (a) its models projected on product variables are the valid
 * configurations, (b) there are as many CNF models as configurations (auxiliaries are determined), and
 * (c) unit propagation from a full product assignment derives every variable, or a conflict when the
 * assignment is invalid. Returns the number of configurations.
 */
export function assertExact(model: Model, compiled: CompiledModel, invalidSamples = 200): number {
  const configs = bruteForceConfigurations(model);
  const expected = new Set(configs.map((c) => configurationKey(model, (n) => c.get(n)!)));
  const cnfModels = enumerateCnf(compiled.cnf);
  const seen = new Set<string>();
  for (const m of cnfModels) {
    const c = decode(compiled, m);
    const key = configurationKey(model, (n) => c.get(n)!);
    assert.ok(expected.has(key), `CNF model is not a valid configuration: ${key}`);
    assert.ok(!seen.has(key), `two CNF models for one configuration: ${key}`);
    seen.add(key);
  }
  assert.equal(seen.size, expected.size, 'some valid configurations have no CNF model');
  assert.equal(cnfModels.length, configs.length, 'CNF model count differs from configuration count');
  for (const c of configs) {
    const val = propagate(compiled.cnf, productAssumptions(compiled, (n) => c.get(n)!));
    assert.ok(val, `propagation conflicts on a valid configuration`);
    for (let v = 1; v <= compiled.cnf.numVars; v++) assert.notEqual(val[v], -1, `CNF variable ${v} not derived by propagation`);
  }
  // Invalid assignments: propagation alone must refute them.
  const domains = model.variables.map(domainOf);
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let s = 0; s < invalidSamples; s++) {
    const pick = new Map<string, Value>();
    model.variables.forEach((v, i) => pick.set(v.name, domains[i][rand(domains[i].length)]));
    if (expected.has(configurationKey(model, (n) => pick.get(n)!))) continue;
    assert.equal(propagate(compiled.cnf, productAssumptions(compiled, (n) => pick.get(n)!)), null, 'invalid assignment not refuted by propagation');
  }
  return configs.length;
}
