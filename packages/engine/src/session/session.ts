import type { Lit } from '../sat/cnf.ts';
import { Solver } from '../sat/solver.ts';
import type { CompiledModel, CompiledObjective, CompiledVariable, Value } from '../model/compiled.ts';
import { countModels } from '../count/counter.ts';
import { DomainOracle, type DomainOptions } from './domains.ts';
import { RuleNeighbours } from './neighbours.ts';
import { solutionSpaceOf, type SolutionSpace } from './solution-space.ts';
import { Diagnoser } from './diagnosis.ts';
import { minimumHittingSet } from './hitting-set.ts';
import type {
  Assignment,
  Completion,
  CompletionStrategy,
  CountResult,
  Explanation,
  Repair,
  VariableDomain,
} from './types.ts';

/** A request the session cannot act on: unknown variable, value outside the domain. Callers map it to a 4xx. */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly code: 'unknown-variable' | 'unknown-value' | 'hidden-variable' | 'inconsistent-model',
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export type AssignResult =
  | { ok: true }
  | { ok: false; explanation: Explanation; repair: Repair | null };

interface Choice {
  variable: number;
  valueIndex: number;
  lit: Lit;
}

export interface SessionOptions {
  /**
   * Answer valid domains and counts from the model's compiled solution space when it is small enough
   * to build (default true); false always searches with the solver.
   */
  solutionSpace?: boolean;
}

/**
 * One customer's configuration of one model. Valid domains come from the model's solution space,
 * compiled once and shared by every session on the model, when it is small enough (see
 * SolutionSpace); then a session is little more than its choices. Otherwise, and for explanations,
 * repairs and completions, choices are assumptions to one incremental solver per session, made on
 * first need, so everything it learns serves every later question; valid domains are then recomputed
 * lazily after each change, reusing the previous answer (see DomainOracle).
 */
export class Session {
  private search: { solver: Solver; oracle: DomainOracle } | null = null;
  /** Undefined until first asked for; null when the model has none (too large) or it is not wanted. */
  private space: SolutionSpace | null | undefined;
  private spaceScratch: Uint8Array | undefined;
  private trackedOfValue: Int32Array | undefined;
  private chosenBuffer: Int32Array | undefined;
  private trackedCount = 0;
  /** Tracked literal index of each visible variable's first value. */
  private readonly firstTracked: number[] = [];
  private readonly visible: number[] = [];
  /** The user's choices in the order they were made. */
  private choices: Choice[] = [];
  private cachedDomains: Uint8Array | null = null;
  private diagnoser: Diagnoser | null = null;
  private priceLoaded = false;

  constructor(
    readonly model: CompiledModel,
    options: SessionOptions = {},
  ) {
    let tracked = 0;
    model.variables.forEach((v, i) => {
      this.firstTracked.push(tracked);
      if (v.hidden) return;
      this.visible.push(i);
      tracked += v.lits.length;
    });
    this.trackedCount = tracked;
    if (options.solutionSpace === false) this.space = null;
  }

  private get solver(): Solver {
    return this.searching().solver;
  }

  private get oracle(): DomainOracle {
    return this.searching().oracle;
  }

  private searching(): { solver: Solver; oracle: DomainOracle } {
    if (this.search) return this.search;
    const model = this.model;
    const solver = new Solver();
    // The price's auxiliaries get their numbers now; their clauses only once a price is asked for.
    solver.reserveVars(model.cost?.definitions?.numVars ?? model.cnf.numVars);
    solver.addClauses(model.cnf.clauses);
    const tracked = this.visible.flatMap((i) => model.variables[i].lits);
    const declaration = model.declaration;
    const neighbours = declaration
      ? new RuleNeighbours(
          model,
          declaration,
          declaration.variables.map((_, i) => (model.variables[i].hidden ? -1 : this.firstTracked[i])),
        )
      : undefined;
    this.search = { solver, oracle: new DomainOracle(solver, tracked, neighbours) };
    return this.search;
  }

  private solutionSpace(): SolutionSpace | null {
    if (this.space === undefined) this.space = solutionSpaceOf(this.model);
    return this.space;
  }

  // ------------------------------------------------------------------ choices

  /**
   * Sets a variable for the user. A value that cannot be part of any valid configuration together
   * with the other choices is not applied: the answer says why and what could be given up instead.
   */
  assign(variable: string, value: Value): AssignResult {
    const { index, valueIndex } = this.locate(variable, value);
    const lit = this.model.variables[index].lits[valueIndex];
    const others = this.choices.filter((c) => c.variable !== index);
    // Offered by the last valid domains (computed with these other choices): known to extend.
    const offered = others.length === this.choices.length && this.cachedDomains?.[this.firstTracked[index] + valueIndex] === 1;
    let domains: Uint8Array | null = null;
    if (!offered) {
      const extended = this.extends(others, index, valueIndex);
      if (!extended) return { ok: false, explanation: this.explain(variable, value), repair: this.repair(variable, value) };
      if (extended !== true) domains = extended;
    }
    this.choices = [...others, { variable: index, valueIndex, lit }];
    this.cachedDomains = domains;
    return { ok: true };
  }

  /**
   * Whether some valid configuration has `others` and variable `index` = its value `valueIndex`. On a
   * solution space the answer is the valid domains with that choice made (what a configurator shows
   * next): the check is half of computing them, so they are computed at once.
   */
  private extends(others: readonly Choice[], index: number, valueIndex: number): Uint8Array | boolean {
    const space = this.solutionSpace();
    if (space) {
      const chosen = this.chosenIndices(others);
      chosen[index] = valueIndex;
      return this.spaceBits(space, chosen) ?? false;
    }
    if (this.solver.solve([...others.map((c) => c.lit), this.model.variables[index].lits[valueIndex]]) !== 'sat') return false;
    this.oracle.observeModel();
    return true;
  }

  /** Removes the user's choice for a variable (no-op when there is none). */
  retract(variable: string): void {
    const index = this.indexOf(variable);
    const before = this.choices.length;
    this.choices = this.choices.filter((c) => c.variable !== index);
    if (this.choices.length !== before) this.cachedDomains = null;
  }

  /** Retracts what a repair names, then makes the wanted choice. */
  applyRepair(repair: Repair): AssignResult {
    for (const a of repair.retract) this.retract(a.variable);
    return this.assign(repair.variable, repair.value);
  }

  reset(): void {
    this.choices = [];
    this.cachedDomains = null;
  }

  /** The user's choices, then the values the engine forces (every other value is impossible). */
  assignments(): Assignment[] {
    const result: Assignment[] = this.choices.map((c) => this.asAssignment(c.variable, c.valueIndex, 'user'));
    const chosen = new Set(this.choices.map((c) => c.variable));
    const possible = this.possibleBits();
    for (const i of this.visible) {
      if (chosen.has(i)) continue;
      const only = this.onlyPossible(i, possible);
      if (only >= 0) result.push(this.asAssignment(i, only, 'engine'));
    }
    return result;
  }

  // ------------------------------------------------------------------ what is still possible

  validDomains(options: DomainOptions = {}): VariableDomain[] {
    const possible = this.possibleBits(options);
    const chosen = this.chosenIndices(this.choices);
    const shared = sharedDomains(this.model);
    const out: VariableDomain[] = new Array<VariableDomain>(this.visible.length);
    for (let j = 0; j < this.visible.length; j++) {
      const i = this.visible[j];
      out[j] = this.domainOf(i, possible, chosen[i], shared[i]);
    }
    return out;
  }

  /**
   * One variable's domain, frozen, and the same object for every session on the model that has it
   * (see sharedDomains): a choice changes a few variables' domains, and the others are handed out
   * again instead of rebuilt (on the PC, most of the 8 kB a step allocated).
   */
  private domainOf(i: number, possible: Uint8Array, chosen: number, kept: Map<number, VariableDomain>): VariableDomain {
    const v = this.model.variables[i];
    const first = this.firstTracked[i];
    const size = v.values.length;
    // Small domains are known by a number: one bit per value, and the choice above them (below 2^30).
    let key = -1;
    if (size <= 24) {
      key = (chosen + 1) << size;
      for (let k = 0; k < size; k++) if (possible[first + k]) key |= 1 << k;
    }
    const shared = key >= 0 ? kept : undefined;
    const known = shared?.get(key);
    if (known) return known;
    const yes: Value[] = [];
    const no: Value[] = [];
    for (let k = 0; k < size; k++) (possible[first + k] ? yes : no).push(v.values[k]);
    const domain: VariableDomain = { variable: v.name, possible: Object.freeze(yes) as Value[], impossible: Object.freeze(no) as Value[] };
    if (yes.length === 1) domain.forced = yes[0];
    if (chosen >= 0) domain.chosen = v.values[chosen];
    Object.freeze(domain);
    if (shared && shared.size < SHARED_DOMAINS) shared.set(key, domain);
    return domain;
  }

  /** Whether `variable = value` extends to a valid configuration with the current choices. */
  isPossible(variable: string, value: Value): boolean {
    const { index, valueIndex } = this.locate(variable, value);
    return this.possibleBits()[this.firstTracked[index] + valueIndex] === 1;
  }

  // ------------------------------------------------------------------ why not, and what to give up

  /**
   * Why `variable = value` is unavailable: a minimal subset of the user's other choices that excludes
   * it (retracting any one of them frees the value), with the model's rules involved when it has named
   * rules; or the model alone when no choice is involved.
   */
  explain(variable: string, value: Value): Explanation {
    const { index, valueIndex } = this.locate(variable, value);
    const lit = this.model.variables[index].lits[valueIndex];
    const others = this.choices.filter((c) => c.variable !== index);
    if (this.solver.solve([...others.map((c) => c.lit), lit]) === 'sat') return { kind: 'possible' };

    let core = this.coreChoices(others, this.solver.failedAssumptions());
    // Deletion-based minimisation; each unsatisfiable check may shrink the core further.
    for (let i = 0; i < core.length; ) {
      const without = core.filter((_, j) => j !== i);
      if (this.solver.solve([...without.map((c) => c.lit), lit]) === 'unsat') {
        core = this.coreChoices(without, this.solver.failedAssumptions());
      } else {
        i++;
      }
    }
    const constraints = this.diagnose().constraintsExcluding(
      core.map((c) => c.lit),
      lit,
    );
    if (core.length === 0) return { kind: 'model', constraints };
    return {
      kind: 'choices',
      choices: core.map((c) => this.asAssignment(c.variable, c.valueIndex, 'user')),
      constraints,
    };
  }

  /**
   * The fewest of the user's other choices to retract so that `variable = value` becomes possible
   * (a minimum correction set), found by implicit hitting sets: every conflict core must lose one
   * member; the smallest set hitting all cores found so far is tried, and a new core is learnt
   * whenever it does not suffice. Among equally small repairs, the most recent choices go first.
   * Null when the model itself excludes the value.
   */
  repair(variable: string, value: Value): Repair | null {
    const { index, valueIndex } = this.locate(variable, value);
    const lit = this.model.variables[index].lits[valueIndex];
    const others = this.choices.filter((c) => c.variable !== index);
    const cores: number[][] = [];
    const recentFirst = others.map((_, i) => others.length - 1 - i);
    for (;;) {
      const drop = new Set(minimumHittingSet(cores, recentFirst));
      const kept = others.filter((_, i) => !drop.has(i));
      if (this.solver.solve([...kept.map((c) => c.lit), lit]) === 'sat') {
        return {
          variable: this.model.variables[index].name,
          value,
          retract: others.filter((_, i) => drop.has(i)).map((c) => this.asAssignment(c.variable, c.valueIndex, 'user')),
        };
      }
      const failed = new Set(this.solver.failedAssumptions());
      const core = others.flatMap((c, i) => (!drop.has(i) && failed.has(c.lit) ? [i] : []));
      if (core.length === 0) return null;
      cores.push(core);
    }
  }

  // ------------------------------------------------------------------ completing and counting

  /**
   * Fills every open variable: with defaults (then the first possible value), following a preference
   * order per variable, or with the cheapest valid completion (exact minimum of the model's price, or
   * else of the value costs; with a time budget it returns the best found and says it is not proved
   * optimal). The user's choices are kept; nothing is applied to the session.
   */
  complete(strategy: CompletionStrategy): Completion {
    const base = this.choices.map((c) => c.lit);
    if (this.solver.solve(base) !== 'sat') throw new SessionError('the current choices are inconsistent', 'inconsistent-model');
    if (strategy.kind === 'cheapest') return this.completeCheapest(base, strategy.timeoutMs);
    if (strategy.kind === 'optimize') return this.completeOptimal(base, strategy.timeoutMs);

    const chosen = new Set(this.choices.map((c) => c.variable));
    const fixed = [...base];
    const result: Assignment[] = this.choices.map((c) => this.asAssignment(c.variable, c.valueIndex, 'user'));
    const possible = this.possibleBits();
    // Explicit preferences outrank defaults: those variables are settled first, in the order given.
    const preferred = strategy.kind === 'preferences' ? Object.keys(strategy.order).map((n) => this.indexOf(n)) : [];
    const sequence = [...new Set([...preferred, ...this.visible])];
    for (const i of sequence) {
      if (chosen.has(i)) continue;
      const v = this.model.variables[i];
      const forced = this.onlyPossible(i, possible);
      const order = forced >= 0 ? [forced] : this.preferenceOrder(v, strategy);
      for (const k of order) this.solver.setPhase(v.lits[k]);
      // The last model often already agrees with the preferred value: then no call is needed.
      let picked = order.find((k) => this.solver.modelValue(v.lits[k]));
      if (picked === undefined || picked !== order[0]) {
        // The search stops at its first success, so the solver's last model is then the one with `picked`.
        picked = order.find((k) => this.solver.solve([...fixed, v.lits[k]]) === 'sat');
        if (picked === undefined) throw new SessionError(`no value of ${v.name} completes the configuration`, 'inconsistent-model');
      }
      fixed.push(v.lits[picked]);
      result.push(this.asAssignment(i, picked, forced >= 0 ? 'engine' : 'default'));
    }
    result.sort((a, b) => (this.model.byName.get(a.variable) as number) - (this.model.byName.get(b.variable) as number));
    return { assignments: result, cost: this.costOf(result), optimal: false };
  }

  /** Exact number of valid completions of the current choices; null when the budget runs out. */
  count(options: { timeoutMs?: number } = {}): CountResult {
    // The time includes compiling the space when this is its first use.
    const start = performance.now();
    const space = this.solutionSpace();
    if (space) {
      const count = space.count(this.chosenIndices(this.choices));
      return { count, seconds: (performance.now() - start) / 1000 };
    }
    const branchFirst = this.visible.flatMap((i) => this.model.variables[i].lits.map((l) => Math.abs(l)));
    const outcome = countModels(this.model.cnf, {
      assumptions: this.choices.map((c) => c.lit),
      timeoutMs: options.timeoutMs,
      branchFirst,
    });
    return { count: outcome.count, seconds: outcome.seconds };
  }

  // ------------------------------------------------------------------ internals

  private completeCheapest(base: Lit[], timeoutMs: number | undefined): Completion {
    const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
    const price = this.model.cost;
    if (price) {
      this.loadPrice();
      const { lits, weights } = toMinimise(price);
      const { optimal } = this.minimizeLinear(base, [], lits, weights, deadline, false);
      const best = this.readModel();
      return { assignments: best, cost: this.costOf(best), optimal };
    }
    const lits: Lit[] = [];
    const costs: number[] = [];
    for (const v of this.model.variables) {
      if (!v.costs) continue;
      v.costs.forEach((c, k) => {
        if (c < 0) throw new SessionError(`negative cost on ${v.name}`, 'inconsistent-model');
        if (c > 0) {
          lits.push(v.lits[k]);
          costs.push(c);
        }
      });
    }
    const { optimal } = this.minimizeLinear(base, [], lits, costs, deadline, false);
    const best = this.readModel();
    return { assignments: best, cost: this.costOf(best), optimal };
  }

  /**
   * The model's objectives in priority order (lexicographic): each is optimised with the better ones
   * held at their optimum. `objectives` in the result are the values reached, in the same order.
   */
  private completeOptimal(base: Lit[], timeoutMs: number | undefined): Completion {
    const objectives = this.model.objectives ?? [];
    if (objectives.length === 0) throw new SessionError('the model declares no objective', 'inconsistent-model');
    const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
    const held: { guard: Lit; id: number }[] = [];
    let optimal = true;
    for (const o of objectives) {
      const { lits, weights } = toMinimise(o);
      const result = this.minimizeLinear(base, held.map((h) => h.guard), lits, weights, deadline, true);
      optimal &&= result.optimal;
      if (result.hold) held.push(result.hold);
    }
    const best = this.readModel();
    const values = objectives.map((o) => o.constant + o.lits.reduce((sum, l, i) => sum + (this.solver.modelValue(l) ? o.weights[i] : 0), 0));
    for (const h of held) {
      this.solver.retireAtMost(h.id);
      this.solver.addClause([-h.guard]);
    }
    return { assignments: best, cost: this.costOf(best), optimal, objectives: values };
  }

  /**
   * Minimises Σ weights·lits (weights >= 0) under the choices and the `held` guards; the solver's last
   * model is then the best one found. Linear search from above: "cost <= best - 1" under a guard
   * literal, tightened after each model. With `holdOptimum`, also returns a guard that, assumed, holds
   * the cost at the optimum found; the caller retires its bound and disables the guard when done.
   */
  private minimizeLinear(
    base: readonly Lit[],
    held: readonly Lit[],
    lits: readonly Lit[],
    weights: readonly number[],
    deadline: number | undefined,
    holdOptimum: boolean,
  ): { optimal: boolean; hold?: { guard: Lit; id: number } } {
    // Prices have cents: the bound "cost <= best - 1" is only exact on integers, so weights are
    // scaled to whole units of their finest decimal first.
    const scale = decimalScale(weights);
    const scaled = weights.map((w) => Math.round(w * scale));
    const costOfModel = (): number => lits.reduce((sum, l, i) => sum + (this.solver.modelValue(l) ? scaled[i] : 0), 0);
    for (let i = 0; i < lits.length; i++) if (scaled[i] > 0) this.solver.setPhase(-lits[i]);

    const assumptions = [...base, ...held];
    if (this.solver.solve(assumptions) !== 'sat') throw new SessionError('the current choices are inconsistent', 'inconsistent-model');
    let bestCost = costOfModel();
    if (lits.length === 0) return { optimal: true };
    const total = scaled.reduce((a, b) => a + b, 0);
    let optimal = bestCost === 0;
    if (!optimal) {
      const guard = this.solver.newVar();
      const id = this.solver.addAtMost([...lits, guard], [...scaled, total], bestCost - 1 + total);
      while (id >= 0) {
        const result = this.solver.solve([...assumptions, guard], { deadline });
        if (result === 'unknown') break;
        if (result === 'unsat') {
          optimal = true;
          break;
        }
        bestCost = costOfModel();
        if (bestCost === 0 || !this.solver.tightenAtMost(id, bestCost - 1 + total)) {
          optimal = true;
          break;
        }
      }
      if (id >= 0) this.solver.retireAtMost(id);
      this.solver.addClause([-guard]);
    }
    // The solver keeps its last model through unsatisfiable calls and added clauses: it is the best.
    if (!holdOptimum) return { optimal };
    const guardHold = this.solver.newVar();
    const holdId = this.solver.addAtMost([...lits, guardHold], [...scaled, total], bestCost + total);
    if (holdId < 0) return { optimal };
    return { optimal, hold: { guard: guardHold, id: holdId } };
  }

  /** The last model as assignments: user choices as such, the rest as the engine's. */
  private readModel(): Assignment[] {
    const chosen = new Set(this.choices.map((c) => c.variable));
    return this.visible.map((i) => {
      const v = this.model.variables[i];
      const k = v.lits.findIndex((l) => this.solver.modelValue(l));
      return this.asAssignment(i, k, chosen.has(i) ? 'user' : 'engine');
    });
  }

  /**
   * The completion's cost: with a model price, its value on the solver's last model, which every
   * strategy leaves on the configuration it returns (auxiliaries are functions of it).
   */
  private costOf(assignments: readonly Assignment[]): number {
    const price = this.model.cost;
    if (price && !this.priceLoaded) {
      this.loadPrice();
      this.solver.solve(assignments.map((a) => this.literal(a.variable, a.value)));
    }
    if (price) return roundNoise(price.constant + price.lits.reduce((sum, l, i) => sum + (this.solver.modelValue(l) ? price.weights[i] : 0), 0));
    let cost = 0;
    for (const a of assignments) {
      const v = this.model.variables[this.indexOf(a.variable)];
      if (v.costs) cost += v.costs[v.values.indexOf(a.value)] ?? 0;
    }
    return cost;
  }

  private loadPrice(): void {
    if (this.priceLoaded) return;
    this.priceLoaded = true;
    for (const clause of this.model.cost?.definitions?.clauses ?? []) this.solver.addClause(clause);
  }

  private literal(variable: string, value: Value): Lit {
    const { index, valueIndex } = this.locate(variable, value);
    return this.model.variables[index].lits[valueIndex];
  }

  private preferenceOrder(v: CompiledVariable, strategy: CompletionStrategy): number[] {
    const order: number[] = [];
    const push = (k: number): void => {
      if (k >= 0 && !order.includes(k)) order.push(k);
    };
    if (strategy.kind === 'preferences') for (const value of strategy.order[v.name] ?? []) push(v.values.indexOf(value));
    if (v.defaultIndex !== undefined) push(v.defaultIndex);
    v.values.forEach((_, k) => push(k));
    return order;
  }

  private possibleBits(options: DomainOptions = {}): Uint8Array {
    if (!this.cachedDomains) {
      const space = this.solutionSpace();
      const bits = space ? this.spaceBits(space, this.chosenIndices(this.choices)) : this.oracle.compute(this.choices.map((c) => c.lit), options);
      if (!bits) throw new SessionError('the model has no valid configuration', 'inconsistent-model');
      this.cachedDomains = bits;
    }
    return this.cachedDomains;
  }

  /** The space's answer for `chosen` laid out as the tracked literals (visible variables only); null when none. */
  private spaceBits(space: SolutionSpace, chosen: Int32Array): Uint8Array | null {
    this.spaceScratch ??= new Uint8Array(space.valueCount);
    const values = space.possible(chosen, this.spaceScratch);
    if (!values) return null;
    if (!this.trackedOfValue) {
      // Flat value index (every variable) → tracked index (visible variables only), or -1.
      this.trackedOfValue = new Int32Array(space.valueCount).fill(-1);
      for (const i of this.visible) {
        for (let k = 0; k < this.model.variables[i].lits.length; k++) this.trackedOfValue[space.valueOffset[i] + k] = this.firstTracked[i] + k;
      }
    }
    const bits = new Uint8Array(this.trackedCount);
    const map = this.trackedOfValue;
    for (let f = 0; f < map.length; f++) if (map[f] >= 0) bits[map[f]] = values[f];
    return bits;
  }

  /** Each variable's chosen value index, -1 where open (one buffer, refilled per call). */
  private chosenIndices(choices: readonly Choice[]): Int32Array {
    this.chosenBuffer ??= new Int32Array(this.model.variables.length);
    const chosen = this.chosenBuffer.fill(-1);
    for (const c of choices) chosen[c.variable] = c.valueIndex;
    return chosen;
  }

  private onlyPossible(variable: number, possible: Uint8Array): number {
    const first = this.firstTracked[variable];
    let only = -1;
    for (let k = 0; k < this.model.variables[variable].values.length; k++) {
      if (!possible[first + k]) continue;
      if (only >= 0) return -1;
      only = k;
    }
    return only;
  }

  private coreChoices(candidates: readonly Choice[], failed: readonly Lit[]): Choice[] {
    const set = new Set(failed);
    return candidates.filter((c) => set.has(c.lit));
  }

  private diagnose(): Diagnoser {
    this.diagnoser ??= new Diagnoser(this.model);
    return this.diagnoser;
  }

  private asAssignment(variable: number, valueIndex: number, by: Assignment['by']): Assignment {
    const v = this.model.variables[variable];
    return { variable: v.name, value: v.values[valueIndex], by };
  }

  private indexOf(variable: string): number {
    const index = this.model.byName.get(variable);
    if (index === undefined) throw new SessionError(`unknown variable "${variable}"`, 'unknown-variable');
    if (this.model.variables[index].hidden) throw new SessionError(`"${variable}" is internal to the model`, 'hidden-variable');
    return index;
  }

  private locate(variable: string, value: Value): { index: number; valueIndex: number } {
    const index = this.indexOf(variable);
    const v = this.model.variables[index];
    const valueIndex = v.values.indexOf(value);
    if (valueIndex < 0) {
      const shown = v.values.map((x) => (x === null ? 'none' : String(x))).join(', ');
      throw new SessionError(`${JSON.stringify(value)} is not a value of "${variable}" (values: ${shown})`, 'unknown-value');
    }
    return { index, valueIndex };
  }
}

/** Minimise sign·Σ w·l with non-negative weights: a negative w·l is written (−w)·¬l + w (the constant does not matter). */
function toMinimise(o: CompiledObjective): { lits: Lit[]; weights: number[] } {
  const sign = o.sense === 'minimize' ? 1 : -1;
  const lits: Lit[] = [];
  const weights: number[] = [];
  o.lits.forEach((l, i) => {
    const w = sign * o.weights[i];
    lits.push(w >= 0 ? l : -l);
    weights.push(Math.abs(w));
  });
  return { lits, weights };
}

/** Sums of decimal weights carry binary noise (0.1 + 0.2): a price is shown to a millionth. */
function roundNoise(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The power of ten that makes every cost a whole number (at most 10^6: a millionth is finer than any price). */
function decimalScale(costs: readonly number[]): number {
  let scale = 1;
  while (scale < 1e6 && costs.some((c) => Math.abs(c * scale - Math.round(c * scale)) > 1e-9)) scale *= 10;
  return scale;
}

/** Domains kept per variable of a model, at most: a variable rarely has more in use at once. */
const SHARED_DOMAINS = 64;
const domainsByModel = new WeakMap<CompiledModel, Map<number, VariableDomain>[]>();

/**
 * Each variable's domains as every session on the model hands them out, by key (see domainOf): one
 * object per domain in use, so that an answer's writer knows a domain it has written by identity.
 */
function sharedDomains(model: CompiledModel): Map<number, VariableDomain>[] {
  let shared = domainsByModel.get(model);
  if (!shared) {
    shared = model.variables.map(() => new Map<number, VariableDomain>());
    domainsByModel.set(model, shared);
  }
  return shared;
}
